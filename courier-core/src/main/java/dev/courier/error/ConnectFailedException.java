package dev.courier.error;

/**
 * No connection could be made: the port refused it, or the network or host was unreachable.
 * Nothing reached the server, so retrying any method is safe.
 *
 * <pre>{@code
 * try { session.get("http://127.0.0.1:1/"); }
 * catch (ConnectFailedException e) { e.getMessage(); } // "connect failed (http://127.0.0.1:1/): ..."
 * }</pre>
 */
public class ConnectFailedException extends ConnectionException {
  private static final long serialVersionUID = 1L;

  /** A connect failure for {@code url} caused by {@code cause}. */
  public ConnectFailedException(String message, String url, Throwable cause) {
    super(message, url, false, cause);
  }
}

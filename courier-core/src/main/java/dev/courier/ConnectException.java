package dev.courier;

/**
 * No connection could be made: the name did not resolve, the port refused, the network was
 * unreachable, or the proxy refused the tunnel. Nothing of the request reached the server, so
 * retrying any method is safe (like {@code requests.ConnectionError} on connect).
 *
 * <pre>{@code
 * try { session.get("http://127.0.0.1:1/"); }
 * catch (ConnectException e) { e.getMessage(); } // "connect failed (http://127.0.0.1:1/): ..."
 * }</pre>
 */
public class ConnectException extends CourierException {
  /** A connect failure for {@code url} (redacted) caused by {@code cause}. */
  public ConnectException(String message, String url, Throwable cause) {
    super(message, url, cause);
  }
}

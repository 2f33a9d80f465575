package dev.courier.error;

/**
 * The server closed the connection without sending a response (Python's
 * {@code http.client.RemoteDisconnected}). On a reused keep-alive connection this usually means
 * the server timed it out just as the request went out.
 *
 * <pre>{@code
 * catch (RemoteDisconnectedException e) { log.info("server hung up: {}", e.getMessage()); }
 * }</pre>
 */
public class RemoteDisconnectedException extends ConnectionException {
  private static final long serialVersionUID = 1L;

  /** The server of {@code url} closed before any response byte. */
  public RemoteDisconnectedException(String message, String url, boolean mayHaveReachedServer,
      Throwable cause) {
    super(message, url, mayHaveReachedServer, cause);
  }
}

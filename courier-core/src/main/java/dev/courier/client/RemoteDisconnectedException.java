package dev.courier.client;

/**
 * The server closed the connection without sending a response (like Python's {@code RemoteDisconnected}).
 *
 * <pre>{@code
 * catch (RemoteDisconnectedException e) { connection.request("GET", "/"); // reconnects }
 * }</pre>
 */
public class RemoteDisconnectedException extends HttpClientException {
  private static final long serialVersionUID = 1L;

  public RemoteDisconnectedException(Phase phase, boolean responseStarted, String message, Throwable cause) {
    super(phase, responseStarted, message, cause);
  }
}

package dev.courier.client;

/**
 * The peer reset the connection (TCP RST).
 *
 * <pre>{@code
 * catch (ConnectionResetException e) { if (!e.responseStarted()) resend(); }
 * }</pre>
 */
public class ConnectionResetException extends HttpClientException {
  private static final long serialVersionUID = 1L;

  public ConnectionResetException(Phase phase, boolean responseStarted, String message, Throwable cause) {
    super(phase, responseStarted, message, cause);
  }
}

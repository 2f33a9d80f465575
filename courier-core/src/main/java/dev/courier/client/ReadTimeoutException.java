package dev.courier.client;

/**
 * The peer sent nothing for longer than the read timeout; the connection is closed.
 *
 * <pre>{@code
 * catch (ReadTimeoutException e) { if (e.phase() == Phase.READ_HEAD) retryLater(); }
 * }</pre>
 */
public class ReadTimeoutException extends HttpClientException {
  private static final long serialVersionUID = 1L;

  public ReadTimeoutException(Phase phase, boolean responseStarted, String message, Throwable cause) {
    super(phase, responseStarted, message, cause);
  }
}

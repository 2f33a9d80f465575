package dev.courier.client;

/**
 * The connection could not be opened: refused, unreachable, or the host name did not resolve (the cause says which).
 *
 * <pre>{@code
 * catch (ConnectFailedException e) { tryNextServer(); }
 * }</pre>
 */
public class ConnectFailedException extends HttpClientException {
  private static final long serialVersionUID = 1L;

  public ConnectFailedException(Phase phase, boolean responseStarted, String message, Throwable cause) {
    super(phase, responseStarted, message, cause);
  }
}

package dev.courier.client;

/**
 * The server's certificate is valid but does not name the host that was asked for (RFC 9525).
 *
 * <pre>{@code
 * catch (HostnameMismatchException e) { warnUser(e.getMessage()); }
 * }</pre>
 */
public class HostnameMismatchException extends TlsHandshakeException {
  private static final long serialVersionUID = 1L;

  public HostnameMismatchException(Phase phase, boolean responseStarted, String message, Throwable cause) {
    super(phase, responseStarted, message, cause);
  }
}

package dev.courier.client;

/**
 * The TLS handshake failed; subtypes say when the certificate was not trusted or named another host.
 *
 * <pre>{@code
 * catch (TlsHandshakeException e) { log.error("TLS to {} failed", host, e); }
 * }</pre>
 */
public class TlsHandshakeException extends HttpClientException {
  private static final long serialVersionUID = 1L;

  public TlsHandshakeException(Phase phase, boolean responseStarted, String message, Throwable cause) {
    super(phase, responseStarted, message, cause);
  }
}

package dev.courier.client;

/**
 * The server's certificate chain does not lead to a trusted anchor (self-signed, unknown CA, expired).
 *
 * <pre>{@code
 * catch (CertificateNotTrustedException e) { suggestCaBundle(); }
 * }</pre>
 */
public class CertificateNotTrustedException extends TlsHandshakeException {
  private static final long serialVersionUID = 1L;

  public CertificateNotTrustedException(Phase phase, boolean responseStarted, String message, Throwable cause) {
    super(phase, responseStarted, message, cause);
  }
}

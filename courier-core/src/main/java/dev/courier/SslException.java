package dev.courier;

/**
 * TLS failed: the certificate was not trusted, did not match the host name, had expired, or the
 * handshake failed. Never silently retried without verification.
 *
 * <pre>{@code
 * try { Courier.get("https://self-signed.example/"); }
 * catch (SslException e) { // configure the CA with Session.builder().tls(...) }
 * }</pre>
 */
public class SslException extends ConnectException {
  /** A TLS failure for {@code url}. */
  public SslException(String message, String url, Throwable cause) {
    super(message, url, cause);
  }
}

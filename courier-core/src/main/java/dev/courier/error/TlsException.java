package dev.courier.error;

/**
 * TLS failed, with the {@link Reason}: the certificate names another host, it is not trusted,
 * the handshake failed otherwise, or the peer broke the TLS protocol later. A handshake failure
 * means nothing of the request was sent.
 *
 * <pre>{@code
 * catch (TlsException e) {
 *   if (e.reason() == TlsException.Reason.HOSTNAME) log.error("wrong certificate for this host");
 * }
 * }</pre>
 */
public class TlsException extends ConnectionException {
  private static final long serialVersionUID = 1L;

  /** Why TLS failed. */
  public enum Reason {
    /** The server's certificate does not name the host (RFC 9110 Section 4.3.4). */
    HOSTNAME,
    /** The certificate chain does not lead to a trusted root, or a certificate has expired. */
    TRUST,
    /** The handshake failed for another reason (no common protocol or cipher, an alert). */
    HANDSHAKE,
    /** A TLS error after the handshake (a bad record, an unexpected alert). */
    PROTOCOL,
    /**
     * The certificate chain is trusted but holds none of the public keys the host is pinned to
     * (the message names the expected and the actual pins).
     */
    PINNING
  }

  private final Reason reason;

  /** A TLS failure for {@code reason} while talking to {@code url}. */
  public TlsException(Reason reason, String message, String url, boolean mayHaveReachedServer,
      Throwable cause) {
    super(message, url, mayHaveReachedServer, cause);
    this.reason = java.util.Objects.requireNonNull(reason, "reason");
  }

  /** Why TLS failed. */
  public Reason reason() {
    return reason;
  }
}

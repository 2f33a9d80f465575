package dev.courier.net;

import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The server's verified chain holds no pinned public key ({@link CertificatePins}); the
 * connection was closed before anything was sent. The session reports it as a {@code
 * TlsException} with reason {@code PINNING}.
 *
 * <pre>{@code
 * catch (CertificatePinningException e) {
 *   log.error("expected " + e.expected() + ", got " + e.actual());
 * }
 * }</pre>
 */
public final class CertificatePinningException extends SSLPeerUnverifiedException {
  private static final long serialVersionUID = 1L;

  private final List<String> expected;
  private final List<String> actual;

  CertificatePinningException(String host, List<String> expected, List<String> actual) {
    super("certificate pinning failure for " + host + ": expected one of " + expected
        + "; the verified chain has " + actual);
    this.expected = expected;
    this.actual = actual;
  }

  /** The pins configured for the host, {@code sha256/...}. */
  public List<String> expected() {
    return expected;
  }

  /** The pins of the verified chain, leaf first, each followed by its subject in parentheses. */
  public List<String> actual() {
    return actual;
  }
}

package dev.courier.net;

import java.util.List;
import javax.net.ssl.SSLHandshakeException;

/**
 * The server's certificate, trusted or not, does not name the host the client asked for (RFC 9525;
 * see {@link TlsSettings.Builder#verifyHostname}); the connection was closed before anything was
 * sent. The session reports it as a {@code TlsException} with reason {@code HOSTNAME}.
 *
 * <pre>{@code
 * catch (HostnameMismatchException e) {
 *   log.error(e.host() + " presented a certificate for " + e.presented());
 * }
 * }</pre>
 */
public final class HostnameMismatchException extends SSLHandshakeException {
  private static final long serialVersionUID = 1L;

  private final String host;
  private final List<String> presented;

  HostnameMismatchException(String host, List<String> presented, Throwable cause) {
    super("the certificate does not name " + host + (presented.isEmpty()
        ? " (it has no DNS or IP subject alternative name; the common name is not used, RFC 9525)"
        : ": it names " + presented));
    this.host = host;
    this.presented = List.copyOf(presented);
    if (cause != null) initCause(cause);
  }

  /** The host the client asked for. */
  public String host() {
    return host;
  }

  /** The certificate's DNS and IP subject alternative names. */
  public List<String> presented() {
    return presented;
  }
}

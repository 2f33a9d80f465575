package dev.courier.error;

import java.util.OptionalInt;

/**
 * The proxy refused to open the tunnel: a non-2xx answer to CONNECT (for example 407 Proxy
 * Authentication Required), or a SOCKS5 failure reply. Nothing reached the origin server.
 *
 * <pre>{@code
 * catch (ProxyException e) {
 *   if (e.proxyStatus().orElse(0) == 407) askForProxyPassword();
 * }
 * }</pre>
 */
public class ProxyException extends ConnectionException {
  private static final long serialVersionUID = 1L;

  private final int proxyStatus;

  /**
   * @param proxyStatus the HTTP status of the CONNECT response, or -1 for SOCKS and other failures
   */
  public ProxyException(int proxyStatus, String message, String url, Throwable cause) {
    super(message, url, false, cause);
    this.proxyStatus = proxyStatus;
  }

  /** The proxy's status for CONNECT, when there was one. */
  public OptionalInt proxyStatus() {
    return proxyStatus >= 0 ? OptionalInt.of(proxyStatus) : OptionalInt.empty();
  }
}

package dev.courier.client;

import java.util.OptionalInt;

/**
 * The proxy refused to open the tunnel: a non-2xx answer to CONNECT (for example 407 Proxy
 * Authentication Required), or a SOCKS5 failure reply.
 *
 * <pre>{@code
 * catch (ProxyConnectException e) {
 *   if (e.status().orElse(0) == 407) askForProxyPassword();
 * }
 * }</pre>
 */
public final class ProxyConnectException extends HttpClientException {
  private static final long serialVersionUID = 1L;

  private final int status;

  /**
   * @param status the HTTP status of the CONNECT response, or -1 for SOCKS and other failures
   */
  public ProxyConnectException(int status, String message, Throwable cause) {
    super(Phase.PROXY, false, message, cause);
    this.status = status;
  }

  /** The proxy's status for CONNECT, when there was one. */
  public OptionalInt status() {
    return status >= 0 ? OptionalInt.of(status) : OptionalInt.empty();
  }
}

package dev.courier.error;

/**
 * The host name did not resolve to an address (DNS failure, or no such host). Nothing was sent.
 *
 * <pre>{@code
 * catch (NameResolutionException e) { log.warn("no such host: {}", e.host()); }
 * }</pre>
 */
public class NameResolutionException extends ConnectionException {
  private static final long serialVersionUID = 1L;

  private final String host;

  /** {@code host} did not resolve while connecting for {@code url}. */
  public NameResolutionException(String host, String url, Throwable cause) {
    super("unknown host " + host, url, false, cause);
    this.host = host;
  }

  /** The name that did not resolve. */
  public String host() {
    return host;
  }
}

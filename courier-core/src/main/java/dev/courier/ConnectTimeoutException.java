package dev.courier;

import java.time.Duration;

/**
 * The connection (TCP, TLS handshake or proxy tunnel) was not established within the connect
 * timeout. A {@link ConnectException}, because nothing was sent: retrying is always safe.
 *
 * <pre>{@code
 * Request.get(url).timeout(Timeouts.of(Duration.ofSeconds(2), Duration.ofSeconds(30)));
 * }</pre>
 */
public class ConnectTimeoutException extends ConnectException {
  private final Duration timeout;

  /** A connect timeout of {@code timeout} for {@code url}. */
  public ConnectTimeoutException(String url, Duration timeout, Throwable cause) {
    super("connect timed out after " + Timeouts.describe(timeout), url, cause);
    this.timeout = timeout;
  }

  /** The connect timeout that ran out. */
  public Duration timeout() {
    return timeout;
  }
}

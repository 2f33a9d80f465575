package dev.courier.error;

import java.time.Duration;

/**
 * The connection (TCP, TLS handshake or proxy tunnel) was not established within the connect
 * timeout. Nothing was sent, so retrying is always safe.
 *
 * <pre>{@code
 * Request.get(url).timeouts(Timeouts.of(Duration.ofSeconds(2), Duration.ofSeconds(30)));
 * }</pre>
 */
public class ConnectTimeoutException extends TimedOutException {
  private static final long serialVersionUID = 1L;

  /** A connect timeout of {@code timeout} for {@code url}. */
  public ConnectTimeoutException(String url, Duration timeout, Throwable cause) {
    super("connect timed out", timeout, url, false, cause);
  }
}

package dev.courier.error;

import java.time.Duration;

/**
 * Every pooled connection for the route stayed busy for longer than the wait allowed (the
 * connect timeout, or what was left of the total deadline). Nothing was sent.
 *
 * <pre>{@code
 * catch (PoolTimeoutException e) { metrics.increment("pool.exhausted"); }
 * }</pre>
 */
public class PoolTimeoutException extends TimedOutException {
  private static final long serialVersionUID = 1L;

  /** No connection for {@code url} became free within {@code timeout}. */
  public PoolTimeoutException(String url, Duration timeout, Throwable cause) {
    super("no pooled connection became free", timeout, url, false, cause);
  }
}

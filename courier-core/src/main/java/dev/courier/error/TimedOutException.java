package dev.courier.error;

import java.time.Duration;

/**
 * Something took longer than its limit: the one type to catch for "it timed out", like requests'
 * {@code Timeout} or the JDK's {@code HttpTimeoutException}. The subtypes say which limit:
 * {@link ConnectTimeoutException}, {@link ReadTimeoutException}, {@link PoolTimeoutException} and
 * {@link DeadlineExceededException}.
 *
 * <pre>{@code
 * try {
 *   session.get(url);
 * } catch (TimedOutException e) {
 *   log.warn("gave up after {}", e.timeout());
 * }
 * }</pre>
 */
public class TimedOutException extends CourierException {
  private static final long serialVersionUID = 1L;

  private final Duration timeout;

  /**
   * @param message what timed out, without the duration (it is appended)
   * @param timeout the limit that ran out
   */
  public TimedOutException(String message, Duration timeout, String url, boolean mayHaveReachedServer,
      Throwable cause) {
    super(message + " after " + describe(timeout), url, mayHaveReachedServer, cause);
    this.timeout = timeout;
  }

  /** The limit that ran out. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * A duration as the messages write it: {@code 10 s}, {@code 250 ms}, {@code unlimited} for zero.
   *
   * <pre>{@code
   * TimedOutException.describe(Duration.ofMillis(1500));   // "1500 ms"
   * }</pre>
   */
  public static String describe(Duration d) {
    if (d == null) return "?";
    if (d.isZero()) return "unlimited";
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
  }
}

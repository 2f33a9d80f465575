package dev.courier;

import java.time.Duration;

/**
 * The server accepted the connection but sent nothing for longer than the read timeout (while we
 * waited for the response head or for the next body bytes), or the call's total deadline passed.
 * The request may have been processed: retry only what is idempotent.
 *
 * <pre>{@code
 * try { session.get(url); } catch (ReadTimeoutException e) { e.timeout(); }
 * }</pre>
 */
public class ReadTimeoutException extends CourierException {
  private final Duration timeout;
  private final boolean deadline;

  /** A read timeout ({@code deadline} false) or total deadline ({@code deadline} true) for {@code url}. */
  public ReadTimeoutException(String url, Duration timeout, boolean deadline, Throwable cause) {
    super((deadline ? "total deadline of " : "read timed out after ")
            + Timeouts.describe(timeout) + (deadline ? " exceeded" : ""), url, cause);
    this.timeout = timeout;
    this.deadline = deadline;
  }

  /** The timeout or deadline that ran out. */
  public Duration timeout() {
    return timeout;
  }

  /** True when the call's total deadline ran out rather than one read. */
  public boolean isDeadline() {
    return deadline;
  }
}

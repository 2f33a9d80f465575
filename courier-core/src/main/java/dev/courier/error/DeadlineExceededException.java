package dev.courier.error;

import java.time.Duration;

/**
 * The call's total deadline passed (connect, redirects, retries and the body included), like
 * OkHttp's call timeout. Whether the server saw the request depends on when it passed.
 *
 * <pre>{@code
 * Session.builder().timeouts(Timeouts.defaults().withTotal(Duration.ofSeconds(20)));
 * }</pre>
 */
public class DeadlineExceededException extends TimedOutException {
  private static final long serialVersionUID = 1L;

  /** The total deadline {@code deadline} of a call to {@code url} passed. */
  public DeadlineExceededException(String url, Duration deadline, boolean mayHaveReachedServer,
      Throwable cause) {
    super("total deadline exceeded", deadline, url, mayHaveReachedServer, cause);
  }
}

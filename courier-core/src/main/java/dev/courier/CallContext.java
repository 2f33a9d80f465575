package dev.courier;

import dev.courier.error.CourierException;
import dev.courier.error.DeadlineExceededException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/** The settings of one call, resolved from the request and its session, and its deadline. */
final class CallContext {
  final Timeouts timeouts;
  final Retry retry;
  final boolean followRedirects;
  final int maxRedirects;
  final Auth auth; // may be null
  final Hook hooks;
  final InstantSource clock;
  final Session.Sleeper sleeper;
  private final long deadlineNanos; // System.nanoTime() value, or Long.MAX_VALUE
  final Watchdog watchdog;
  final CallEvents events;
  final java.util.List<Interceptor> steps; // the session's chain, in order

  CallContext(Timeouts timeouts, Retry retry, boolean followRedirects, int maxRedirects, Auth auth, Hook hooks,
      InstantSource clock, Session.Sleeper sleeper, CallEvents events, java.util.List<Interceptor> steps) {
    this.events = events;
    this.steps = steps;
    this.timeouts = timeouts;
    this.retry = retry;
    this.followRedirects = followRedirects;
    this.maxRedirects = maxRedirects;
    this.auth = auth;
    this.hooks = hooks;
    this.clock = clock;
    this.sleeper = sleeper;
    Optional<Duration> total = timeouts.total();
    this.deadlineNanos = total.isPresent() ? System.nanoTime() + total.get().toNanos() : Long.MAX_VALUE;
    this.watchdog = total.isPresent() ? Watchdog.until(deadlineNanos) : Watchdog.NONE;
  }

  /**
   * Runs the chain from step {@code index} on {@code request}: the session's own steps directly,
   * a caller's interceptor with a {@link RealChain} to hold.
   *
   * @throws IllegalStateException when the exchange step called it, or a step returned null
   */
  Response proceed(int index, Request request) {
    if (index >= steps.size()) throw new IllegalStateException("the exchange step must not call proceed");
    java.util.Objects.requireNonNull(request, "request");
    Interceptor step = steps.get(index);
    Response response = step instanceof Step own ? own.intercept(this, index + 1, request)
        : step.intercept(new RealChain(this, index + 1, request));
    // Caught here, naming the interceptor, rather than as a NullPointerException in a later step.
    if (response == null) throw new IllegalStateException("interceptor " + step + " returned null instead of a response");
    return response;
  }

  /** True when the deadline has passed. */
  boolean expired() {
    return hasDeadline() && System.nanoTime() - deadlineNanos >= 0;
  }

  /**
   * The failure to report: {@link DeadlineExceededException} when the deadline passed (the
   * watchdog closing the connection under a read shows up as a reset or closed connection), else
   * {@code failure} itself. The failure says whether the request had been sent.
   */
  CourierException deadlineOr(CourierException failure, String url) {
    if (failure instanceof DeadlineExceededException) return failure;
    if (hasDeadline() && (watchdog.fired() || expired())) {
      return deadlineExceeded(url, failure.mayHaveReachedServer(), failure);
    }
    return failure;
  }

  /** The call's deadline passed; {@code sent}: whether any attempt of the call may have reached the server. */
  DeadlineExceededException deadlineExceeded(String url, boolean sent, Throwable cause) {
    return new DeadlineExceededException(url, timeouts.total().orElseThrow(), sent, cause);
  }

  boolean hasDeadline() {
    return deadlineNanos != Long.MAX_VALUE;
  }

  /** Time left before the deadline (never negative); only meaningful when {@link #hasDeadline()}. */
  Duration remaining() {
    return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
  }

  /** Throws when the deadline has passed; {@code sent}: whether an earlier attempt may have reached the server. */
  void checkDeadline(String url, boolean sent) {
    if (hasDeadline() && System.nanoTime() - deadlineNanos >= 0) {
      throw deadlineExceeded(url, sent, null);
    }
  }

}

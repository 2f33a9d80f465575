package dev.courier;

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
  private final long startNanos;

  CallContext(Timeouts timeouts, Retry retry, boolean followRedirects, int maxRedirects, Auth auth, Hook hooks,
      InstantSource clock, Session.Sleeper sleeper) {
    this.timeouts = timeouts;
    this.retry = retry;
    this.followRedirects = followRedirects;
    this.maxRedirects = maxRedirects;
    this.auth = auth;
    this.hooks = hooks;
    this.clock = clock;
    this.sleeper = sleeper;
    this.startNanos = System.nanoTime();
    Optional<Duration> total = timeouts.total();
    this.deadlineNanos = total.map(d -> startNanos + d.toNanos()).orElse(Long.MAX_VALUE);
  }

  boolean hasDeadline() {
    return deadlineNanos != Long.MAX_VALUE;
  }

  /** Time left before the deadline (never negative); only meaningful when {@link #hasDeadline()}. */
  Duration remaining() {
    return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
  }

  /** Throws when the deadline has passed. */
  void checkDeadline(String url) {
    if (hasDeadline() && System.nanoTime() - deadlineNanos >= 0) {
      throw new ReadTimeoutException(url, timeouts.total().orElseThrow(), true, null);
    }
  }

  /**
   * The timeouts for the next attempt: no wait may run past the deadline, so each is cut to the
   * time left (RFC-free policy: the deadline is the caller's promise to their own caller).
   */
  Timeouts attemptTimeouts() {
    if (!hasDeadline()) return timeouts;
    Duration left = remaining();
    if (left.isZero()) left = Duration.ofMillis(1);
    return Timeouts.of(cap(timeouts.connect(), left), cap(timeouts.read(), left));
  }

  /** True when the deadline (not the configured read timeout) limited the attempt timeouts. */
  boolean deadlineBinds() {
    if (!hasDeadline()) return false;
    Duration left = remaining();
    return timeouts.read().isZero() || timeouts.read().compareTo(left) >= 0
        || timeouts.connect().isZero() || timeouts.connect().compareTo(left) >= 0;
  }

  private static Duration cap(Duration d, Duration max) {
    return d.isZero() || d.compareTo(max) > 0 ? max : d;
  }
}

package dev.courier;

import java.util.concurrent.locks.LockSupport;

/**
 * Enforces a call's total deadline: a virtual thread that sleeps until the deadline and then runs
 * the abort action the exchange registered (closing its connection), so a server that trickles
 * bytes cannot stretch a call past its deadline one read timeout at a time. Closed when the call
 * ends; a call without a deadline uses {@link #NONE}, which starts no thread.
 *
 * <p>The abort makes the exchange fail with whatever the closed socket causes (a reset, a closed
 * connection), translated by the client and so saying whether the request had been sent; {@link
 * CallContext#deadlineOr} then reports it as a {@link dev.courier.error.DeadlineExceededException}
 * with that same {@code mayHaveReachedServer()}.
 */
final class Watchdog implements AutoCloseable {
  static final Watchdog NONE = new Watchdog();

  private final long deadlineNanos;
  private final Thread thread;
  private volatile Runnable abort;
  private volatile boolean fired;
  private volatile boolean closed;

  private Watchdog() {
    this.deadlineNanos = Long.MAX_VALUE;
    this.thread = null;
  }

  private Watchdog(long deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
    this.thread = Thread.ofVirtual().name("courier-deadline").start(this::watch);
  }

  static Watchdog until(long deadlineNanos) {
    return new Watchdog(deadlineNanos);
  }

  private void watch() {
    while (!closed) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        fired = true;
        Runnable a = abort;
        if (a != null && !closed) a.run();
        return;
      }
      LockSupport.parkNanos(this, left);
    }
  }

  /** Registers what to do when the deadline passes (replacing the previous action); runs it now if it has. */
  void guard(Runnable action) {
    if (thread == null) return;
    this.abort = action;
    if (fired && !closed) action.run();
  }

  /**
   * What is left before the deadline (zero once it passed), or {@code null} for {@link #NONE}:
   * the cap on waiting for a pooled connection and on connecting, which the watchdog cannot abort.
   */
  java.time.Duration remaining() {
    if (thread == null) return null;
    return java.time.Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
  }

  /** True once the deadline has passed and the abort ran. */
  boolean fired() {
    return fired;
  }

  @Override
  public void close() {
    if (thread == null || closed) return;
    closed = true;
    abort = null;
    LockSupport.unpark(thread);
  }
}

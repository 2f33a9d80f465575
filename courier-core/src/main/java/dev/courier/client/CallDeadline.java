package dev.courier.client;

import java.time.Duration;

/**
 * A caller's overall deadline as one exchange sees it: it caps the wait for a pooled connection
 * and the connect (nothing to abort yet), and it is handed the action that aborts the exchange
 * once a connection is held (closing it ends a read or write that would outlive the deadline).
 *
 * <pre>{@code
 * CallDeadline deadline = new CallDeadline() {
 *   public Duration remaining() { return Duration.ofNanos(Math.max(0, end - System.nanoTime())); }
 *   public void guard(Runnable abort) { timer.schedule(abort, end); }
 * };
 * ClientResponse response = roundTripper.roundTrip(request, deadline);
 * }</pre>
 */
public interface CallDeadline {
  /** What is left of the deadline, never negative. */
  Duration remaining();

  /** Called once the exchange holds a connection, with the action that aborts it. */
  void guard(Runnable abort);
}

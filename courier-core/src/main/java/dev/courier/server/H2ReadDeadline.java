package dev.courier.server;

import dev.courier.internal.WaitWatchdog;
import java.io.IOException;
import java.net.Socket;
import java.util.function.IntSupplier;

/**
 * The read timeout of an HTTP/2 connection's reader on the blocking path (a server without read
 * loops; on the loops the reaper keeps it, see {@link H2LoopPath}), kept by the {@link WaitWatchdog}
 * instead of {@code SO_TIMEOUT}: the socket reads without a timeout, and when a read waits past
 * its deadline the watchdog shuts the TCP socket's input down, which ends the read.
 *
 * <p>Why: a timed socket read on a virtual thread schedules a timer task on the JDK's delay
 * scheduler and cancels it when bytes come. Measured with h2load {@code -c64 -m10} against the
 * h2c server, that scheduler's thread woke about 0.09 times per request, and reading without the
 * timer took the server's CPU per request from 4.4 to 3.3 µs (a quarter less) and its rate from
 * 250k to 300k requests a second; over TLS, 0.12–0.15 wake-ups per request, and about 6.5 → 4.5 µs.
 *
 * <p>Every deadline of the reader ends the connection (SETTINGS not acknowledged, a field block
 * not completed, idle with no stream open), except the idle one while streams are at work: then
 * the watchdog arms another idle period, as the timed read did, and the input stays open. Shut
 * input is final. On plain TCP the reader answers a shut read with the GOAWAY its deadline calls
 * for; the output stays open for it. Under TLS the input shut is the TCP socket's beneath, and
 * the TLS layer then fails the read and closes, so the GOAWAY goes out first, from a virtual
 * thread of the watchdog's action ({@code beforeShut}), and the reader just ends.
 *
 * <pre>{@code
 * deadline.arm(waitNanos, idleOnly);
 * int n = in.read(buffer);                   // blocks without a timer
 * if (deadline.disarm()) throw new SocketTimeoutException();
 * }</pre>
 */
final class H2ReadDeadline {
  private final Socket transport;
  private final Runnable beforeShut;
  private final IntSupplier activeStreams;
  private final long idleNanos;
  private final WaitWatchdog.Deadline deadline = WaitWatchdog.deadline(this::passed);
  /** The reader's, published to the watchdog by the arming (a volatile write) that follows it. */
  private boolean idleOnly;
  private volatile boolean inputShut;

  /**
   * For a connection over {@code transport} (the TCP socket, beneath TLS if any), whose streams
   * at work extend an idle period of {@code idleNanos}; {@code beforeShut} (TLS: sends the GOAWAY
   * the deadline calls for; null on plain TCP) runs before the input is shut.
   */
  H2ReadDeadline(Socket transport, Runnable beforeShut, IntSupplier activeStreams, long idleNanos) {
    this.transport = transport;
    this.beforeShut = beforeShut;
    this.activeStreams = activeStreams;
    this.idleNanos = idleNanos;
  }

  /** Whether the GOAWAY of a timed-out read was sent already (TLS): the reader only ends then. */
  boolean sentGoAway() {
    return beforeShut != null;
  }

  /** Before a read that may wait {@code waitNanos}; {@code idleOnly} when only the idle timeout bounds it. */
  void arm(long waitNanos, boolean idleOnly) {
    this.idleOnly = idleOnly;
    deadline.arm(Math.max(1, waitNanos));
  }

  /** After the read, however it ended: true when it timed out (the input is shut down for good). */
  boolean disarm() {
    deadline.disarm();
    return inputShut;
  }

  /** The watchdog's call: another idle period while streams are at work, else the read ends. */
  private void passed() {
    if (idleOnly && activeStreams.getAsInt() > 0) {
      deadline.arm(idleNanos);
      return;
    }
    inputShut = true;
    if (beforeShut == null) {
      shutInput();
    } else {
      // The GOAWAY may wait for a client that does not read: never on the watchdog's thread.
      Thread.ofVirtual().name("courier-h2-timeout").start(() -> {
        try {
          beforeShut.run();
        } finally {
          shutInput();
        }
      });
    }
  }

  private void shutInput() {
    try {
      transport.shutdownInput();
    } catch (IOException e) {
      // closed meanwhile: the read has ended anyway
    }
  }
}

package dev.courier.server;

import dev.courier.internal.WaitWatchdog;
import java.io.IOException;
import java.net.Socket;
import java.util.function.IntSupplier;

/**
 * The read timeout of an HTTP/2 connection's reader on a plain socket, kept by the {@link
 * WaitWatchdog} instead of {@code SO_TIMEOUT}: the socket reads without a timeout, and when a
 * read waits past its deadline the watchdog shuts the socket's input down, which ends the read.
 *
 * <p>Why: a timed socket read on a virtual thread schedules a timer task on the JDK's delay
 * scheduler and cancels it when bytes come. Measured with h2load {@code -c64 -m10} against the
 * h2c server, that scheduler's thread woke about 0.09 times per request, and reading without the
 * timer took the server's CPU per request from 4.4 to 3.3 µs (a quarter less) and its rate from
 * 250k to 300k requests a second.
 *
 * <p>Every deadline of the reader ends the connection (SETTINGS not acknowledged, a field block
 * not completed, idle with no stream open), except the idle one while streams are at work: then
 * the watchdog arms another idle period, as the timed read did, and the input stays open. Shut
 * input is final, so the reader answers a shut read with the GOAWAY its deadline calls for; the
 * output stays open for it. TLS keeps the socket timeout: its input cannot be shut down apart
 * from the record layer.
 *
 * <pre>{@code
 * deadline.arm(waitNanos, idleOnly);
 * int n = in.read(buffer);                   // blocks without a timer
 * if (deadline.disarm()) throw new SocketTimeoutException();
 * }</pre>
 */
final class H2ReadDeadline {
  private final Socket socket;
  private final IntSupplier activeStreams;
  private final long idleNanos;
  private final WaitWatchdog.Deadline deadline = WaitWatchdog.deadline(this::passed);
  /** The reader's, published to the watchdog by the arming (a volatile write) that follows it. */
  private boolean idleOnly;
  private volatile boolean inputShut;

  /** For {@code socket} (plain TCP), whose streams at work extend an idle period of {@code idleNanos}. */
  H2ReadDeadline(Socket socket, IntSupplier activeStreams, long idleNanos) {
    this.socket = socket;
    this.activeStreams = activeStreams;
    this.idleNanos = idleNanos;
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
    try {
      socket.shutdownInput();
    } catch (IOException e) {
      // closed meanwhile: the read has ended anyway
    }
  }
}

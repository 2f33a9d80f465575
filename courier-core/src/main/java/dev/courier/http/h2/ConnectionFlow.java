package dev.courier.http.h2;

import java.util.ArrayDeque;

/**
 * The connection-level flow control of one HTTP/2 connection, both ways (RFC 9113 sections 5.2,
 * 6.5 and 6.9), for the client and the server alike. Sending: the peer's SETTINGS as they stand
 * and the connection's send window; DATA on a stream takes credit from the stream's window and
 * from this one at once, and a change of the peer's initial window size moves every stream window
 * by the difference (section 6.9.2). Receiving: the window we advertise for the connection, which
 * every DATA frame counts against and which widens again as the bytes are consumed.
 *
 * <p>Receive windows may grow ({@link InboundWindow}, "Growth") by the round trip this connection
 * measures: from each SETTINGS frame we send to its acknowledgement (section 6.5.3 obliges the
 * peer to acknowledge "immediately"), the smallest seen. A stream window that grew sets where the
 * next streams' windows start ({@link #widen}).
 *
 * <p>Not thread-safe: the connection guards it with the lock its senders wait on for credit. The
 * round trip's methods ({@link #settingsSent}, {@link #settingsAcknowledged}) are the exception:
 * the thread that writes SETTINGS and the reader that sees their acknowledgement call them as they
 * are, without that lock.
 *
 * <pre>{@code
 * ConnectionFlow flow = new ConnectionFlow(4 << 20);
 * writer.writeWindowUpdate(0, flow.initialUpdate());  // from 65 535 to 4 MiB
 * flow.apply(settingsFrame.settings(), openStreamWindows);   // moves them by the initial window's change
 * FlowWindow stream = flow.streamWindow(1);
 * int n = flow.take(stream, body.length, writer.maxFrameSize());   // 0: wait for WINDOW_UPDATE
 * flow.received(data.flowControlledLength());
 * int update = flow.consumed(data.flowControlledLength());          // WINDOW_UPDATE on stream 0 when > 0
 * }</pre>
 */
public final class ConnectionFlow {
  private final FlowWindow connection = FlowWindow.forConnection();
  private final InboundWindow receive;
  private final ArrayDeque<Long> settingsSent = new ArrayDeque<>(2);
  private Settings peer = Settings.DEFAULTS;
  private volatile long roundTripNanos; // 0 until the first SETTINGS acknowledgement
  private long streamTarget; // the widest any stream's receive window grew to

  /** A connection whose receive window is to be widened to {@code receiveWindow} (at least 65 535). */
  public ConnectionFlow(int receiveWindow) {
    this(receiveWindow, receiveWindow);
  }

  /** As {@link #ConnectionFlow(int)}, the receive window with room to grow up to {@code maxReceiveWindow}. */
  public ConnectionFlow(int receiveWindow, int maxReceiveWindow) {
    this(receiveWindow, maxReceiveWindow, WindowBudget.unlimited());
  }

  /**
   * As {@link #ConnectionFlow(int, int)}, the receive window's room beyond {@code receiveWindow}
   * taken from {@code budget}, which the server's connections share ({@link #release} at the end).
   */
  public ConnectionFlow(int receiveWindow, int maxReceiveWindow, WindowBudget budget) {
    this.receive = InboundWindow.forConnection(receiveWindow, maxReceiveWindow, budget);
  }

  /** We are sending a SETTINGS frame now ({@code nowNanos} from {@link System#nanoTime}). */
  public synchronized void settingsSent(long nowNanos) {
    settingsSent.addLast(nowNanos);
  }

  /**
   * The peer acknowledged our oldest unacknowledged SETTINGS (acknowledgements come in order,
   * section 6.5.3): one sample of the round trip.
   */
  public synchronized void settingsAcknowledged(long nowNanos) {
    Long sent = settingsSent.pollFirst();
    if (sent == null) return; // an acknowledgement of nothing we sent: no sample
    long sample = Math.max(1, nowNanos - sent);
    roundTripNanos = roundTripNanos == 0 ? sample : Math.min(roundTripNanos, sample);
  }

  /** The smallest round trip measured, 0 before the first. */
  public long roundTripNanos() {
    return roundTripNanos;
  }

  /** The first WINDOW_UPDATE on stream 0, taking our receive window from 65 535 to its target. */
  public int initialUpdate() {
    return receive.initialUpdate();
  }

  /**
   * Counts a DATA frame's {@code length} (padding included) against our receive window.
   *
   * @throws H2Exception a connection FLOW_CONTROL_ERROR past the window (section 6.9.1)
   */
  public void received(int length) {
    receive.received(length);
  }

  /**
   * Records {@code length} bytes consumed (read, discarded, or padding no one reads); returns the
   * WINDOW_UPDATE increment for stream 0 to send now, 0 when not yet worth a frame.
   */
  public int consumed(int length) {
    return receive.consumed(length);
  }

  /** As {@link #consumed(int)}, growing the connection's window by the measured round trip. */
  public int consumed(int length, long nowNanos) {
    return receive.consumed(length, nowNanos, roundTripNanos);
  }

  /**
   * Records that the reader of {@code stream} consumed {@code length} bytes; returns the
   * WINDOW_UPDATE increment for the stream, grown by the measured round trip when the stream's
   * window may grow.
   */
  public int consumed(InboundWindow stream, int length, long nowNanos) {
    int increment = stream.consumed(length, nowNanos, roundTripNanos);
    streamTarget = Math.max(streamTarget, stream.target());
    return increment;
  }

  /**
   * The increment that takes a new stream's receive window to the width earlier streams on this
   * connection grew to, so that each large body does not grow it again from the start; 0 when
   * none grew.
   */
  public int widen(InboundWindow stream) {
    return stream.widenTo(streamTarget);
  }

  /**
   * Widens the connection's receive window by up to {@code wanted} bytes at once, within its
   * maximum and the budget, for one stream's large body: the rise (what the stream gives back
   * with {@link #narrow} when it ends) and the WINDOW_UPDATE increment for stream 0.
   */
  public InboundWindow.Widening lend(long wanted) {
    return receive.widen(wanted);
  }

  /** Gives back {@code lent} bytes of {@link #lend} when the stream they were lent for ends. */
  public void narrow(long lent) {
    receive.narrow(lent);
  }

  /** The connection is over: everything its window borrowed goes back to the budget. */
  public void release() {
    receive.release();
  }

  /** The peer's settings: the defaults of section 6.5.2 until its SETTINGS arrive. */
  public Settings peer() {
    return peer;
  }

  /** A new stream's send window, at the peer's SETTINGS_INITIAL_WINDOW_SIZE. */
  public FlowWindow streamWindow(int streamId) {
    return FlowWindow.forStream(streamId, peer.initialWindowSize());
  }

  /**
   * Applies the peer's SETTINGS frame (values already checked by {@link FrameReader}, section
   * 6.5.2) and moves each of the open streams' send {@code windows} by the change of the initial
   * window size (section 6.9.2); true when they moved.
   *
   * @throws H2Exception a connection FLOW_CONTROL_ERROR when a window would pass 2^31-1
   */
  public boolean apply(Settings update, Iterable<FlowWindow> windows) {
    Settings before = peer;
    peer = peer.apply(update);
    long delta = (long) peer.initialWindowSize() - before.initialWindowSize();
    if (delta == 0) return false;
    for (FlowWindow window : windows) window.adjust(delta);
    return true;
  }

  /** A WINDOW_UPDATE on the connection (stream 0). */
  public void increase(int increment) {
    connection.increase(increment);
  }

  /**
   * Takes credit for up to {@code wanted} bytes, at most one frame of {@code maxFrameSize}, from
   * both {@code stream}'s window and the connection's; 0 when either is empty.
   */
  public int take(FlowWindow stream, int wanted, int maxFrameSize) {
    long available = Math.min(stream.available(), connection.available());
    if (available <= 0) return 0;
    int n = (int) Math.min(Math.min(wanted, maxFrameSize), available);
    stream.take(n);
    connection.take(n);
    return n;
  }

  /**
   * Takes credit for all {@code wanted} bytes from both {@code stream}'s window and the
   * connection's, or none: false, changing nothing, when either holds less.
   */
  public boolean takeAll(FlowWindow stream, int wanted) {
    if (Math.min(stream.available(), connection.available()) < wanted) return false;
    stream.take(wanted);
    connection.take(wanted);
    return true;
  }

  @Override
  public String toString() {
    return "ConnectionFlow[" + connection + ", " + receive + ", peer " + peer + "]";
  }
}

package dev.courier.http.h2;

/**
 * The connection-level flow control of one HTTP/2 connection, both ways (RFC 9113 sections 5.2,
 * 6.5 and 6.9), for the client and the server alike. Sending: the peer's SETTINGS as they stand
 * and the connection's send window; DATA on a stream takes credit from the stream's window and
 * from this one at once, and a change of the peer's initial window size moves every stream window
 * by the difference (section 6.9.2). Receiving: the window we advertise for the connection, which
 * every DATA frame counts against and which widens again as the bytes are consumed.
 *
 * <p>Not thread-safe: the connection guards it with the lock its senders wait on for credit.
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
  private Settings peer = Settings.DEFAULTS;

  /** A connection whose receive window is to be widened to {@code receiveWindow} (at least 65 535). */
  public ConnectionFlow(int receiveWindow) {
    this.receive = InboundWindow.forConnection(receiveWindow);
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

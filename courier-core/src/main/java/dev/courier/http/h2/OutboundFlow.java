package dev.courier.http.h2;

/**
 * What we may send on one connection (RFC 9113 sections 6.5 and 6.9): the peer's SETTINGS as they
 * stand and the connection's send window. DATA on a stream takes credit from the stream's window
 * and from this one at once; a change of the peer's initial window size moves every stream window
 * by the difference (section 6.9.2). The client and the server keep one each.
 *
 * <p>Not thread-safe: the connection guards it with the lock its senders wait on for credit.
 *
 * <pre>{@code
 * OutboundFlow flow = new OutboundFlow();
 * long delta = flow.apply(settingsFrame.settings());   // then stream.adjust(delta) for each open stream
 * FlowWindow stream = flow.streamWindow(1);
 * int n = flow.take(stream, body.length, writer.maxFrameSize());   // 0: wait for WINDOW_UPDATE
 * }</pre>
 */
public final class OutboundFlow {
  private final FlowWindow connection = FlowWindow.forConnection();
  private Settings peer = Settings.DEFAULTS;

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
   * 6.5.2) and returns by how much every open stream's send window must move (section 6.9.2).
   */
  public long apply(Settings update) {
    Settings before = peer;
    peer = peer.apply(update);
    return (long) peer.initialWindowSize() - before.initialWindowSize();
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

  @Override
  public String toString() {
    return "OutboundFlow[" + connection + ", peer " + peer + "]";
  }
}

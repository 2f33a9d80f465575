package dev.courier.http.h2;

/**
 * The window we advertise for one stream or the connection, and when to widen it again (RFC 9113
 * sections 5.2 and 6.9).
 *
 * <p>DATA that arrives is {@linkplain #received counted} against the window at once (a peer
 * sending more than it was allowed is a FLOW_CONTROL_ERROR, section 6.9.1); bytes the
 * application has {@linkplain #consumed consumed} are given back with a WINDOW_UPDATE once they
 * reach half the target window. Half is the policy of nghttp2 and of the JDK client: an update
 * per byte would flood the peer with frames, an update only when the window is empty would stall
 * it for a round trip each time. A reader that stops reading stops the updates, so the peer
 * stops sending: memory stays bounded by the window (section 5.2.2).
 *
 * <p>Not thread-safe: the connection calls it under its lock.
 *
 * <pre>{@code
 * InboundWindow w = InboundWindow.forStream(1, 65_535);
 * w.received(40_000);
 * int update = w.consumed(40_000);   // 40 000: more than half was consumed, send WINDOW_UPDATE
 * }</pre>
 */
public final class InboundWindow {
  private final int streamId;
  private long target;
  private long window;
  private long unacknowledged;

  private InboundWindow(int streamId, int initial, int target) {
    this.streamId = streamId;
    this.window = initial;
    this.target = target;
  }

  /**
   * The connection's window: 65 535 at first (section 6.9.2), widened to {@code target} by a
   * first WINDOW_UPDATE of {@link #initialUpdate()}.
   */
  public static InboundWindow forConnection(int target) {
    if (target < FlowWindow.DEFAULT_INITIAL_WINDOW) {
      throw new IllegalArgumentException("connection window below 65535: " + target);
    }
    return new InboundWindow(0, FlowWindow.DEFAULT_INITIAL_WINDOW, target);
  }

  /** A stream's window, the SETTINGS_INITIAL_WINDOW_SIZE we sent. */
  public static InboundWindow forStream(int streamId, int initialWindow) {
    if (initialWindow < 0) throw new IllegalArgumentException("negative window: " + initialWindow);
    return new InboundWindow(streamId, initialWindow, initialWindow);
  }

  /** The increment that takes the window from 65 535 to its target (0 when already there). */
  public int initialUpdate() {
    long increment = target - window;
    if (increment <= 0) return 0;
    window += increment;
    return (int) increment;
  }

  /** The window the peer still has. */
  public long available() {
    return window;
  }

  /**
   * Counts {@code length} bytes of a DATA frame (padding included, section 6.9.1) against the
   * window.
   *
   * @throws H2Exception FLOW_CONTROL_ERROR when the peer sent more than the window allowed
   */
  public void received(int length) {
    if (length > window) {
      String message = "DATA of " + length + " bytes exceeds the window of " + window;
      throw streamId == 0
          ? H2Exception.connectionError(ErrorCode.FLOW_CONTROL_ERROR, message)
          : H2Exception.streamError(streamId, ErrorCode.FLOW_CONTROL_ERROR, "stream " + streamId + ": " + message);
    }
    window -= length;
  }

  /**
   * Records that the application took {@code length} bytes (or that they were discarded); returns
   * the WINDOW_UPDATE increment to send now, 0 when it is not yet worth a frame.
   */
  public int consumed(int length) {
    if (length < 0) throw new IllegalArgumentException("negative: " + length);
    unacknowledged += length;
    if (unacknowledged < (target + 1) / 2) return 0;
    int increment = (int) Math.min(unacknowledged, FlowWindow.MAX_WINDOW - window);
    unacknowledged -= increment;
    window += increment;
    return increment;
  }

  /**
   * Applies a change of the SETTINGS_INITIAL_WINDOW_SIZE we sent, once acknowledged (section
   * 6.9.2); the target follows it.
   */
  public void adjust(int delta) {
    window += delta;
    target += delta;
  }

  @Override
  public String toString() {
    return "InboundWindow[stream " + streamId + ", " + window + " of " + target + "]";
  }
}

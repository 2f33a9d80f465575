package dev.courier.http.h2;

/**
 * The credit to send DATA on one stream or on the whole connection (RFC 9113 sections 5.2 and
 * 6.9): it starts at the peer's initial window, shrinks as DATA leaves, grows with each
 * WINDOW_UPDATE and moves by the difference when SETTINGS_INITIAL_WINDOW_SIZE changes.
 *
 * <p>Section 6.9.1: a window above 2^31-1 is a FLOW_CONTROL_ERROR, a stream error for a stream
 * window and a connection error for the connection's, as is an increment of 0 (a PROTOCOL_ERROR
 * by section 6.9). Section 6.9.2: a change of the initial window size applies to every open
 * stream at once and may leave a window negative; an overflow there is a connection error.
 *
 * <p>Not thread-safe: the connection guards its windows with its own lock, because a sender
 * waiting for credit must wait on that lock's condition anyway.
 *
 * <pre>{@code
 * FlowWindow w = FlowWindow.forStream(1, 65_535);
 * int n = w.take(100_000);          // 65 535: what may be sent now
 * w.increase(1_000);                // a WINDOW_UPDATE of 1 000 arrived
 * }</pre>
 */
public final class FlowWindow {
  /** The largest window RFC 9113 section 6.9.1 allows: 2^31-1. */
  public static final int MAX_WINDOW = Integer.MAX_VALUE;
  /** The initial window of every stream and of the connection until SETTINGS say otherwise (section 6.9.2). */
  public static final int DEFAULT_INITIAL_WINDOW = 65_535;

  private final int streamId;
  private long window;

  private FlowWindow(int streamId, long initial) {
    this.streamId = streamId;
    this.window = initial;
  }

  /** The connection's send window (stream 0), starting at 65 535 whatever SETTINGS say (section 6.9.2). */
  public static FlowWindow forConnection() {
    return new FlowWindow(0, DEFAULT_INITIAL_WINDOW);
  }

  /** A stream's send window, starting at the peer's SETTINGS_INITIAL_WINDOW_SIZE. */
  public static FlowWindow forStream(int streamId, int initialWindow) {
    if (streamId <= 0) throw new IllegalArgumentException("stream id must be positive: " + streamId);
    if (initialWindow < 0) throw new IllegalArgumentException("initial window must not be negative: " + initialWindow);
    return new FlowWindow(streamId, initialWindow);
  }

  /** The credit left; negative after the peer lowered its initial window below what was sent. */
  public long available() {
    return window;
  }

  /** Takes up to {@code wanted} bytes of credit (none when the window is empty or negative); returns how many. */
  public int take(int wanted) {
    if (wanted < 0) throw new IllegalArgumentException("negative: " + wanted);
    int granted = (int) Math.max(0, Math.min(wanted, window));
    window -= granted;
    return granted;
  }

  /**
   * Adds a WINDOW_UPDATE's increment.
   *
   * @throws H2Exception PROTOCOL_ERROR for an increment of 0 (section 6.9), FLOW_CONTROL_ERROR
   *     when the window would pass 2^31-1 (section 6.9.1); stream errors on a stream window,
   *     connection errors on the connection's
   */
  public void increase(int increment) {
    if (increment <= 0) throw error(ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE with an increment of " + increment);
    if (window + increment > MAX_WINDOW) {
      throw error(ErrorCode.FLOW_CONTROL_ERROR, "window " + window + " + " + increment + " passes 2^31-1");
    }
    window += increment;
  }

  /**
   * Moves a stream window by {@code delta}, the change of SETTINGS_INITIAL_WINDOW_SIZE (section
   * 6.9.2); it may become negative.
   *
   * @throws H2Exception a connection FLOW_CONTROL_ERROR when the window would pass 2^31-1
   */
  public void adjust(long delta) {
    if (window + delta > MAX_WINDOW) {
      throw H2Exception.connectionError(ErrorCode.FLOW_CONTROL_ERROR,
          "SETTINGS_INITIAL_WINDOW_SIZE change makes stream " + streamId + "'s window pass 2^31-1");
    }
    window += delta;
  }

  private H2Exception error(ErrorCode code, String message) {
    return streamId == 0
        ? H2Exception.connectionError(code, message)
        : H2Exception.streamError(streamId, code, "stream " + streamId + ": " + message);
  }

  @Override
  public String toString() {
    return "FlowWindow[stream " + streamId + ", " + window + "]";
  }
}

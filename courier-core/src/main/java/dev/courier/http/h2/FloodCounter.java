package dev.courier.http.h2;

/**
 * Counts one kind of cheap-to-send, costly-to-handle frame per time window, for the attacks that
 * need no broken frame at all: rapid reset (CVE-2023-44487, HEADERS then RST_STREAM at once),
 * SETTINGS, PING and empty DATA floods. Past {@code limit} events in one window the connection
 * answers GOAWAY ENHANCE_YOUR_CALM (RFC 9113 section 10.5).
 *
 * <p>Time is passed in (nanoseconds from any fixed origin, as {@link System#nanoTime} gives), so
 * the counter is sans-I/O and tests need no clock. Windows are fixed and back to back: a burst
 * straddling two windows may reach twice the limit, which still bounds the work per second.
 *
 * <pre>{@code
 * FloodCounter resets = new FloodCounter(200, Duration.ofSeconds(30).toNanos());
 * if (!resets.record(now)) goAway(ErrorCode.ENHANCE_YOUR_CALM);
 * resets.count(now, "RST_STREAM");   // or: throws the H2Exception that ends in that GOAWAY
 * }</pre>
 */
public final class FloodCounter {
  private final int limit;
  private final long windowNanos;
  private long windowStart;
  private int count;
  private boolean started;

  /** At most {@code limit} events per {@code windowNanos}. */
  public FloodCounter(int limit, long windowNanos) {
    if (limit < 1 || windowNanos < 1) throw new IllegalArgumentException("limit and window must be positive");
    this.limit = limit;
    this.windowNanos = windowNanos;
  }

  /** Counts one event at {@code nowNanos}; false once the window holds more than the limit. */
  public boolean record(long nowNanos) {
    if (!started || nowNanos - windowStart >= windowNanos) {
      started = true;
      windowStart = nowNanos;
      count = 0;
    }
    return ++count <= limit;
  }

  /**
   * Counts one {@code what} frame at {@code nowNanos}, as {@link #record}.
   *
   * @throws H2Exception a connection error ENHANCE_YOUR_CALM (section 10.5) past the limit
   */
  public void count(long nowNanos, String what) {
    if (!record(nowNanos)) {
      throw H2Exception.connectionError(ErrorCode.ENHANCE_YOUR_CALM, "too many " + what + " frames");
    }
  }

  /** Events counted in the current window. */
  public int count() {
    return count;
  }
}

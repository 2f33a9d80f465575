package dev.courier.http.h2;

/**
 * Every limit one HTTP/2 connection enforces, with its default and the reason for it.
 *
 * <table>
 *   <caption>Limits, defaults and reasons</caption>
 *   <tr><th>Limit</th><th>Default</th><th>Why</th></tr>
 *   <tr><td>{@code maxConcurrentStreams}</td><td>100</td><td>SETTINGS_MAX_CONCURRENT_STREAMS; RFC
 *       9113 section 6.5.2 advises no less than 100; a stream over it is refused with
 *       REFUSED_STREAM, which a client may retry (section 8.7)</td></tr>
 *   <tr><td>{@code streamWindow}</td><td>256 KiB</td><td>SETTINGS_INITIAL_WINDOW_SIZE: what a
 *       client may send on one stream before the handler reads it; bounds the buffer per stream</td></tr>
 *   <tr><td>{@code connectionWindow}</td><td>1 MiB</td><td>the same for all streams together, so
 *       100 streams cannot each fill 256 KiB</td></tr>
 *   <tr><td>{@code maxStreamWindow}</td><td>16 MiB</td><td>how wide a stream's window gets: an
 *       upload that announces its length has its window opened to that length (up to this) at
 *       once, while the budget below allows; others grow when the round trip, not the handler,
 *       holds them back ({@link InboundWindow}, "Growth"). A 256 KiB window moves 6 MiB/s over
 *       40 ms, 16 MiB moves 400 MiB/s. A server handler that takes its body whole
 *       ({@code bodyBytes()}) opens its stream to the body, up to that method's cap</td></tr>
 *   <tr><td>{@code maxConnectionWindow}</td><td>32 MiB</td><td>how wide the connection's window
 *       gets: the most one connection ever makes the server buffer for handlers that stop reading
 *       (two such uploads at once)</td></tr>
 *   <tr><td>{@code windowBudget}</td><td>an eighth of the heap, at most 256 MiB</td><td>what all
 *       connections of one server together may hold beyond their first connection windows
 *       (shared through a {@link WindowBudget}): many clients uploading at once cannot make the
 *       server buffer more than this plus 1 MiB each, whatever the maxima above allow one of
 *       them</td></tr>
 *   <tr><td>{@code maxHeaderListSize}</td><td>64 KiB</td><td>SETTINGS_MAX_HEADER_LIST_SIZE, counted
 *       as section 6.5.2 says; the HTTP/1.1 head limit's counterpart (431 when passed)</td></tr>
 *   <tr><td>{@code maxHeaderBlockFrames}</td><td>32</td><td>HEADERS plus CONTINUATION frames of
 *       one block: a CONTINUATION flood (CVE-2024-27316 class) ends with ENHANCE_YOUR_CALM before
 *       the block is decoded or buffered further</td></tr>
 *   <tr><td>{@code maxHeaderBlockBytes}</td><td>128 KiB</td><td>encoded bytes of one field block;
 *       twice the list size allows for literal fields that HPACK does not shrink</td></tr>
 *   <tr><td>{@code maxResets}</td><td>200 per 30 s</td><td>streams the client cancels
 *       (RST_STREAM) before their response ends: rapid reset, CVE-2023-44487; the figures Netty
 *       chose, far above what a browser navigating away does</td></tr>
 *   <tr><td>{@code maxControlFrames}</td><td>1000 per 10 s</td><td>SETTINGS and PING frames, each
 *       of which obliges an answer (CVE-2019-9512, 9515)</td></tr>
 *   <tr><td>{@code maxEmptyFrames}</td><td>100 per 10 s</td><td>DATA without payload or
 *       END_STREAM, and CONTINUATION or HEADERS fragments of length 0: work without progress
 *       (CVE-2019-9518)</td></tr>
 * </table>
 *
 * <pre>{@code
 * H2Limits limits = H2Limits.defaults().withMaxConcurrentStreams(250);
 * }</pre>
 *
 * @param maxConcurrentStreams streams open at once per connection
 * @param streamWindow the receive window of each stream
 * @param connectionWindow the receive window of the connection
 * @param maxStreamWindow the widest a stream's receive window grows (equal to {@code streamWindow}: no growth)
 * @param maxConnectionWindow the widest the connection's receive window grows
 * @param maxHeaderListSize the largest decoded field section
 * @param maxHeaderBlockFrames the most frames (HEADERS and CONTINUATION) in one field block
 * @param maxHeaderBlockBytes the most encoded bytes in one field block
 * @param maxResets client stream cancellations per {@code windowNanos}
 * @param maxControlFrames SETTINGS and PING frames per {@code windowNanos}
 * @param maxEmptyFrames empty frames per {@code windowNanos}
 * @param windowNanos the flood counters' window for control and empty frames
 * @param resetWindowNanos the window of the reset counter
 * @param windowBudget the receive-window credit all connections of one server may hold beyond
 *     their first connection windows (0: windows never grow or widen)
 */
public record H2Limits(
    int maxConcurrentStreams,
    int streamWindow,
    int connectionWindow,
    int maxStreamWindow,
    int maxConnectionWindow,
    int maxHeaderListSize,
    int maxHeaderBlockFrames,
    int maxHeaderBlockBytes,
    int maxResets,
    int maxControlFrames,
    int maxEmptyFrames,
    long windowNanos,
    long resetWindowNanos,
    long windowBudget) {

  private static final long SECOND = 1_000_000_000L;
  private static final H2Limits DEFAULTS =
      new H2Limits(100, 256 * 1024, 1024 * 1024, 16 << 20, 32 << 20, 64 * 1024, 32, 128 * 1024, 200, 1000, 100,
          10 * SECOND, 30 * SECOND, Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 8));

  public H2Limits {
    positive("maxConcurrentStreams", maxConcurrentStreams);
    positive("maxHeaderListSize", maxHeaderListSize);
    positive("maxHeaderBlockFrames", maxHeaderBlockFrames);
    positive("maxHeaderBlockBytes", maxHeaderBlockBytes);
    positive("maxResets", maxResets);
    positive("maxControlFrames", maxControlFrames);
    positive("maxEmptyFrames", maxEmptyFrames);
    if (streamWindow < 1 || connectionWindow < FlowWindow.DEFAULT_INITIAL_WINDOW) {
      throw new IllegalArgumentException("windows must be positive and the connection's at least 65535");
    }
    if (maxStreamWindow < streamWindow || maxConnectionWindow < connectionWindow) {
      throw new IllegalArgumentException("a window's maximum must be at least the window");
    }
    if (windowNanos < 1 || resetWindowNanos < 1) throw new IllegalArgumentException("windows of time must be positive");
    if (windowBudget < 0) throw new IllegalArgumentException("negative window budget: " + windowBudget);
  }

  /** The defaults of the table above. */
  public static H2Limits defaults() {
    return DEFAULTS;
  }

  /** These limits with another SETTINGS_MAX_CONCURRENT_STREAMS. */
  public H2Limits withMaxConcurrentStreams(int value) {
    return new H2Limits(value, streamWindow, connectionWindow, maxStreamWindow, maxConnectionWindow, maxHeaderListSize,
        maxHeaderBlockFrames, maxHeaderBlockBytes, maxResets, maxControlFrames, maxEmptyFrames, windowNanos,
        resetWindowNanos, windowBudget);
  }

  /**
   * These limits with other receive windows for each stream and for the connection; a maximum of
   * growth below the new window rises to it.
   */
  public H2Limits withWindows(int stream, int connection) {
    return new H2Limits(maxConcurrentStreams, stream, connection, Math.max(stream, maxStreamWindow),
        Math.max(connection, maxConnectionWindow), maxHeaderListSize, maxHeaderBlockFrames,
        maxHeaderBlockBytes, maxResets, maxControlFrames, maxEmptyFrames, windowNanos, resetWindowNanos, windowBudget);
  }

  /**
   * These limits with other maxima for the receive windows' growth (at least the windows; equal
   * to them, the windows stay fixed).
   */
  public H2Limits withWindowGrowth(int maxStream, int maxConnection) {
    return new H2Limits(maxConcurrentStreams, streamWindow, connectionWindow, maxStream, maxConnection,
        maxHeaderListSize, maxHeaderBlockFrames, maxHeaderBlockBytes, maxResets, maxControlFrames, maxEmptyFrames,
        windowNanos, resetWindowNanos, windowBudget);
  }

  /** These limits with another SETTINGS_MAX_HEADER_LIST_SIZE. */
  public H2Limits withMaxHeaderListSize(int value) {
    return new H2Limits(maxConcurrentStreams, streamWindow, connectionWindow, maxStreamWindow, maxConnectionWindow,
        value, maxHeaderBlockFrames, Math.max(maxHeaderBlockBytes, value), maxResets, maxControlFrames, maxEmptyFrames,
        windowNanos, resetWindowNanos, windowBudget);
  }

  /** These limits with another rapid-reset threshold: {@code max} cancellations per {@code windowNanos}. */
  public H2Limits withMaxResets(int max, long windowNanos) {
    return new H2Limits(maxConcurrentStreams, streamWindow, connectionWindow, maxStreamWindow, maxConnectionWindow,
        maxHeaderListSize, maxHeaderBlockFrames, maxHeaderBlockBytes, max, maxControlFrames, maxEmptyFrames,
        this.windowNanos, windowNanos, windowBudget);
  }

  /** These limits with other flood thresholds for control and empty frames per {@code windowNanos}. */
  public H2Limits withFloodLimits(int controlFrames, int emptyFrames, long windowNanos) {
    return new H2Limits(maxConcurrentStreams, streamWindow, connectionWindow, maxStreamWindow, maxConnectionWindow,
        maxHeaderListSize, maxHeaderBlockFrames, maxHeaderBlockBytes, maxResets, controlFrames, emptyFrames,
        windowNanos, resetWindowNanos, windowBudget);
  }

  /**
   * These limits with another budget of receive-window credit for all connections of one server
   * ({@link WindowBudget}); 0 keeps every window at its first size.
   */
  public H2Limits withWindowBudget(long bytes) {
    return new H2Limits(maxConcurrentStreams, streamWindow, connectionWindow, maxStreamWindow, maxConnectionWindow,
        maxHeaderListSize, maxHeaderBlockFrames, maxHeaderBlockBytes, maxResets, maxControlFrames, maxEmptyFrames,
        windowNanos, resetWindowNanos, bytes);
  }

  private static void positive(String name, int value) {
    if (value < 1) throw new IllegalArgumentException(name + " must be positive: " + value);
  }
}

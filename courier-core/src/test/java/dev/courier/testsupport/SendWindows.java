package dev.courier.testsupport;

import dev.courier.http.h2.Frame;
import dev.courier.http.h2.FlowWindow;

/**
 * The send windows a test's raw HTTP/2 peer keeps to while it sends one stream's body: the
 * connection's, from 65 535 (RFC 9113 section 6.9.2), and the stream's, from the other side's
 * SETTINGS_INITIAL_WINDOW_SIZE; both grow by that side's WINDOW_UPDATEs.
 *
 * <pre>{@code
 * SendWindows windows = new SendWindows(1, settings.initialWindowSize());
 * int n;
 * while ((n = windows.allowed(16_384)) == 0) windows.credit(nextWindowUpdate());
 * writer.writeData(1, chunk, 0, n, false);
 * windows.sent(n);
 * }</pre>
 */
public final class SendWindows {
  private final int streamId;
  private long connection = FlowWindow.DEFAULT_INITIAL_WINDOW;
  private long stream;

  public SendWindows(int streamId, int streamWindow) {
    this.streamId = streamId;
    this.stream = streamWindow;
  }

  /** How many bytes may go now, at most {@code max}: 0 while either window is empty. */
  public int allowed(int max) {
    return (int) Math.max(0, Math.min(max, Math.min(connection, stream)));
  }

  /** {@code n} bytes of DATA went out. */
  public void sent(int n) {
    connection -= n;
    stream -= n;
  }

  /** A WINDOW_UPDATE arrived: credit for the connection or this stream (others are not ours). */
  public void credit(Frame.WindowUpdate w) {
    if (w.streamId() == 0) connection += w.increment();
    else if (w.streamId() == streamId) stream += w.increment();
  }
}

package dev.courier.error;

import java.util.OptionalLong;

/**
 * The body ended before its framing said it would (Python's {@code IncompleteRead}, requests'
 * {@code ChunkedEncodingError}, curl's "transfer closed with N bytes remaining"): a Content-Length
 * not reached, or a chunked body without its last chunk. RFC 9112 Section 8: such a message is
 * incomplete and must not be treated as whole.
 *
 * <pre>{@code
 * catch (IncompleteReadException e) {
 *   log.warn("got {} of {} bytes", e.received(), e.expected());
 * }
 * }</pre>
 */
public class IncompleteReadException extends HttpProtocolException {
  private static final long serialVersionUID = 1L;

  private final long received;
  private final long expected;

  /**
   * @param received body bytes received
   * @param expected body bytes announced, or -1 when unknown (chunked)
   * @param detail what ended the body ("connection closed"), or empty
   */
  public IncompleteReadException(long received, long expected, String detail, String url,
      Throwable cause) {
    super(message(received, expected, detail), url, cause);
    this.received = received;
    this.expected = expected;
  }

  private static String message(long received, long expected, String detail) {
    String counts = expected >= 0
        ? received + " bytes read, " + (expected - received) + " more expected"
        : received + " bytes read";
    return "incomplete body: " + counts + (detail.isEmpty() ? "" : " (" + detail + ")");
  }

  /** Body bytes received before the end. */
  public long received() {
    return received;
  }

  /** Body bytes announced by Content-Length; empty for chunked bodies. */
  public OptionalLong expected() {
    return expected >= 0 ? OptionalLong.of(expected) : OptionalLong.empty();
  }
}

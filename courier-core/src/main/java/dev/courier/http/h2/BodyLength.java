package dev.courier.http.h2;

/**
 * Checks the DATA of one message against its {@code content-length} (RFC 9113 section 8.1.1: a
 * mismatch makes the message malformed, a stream error PROTOCOL_ERROR).
 *
 * <p>A response to HEAD or a 204/304 carries a {@code content-length} with no DATA; the caller
 * passes -1 for those.
 *
 * <pre>{@code
 * BodyLength check = new BodyLength(1, 5);
 * check.data(3); check.data(2);
 * check.end();   // fine; a third DATA byte or an end after 4 would throw
 * }</pre>
 */
public final class BodyLength {
  private final int streamId;
  private final long expected;
  private long received;

  /** A check for stream {@code streamId}; {@code expected} -1 when the length is not declared. */
  public BodyLength(int streamId, long expected) {
    this.streamId = streamId;
    this.expected = expected;
  }

  /** The DATA bytes counted so far (padding excluded). */
  public long received() {
    return received;
  }

  /** Counts a DATA frame's payload. */
  public void data(int length) {
    received += length;
    if (expected >= 0 && received > expected) {
      throw H2Exception.streamError(streamId, ErrorCode.PROTOCOL_ERROR,
          "stream " + streamId + ": more DATA than content-length " + expected);
    }
  }

  /** The end of the stream arrived. */
  public void end() {
    if (expected >= 0 && received != expected) {
      throw H2Exception.streamError(streamId, ErrorCode.PROTOCOL_ERROR,
          "stream " + streamId + ": " + received + " DATA bytes but content-length " + expected);
    }
  }
}

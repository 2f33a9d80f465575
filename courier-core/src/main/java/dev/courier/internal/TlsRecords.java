package dev.courier.internal;

/**
 * How much plaintext fills one TLS record as the JDK's engine makes them, for writers that want
 * each write to leave as whole records. Under TLS 1.3 the engine puts at most 16,367 bytes of data
 * in a record: it pads each with 16 zeros, and the data, its content type byte and the padding stay
 * within 2^14 (RFC 8446 section 5.2); under TLS 1.2 a record carries 16,384 (RFC 5246 section
 * 6.2.1), so {@link #PLAINTEXT} is one record under either. Every record costs the JDK's cipher a
 * set-up of its own (about 1.4 KB of allocation), a socket write and the peer's decryption: a body
 * cut at 16 KiB or 17 KiB left as a full record and a short one, twice the records it needed.
 *
 * <pre>{@code
 * int frame = TlsRecords.h2DataFrameSize(peerMaxFrameSize, true); // one DATA frame, one record
 * }</pre>
 */
public final class TlsRecords {
  /** The plaintext of one full record: a write of this much leaves as exactly one. */
  public static final int PLAINTEXT = 16_367;

  /**
   * The payload of an HTTP/2 DATA frame that, with its 9-byte header (RFC 9113 section 4.1), fills
   * one record; any size up to the peer's SETTINGS_MAX_FRAME_SIZE is allowed (section 4.2).
   */
  public static final int H2_DATA_PAYLOAD = PLAINTEXT - 9;

  private TlsRecords() {}

  /**
   * The most payload one HTTP/2 DATA frame should carry: the peer's {@code maxFrameSize}, and over
   * TLS at most {@link #H2_DATA_PAYLOAD}, so a frame written alone leaves as one record.
   */
  public static int h2DataFrameSize(int maxFrameSize, boolean overTls) {
    return overTls ? Math.min(maxFrameSize, H2_DATA_PAYLOAD) : maxFrameSize;
  }
}

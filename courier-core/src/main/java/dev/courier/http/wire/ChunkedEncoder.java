package dev.courier.http.wire;

/**
 * The byte format of the chunked transfer coding (RFC 9112, Section 7.1), written into a caller's
 * array so a hot path allocates nothing: the chunk-size line before each chunk's data, the CRLF
 * after it, and the last chunk. {@link Http1Writer} and the server's streaming bodies both frame
 * chunks with these methods; nothing else in Courier writes chunk syntax.
 *
 * <pre>{@code
 * byte[] buf = new byte[ChunkedEncoder.MAX_SIZE_LINE + data.length + ChunkedEncoder.DATA_END];
 * int at = ChunkedEncoder.writeSizeLine(data.length, buf, 0);   // "1f4\r\n"
 * System.arraycopy(data, 0, buf, at, data.length);
 * int end = ChunkedEncoder.writeDataEnd(buf, at + data.length); // "\r\n"
 * out.write(buf, 0, end);
 * // ... more chunks, then the end of the body without trailers: "0\r\n\r\n"
 * out.write(buf, 0, ChunkedEncoder.writeBodyEnd(buf, 0));
 * }</pre>
 */
public final class ChunkedEncoder {
  private ChunkedEncoder() {}

  /** The longest chunk-size line written: 8 hex digits (a chunk of up to 2^31-1 bytes) and CRLF. */
  public static final int MAX_SIZE_LINE = 10;
  /** The bytes after a chunk's data: CRLF. */
  public static final int DATA_END = 2;
  /** The bytes of {@link #writeBodyEnd}: the last chunk and an empty trailer section. */
  public static final int BODY_END = 5;

  private static final byte[] HEX_DIGITS = {
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'
  };

  /**
   * The length of the chunk-size line for a chunk of {@code size} bytes: its hex digits and CRLF.
   *
   * @throws IllegalArgumentException when {@code size} is not positive (a zero size is the last
   *     chunk, see {@link #writeLastChunk})
   */
  public static int sizeLineLength(int size) {
    if (size <= 0) throw new IllegalArgumentException("chunk size must be positive: " + size);
    return hexDigits(size) + 2;
  }

  /**
   * Writes the chunk-size line {@code 1*HEXDIG CRLF} for a chunk of {@code size} bytes at {@code
   * dst[at]}, in lower-case hex without leading zeros and without chunk extensions.
   *
   * @return the index after the line ({@code at + sizeLineLength(size)})
   * @throws IllegalArgumentException when {@code size} is not positive
   * @throws IndexOutOfBoundsException when the line does not fit
   */
  public static int writeSizeLine(int size, byte[] dst, int at) {
    int digits = sizeLineLength(size) - 2;
    java.util.Objects.checkFromIndexSize(at, digits + 2, dst.length);
    for (int i = digits - 1; i >= 0; i--) dst[at++] = HEX_DIGITS[(size >>> (i * 4)) & 0xf];
    dst[at++] = '\r';
    dst[at++] = '\n';
    return at;
  }

  /** Writes the CRLF that ends a chunk's data at {@code dst[at]}; returns the index after it. */
  public static int writeDataEnd(byte[] dst, int at) {
    java.util.Objects.checkFromIndexSize(at, DATA_END, dst.length);
    dst[at] = '\r';
    dst[at + 1] = '\n';
    return at + DATA_END;
  }

  /**
   * Writes the last chunk {@code 0 CRLF} at {@code dst[at]}: the trailer fields follow it, then the
   * CRLF that ends the trailer section, as after a header section.
   *
   * @return the index after it
   */
  public static int writeLastChunk(byte[] dst, int at) {
    java.util.Objects.checkFromIndexSize(at, 3, dst.length);
    dst[at] = '0';
    dst[at + 1] = '\r';
    dst[at + 2] = '\n';
    return at + 3;
  }

  /**
   * Writes the end of a chunked body without trailers, {@code 0 CRLF CRLF} ({@value #BODY_END}
   * bytes), at {@code dst[at]}.
   *
   * @return the index after it
   */
  public static int writeBodyEnd(byte[] dst, int at) {
    java.util.Objects.checkFromIndexSize(at, BODY_END, dst.length);
    return writeDataEnd(dst, writeLastChunk(dst, at));
  }

  private static int hexDigits(int value) {
    return Math.max(1, (35 - Integer.numberOfLeadingZeros(value)) / 4);
  }
}

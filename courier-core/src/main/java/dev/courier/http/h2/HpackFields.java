package dev.courier.http.h2;

import java.util.List;

/**
 * One connection's HPACK contexts (RFC 7541) in the shape its connection wants them: a field
 * block decoded into a flat list of names and values, or a flat list encoded into a block.
 *
 * <p>Decoding always consumes the whole block, even past the field section limit, so the dynamic
 * table stays in step with the peer's encoder (RFC 7541 section 2.2); a block over the limit
 * decodes to null after that (the connection answers 431 or resets the stream).
 *
 * <p>Not thread-safe: the decoder belongs to the reading thread, the encoder to whoever holds the
 * connection's write lock (blocks must leave in the order they were encoded).
 *
 * <pre>{@code
 * HpackFields hpack = new HpackFields(64 * 1024);
 * byte[] block = hpack.encode(List.of(":status", "200", "content-type", "text/plain"));
 * }</pre>
 */
public final class HpackFields {
  private final int maxListSize;

  /** Contexts that refuse a decoded field section over {@code maxListSize} (RFC 9113 section 6.5.2 size). */
  public HpackFields(int maxListSize) {
    this.maxListSize = maxListSize;
  }

  /**
   * The fields of {@code block} as name, value, name, value...; null when over the size limit.
   *
   * @throws H2Exception a connection COMPRESSION_ERROR when the block cannot be decoded
   */
  public List<String> decode(byte[] block) {
    throw new UnsupportedOperationException("HPACK pending");
  }

  /** The block for {@code namesAndValues} (names in lower case). */
  public byte[] encode(List<String> namesAndValues) {
    throw new UnsupportedOperationException("HPACK pending");
  }

  /** The peer's SETTINGS_HEADER_TABLE_SIZE changed: the encoder's table must fit it (RFC 7541 section 4.2). */
  public void encoderTableSize(int size) {
  }
}

package dev.courier.http.h2;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decodes HPACK field blocks (RFC 7541) into header lists. One decoder per connection and
 * direction: its dynamic table follows the peer's encoder block by block, so every block must be
 * decoded, in order, even for a stream that is being reset (RFC 9113 §4.3).
 *
 * <p>Theory of operation. A block is a sequence of representations (§6): an indexed field, a
 * literal with or without indexing, a never-indexed literal, or a dynamic table size update; the
 * first octet's high bits say which. Size updates may only open a block (§4.2) and may not exceed
 * our SETTINGS_HEADER_TABLE_SIZE (§6.3); when we lowered it, the first block after must begin with
 * one. Integers (§5.1) are capped at 2^31-1 and 5 continuation octets, so that a long run of
 * 0x80s cannot overflow. Strings (§5.2) are raw or Huffman. Every malformation is a connection
 * error COMPRESSION_ERROR: the table can no longer be trusted.
 *
 * <p>The header list size (RFC 9113 §6.5.2: name + value + 32 per field) is counted as fields are
 * decoded. Past {@code maxHeaderListSize} the decoder keeps decoding, to keep the table in step,
 * but stops collecting fields, and ends with {@link HeaderListTooLargeException}: an HPACK bomb (a
 * few octets indexing a large entry many times) costs at most the block's length in work and no
 * memory.
 *
 * <p>Not thread-safe.
 *
 * <pre>{@code
 * HpackDecoder decoder = new HpackDecoder(4096, 64 * 1024);
 * List<HeaderField> fields = decoder.decode(block, 0, block.length);
 * }</pre>
 */
public final class HpackDecoder {
  /** The header list limit of {@link #HpackDecoder()}: 64 KiB, like common servers' defaults. */
  public static final long DEFAULT_MAX_HEADER_LIST_SIZE = 64 * 1024;

  private static final int MAX_INT_OCTETS = 5;

  private final DynamicTable table;
  private final long maxHeaderListSize;
  /** Our SETTINGS_HEADER_TABLE_SIZE as the peer has acknowledged it: the ceiling for updates. */
  private int settingLimit;
  /** When we lowered the limit below the table's size: the next block must open with an update. */
  private boolean updateRequired;

  private byte[] buf;
  /** Where Huffman strings are decoded before they become strings: one copy, no char[] between. */
  private byte[] scratch = new byte[64];
  private final RecentFields recent = new RecentFields();
  private int pos;
  private int end;

  /** A decoder with the initial table size of 4,096 and {@link #DEFAULT_MAX_HEADER_LIST_SIZE}. */
  public HpackDecoder() {
    this(4096, DEFAULT_MAX_HEADER_LIST_SIZE);
  }

  /**
   * A decoder whose table may grow to {@code maxTableSize} (our SETTINGS_HEADER_TABLE_SIZE) and
   * which refuses header lists larger than {@code maxHeaderListSize}.
   */
  public HpackDecoder(int maxTableSize, long maxHeaderListSize) {
    if (maxTableSize < 0) throw new IllegalArgumentException("negative table size " + maxTableSize);
    if (maxHeaderListSize < 0) throw new IllegalArgumentException("negative header list size " + maxHeaderListSize);
    this.table = new DynamicTable(maxTableSize);
    this.settingLimit = maxTableSize;
    this.maxHeaderListSize = maxHeaderListSize;
  }

  /**
   * Our SETTINGS_HEADER_TABLE_SIZE changed and the peer acknowledged it (RFC 9113 §6.5.3): size
   * updates above it are errors from now on; if it is below the table's current maximum, the
   * peer's next block must begin with an update that honours it (RFC 7541 §4.2).
   */
  public void maxTableSize(int settingValue) {
    if (settingValue < 0) throw new IllegalArgumentException("negative table size " + settingValue);
    settingLimit = settingValue;
    if (settingValue < table.maxSize()) updateRequired = true;
  }

  /**
   * The header list of one complete field block (all its HEADERS/PUSH_PROMISE and CONTINUATION
   * fragments joined).
   *
   * @throws H2Exception a connection error COMPRESSION_ERROR for a malformed block
   * @throws HeaderListTooLargeException when the list passed the limit; the table is intact
   */
  public List<HeaderField> decode(byte[] block, int off, int len) {
    Objects.checkFromIndexSize(off, len, block.length);
    buf = block;
    pos = off;
    end = off + len;
    try {
      return decodeBlock();
    } finally {
      buf = null;
    }
  }

  private List<HeaderField> decodeBlock() {
    List<HeaderField> fields = new ArrayList<>();
    long listSize = 0;
    boolean tooLarge = false;
    boolean opening = true;
    while (pos < end) {
      int first = buf[pos] & 0xff;
      if ((first & 0xe0) == 0x20) {
        // §6.3: dynamic table size update, only before the first field (§4.2).
        if (!opening) throw error("dynamic table size update after a field");
        int size = readInt(5);
        if (size > settingLimit) {
          throw error("dynamic table size update to " + size + " above the limit " + settingLimit);
        }
        table.maxSize(size);
        updateRequired = false;
        continue;
      }
      if (opening && updateRequired) {
        throw error("the block must begin with a table size update to at most " + settingLimit);
      }
      opening = false;
      HeaderField field;
      if ((first & 0x80) != 0) {
        // §6.1: indexed field.
        field = lookup(readInt(7));
      } else if ((first & 0x40) != 0) {
        // §6.2.1: literal with incremental indexing.
        field = literal(6, false);
        table.add(field);
      } else {
        // §6.2.2 (0000xxxx) without indexing, §6.2.3 (0001xxxx) never indexed.
        field = literal(4, (first & 0x10) != 0);
      }
      listSize += field.size();
      if (listSize > maxHeaderListSize) tooLarge = true;
      if (!tooLarge) fields.add(field);
    }
    if (opening && updateRequired) {
      throw error("the block must begin with a table size update to at most " + settingLimit);
    }
    if (tooLarge) throw new HeaderListTooLargeException(maxHeaderListSize);
    return fields;
  }

  private HeaderField literal(int prefix, boolean sensitive) {
    int start = pos;
    int nameIndex = readInt(prefix);
    if (nameIndex > StaticTable.LENGTH) {
      // A dynamic entry's name: which name the index means moves with the table.
      return new HeaderField(lookup(nameIndex).name(), readString(), sensitive);
    }
    // A literal or static name: the same octets are the same field (see RecentFields).
    int nameStart = pos;
    if (nameIndex == 0) pos = stringEnd();
    int fieldEnd = stringEnd();
    boolean cacheable = fieldEnd - start <= RecentFields.MAX_OCTETS;
    HeaderField known = cacheable ? recent.get(buf, start, fieldEnd) : null;
    if (known != null) {
      pos = fieldEnd;
      return known;
    }
    pos = nameStart;
    String name = nameIndex == 0 ? readString() : StaticTable.get(nameIndex).name();
    HeaderField field = new HeaderField(name, readString(), sensitive);
    if (cacheable) recent.put(buf, start, fieldEnd, field);
    return field;
  }

  private HeaderField lookup(int index) {
    if (index == 0) throw error("index 0");
    if (index <= StaticTable.LENGTH) return StaticTable.get(index);
    int i = index - StaticTable.LENGTH - 1;
    if (i >= table.length()) throw error("index " + index + " beyond the dynamic table (" + table.length() + " entries)");
    return table.get(i);
  }

  /** §5.1: an integer with an N-bit prefix, capped at 2^31-1. */
  private int readInt(int prefix) {
    int max = (1 << prefix) - 1;
    int value = buf[pos++] & max;
    if (value < max) return value;
    long acc = value;
    for (int i = 0, shift = 0; ; i++, shift += 7) {
      if (pos >= end) throw error("truncated integer");
      if (i == MAX_INT_OCTETS) throw error("integer too long");
      int octet = buf[pos++] & 0xff;
      acc += (long) (octet & 0x7f) << shift;
      if (acc > Integer.MAX_VALUE) throw error("integer above 2^31-1");
      if ((octet & 0x80) == 0) return (int) acc;
    }
  }

  /** §5.2: a string literal, raw or Huffman. */
  private String readString() {
    boolean huffman = pos < end && (buf[pos] & 0x80) != 0;
    int to = stringEnd();
    int from = pos;
    pos = to;
    if (!huffman) return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    int most = Huffman.maxDecodedLength(to - from);
    if (scratch.length < most) scratch = new byte[Math.max(most, 2 * scratch.length)];
    return new String(scratch, 0, Huffman.decode(buf, from, to - from, scratch), StandardCharsets.ISO_8859_1);
  }

  /** §5.2: reads a string literal's length, leaving {@link #pos} at its first octet; returns where it ends. */
  private int stringEnd() {
    if (pos >= end) throw error("truncated block: a string is missing");
    int length = readInt(7);
    if (length > end - pos) throw error("string of " + length + " octets beyond the block");
    return pos + length;
  }

  private static H2Exception error(String message) {
    return H2Exception.connectionError(ErrorCode.COMPRESSION_ERROR, message);
  }

  // ---- for tests: the dynamic table as RFC 7541 Appendix C prints it ----

  /** The dynamic table's entries, newest first. */
  List<HeaderField> dynamicTable() {
    List<HeaderField> entries = new ArrayList<>();
    for (int i = 0; i < table.length(); i++) entries.add(table.get(i));
    return entries;
  }

  /** The dynamic table's size in §4.1 octets. */
  int dynamicTableSize() {
    return table.size();
  }
}

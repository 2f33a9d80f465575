package dev.courier.http.h2;

import java.util.List;

/**
 * Encodes header lists as HPACK field blocks (RFC 7541). One encoder per connection and
 * direction, mirroring the peer's decoder: blocks must be sent in the order they were encoded.
 *
 * <p>Choices, per field: an exact match in the static or dynamic table is sent as an index (§6.1);
 * otherwise a literal, its name indexed when a table has it, with incremental indexing (§6.2.1)
 * when the entry fits in three quarters of the table. Strings are Huffman-coded unless that is
 * longer (§5.2).
 *
 * <p>Sensitive fields are never-indexed literals (§6.2.3, §7.1.3), so that neither we nor any
 * intermediary put them in a table where a compression side channel (CRIME-like probing) could
 * guess them: fields marked {@link HeaderField#sensitive()}, {@code authorization}, {@code
 * proxy-authorization}, {@code set-cookie}, and {@code cookie} values shorter than 20 octets. A
 * longer cookie is indexed: HPACK only ever matches a whole value, so probing must guess all of
 * it, which for 20 or more octets of session token is out of reach (§7.1.3), while re-sending it
 * in full on every request costs real bytes. Short cookies ({@code lang=en}) are guessable and
 * stay out of the table.
 *
 * <p>When the peer's SETTINGS_HEADER_TABLE_SIZE changes, the next block opens with the size
 * update(s) §4.2 requires: the smallest size reached since the last block first, then the final.
 *
 * <p>Not thread-safe.
 *
 * <pre>{@code
 * HpackEncoder encoder = new HpackEncoder();
 * byte[] block = encoder.encode(List.of(new HeaderField(":status", "200")));
 * writer.writeHeaders(streamId, block, 0, block.length, false);
 * }</pre>
 */
public final class HpackEncoder {
  /** Names whose values never enter a table (RFC 7541 §7.1.3). */
  private static final List<String> NEVER_INDEXED = List.of("authorization", "proxy-authorization", "set-cookie");
  /** Cookies shorter than this are guessable whole and so never indexed. */
  static final int SHORT_COOKIE = 20;

  private final DynamicTable table;
  private final int cap;
  private final ByteSink out = new ByteSink();
  private boolean huffman = true;
  /** The smallest table size set since the last block, or -1 when no update is pending. */
  private int pendingMin = -1;

  /** An encoder using at most the initial table size of 4,096 octets. */
  public HpackEncoder() {
    this(4096);
  }

  /**
   * An encoder whose dynamic table never exceeds {@code maxTableSize} octets, even if the peer
   * allows more (our memory, our choice); it starts at min(4096, cap), the size the peer's decoder
   * assumes until told otherwise.
   */
  public HpackEncoder(int maxTableSize) {
    if (maxTableSize < 0) throw new IllegalArgumentException("negative table size " + maxTableSize);
    this.cap = maxTableSize;
    this.table = new DynamicTable(4096);
    if (maxTableSize < 4096) peerMaxTableSize(4096);
  }

  /** Turns Huffman coding off (for tests and comparison): literals are sent raw. */
  public HpackEncoder huffman(boolean enabled) {
    this.huffman = enabled;
    return this;
  }

  /**
   * The peer's SETTINGS_HEADER_TABLE_SIZE (RFC 9113 §6.5.2): the table becomes min(setting, our
   * cap), announced at the start of the next block (RFC 7541 §4.2, §6.3).
   */
  public void peerMaxTableSize(long settingValue) {
    if (settingValue < 0) throw new IllegalArgumentException("negative table size " + settingValue);
    int size = (int) Math.min(settingValue, cap);
    if (size == table.maxSize() && pendingMin < 0) return;
    pendingMin = pendingMin < 0 ? size : Math.min(pendingMin, size);
    table.maxSize(size);
  }

  /** The field block for {@code fields}, in order. */
  public byte[] encode(List<HeaderField> fields) {
    out.clear();
    if (pendingMin >= 0) {
      if (pendingMin < table.maxSize()) writeInt(0x20, 5, pendingMin);
      writeInt(0x20, 5, table.maxSize());
      pendingMin = -1;
    }
    for (HeaderField f : fields) field(f);
    return out.toByteArray();
  }

  private void field(HeaderField f) {
    String name = f.name();
    String value = f.value();
    boolean sensitive = f.sensitive() || isSensitive(name, value);
    int nameIndex;
    if (!sensitive) {
      int exact = indexOf(name, value);
      if (exact > 0) {
        writeInt(0x80, 7, exact);
        return;
      }
    }
    nameIndex = indexOfName(name);
    if (sensitive) {
      writeInt(0x10, 4, nameIndex);
    } else if (f.size() <= table.maxSize() / 4 * 3) {
      writeInt(0x40, 6, nameIndex);
      table.add(f);
    } else {
      writeInt(0x00, 4, nameIndex);
    }
    if (nameIndex == 0) writeString(name);
    writeString(value);
  }

  private static boolean isSensitive(String name, String value) {
    // HTTP/2 names are lower case (RFC 9113 §8.2.1), but compare without case: never index by accident.
    for (String never : NEVER_INDEXED) if (never.equalsIgnoreCase(name)) return true;
    return "cookie".equalsIgnoreCase(name) && value.length() < SHORT_COOKIE;
  }

  private int indexOf(String name, String value) {
    int i = StaticTable.indexOf(name, value);
    if (i > 0) return i;
    for (int d = 0; d < table.length(); d++) {
      HeaderField e = table.get(d);
      if (e.name().equals(name) && e.value().equals(value)) return StaticTable.LENGTH + 1 + d;
    }
    return 0;
  }

  private int indexOfName(String name) {
    int i = StaticTable.indexOfName(name);
    if (i > 0) return i;
    for (int d = 0; d < table.length(); d++) {
      if (table.get(d).name().equals(name)) return StaticTable.LENGTH + 1 + d;
    }
    return 0;
  }

  /** §5.1: {@code value} with an N-bit prefix after the pattern bits {@code mask}. */
  private void writeInt(int mask, int prefix, int value) {
    int max = (1 << prefix) - 1;
    if (value < max) {
      out.put(mask | value);
      return;
    }
    out.put(mask | max);
    value -= max;
    while (value >= 0x80) {
      out.put((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out.put(value);
  }

  /** §5.2: a string, Huffman-coded unless that would be longer (as the RFC's examples do). */
  private void writeString(String s) {
    if (huffman) {
      int coded = Huffman.encodedLength(s);
      if (coded <= s.length()) {
        writeInt(0x80, 7, coded);
        Huffman.encode(s, out);
        return;
      }
    }
    writeInt(0x00, 7, s.length());
    out.put(s);
  }

  /** The dynamic table's entries, newest first (tests). */
  List<HeaderField> dynamicTable() {
    java.util.ArrayList<HeaderField> entries = new java.util.ArrayList<>();
    for (int i = 0; i < table.length(); i++) entries.add(table.get(i));
    return entries;
  }
}

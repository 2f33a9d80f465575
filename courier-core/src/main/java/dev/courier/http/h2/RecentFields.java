package dev.courier.http.h2;

import java.util.Arrays;

/**
 * The fields one {@link HpackDecoder} decoded lately from literals that carry their name or name
 * a static table entry, by the literal's octets. Servers send most response fields so on every
 * response ({@code content-type}, {@code server}, {@code etag}, {@code last-modified}, even {@code date}
 * for a second), often with incremental indexing but never referring to the entry again: the
 * same octets then decode to the same field, which is handed out again without a Huffman decode
 * or a new string.
 *
 * <p>Literals naming a dynamic table entry are not kept: the index means another name as the
 * table moves, a static one never does (RFC 7541 §2.3.1). The first octet is part of the key, so
 * a never-indexed literal (§6.2.3) is never confused with another. Direct-mapped, a few dozen
 * short entries: bounded memory. Not thread-safe, like its decoder.
 */
final class RecentFields {
  /** Literals longer than this are decoded each time: they are rarely repeated, and memory stays small. */
  static final int MAX_OCTETS = 96;
  private static final int SLOTS = 32; // a power of two

  private final byte[][] keys = new byte[SLOTS][];
  private final HeaderField[] fields = new HeaderField[SLOTS];

  /** The field decoded before from {@code b[from..to)}, or null. */
  HeaderField get(byte[] b, int from, int to) {
    int slot = slot(b, from, to);
    byte[] key = keys[slot];
    return key != null && Arrays.equals(key, 0, key.length, b, from, to) ? fields[slot] : null;
  }

  /** Remembers that {@code b[from..to)} decoded to {@code field}, in place of what its slot held. */
  void put(byte[] b, int from, int to, HeaderField field) {
    int slot = slot(b, from, to);
    keys[slot] = Arrays.copyOfRange(b, from, to);
    fields[slot] = field;
  }

  private static int slot(byte[] b, int from, int to) {
    int h = 1;
    for (int i = from; i < to; i++) h = 31 * h + b[i];
    return (h ^ h >>> 16) & (SLOTS - 1);
  }
}

package dev.courier.http.h2;

/**
 * The static Huffman code of RFC 7541 Appendix B, both ways (§5.2). Strings are octets carried
 * as ISO-8859-1 characters.
 *
 * <p>Decoding runs a state machine, four bits at a time, whose states are the inner nodes of the
 * code's binary tree; both are built from the code table at class initialisation. It rejects
 * what §5.2 forbids: the EOS symbol inside a string, padding longer than 7 bits, and padding that
 * is not the most significant bits of EOS (all ones). Each is a COMPRESSION_ERROR.
 */
final class Huffman {
  /**
   * RFC 7541 Appendix B as data: for symbol {@code s}, the code (aligned to the least significant
   * bit) at {@code [2s]} and its length in bits at {@code [2s+1]}; symbol 256 is EOS.
   */
  private static final long[] CODES = {
      0x1ff8, 13, 0x7fffd8, 23, 0xfffffe2, 28, 0xfffffe3, 28, 0xfffffe4, 28, 0xfffffe5, 28,
      0xfffffe6, 28, 0xfffffe7, 28, 0xfffffe8, 28, 0xffffea, 24, 0x3ffffffc, 30, 0xfffffe9, 28,
      0xfffffea, 28, 0x3ffffffd, 30, 0xfffffeb, 28, 0xfffffec, 28, 0xfffffed, 28, 0xfffffee, 28,
      0xfffffef, 28, 0xffffff0, 28, 0xffffff1, 28, 0xffffff2, 28, 0x3ffffffe, 30, 0xffffff3, 28,
      0xffffff4, 28, 0xffffff5, 28, 0xffffff6, 28, 0xffffff7, 28, 0xffffff8, 28, 0xffffff9, 28,
      0xffffffa, 28, 0xffffffb, 28, 0x14, 6, 0x3f8, 10, 0x3f9, 10, 0xffa, 12,
      0x1ff9, 13, 0x15, 6, 0xf8, 8, 0x7fa, 11, 0x3fa, 10, 0x3fb, 10,
      0xf9, 8, 0x7fb, 11, 0xfa, 8, 0x16, 6, 0x17, 6, 0x18, 6,
      0x0, 5, 0x1, 5, 0x2, 5, 0x19, 6, 0x1a, 6, 0x1b, 6,
      0x1c, 6, 0x1d, 6, 0x1e, 6, 0x1f, 6, 0x5c, 7, 0xfb, 8,
      0x7ffc, 15, 0x20, 6, 0xffb, 12, 0x3fc, 10, 0x1ffa, 13, 0x21, 6,
      0x5d, 7, 0x5e, 7, 0x5f, 7, 0x60, 7, 0x61, 7, 0x62, 7,
      0x63, 7, 0x64, 7, 0x65, 7, 0x66, 7, 0x67, 7, 0x68, 7,
      0x69, 7, 0x6a, 7, 0x6b, 7, 0x6c, 7, 0x6d, 7, 0x6e, 7,
      0x6f, 7, 0x70, 7, 0x71, 7, 0x72, 7, 0xfc, 8, 0x73, 7,
      0xfd, 8, 0x1ffb, 13, 0x7fff0, 19, 0x1ffc, 13, 0x3ffc, 14, 0x22, 6,
      0x7ffd, 15, 0x3, 5, 0x23, 6, 0x4, 5, 0x24, 6, 0x5, 5,
      0x25, 6, 0x26, 6, 0x27, 6, 0x6, 5, 0x74, 7, 0x75, 7,
      0x28, 6, 0x29, 6, 0x2a, 6, 0x7, 5, 0x2b, 6, 0x76, 7,
      0x2c, 6, 0x8, 5, 0x9, 5, 0x2d, 6, 0x77, 7, 0x78, 7,
      0x79, 7, 0x7a, 7, 0x7b, 7, 0x7ffe, 15, 0x7fc, 11, 0x3ffd, 14,
      0x1ffd, 13, 0xffffffc, 28, 0xfffe6, 20, 0x3fffd2, 22, 0xfffe7, 20, 0xfffe8, 20,
      0x3fffd3, 22, 0x3fffd4, 22, 0x3fffd5, 22, 0x7fffd9, 23, 0x3fffd6, 22, 0x7fffda, 23,
      0x7fffdb, 23, 0x7fffdc, 23, 0x7fffdd, 23, 0x7fffde, 23, 0xffffeb, 24, 0x7fffdf, 23,
      0xffffec, 24, 0xffffed, 24, 0x3fffd7, 22, 0x7fffe0, 23, 0xffffee, 24, 0x7fffe1, 23,
      0x7fffe2, 23, 0x7fffe3, 23, 0x7fffe4, 23, 0x1fffdc, 21, 0x3fffd8, 22, 0x7fffe5, 23,
      0x3fffd9, 22, 0x7fffe6, 23, 0x7fffe7, 23, 0xffffef, 24, 0x3fffda, 22, 0x1fffdd, 21,
      0xfffe9, 20, 0x3fffdb, 22, 0x3fffdc, 22, 0x7fffe8, 23, 0x7fffe9, 23, 0x1fffde, 21,
      0x7fffea, 23, 0x3fffdd, 22, 0x3fffde, 22, 0xfffff0, 24, 0x1fffdf, 21, 0x3fffdf, 22,
      0x7fffeb, 23, 0x7fffec, 23, 0x1fffe0, 21, 0x1fffe1, 21, 0x3fffe0, 22, 0x1fffe2, 21,
      0x7fffed, 23, 0x3fffe1, 22, 0x7fffee, 23, 0x7fffef, 23, 0xfffea, 20, 0x3fffe2, 22,
      0x3fffe3, 22, 0x3fffe4, 22, 0x7ffff0, 23, 0x3fffe5, 22, 0x3fffe6, 22, 0x7ffff1, 23,
      0x3ffffe0, 26, 0x3ffffe1, 26, 0xfffeb, 20, 0x7fff1, 19, 0x3fffe7, 22, 0x7ffff2, 23,
      0x3fffe8, 22, 0x1ffffec, 25, 0x3ffffe2, 26, 0x3ffffe3, 26, 0x3ffffe4, 26, 0x7ffffde, 27,
      0x7ffffdf, 27, 0x3ffffe5, 26, 0xfffff1, 24, 0x1ffffed, 25, 0x7fff2, 19, 0x1fffe3, 21,
      0x3ffffe6, 26, 0x7ffffe0, 27, 0x7ffffe1, 27, 0x3ffffe7, 26, 0x7ffffe2, 27, 0xfffff2, 24,
      0x1fffe4, 21, 0x1fffe5, 21, 0x3ffffe8, 26, 0x3ffffe9, 26, 0xffffffd, 28, 0x7ffffe3, 27,
      0x7ffffe4, 27, 0x7ffffe5, 27, 0xfffec, 20, 0xfffff3, 24, 0xfffed, 20, 0x1fffe6, 21,
      0x3fffe9, 22, 0x1fffe7, 21, 0x1fffe8, 21, 0x7ffff3, 23, 0x3fffea, 22, 0x3fffeb, 22,
      0x1ffffee, 25, 0x1ffffef, 25, 0xfffff4, 24, 0xfffff5, 24, 0x3ffffea, 26, 0x7ffff4, 23,
      0x3ffffeb, 26, 0x7ffffe6, 27, 0x3ffffec, 26, 0x3ffffed, 26, 0x7ffffe7, 27, 0x7ffffe8, 27,
      0x7ffffe9, 27, 0x7ffffea, 27, 0x7ffffeb, 27, 0xffffffe, 28, 0x7ffffec, 27, 0x7ffffed, 27,
      0x7ffffee, 27, 0x7ffffef, 27, 0x7fffff0, 27, 0x3ffffee, 26, 0x3fffffff, 30
  };

  private static final int EOS = 256;

  /**
   * Tree nodes: children at [2n] (bit 0) and [2n+1] (bit 1); a leaf is -1 - symbol; 0 is "none".
   * The 257 leaves hang from 256 inner nodes, numbered 0 (the root) to 255.
   */
  private static final int[] TREE = new int[2 * 256];

  /** Per inner node: how many bits lead to it from the root, and whether they are all ones. */
  private static final int[] DEPTH = new int[256];
  private static final boolean[] ONES = new boolean[256];

  /**
   * The decoder's state machine, four bits at a time: for inner node {@code n} and nibble
   * {@code x}, {@code STEP[16n + x]} holds the node reached (bits 0-7), whether a symbol was
   * completed on the way (bit 8; the shortest code is 5 bits, so at most one per nibble) and which
   * (bits 9-16), and whether the way crossed EOS (bit 17). A bit at a time cost about four times
   * as much per octet.
   */
  private static final int[] STEP = new int[256 * 16];

  private static final int EMITS = 1 << 8;
  private static final int SYMBOL_SHIFT = 9;
  private static final int CROSSES_EOS = 1 << 17;

  static {
    buildTree();
    buildSteps();
  }

  private Huffman() {}

  private static void buildTree() {
    int nodes = 1; // node 0 is the root
    ONES[0] = true;
    for (int sym = 0; sym <= EOS; sym++) {
      long code = CODES[2 * sym];
      int length = (int) CODES[2 * sym + 1];
      int node = 0;
      for (int i = length - 1; i > 0; i--) {
        int bit = (int) ((code >>> i) & 1);
        int slot = 2 * node + bit;
        if (TREE[slot] == 0) {
          int child = nodes++;
          TREE[slot] = child;
          DEPTH[child] = DEPTH[node] + 1;
          ONES[child] = ONES[node] && bit == 1;
        }
        node = TREE[slot];
      }
      TREE[2 * node + (int) (code & 1)] = -1 - sym;
    }
  }

  private static void buildSteps() {
    for (int start = 0; start < 256; start++) {
      for (int nibble = 0; nibble < 16; nibble++) {
        int node = start;
        int step = 0;
        for (int shift = 3; shift >= 0; shift--) {
          int next = TREE[2 * node + ((nibble >>> shift) & 1)];
          if (next >= 0) {
            node = next;
            continue;
          }
          int sym = -1 - next;
          step |= sym == EOS ? CROSSES_EOS : EMITS | sym << SYMBOL_SHIFT;
          node = 0;
        }
        STEP[16 * start + nibble] = step | node;
      }
    }
  }

  /** The encoded length in octets of {@code s}. */
  static int encodedLength(String s) {
    long bits = 0;
    for (int i = 0; i < s.length(); i++) bits += CODES[2 * (s.charAt(i) & 0xff) + 1];
    return (int) ((bits + 7) >>> 3);
  }

  /** Appends the code of {@code s}, padded with the high bits of EOS (ones) to an octet. */
  static void encode(String s, ByteSink out) {
    long acc = 0;
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      int sym = s.charAt(i) & 0xff;
      int length = (int) CODES[2 * sym + 1];
      acc = acc << length | CODES[2 * sym];
      n += length;
      while (n >= 8) {
        n -= 8;
        out.put((int) (acc >>> n));
      }
      acc &= (1L << n) - 1;
    }
    if (n > 0) out.put((int) (acc << (8 - n) | (0xff >>> n)));
  }

  /**
   * Decodes {@code len} octets of {@code b} from {@code off} into {@code out} (at least
   * {@link #maxDecodedLength} long) and returns how many octets it wrote; a malformed string is a
   * COMPRESSION_ERROR.
   */
  static int decode(byte[] b, int off, int len, byte[] out) {
    int count = 0;
    int node = 0;
    for (int i = off; i < off + len; i++) {
      int octet = b[i] & 0xff;
      int step = STEP[16 * node + (octet >>> 4)];
      if ((step & EMITS) != 0) out[count++] = (byte) (step >>> SYMBOL_SHIFT);
      int low = STEP[16 * (step & 0xff) + (octet & 0xf)];
      if (((step | low) & CROSSES_EOS) != 0) throw error("EOS symbol inside a Huffman string");
      if ((low & EMITS) != 0) out[count++] = (byte) (low >>> SYMBOL_SHIFT);
      node = low & 0xff;
    }
    // §5.2: padding longer than 7 bits, or not the most significant bits of EOS, is an error.
    if (DEPTH[node] > 7) throw error("Huffman padding longer than 7 bits");
    if (!ONES[node]) throw error("Huffman padding not all ones");
    return count;
  }

  /** The most octets {@code len} Huffman-coded octets can decode to: the shortest code is 5 bits. */
  static int maxDecodedLength(int len) {
    return (int) ((len * 8L) / 5);
  }

  private static H2Exception error(String message) {
    return H2Exception.connectionError(ErrorCode.COMPRESSION_ERROR, message);
  }
}

package dev.courier.http.wire;

import dev.courier.http.FieldSyntax;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Byte classes of the HTTP/1.1 grammar as lookup tables, and small byte helpers for the codec.
 * tchar and the description of a bad character come from {@link FieldSyntax}, shared by every layer.
 */
final class Syntax {
  /** Bytes allowed in a request-target: visible ASCII (RFC 9112, Section 3.2; RFC 3986). */
  static final boolean[] TARGET = new boolean[256];
  /** Value of a HEXDIG, or -1 (RFC 5234, Appendix B.1: case-insensitive). */
  static final byte[] HEX = new byte[256];

  static {
    for (int c = 0x21; c < 0x7f; c++) TARGET[c] = true;
    java.util.Arrays.fill(HEX, (byte) -1);
    for (int c = '0'; c <= '9'; c++) HEX[c] = (byte) (c - '0');
    for (int c = 'a'; c <= 'f'; c++) HEX[c] = (byte) (c - 'a' + 10);
    for (int c = 'A'; c <= 'F'; c++) HEX[c] = (byte) (c - 'A' + 10);
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long LFS = 0x0a0a0a0a0a0a0a0aL;

  private Syntax() {}

  /**
   * The index of the first LF in {@code bytes[from, to)}, or -1. Reads eight bytes at a time: a
   * byte of {@code word ^ LFS} is zero exactly where the word has an LF, and {@code (x - ONES) &
   * ~x & HIGHS} marks the lowest zero byte correctly (borrows only disturb bytes above it).
   */
  private static final long SPACES = 0x2020202020202020L;
  private static final long DELS = 0x7f7f7f7f7f7f7f7fL;

  /**
   * The index of the first byte in {@code bytes[from, to)} that may not appear in a field value
   * (a control other than HTAB, or DEL; RFC 9110, Section 5.5), or -1. Eight bytes at a time:
   * {@code (w - 0x20..) & ~w & HIGHS} is non-zero when some byte is below 0x20, and the same test
   * on {@code w ^ DELS} finds 0x7f; a word that trips either (HTAB does) is checked byte by byte.
   */
  static int indexOfNonFieldValue(byte[] bytes, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long w = (long) LONGS.get(bytes, i);
      long d = w ^ DELS;
      long suspects = (((w - SPACES) & ~w) | ((d - ONES) & ~d)) & HIGHS;
      if (suspects == 0) continue;
      for (int j = i; j < i + 8; j++) {
        if (!FieldSyntax.isFieldValueChar(bytes[j] & 0xff)) return j;
      }
    }
    for (; i < to; i++) {
      if (!FieldSyntax.isFieldValueChar(bytes[i] & 0xff)) return i;
    }
    return -1;
  }

  static int indexOfLf(byte[] bytes, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long x = (long) LONGS.get(bytes, i) ^ LFS;
      long zeros = (x - ONES) & ~x & HIGHS;
      if (zeros != 0) return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
    }
    for (; i < to; i++) {
      if (bytes[i] == '\n') return i;
    }
    return -1;
  }

  static String latin1(byte[] bytes, int start, int end) {
    return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
  }

  /** True when {@code s} equals {@code bytes[start, end)} exactly. */
  static boolean matches(String s, byte[] bytes, int start, int end) {
    if (s.length() != end - start) return false;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) != (bytes[start + i] & 0xff)) return false;
    }
    return true;
  }

  /** The first of {@code candidates} equal to {@code bytes[start, end)}, else a new string. */
  static String pick(String[] candidates, byte[] bytes, int start, int end) {
    for (String candidate : candidates) {
      if (matches(candidate, bytes, start, end)) return candidate;
    }
    return latin1(bytes, start, end);
  }

  /** Checks a request-target string: non-empty visible ASCII (RFC 9112, Section 3.2). */
  static String requireTarget(String target) {
    if (target.isEmpty()) throw new IllegalArgumentException("request target is empty");
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c > 0xff || !TARGET[c]) {
        throw new IllegalArgumentException(
            "unexpected char " + FieldSyntax.describe(c) + " at " + i + " in request target");
      }
    }
    return target;
  }
}

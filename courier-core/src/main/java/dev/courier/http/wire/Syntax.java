package dev.courier.http.wire;

import java.nio.charset.StandardCharsets;

/** Byte classes of the HTTP/1.1 grammar as lookup tables, and small byte helpers for the codec. */
final class Syntax {
  /** tchar (RFC 9110, Section 5.6.2). */
  static final boolean[] TCHAR = new boolean[256];
  /** Bytes allowed in a request-target: visible ASCII (RFC 9112, Section 3.2; RFC 3986). */
  static final boolean[] TARGET = new boolean[256];
  /** field-vchar, SP and HTAB: bytes allowed inside a field value (RFC 9110, Section 5.5). */
  static final boolean[] FIELD_VALUE = new boolean[256];
  /** Value of a HEXDIG, or -1 (RFC 5234, Appendix B.1: case-insensitive). */
  static final byte[] HEX = new byte[256];

  static {
    for (int c = '0'; c <= '9'; c++) TCHAR[c] = true;
    for (int c = 'a'; c <= 'z'; c++) TCHAR[c] = true;
    for (int c = 'A'; c <= 'Z'; c++) TCHAR[c] = true;
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) TCHAR[c] = true;
    for (int c = 0x21; c < 0x7f; c++) TARGET[c] = true;
    FIELD_VALUE['\t'] = true;
    for (int c = 0x20; c < 0x7f; c++) FIELD_VALUE[c] = true;
    for (int c = 0x80; c <= 0xff; c++) FIELD_VALUE[c] = true;
    java.util.Arrays.fill(HEX, (byte) -1);
    for (int c = '0'; c <= '9'; c++) HEX[c] = (byte) (c - '0');
    for (int c = 'a'; c <= 'f'; c++) HEX[c] = (byte) (c - 'a' + 10);
    for (int c = 'A'; c <= 'F'; c++) HEX[c] = (byte) (c - 'A' + 10);
  }

  private Syntax() {}

  static boolean isWhitespace(int b) {
    return b == ' ' || b == '\t';
  }

  static String latin1(byte[] bytes, int start, int end) {
    return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
  }

  /** A printable description of a byte for error messages: {@code 'a'} or {@code 0x0d}. */
  static String describe(int b) {
    return b >= 0x21 && b < 0x7f ? "'" + (char) b + "'" : String.format("0x%02x", b & 0xff);
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
            "unexpected char " + dev.courier.http.FieldSyntax.describe(c) + " at " + i + " in request target");
      }
    }
    return target;
  }
}

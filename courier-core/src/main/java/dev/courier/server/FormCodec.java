package dev.courier.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Percent-decoding and {@code application/x-www-form-urlencoded} parsing (WHATWG URL Standard,
 * section 5.1), used for query strings and form bodies. Lenient like browsers: a {@code %} not
 * followed by two hex digits stays literal; bytes that are not UTF-8 become U+FFFD.
 */
final class FormCodec {
  private FormCodec() {}

  /** Parses {@code a=1&b=2&a=3} into ordered name → values; {@code +} means space. */
  static Map<String, List<String>> parse(String encoded) {
    Map<String, List<String>> result = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) return result;
    int start = 0;
    int length = encoded.length();
    while (start <= length) {
      int end = encoded.indexOf('&', start);
      if (end < 0) end = length;
      if (end > start) {
        int eq = encoded.indexOf('=', start);
        String name;
        String value;
        if (eq < 0 || eq > end) {
          name = decode(encoded, start, end, true);
          value = "";
        } else {
          name = decode(encoded, start, eq, true);
          value = decode(encoded, eq + 1, end, true);
        }
        result.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
      }
      start = end + 1;
    }
    result.replaceAll((k, v) -> Collections.unmodifiableList(v));
    return Collections.unmodifiableMap(result);
  }

  /** Percent-decodes {@code s} as UTF-8; with {@code plusIsSpace} a {@code +} becomes a space. */
  static String decode(String s, boolean plusIsSpace) {
    return decode(s, 0, s.length(), plusIsSpace);
  }

  static String decode(String s, int from, int to, boolean plusIsSpace) {
    boolean plain = true;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '%' || (plusIsSpace && c == '+')) {
        plain = false;
        break;
      }
    }
    if (plain) return s.substring(from, to);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '%') {
        int hi = i + 2 < to ? hex(s.charAt(i + 1)) : -1;
        int lo = i + 2 < to ? hex(s.charAt(i + 2)) : -1;
        if (hi >= 0 && lo >= 0) {
          bytes.write(hi << 4 | lo);
          i += 2;
        } else {
          bytes.write('%');
        }
      } else if (c == '+' && plusIsSpace) {
        bytes.write(' ');
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < to) {
          utf8 = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        bytes.writeBytes(utf8);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /**
   * Percent-encodes {@code s} as one path segment (RFC 3986 section 3.3): unreserved characters
   * and sub-delims other than {@code ;} stay, everything else becomes {@code %XX} of its UTF-8.
   */
  static String encodePathSegment(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || "-._~!$&'()*+,=:@".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
      }
    }
    return out.toString();
  }
}

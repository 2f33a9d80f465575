package dev.courier.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding (RFC 3986, Section 2.1) for the parts of a {@link Url}.
 *
 * <p>Two operations: {@link #canonicalize} takes text that may already be partly encoded (what
 * users type, what a {@code Location} header carries) and encodes only what the component does
 * not allow, keeping every valid {@code %XX} triplet as it is (hex upper-cased, RFC 3986 Section
 * 6.2.2.1), so it never double-encodes and is idempotent. {@link #encode} encodes decoded text
 * (user names, path segments, query parameters) so that it decodes back to exactly that text.
 */
final class PercentEncoding {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** Characters a component may carry unencoded; everything else is percent-encoded. */
  enum EncodeSet {
    /** {@code path = *( pchar / "/" )}; pchar = unreserved / sub-delims / ":" / "@". */
    PATH(":@/"),
    /** {@code query = fragment = *( pchar / "/" / "?" )} (RFC 3986, Sections 3.4 and 3.5). */
    QUERY(":@/?"),
    FRAGMENT(":@/?"),
    /** One path segment built from decoded text: "/" must be encoded. */
    PATH_SEGMENT(":@"),
    /** User name or password from decoded text: ":" and "@" are delimiters, so encoded. */
    USERINFO(""),
    /**
     * A query parameter name or value, like Python's {@code urllib.parse.quote_plus} that
     * requests uses: only ALPHA, DIGIT and {@code _.-~} stay; space becomes "+".
     */
    FORM(null),
    /**
     * The application/x-www-form-urlencoded set of the WHATWG URL standard (Section 5.2), for
     * form bodies: only ALPHA, DIGIT and {@code *-._} stay; space becomes "+".
     */
    WWW_FORM("*-._", true);

    private final boolean[] allowed = new boolean[128];

    /** Alphanumerics and exactly the characters in {@code kept} (the flag tells the constructors apart). */
    EncodeSet(String kept, boolean onlyThese) {
      for (int c = 0; c < 128; c++) {
        allowed[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      }
      for (char c : kept.toCharArray()) {
        allowed[c] = true;
      }
    }

    EncodeSet(String extra) {
      for (char c = 'a'; c <= 'z'; c++) {
        allowed[c] = true;
      }
      for (char c = 'A'; c <= 'Z'; c++) {
        allowed[c] = true;
      }
      for (char c = '0'; c <= '9'; c++) {
        allowed[c] = true;
      }
      // unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"
      for (char c : "-._~".toCharArray()) {
        allowed[c] = true;
      }
      if (extra != null) {
        // sub-delims = "!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "="
        for (char c : "!$&'()*+,;=".toCharArray()) {
          allowed[c] = true;
        }
        for (char c : extra.toCharArray()) {
          allowed[c] = true;
        }
      }
    }

    boolean allows(int c) {
      return c < 128 && allowed[c];
    }

    /** The form sets write a space as "+" (application/x-www-form-urlencoded). */
    boolean plusForSpace() {
      return this == FORM || this == WWW_FORM;
    }
  }

  private PercentEncoding() {}

  static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  static int hexValue(int c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** True when {@code s} has a valid percent triplet at {@code i}. */
  static boolean isTriplet(CharSequence s, int i) {
    return i + 2 < s.length() && s.charAt(i) == '%' && isHex(s.charAt(i + 1))
        && isHex(s.charAt(i + 2));
  }

  /**
   * Encodes what {@code set} does not allow, keeping valid {@code %XX} triplets (upper-cased). A
   * "%" that does not start a triplet becomes "%25". Text is encoded as UTF-8; a lone surrogate
   * becomes U+FFFD, as the WHATWG URL standard does.
   */
  static String canonicalize(String s, EncodeSet set) {
    int n = s.length();
    int i = 0;
    // Fast path: nothing to change.
    while (i < n) {
      char c = s.charAt(i);
      if (c == '%') {
        if (!isTriplet(s, i) || !isUpperHex(s.charAt(i + 1)) || !isUpperHex(s.charAt(i + 2))) {
          break;
        }
        i += 3;
      } else if (set.allows(c)) {
        i++;
      } else {
        break;
      }
    }
    if (i == n) {
      return s;
    }
    StringBuilder out = new StringBuilder(n + 16).append(s, 0, i);
    while (i < n) {
      char c = s.charAt(i);
      if (c == '%' && isTriplet(s, i)) {
        out.append('%')
            .append(Character.toUpperCase(s.charAt(i + 1)))
            .append(Character.toUpperCase(s.charAt(i + 2)));
        i += 3;
      } else if (c != '%' && set.allows(c)) {
        out.append(c);
        i++;
      } else {
        i = appendEncoded(out, s, i);
      }
    }
    return out.toString();
  }

  private static boolean isUpperHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
  }

  /** Encodes decoded text so that {@link #decode} gives it back; "%" is always encoded. */
  static String encode(String s, EncodeSet set) {
    StringBuilder out = null;
    int n = s.length();
    for (int i = 0; i < n; ) {
      char c = s.charAt(i);
      if (c != '%' && set.allows(c)) {
        if (out != null) {
          out.append(c);
        }
        i++;
      } else {
        if (out == null) {
          out = new StringBuilder(n + 16).append(s, 0, i);
        }
        if (c == ' ' && set.plusForSpace()) {
          out.append('+');
          i++;
        } else {
          i = appendEncoded(out, s, i);
        }
      }
    }
    return out == null ? s : out.toString();
  }

  /** Percent-encodes raw bytes (every byte outside {@code set}). */
  static String encode(byte[] bytes, EncodeSet set) {
    StringBuilder out = new StringBuilder(bytes.length * 3);
    for (byte b : bytes) {
      int v = b & 0xff;
      if (v == ' ' && set.plusForSpace()) {
        out.append('+');
      } else if (v != '%' && set.allows(v)) {
        out.append((char) v);
      } else {
        appendByte(out, v);
      }
    }
    return out.toString();
  }

  /** Appends the UTF-8 encoding of the code point at {@code i}; returns the next index. */
  private static int appendEncoded(StringBuilder out, String s, int i) {
    int cp = s.codePointAt(i);
    int next = i + Character.charCount(cp);
    if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
      cp = 0xFFFD; // a lone surrogate has no UTF-8 form
    }
    byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
    for (byte b : bytes) {
      appendByte(out, b & 0xff);
    }
    return next;
  }

  private static void appendByte(StringBuilder out, int v) {
    out.append('%').append(HEX[v >> 4]).append(HEX[v & 0xf]);
  }

  /**
   * Decodes {@code %XX} triplets as UTF-8 (malformed sequences become U+FFFD); a "%" that does not
   * start a triplet stays as it is. With {@code plusAsSpace}, "+" decodes to a space
   * (application/x-www-form-urlencoded).
   */
  static String decode(String s, boolean plusAsSpace) {
    if (s.indexOf('%') < 0 && !(plusAsSpace && s.indexOf('+') >= 0) && !hasLoneSurrogate(s)) {
      return s;
    }
    return new String(decodeToBytes(s, plusAsSpace), StandardCharsets.UTF_8);
  }

  static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  static byte[] decodeToBytes(String s, boolean plusAsSpace) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    int n = s.length();
    for (int i = 0; i < n; ) {
      char c = s.charAt(i);
      if (c == '%' && isTriplet(s, i)) {
        bytes.write(hexValue(s.charAt(i + 1)) * 16 + hexValue(s.charAt(i + 2)));
        i += 3;
      } else if (c == '+' && plusAsSpace) {
        bytes.write(' ');
        i++;
      } else {
        int cp = s.codePointAt(i);
        int next = i + Character.charCount(cp);
        if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
          cp = 0xFFFD; // a lone surrogate has no UTF-8 form
        }
        bytes.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
        i = next;
      }
    }
    return bytes.toByteArray();
  }
}

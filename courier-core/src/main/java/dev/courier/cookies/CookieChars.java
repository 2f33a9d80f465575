package dev.courier.cookies;

/**
 * Character classes of RFC 6265 / 6265bis shared by the parsers and renderers of this package.
 * tchar (cookie-name = token) and the description of a bad character are
 * {@link dev.courier.http.FieldSyntax}'s, as in every other layer.
 */
final class CookieChars {
  private CookieChars() {}

  /**
   * RFC 6265bis section 5.6 step 1: the control characters that make a user agent ignore a whole
   * {@code Set-Cookie} line: %x00-08 / %x0A-1F / %x7F (every CTL but HTAB).
   */
  static boolean isForbiddenControl(char c) {
    return (c <= 0x08) || (c >= 0x0A && c <= 0x1F) || c == 0x7F;
  }

  /** The index of the first forbidden control character, or -1. */
  static int indexOfForbiddenControl(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      if (isForbiddenControl(s.charAt(i))) return i;
    }
    return -1;
  }

  /** WSP = SP / HTAB (RFC 5234), the whitespace section 5.6 trims. */
  static boolean isWsp(char c) {
    return c == ' ' || c == '\t';
  }

  static String trimWsp(String s, int start, int end) {
    while (start < end && isWsp(s.charAt(start))) start++;
    while (end > start && isWsp(s.charAt(end - 1))) end--;
    return s.substring(start, end);
  }

  /**
   * cookie-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E (RFC 6265 section 4.1.1): US-ASCII
   * without CTLs, whitespace, DQUOTE, comma, semicolon and backslash.
   */
  static boolean isCookieOctet(char c) {
    return c == 0x21
        || (c >= 0x23 && c <= 0x2B)
        || (c >= 0x2D && c <= 0x3A)
        || (c >= 0x3C && c <= 0x5B)
        || (c >= 0x5D && c <= 0x7E);
  }

  /** Octet length as sent on the wire: chars up to 0xFF are one byte (ISO-8859-1 headers), others UTF-8. */
  static int octetLength(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0xFF) n++;
      else if (c < 0x800) n += 2;
      else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else n += 3;
    }
    return n;
  }
}

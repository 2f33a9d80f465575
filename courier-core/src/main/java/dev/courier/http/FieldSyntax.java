package dev.courier.http;

/**
 * Character classes of HTTP field syntax (RFC 9110, Section 5), shared by {@link Headers}, the
 * codec and the cookie code so that every layer draws the same line.
 *
 * <pre>{@code
 * FieldSyntax.isToken("X-Request-Id");     // true
 * FieldSyntax.isToken("Bad Name");         // false: SP is not a tchar
 * }</pre>
 */
public final class FieldSyntax {
  /** Bits of {@link #CLASSES}: a tchar, a field-value character. */
  private static final byte TOKEN = 1;
  private static final byte VALUE = 2;
  /**
   * Character classes by octet, one table lookup per character: every name and value a server or
   * client builds goes through these checks, and so do the fields of every parsed message.
   */
  private static final byte[] CLASSES = new byte[256];

  static {
    // RFC 9110, Section 5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "."
    //   / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
    for (char c = '0'; c <= '9'; c++) CLASSES[c] |= TOKEN;
    for (char c = 'a'; c <= 'z'; c++) CLASSES[c] |= TOKEN;
    for (char c = 'A'; c <= 'Z'; c++) CLASSES[c] |= TOKEN;
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) CLASSES[c] |= TOKEN;
    // RFC 9110, Section 5.5: field-vchar = VCHAR / obs-text, with SP and HTAB inside a value.
    CLASSES['\t'] |= VALUE;
    for (int c = 0x20; c <= 0xff; c++) if (c != 0x7f) CLASSES[c] |= VALUE;
  }

  private FieldSyntax() {}

  /** True for a {@code tchar} of RFC 9110, Section 5.6.2. */
  public static boolean isTokenChar(int c) {
    return (c & ~0xff) == 0 && (CLASSES[c] & TOKEN) != 0;
  }

  /** True when {@code s} is a non-empty {@code token} (RFC 9110, Section 5.6.2). */
  public static boolean isToken(CharSequence s) {
    if (s.isEmpty()) return false;
    for (int i = 0; i < s.length(); i++) {
      if (!isTokenChar(s.charAt(i))) return false;
    }
    return true;
  }

  /**
   * True for a character allowed inside a field value: VCHAR, obs-text, SP and HTAB (RFC 9110,
   * Section 5.5). Every other control character, and so CR, LF and NUL, is refused.
   */
  public static boolean isFieldValueChar(int c) {
    return (c & ~0xff) == 0 && (CLASSES[c] & VALUE) != 0;
  }

  /**
   * Returns {@code name} when it is a token, else throws naming the first bad character.
   *
   * @throws IllegalArgumentException when {@code name} is empty or has a non-tchar
   */
  public static String requireToken(String what, String name) {
    if (name.isEmpty()) throw new IllegalArgumentException(what + " is empty");
    byte[] classes = CLASSES;
    for (int i = 0, n = name.length(); i < n; i++) {
      char c = name.charAt(i);
      if (c > 0xff || (classes[c] & TOKEN) == 0) {
        throw new IllegalArgumentException(
            "unexpected char " + describe(c) + " at " + i + " in " + what + ": " + printable(name));
      }
    }
    return name;
  }

  /**
   * Returns {@code value} without leading and trailing SP/HTAB (RFC 9110, Section 5.5: OWS is not
   * part of the value), else throws naming the first character that could break framing.
   *
   * @throws IllegalArgumentException for CR, LF, NUL or any other control character but HTAB, or
   *     a character above U+00FF (field values are octets)
   */
  public static String requireFieldValue(String what, String value) {
    int bad = firstInvalidValueChar(value);
    if (bad >= 0) {
      throw new IllegalArgumentException(
          "unexpected char " + describe(value.charAt(bad)) + " at " + bad + " in " + what + " value");
    }
    return trimWhitespace(value);
  }

  /**
   * Like {@link #requireFieldValue} for the value of header {@code name}; the message is built only
   * on failure, since this runs for every field the server and client build.
   */
  static String requireHeaderValue(String name, String value) {
    int bad = firstInvalidValueChar(value);
    if (bad >= 0) {
      throw new IllegalArgumentException("unexpected char " + describe(value.charAt(bad)) + " at "
          + bad + " in header " + printable(name) + " value");
    }
    return trimWhitespace(value);
  }

  private static int firstInvalidValueChar(String value) {
    byte[] classes = CLASSES;
    for (int i = 0, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      if (c > 0xff || (classes[c] & VALUE) == 0) return i;
    }
    return -1;
  }

  private static String trimWhitespace(String value) {
    int last = value.length() - 1;
    // Nearly every value has no OWS at either end: two looks, and the string itself comes back.
    if (last < 0 || (!isWhitespace(value.charAt(0)) && !isWhitespace(value.charAt(last)))) {
      return value;
    }
    int start = 0;
    int end = value.length();
    while (start < end && isWhitespace(value.charAt(start))) start++;
    while (end > start && isWhitespace(value.charAt(end - 1))) end--;
    return value.substring(start, end);
  }

  /**
   * Fields that frame, route or describe the content of a message, so a recipient must have them
   * before the content and they may not be sent as trailers (RFC 9110, Section 6.5.1); lower case.
   */
  /**
   * The fields RFC 9110, Section 6.5.1 rules out of trailers by kind, since a recipient acts on
   * them before the content: framing, routing, request modifiers (controls, conditionals,
   * negotiation), authentication, response controls, content format, and cookies (RFC 6265 state
   * is set and sent in the header section only).
   */
  private static final java.util.Set<String> NOT_IN_TRAILERS =
      java.util.Set.of(
          // framing and connection (RFC 9112, Section 6; RFC 9110, Section 7.6.1)
          "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "trailer",
          "te",
          // routing (RFC 9110, Section 7.2)
          "host",
          // request modifiers: controls, conditionals, negotiation (RFC 9110, Sections 10.1, 13.1, 12.5)
          "expect", "max-forwards", "range", "if-match", "if-none-match", "if-modified-since",
          "if-unmodified-since", "if-range", "accept", "accept-charset", "accept-encoding",
          "accept-language", "cache-control", "pragma",
          // authentication (RFC 9110, Section 11)
          "authorization", "proxy-authorization", "www-authenticate", "proxy-authenticate",
          "authentication-info", "proxy-authentication-info",
          // response controls (RFC 9110, Section 10.2; RFC 9111, Section 5)
          "age", "expires", "date", "location", "retry-after", "vary",
          // content format (RFC 9110, Section 8)
          "content-encoding", "content-type", "content-range",
          // state management (RFC 6265, Sections 4.1 and 4.2)
          "set-cookie", "cookie");

  /**
   * False for a field name that may not be sent in a trailer section (RFC 9110, Section 6.5.1):
   * framing, routing, request modifiers, authentication, response controls, content format and
   * cookies, such as {@code Content-Length}, {@code Host}, {@code Authorization} or {@code Set-Cookie}.
   *
   * <pre>{@code
   * FieldSyntax.allowedInTrailers("Server-Timing");    // true
   * FieldSyntax.allowedInTrailers("Content-Length");   // false
   * }</pre>
   */
  public static boolean allowedInTrailers(String name) {
    return !NOT_IN_TRAILERS.contains(name.toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * {@code received} without the fields {@link #allowedInTrailers} refuses: what a recipient keeps
   * of a trailer section, since such a field is dropped, never merged into the header section
   * (RFC 9110, Sections 6.5.1 and 6.5.2). Returns {@code received} itself when all are allowed.
   *
   * <pre>{@code
   * Headers kept = FieldSyntax.allowedTrailers(Headers.of("Digest", "sha-256=:x:", "Host", "evil"));
   * // kept has Digest only
   * }</pre>
   */
  public static Headers allowedTrailers(Headers received) {
    int kept = 0;
    for (int i = 0, n = received.size(); i < n; i++) {
      if (allowedInTrailers(received.name(i))) kept++;
    }
    if (kept == received.size()) return received;
    Headers.Builder allowed = Headers.builder();
    for (int i = 0, n = received.size(); i < n; i++) {
      if (allowedInTrailers(received.name(i))) allowed.add(received.name(i), received.value(i));
    }
    return allowed.build();
  }

  /** SP or HTAB: the whitespace of HTTP fields (RFC 9110, Section 5.6.3). */
  public static boolean isWhitespace(int c) {
    return c == ' ' || c == '\t';
  }

  /** Longest text {@link #printable(CharSequence)} shows; the rest is cut. */
  public static final int MAX_PRINTABLE = 200;

  /**
   * {@code text} made safe to put in an error message or a log line: control characters (C0, DEL
   * and C1) become {@code \x0d}-style escapes and characters above U+00FF backslash-u escapes, so
   * CR and LF cannot forge log lines; text beyond {@value #MAX_PRINTABLE} characters is cut with
   * "...". {@code printable("a\r\nb")} is {@code a\x0d\x0ab}.
   */
  public static String printable(CharSequence text) {
    int shown = Math.min(text.length(), MAX_PRINTABLE);
    StringBuilder out = new StringBuilder(shown + 8);
    for (int i = 0; i < shown; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) out.append(String.format("\\x%02x", (int) c));
      else if (c > 0xff) out.append(String.format("\\u%04x", (int) c));
      else out.append(c);
    }
    if (text.length() > shown) out.append("...");
    return out.toString();
  }

  /** A printable description of a character for error messages, e.g. {@code 0x0a}. */
  public static String describe(int c) {
    return c >= 0x21 && c < 0x7f ? "'" + (char) c + "'" : String.format("0x%02x", c);
  }
}

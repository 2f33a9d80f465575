package dev.courier.http;

import static java.util.Locale.ROOT;

import java.net.IDN;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * Turns the host part of an authority into its one canonical form, or refuses it.
 *
 * <p>Theory of operation. Every decision about where a request goes (connection target, Host
 * header, credential scope, cookie matching, proxy bypass) is made on the string this class
 * returns, so it must never be read differently by another parser:
 *
 * <ul>
 *   <li>{@code [...]}: an IPv6 literal (RFC 3986, Section 3.2.2), parsed into eight 16-bit pieces
 *       and printed in the RFC 5952 form (lower-case hex, longest zero run as "::", no dotted
 *       IPv4 tail, as the WHATWG URL standard prints it). A zone id (RFC 6874 {@code %25eth0},
 *       or RFC 4007 {@code %eth0}) is kept. IPvFuture is refused.
 *   <li>otherwise the text is percent-decoded (RFC 3986 allows pct-encoded in reg-name) and, when
 *       it has non-ASCII characters, converted with {@link IDN#toASCII} and lower-cased.
 *   <li>a name whose last label is a number ({@code 127.1}, {@code 0x7f.1}, {@code 2130706433},
 *       {@code 010.0.0.1}) is an IPv4 address in the WHATWG URL standard, in curl and in
 *       {@code inet_aton}, the resolver most systems use. We canonicalize it the same way to
 *       dotted decimal ({@code 127.0.0.1}, {@code 8.0.0.1}), so no later component can reach an
 *       address that our checks saw as a name. One that is not a valid IPv4 address
 *       ({@code 1.2.3.256}, {@code a.09}) is refused rather than sent to DNS.
 *   <li>what is left must be an RFC 3986 reg-name (unreserved / sub-delims); anything else
 *       (space, controls, "%", "/", "\", "@", ":", "[", ...) is refused with its index.
 * </ul>
 *
 * <p>{@link IDN} implements IDNA2003 (Unicode 3.2 tables); browsers use UTS #46. To never name a
 * different host than a browser would, we lower-case and NFKC-normalize first (what UTS #46's
 * mapping mostly is), refuse the four "deviation" characters the two map differently (U+00DF
 * sharp s, U+03C2 final sigma, U+200C/U+200D joiners), and accept a character newer than
 * Unicode 3.2 only when it has no case, no compatibility form and is not ignorable (variation
 * selectors, tags); other new characters are refused. Checked against Node's WHATWG URL for
 * every code point from U+00A0 to U+2FFFF and U+E0000 to U+E01FF plus 60,000 random
 * multi-character hosts: no host differs (we refuse 2,640 code points it accepts; it refuses
 * some we accept, such as IDNA2008-disallowed symbols and characters newer than its ICU).
 */
final class HostParser {
  enum Kind {
    /** No host (an empty authority, as in {@code file:///etc}). */
    EMPTY,
    NAME,
    IPV4,
    IPV6
  }

  /** A canonical host: for IPv6, without brackets, with "%zone" when it has one. */
  record Host(String name, Kind kind) {
    static final Host NONE = new Host("", Kind.EMPTY);

    /** The host as it appears in a URL or Host header: IPv6 in brackets, zone as %25. */
    String forUri(boolean withZone) {
      if (kind != Kind.IPV6) {
        return name;
      }
      int percent = name.indexOf('%');
      if (percent < 0) {
        return "[" + name + "]";
      }
      String address = name.substring(0, percent);
      if (!withZone) {
        return "[" + address + "]";
      }
      String zone = PercentEncoding.encode(name.substring(percent + 1),
          PercentEncoding.EncodeSet.USERINFO);
      return "[" + address + "%25" + zone + "]";
    }
  }

  private static final int MAX_IPV4_PART = 255;

  private HostParser() {}

  /**
   * Parses a host as it appears in an authority (IPv6 in brackets).
   *
   * @throws IllegalArgumentException naming the problem
   */
  static Host parse(String raw) {
    if (raw.isEmpty()) {
      return Host.NONE;
    }
    checkNoControls(raw);
    if (raw.charAt(0) == '[') {
      if (raw.charAt(raw.length() - 1) != ']') {
        throw new IllegalArgumentException("IPv6 host '" + raw + "' has no closing ']'");
      }
      return new Host(parseIpv6Literal(raw.substring(1, raw.length() - 1)), Kind.IPV6);
    }
    return parseName(raw);
  }

  /**
   * Parses a host given on its own (a builder call): brackets around IPv6 are optional there.
   */
  static Host parseStandalone(String host) {
    checkNoControls(host);
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      return new Host(parseIpv6Literal(host), Kind.IPV6);
    }
    return parse(host);
  }

  private static void checkNoControls(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        throw new IllegalArgumentException("host '" + printable(raw) + "' has " + describe(c)
            + " at index " + i);
      }
    }
  }

  /**
   * The host of an {@code http+unix} URL, the form requests-unixsocket made common
   * ({@code http+unix://%2Fvar%2Frun%2Fdocker.sock/info}): a socket file's path, percent-encoded
   * so that its slashes stay out of the URL's path. Kept encoded, as the WHATWG URL standard
   * keeps the opaque host of a non-special scheme, with the hex digits upper-cased (RFC 3986,
   * Section 6.2.2.1) so equal paths give equal URLs; it must decode to UTF-8 without controls.
   */
  static Host parseSocketPath(String raw) {
    if (raw.isEmpty()) {
      return Host.NONE;
    }
    StringBuilder canonical = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (!PercentEncoding.isTriplet(raw, i)) {
          throw new IllegalArgumentException("socket path '" + printable(raw) + "' has '%' at index " + i
              + " that is not a %XX escape");
        }
        canonical.append('%').append(raw.substring(i + 1, i + 3).toUpperCase(ROOT));
        i += 2;
      } else if (isUnreservedOrSubDelim(c)) {
        canonical.append(c);
      } else {
        throw new IllegalArgumentException("socket path '" + printable(raw) + "' has " + describe(c) + " at index "
            + i + "; percent-encode it (a '/' is %2F)");
      }
    }
    String decoded = percentDecodeStrict(raw);
    for (int i = 0; i < decoded.length(); i++) {
      char c = decoded.charAt(i);
      if (c < ' ' || c == 0x7f) {
        throw new IllegalArgumentException("socket path '" + printable(raw) + "' decodes to " + describe(c));
      }
    }
    return new Host(canonical.toString(), Kind.NAME);
  }

  /** RFC 3986, Section 2: unreserved and sub-delims, what a reg-name holds besides escapes. */
  private static boolean isUnreservedOrSubDelim(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "-._~!$&'()*+,;=".indexOf(c) >= 0;
  }

  private static Host parseName(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == ':') {
        throw new IllegalArgumentException(
            "host '" + raw + "' has ':' at index " + i + "; write IPv6 addresses in brackets,"
                + " e.g. http://[::1]/");
      }
      if (c == '[' || c == ']') {
        throw new IllegalArgumentException(
            "host '" + raw + "' has '" + c + "' at index " + i + " outside an IPv6 literal");
      }
    }
    String decoded = raw;
    if (raw.indexOf('%') >= 0) {
      decoded = percentDecodeStrict(raw);
      for (int i = 0; i < decoded.length(); i++) {
        char c = decoded.charAt(i);
        if (c <= ' ' || c == 0x7f) {
          throw new IllegalArgumentException("host '" + raw + "' decodes to " + describe(c));
        }
      }
    }
    String ascii = toAscii(decoded, raw);
    String ipv4 = parseIpv4IfNumeric(ascii, raw);
    if (ipv4 != null) {
      return new Host(ipv4, Kind.IPV4);
    }
    checkRegName(ascii, raw);
    checkPunycodeLabels(ascii, raw);
    return new Host(ascii, Kind.NAME);
  }

  private static String percentDecodeStrict(String raw) {
    for (int i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', i + 1)) {
      if (!PercentEncoding.isTriplet(raw, i)) {
        throw new IllegalArgumentException(
            "host '" + raw + "' has '%' at index " + i + " that is not a %XX escape");
      }
    }
    byte[] bytes = PercentEncoding.decodeToBytes(raw, false);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("host '" + raw + "' decodes to invalid UTF-8");
    }
  }

  private static String toAscii(String decoded, String raw) {
    boolean ascii = true;
    for (int i = 0; i < decoded.length(); i++) {
      char c = decoded.charAt(i);
      if (c >= 0x80) {
        ascii = false;
        if (c == '\u00df' || c == '\u03c2' || c == '\u200c' || c == '\u200d') {
          throw new IllegalArgumentException(String.format(
              "host '%s' has U+%04X, which IDNA2003 and browsers (UTS #46) map differently;"
                  + " write the host in its xn-- form", raw, (int) c));
        }
      }
    }
    if (ascii) {
      return decoded.toLowerCase(ROOT);
    }
    // UTS #46 maps with NFKC_Casefold; lower-casing and NFKC first keeps IDNA2003's older
    // tables (Unicode 3.2) from leaving newer capitals unmapped.
    String mapped = Normalizer.normalize(decoded.toLowerCase(ROOT), Normalizer.Form.NFKC)
        .toLowerCase(ROOT);
    try {
      return IDN.toASCII(mapped).toLowerCase(ROOT);
    } catch (IllegalArgumentException unassignedOrInvalid) {
      // Characters added after Unicode 3.2 are refused by IDNA2003 unless ALLOW_UNASSIGNED, and
      // with it they go through unmapped. That is safe only for characters with no case, no
      // compatibility form and no "ignore me" status: then browsers leave them as they are too.
      int bad = firstUnmappableNewCharacter(mapped);
      if (bad >= 0) {
        throw new IllegalArgumentException(String.format("host '%s' has U+%04X, which this"
            + " IDNA implementation cannot map the way browsers do", printable(raw), bad));
      }
      try {
        return IDN.toASCII(mapped, IDN.ALLOW_UNASSIGNED).toLowerCase(ROOT);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "host '" + printable(raw) + "' is not a valid internationalized domain name: "
                + printable(String.valueOf(e.getMessage())));
      }
    }
  }

  /**
   * The first code point that IDNA2003 does not know (it refuses it alone) and that is not a
   * caseless letter, digit, mark or symbol without a compatibility decomposition; -1 if none.
   */
  private static int firstUnmappableNewCharacter(String mapped) {
    for (int i = 0; i < mapped.length(); ) {
      int cp = mapped.codePointAt(i);
      i += Character.charCount(cp);
      if (cp < 0x80) {
        continue;
      }
      String one = Character.toString(cp);
      try {
        IDN.toASCII(one);
        continue; // known to IDNA2003: mapped by its tables
      } catch (IllegalArgumentException unknown) {
        // added after Unicode 3.2 (or prohibited): check below
      }
      int type = Character.getType(cp);
      boolean plainType = type == Character.OTHER_LETTER || type == Character.MODIFIER_LETTER
          || type == Character.OTHER_SYMBOL || type == Character.NON_SPACING_MARK
          || type == Character.COMBINING_SPACING_MARK || type == Character.DECIMAL_DIGIT_NUMBER;
      boolean caseless = Character.toLowerCase(cp) == cp && Character.toUpperCase(cp) == cp
          && Character.toTitleCase(cp) == cp;
      boolean ignorable = (cp >= 0x180B && cp <= 0x180F) || (cp >= 0xFE00 && cp <= 0xFE0F)
          || (cp >= 0xE0000 && cp <= 0xE0FFF); // variation selectors and tags: mapped away
      if (!plainType || !caseless || ignorable
          || !Normalizer.normalize(one, Normalizer.Form.NFKC).equals(one)) {
        return cp;
      }
    }
    return -1;
  }

  /** RFC 3986, Section 3.2.2: {@code reg-name = *( unreserved / pct-encoded / sub-delims )}. */
  private static void checkRegName(String ascii, String raw) {
    for (int i = 0; i < ascii.length(); i++) {
      char c = ascii.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
          || c == '_' || c == '~' || "!$&'()*+,;=".indexOf(c) >= 0;
      if (!ok) {
        String where = ascii.equals(raw) ? "" : " (as '" + printable(ascii) + "')";
        throw new IllegalArgumentException("host '" + printable(raw) + "'" + where + " has "
            + describe(c) + " at index " + i + "; hosts may hold letters, digits, '-', '.', '_'");
      }
    }
  }

  /**
   * An "xn--" label must be valid Punycode that converts back to the same label (RFC 5891,
   * Section 5.4); browsers refuse the others, so we do too rather than send them to DNS.
   */
  private static void checkPunycodeLabels(String ascii, String raw) {
    if (!ascii.contains("xn--")) {
      return;
    }
    for (String label : ascii.split("\\.", -1)) {
      if (!label.startsWith("xn--")) {
        continue;
      }
      String unicode = IDN.toUnicode(label, IDN.ALLOW_UNASSIGNED);
      boolean valid = !unicode.equals(label);
      if (valid) {
        try {
          valid = IDN.toASCII(unicode, IDN.ALLOW_UNASSIGNED).toLowerCase(ROOT).equals(label);
        } catch (IllegalArgumentException e) {
          valid = false;
        }
      }
      if (!valid) {
        throw new IllegalArgumentException(
            "host '" + raw + "' has label '" + label + "' that is not valid Punycode");
      }
    }
  }

  static String describe(int c) {
    if (c == ' ') {
      return "a space (0x20)";
    }
    if (c < 0x20 || c == 0x7f) {
      return String.format("control character 0x%02x", c);
    }
    return c < 0x7f ? "'" + (char) c + "'" : String.format("U+%04X", c);
  }

  /** Shows control characters as \\xNN so an error message never carries CR/LF. */
  static String printable(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        if (out == null) {
          out = new StringBuilder(s.length() + 8).append(s, 0, i);
        }
        out.append(String.format("\\x%02x", (int) c));
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }

  // ---------------------------------------------------------------------------------- IPv4

  /**
   * The WHATWG "ends in a number" rule decides whether a host is an IPv4 address; if so it is
   * parsed with the {@code inet_aton} forms (1 to 4 parts, decimal, 0x hex, 0 octal). Returns
   * the dotted-decimal form, null when the host is a name, and throws when it ends in a number
   * but is not a valid address.
   */
  static String parseIpv4IfNumeric(String host, String raw) {
    // Fast paths without splitting: a last label that cannot be a number (it does not start
    // with a digit; every inet_aton form does) means a name, and dotted decimal already in
    // canonical form is returned as it is.
    int end = host.length();
    if (end > 1 && host.charAt(end - 1) == '.') {
      end--;
    }
    int lastStart = host.lastIndexOf('.', end - 1) + 1;
    if (lastStart >= end || host.charAt(lastStart) < '0' || host.charAt(lastStart) > '9') {
      return null;
    }
    if (isCanonicalDottedDecimal(host)) {
      return host;
    }
    String[] parts = host.split("\\.", -1);
    int count = parts.length;
    if (count > 1 && parts[count - 1].isEmpty()) {
      count--; // one trailing dot is allowed: "127.0.0.1."
    }
    String last = parts[count - 1];
    if (last.isEmpty() || !(allDigits(last) || parseIpv4Number(last) >= 0)) {
      return null;
    }
    if (count > 4) {
      throw new IllegalArgumentException(
          "host '" + raw + "' ends in a number but has more than 4 parts for an IPv4 address");
    }
    long[] numbers = new long[count];
    for (int i = 0; i < count; i++) {
      numbers[i] = parseIpv4Number(parts[i]);
      if (numbers[i] < 0) {
        throw new IllegalArgumentException(
            "host '" + raw + "' ends in a number but part '" + parts[i] + "' is not a number");
      }
      if (i < count - 1 && numbers[i] > MAX_IPV4_PART) {
        throw new IllegalArgumentException(
            "host '" + raw + "' is not an IPv4 address: part " + parts[i] + " is over 255");
      }
    }
    long limit = 1L << (8 * (5 - count));
    if (numbers[count - 1] >= limit) {
      throw new IllegalArgumentException(
          "host '" + raw + "' is not an IPv4 address: last part " + parts[count - 1]
              + " is over " + (limit - 1));
    }
    long address = numbers[count - 1];
    for (int i = 0; i < count - 1; i++) {
      address += numbers[i] << (8 * (3 - i));
    }
    return ((address >> 24) & 0xff) + "." + ((address >> 16) & 0xff) + "."
        + ((address >> 8) & 0xff) + "." + (address & 0xff);
  }

  /** Four decimal parts 0..255 without leading zeros and nothing else, e.g. "127.0.0.1". */
  private static boolean isCanonicalDottedDecimal(String s) {
    int n = s.length();
    int parts = 0;
    int i = 0;
    while (i < n) {
      int start = i;
      int value = 0;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        value = value * 10 + (s.charAt(i) - '0');
        i++;
        if (i - start > 3) {
          return false;
        }
      }
      int digits = i - start;
      if (digits == 0 || value > MAX_IPV4_PART || (digits > 1 && s.charAt(start) == '0')) {
        return false;
      }
      parts++;
      if (i == n) {
        break;
      }
      if (s.charAt(i) != '.' || parts == 4) {
        return false;
      }
      i++;
      if (i == n) {
        return false; // trailing dot: the slow path drops it
      }
    }
    return parts == 4;
  }

  private static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** WHATWG IPv4 number parser; -1 for failure. Values over 2^32 saturate (always refused). */
  private static long parseIpv4Number(String s) {
    if (s.isEmpty()) {
      return -1;
    }
    int radix = 10;
    int start = 0;
    if (s.length() >= 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X')) {
      radix = 16;
      start = 2;
    } else if (s.length() >= 2 && s.charAt(0) == '0') {
      radix = 8;
      start = 1;
    }
    long value = 0;
    for (int i = start; i < s.length(); i++) {
      int digit = PercentEncoding.hexValue(s.charAt(i));
      if (digit < 0 || digit >= radix) {
        return -1;
      }
      value = Math.min(value * radix + digit, 1L << 40);
    }
    return value;
  }

  // ---------------------------------------------------------------------------------- IPv6

  /** Parses the text between the brackets; returns the canonical form with an optional zone. */
  static String parseIpv6Literal(String text) {
    if (!text.isEmpty() && (text.charAt(0) == 'v' || text.charAt(0) == 'V')) {
      throw new IllegalArgumentException("IPvFuture address '[" + text + "]' is not supported");
    }
    String address = text;
    String zone = null;
    int percent = text.indexOf('%');
    if (percent >= 0) {
      address = text.substring(0, percent);
      String rawZone = text.substring(percent + 1);
      // RFC 6874: "%25" introduces the zone; RFC 4007 text form "%eth0" is accepted too.
      if (rawZone.startsWith("25")) {
        rawZone = rawZone.substring(2);
      }
      zone = PercentEncoding.decode(rawZone, false);
      if (zone.isEmpty()) {
        throw new IllegalArgumentException("IPv6 host '[" + text + "]' has an empty zone id");
      }
      for (int i = 0; i < zone.length(); i++) {
        char c = zone.charAt(i);
        boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '-' || c == '.' || c == '_' || c == '~';
        if (!ok) {
          throw new IllegalArgumentException("IPv6 zone id in '[" + printable(text) + "]' has "
              + describe(c));
        }
      }
    }
    int[] pieces = parseIpv6(address);
    if (pieces == null) {
      throw new IllegalArgumentException("'[" + printable(text) + "]' is not an IPv6 address");
    }
    String canonical = formatIpv6(pieces);
    return zone == null ? canonical : canonical + "%" + zone;
  }

  /** The WHATWG URL standard's IPv6 parser; null on failure. */
  static int[] parseIpv6(String s) {
    int[] pieces = new int[8];
    int pieceIndex = 0;
    int compress = -1;
    int i = 0;
    int n = s.length();
    if (n == 0) {
      return null;
    }
    if (s.charAt(0) == ':') {
      if (n < 2 || s.charAt(1) != ':') {
        return null;
      }
      i = 2;
      pieceIndex = 1;
      compress = 1;
    }
    while (i < n) {
      if (pieceIndex == 8) {
        return null;
      }
      if (s.charAt(i) == ':') {
        if (compress != -1) {
          return null;
        }
        i++;
        pieceIndex++;
        compress = pieceIndex;
        continue;
      }
      int value = 0;
      int length = 0;
      while (length < 4 && i < n && PercentEncoding.isHex(s.charAt(i))) {
        value = value * 16 + PercentEncoding.hexValue(s.charAt(i));
        i++;
        length++;
      }
      if (i < n && s.charAt(i) == '.') {
        // An embedded IPv4 address fills the last two pieces (RFC 4291, Section 2.2, form 3).
        if (length == 0 || pieceIndex > 6) {
          return null;
        }
        i -= length;
        int numbersSeen = 0;
        while (i < n) {
          int ipv4Piece = -1;
          if (numbersSeen > 0) {
            if (s.charAt(i) == '.' && numbersSeen < 4) {
              i++;
            } else {
              return null;
            }
          }
          if (i >= n || s.charAt(i) < '0' || s.charAt(i) > '9') {
            return null;
          }
          while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            int number = s.charAt(i) - '0';
            if (ipv4Piece == -1) {
              ipv4Piece = number;
            } else if (ipv4Piece == 0) {
              return null; // no leading zeros
            } else {
              ipv4Piece = ipv4Piece * 10 + number;
            }
            if (ipv4Piece > MAX_IPV4_PART) {
              return null;
            }
            i++;
          }
          pieces[pieceIndex] = pieces[pieceIndex] * 0x100 + ipv4Piece;
          numbersSeen++;
          if (numbersSeen == 2 || numbersSeen == 4) {
            pieceIndex++;
          }
        }
        if (numbersSeen != 4) {
          return null;
        }
        break;
      } else if (i < n && s.charAt(i) == ':') {
        i++;
        if (i >= n) {
          return null;
        }
      } else if (i < n) {
        return null;
      }
      pieces[pieceIndex] = value;
      pieceIndex++;
    }
    if (compress != -1) {
      int swaps = pieceIndex - compress;
      pieceIndex = 7;
      while (pieceIndex != 0 && swaps > 0) {
        int tmp = pieces[pieceIndex];
        pieces[pieceIndex] = pieces[compress + swaps - 1];
        pieces[compress + swaps - 1] = tmp;
        pieceIndex--;
        swaps--;
      }
    } else if (pieceIndex != 8) {
      return null;
    }
    return pieces;
  }

  /** RFC 5952, Section 4: lower-case, no leading zeros, the first longest run (2+) of zeros as "::". */
  static String formatIpv6(int[] pieces) {
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (pieces[i] != 0) {
        i++;
        continue;
      }
      int start = i;
      while (i < 8 && pieces[i] == 0) {
        i++;
      }
      if (i - start > bestLength) {
        bestStart = start;
        bestLength = i - start;
      }
    }
    StringBuilder out = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append(i == 0 ? "::" : ":");
        i += bestLength - 1;
        continue;
      }
      out.append(Integer.toHexString(pieces[i]));
      if (i < 7) {
        out.append(':');
      }
    }
    return out.toString();
  }
}

package dev.courier.http;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@code Link} field value (RFC 8288, Section 3):
 *
 * <pre>
 * Link       = #link-value
 * link-value = "<" URI-Reference ">" *( OWS ";" OWS link-param )
 * link-param = token BWS [ "=" BWS ( token / quoted-string ) ]
 * </pre>
 *
 * One pass over the characters, no regular expressions, so a hostile header costs linear time.
 * A malformed link-value is skipped up to the next top-level comma (see {@link Link}).
 */
final class LinkParser {
  private final String s;
  private final Url base;
  private int i;

  private LinkParser(String s, Url base) {
    this.s = s;
    this.base = base;
  }

  static List<Link> parse(String fieldValue, Url base) {
    return new LinkParser(fieldValue, base).all();
  }

  private List<Link> all() {
    List<Link> out = new ArrayList<>();
    while (true) {
      skipWhitespaceAndCommas();
      if (i >= s.length()) return out;
      Link link = linkValue();
      if (link != null) {
        out.add(link);
      } else {
        skipToNextLink();
      }
    }
  }

  /** One link-value, or null (position left inside it) when it does not parse. */
  private Link linkValue() {
    if (s.charAt(i) != '<') return null;
    int close = s.indexOf('>', i + 1);
    if (close < 0) {
      i = s.length();
      return null;
    }
    String reference = s.substring(i + 1, close).trim();
    i = close + 1;
    Map<String, String> params = new LinkedHashMap<>();
    while (true) {
      skipWhitespace();
      if (i >= s.length() || s.charAt(i) == ',') break;
      if (s.charAt(i) != ';') return null;
      i++;
      skipWhitespace();
      int nameStart = i;
      while (i < s.length() && FieldSyntax.isTokenChar(s.charAt(i))) i++;
      if (i == nameStart) {
        if (i >= s.length() || s.charAt(i) == ',' || s.charAt(i) == ';') continue; // an empty ";" is harmless
        return null;
      }
      String name = s.substring(nameStart, i).toLowerCase(Locale.ROOT);
      skipWhitespace();
      String value = "";
      if (i < s.length() && s.charAt(i) == '=') {
        i++;
        skipWhitespace();
        value = i < s.length() && s.charAt(i) == '"' ? quotedString() : token();
        if (value == null) return null;
        if (name.endsWith("*")) value = extValue(value);
      }
      params.putIfAbsent(name, value);
    }
    return new Link(resolve(reference), params);
  }

  /** RFC 9110, Section 5.6.4: DQUOTE *( qdtext / quoted-pair ) DQUOTE; null when it never ends. */
  private String quotedString() {
    StringBuilder out = new StringBuilder();
    i++; // the opening quote
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c == '"') return out.toString();
      if (c == '\\' && i < s.length()) c = s.charAt(i++);
      out.append(c);
    }
    return null;
  }

  /** A bare value: up to the next delimiter (lenient: any visible character but ; and ,). */
  private String token() {
    int start = i;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == ';' || c == ',' || c == ' ' || c == '\t') break;
      i++;
    }
    return s.substring(start, i);
  }

  /**
   * RFC 8187, Section 3.2: {@code charset "'" [ language ] "'" value-chars}; UTF-8 and ISO-8859-1
   * are decoded, anything else is kept as sent.
   */
  private static String extValue(String value) {
    int q1 = value.indexOf('\'');
    int q2 = q1 < 0 ? -1 : value.indexOf('\'', q1 + 1);
    if (q2 < 0) return value;
    String charset = value.substring(0, q1).toUpperCase(Locale.ROOT);
    Charset cs = charset.equals("UTF-8") ? StandardCharsets.UTF_8
        : charset.equals("ISO-8859-1") ? StandardCharsets.ISO_8859_1 : null;
    if (cs == null) return value;
    String encoded = value.substring(q2 + 1);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    for (int k = 0; k < encoded.length(); k++) {
      char c = encoded.charAt(k);
      if (c == '%' && k + 2 < encoded.length() && hex(encoded.charAt(k + 1)) >= 0 && hex(encoded.charAt(k + 2)) >= 0) {
        bytes.write(hex(encoded.charAt(k + 1)) * 16 + hex(encoded.charAt(k + 2)));
        k += 2;
      } else {
        bytes.write(c & 0xff);
      }
    }
    return bytes.toString(cs);
  }

  /** ASCII hex digits only (Character.digit also takes fullwidth ones). */
  private static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  private String resolve(String reference) {
    try {
      return base.resolve(reference).toUnredactedString();
    } catch (IllegalArgumentException e) {
      return reference; // a scheme or form Url does not resolve: kept as the server wrote it
    }
  }

  private void skipWhitespace() {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) i++;
  }

  private void skipWhitespaceAndCommas() {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == ',')) i++;
  }

  /** Past the next comma that is outside brackets and quotes, or to the end. */
  private void skipToNextLink() {
    boolean quoted = false;
    boolean bracketed = false;
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (quoted) {
        if (c == '\\') i++;
        else if (c == '"') quoted = false;
      } else if (bracketed) {
        if (c == '>') bracketed = false;
      } else if (c == '"') {
        quoted = true;
      } else if (c == '<') {
        bracketed = true;
      } else if (c == ',') {
        return;
      }
    }
  }
}

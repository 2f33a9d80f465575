package dev.courier.http;

import static java.util.Locale.ROOT;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses one media type per RFC 9110, Section 8.3.1:
 *
 * <pre>
 * media-type = type "/" subtype parameters
 * parameters = *( OWS ";" OWS [ parameter ] )
 * parameter  = parameter-name "=" parameter-value
 * parameter-value = ( token / quoted-string )
 * </pre>
 *
 * A single pass over the characters, no regular expressions, so the time is linear in the input.
 */
final class MediaTypeParser {
  private final String input;
  private int pos;
  private int end;

  MediaTypeParser(String input) {
    this.input = input;
  }

  MediaType parse() {
    // OWS around the whole field value is not part of it (RFC 9110, Section 5.5).
    pos = 0;
    end = input.length();
    while (pos < end && FieldSyntax.isWhitespace(input.charAt(pos))) pos++;
    while (end > pos && FieldSyntax.isWhitespace(input.charAt(end - 1))) end--;

    String type = token("type");
    expect('/');
    String subtype = token("subtype");
    Map<String, String> parameters = new LinkedHashMap<>();
    while (true) {
      skipWhitespace();
      if (pos == end) break;
      expect(';');
      skipWhitespace();
      if (pos == end || input.charAt(pos) == ';') continue; // empty parameter: allowed
      String name = token("parameter name").toLowerCase(ROOT);
      expect('=');
      boolean quoted = pos < end && input.charAt(pos) == '"';
      String value = quoted ? quotedString() : token("parameter value");
      if (parameters.putIfAbsent(name, value) != null) {
        throw error("parameter " + name + " appears twice");
      }
    }
    return MediaType.create(type.toLowerCase(ROOT), subtype.toLowerCase(ROOT), parameters);
  }

  private String token(String what) {
    int start = pos;
    while (pos < end && FieldSyntax.isTokenChar(input.charAt(pos))) pos++;
    if (pos == start) {
      throw error(
          pos == end
              ? "missing " + what + " at " + pos
              : "unexpected char " + FieldSyntax.describe(input.charAt(pos)) + " at " + pos
                  + ", expected " + what);
    }
    return input.substring(start, pos);
  }

  /** RFC 9110, Section 5.6.4: quoted-string; returns the text unquoted. */
  private String quotedString() {
    int open = pos++;
    StringBuilder out = new StringBuilder();
    while (pos < end) {
      char c = input.charAt(pos++);
      if (c == '"') return out.toString();
      if (c == '\\') {
        if (pos == end) break;
        c = input.charAt(pos++);
        // quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
        if (!FieldSyntax.isFieldValueChar(c)) throw unexpected(c, pos - 1, "quoted-pair");
      } else if (!FieldSyntax.isFieldValueChar(c)) {
        // qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
        throw unexpected(c, pos - 1, "quoted-string");
      }
      out.append(c);
    }
    throw error("unterminated quoted-string starting at " + open);
  }

  private void expect(char wanted) {
    if (pos == end) throw error("expected '" + wanted + "' at " + pos + " but the value ended");
    char c = input.charAt(pos);
    if (c != wanted) {
      throw error("unexpected char " + FieldSyntax.describe(c) + " at " + pos + ", expected '"
          + wanted + "'");
    }
    pos++;
  }

  private void skipWhitespace() {
    while (pos < end && FieldSyntax.isWhitespace(input.charAt(pos))) pos++;
  }

  private IllegalArgumentException unexpected(char c, int at, String where) {
    return error("unexpected char " + FieldSyntax.describe(c) + " at " + at + " in " + where);
  }

  private IllegalArgumentException error(String reason) {
    return new IllegalArgumentException(
        "invalid media type \"" + FieldSyntax.printable(input) + "\": " + reason);
  }
}

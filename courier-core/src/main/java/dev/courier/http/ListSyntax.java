package dev.courier.http;

import java.util.List;

/** Splits the comma-separated list syntax of RFC 9110, Section 5.6.1, honouring quoted strings. */
final class ListSyntax {
  private ListSyntax() {}

  /** Adds each non-empty, trimmed element of {@code value} to {@code out}. */
  static void split(String value, List<String> out) {
    int start = 0;
    boolean quoted = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (quoted && c == '\\') {
        i++; // quoted-pair: the next char is literal (RFC 9110, Section 5.6.4)
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        addTrimmed(value, start, i, out);
        start = i + 1;
      }
    }
    addTrimmed(value, start, value.length(), out);
  }

  private static void addTrimmed(String value, int start, int end, List<String> out) {
    while (start < end && FieldSyntax.isWhitespace(value.charAt(start))) start++;
    while (end > start && FieldSyntax.isWhitespace(value.charAt(end - 1))) end--;
    if (start < end) out.add(value.substring(start, end));
  }
}

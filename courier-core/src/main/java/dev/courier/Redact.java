package dev.courier;

import dev.courier.http.Url;

/** What may appear in messages and logs: URLs without their user-info. */
final class Redact {
  private Redact() {}

  static String url(Url url) {
    return url.username().isEmpty() && url.password().isEmpty()
        ? url.toString()
        : url.withoutUserInfo().toString();
  }

  /** A URL that did not parse: drop anything between "//" and the last '@' of the authority. */
  static String rawUrl(String raw) {
    int scheme = raw.indexOf("//");
    if (scheme < 0) return truncate(raw);
    int end = raw.length();
    for (int i = scheme + 2; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    int at = raw.lastIndexOf('@', end - 1);
    String cleaned = at > scheme ? raw.substring(0, scheme + 2) + "██@" + raw.substring(at + 1) : raw;
    return truncate(cleaned);
  }

  private static String truncate(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length() && out.length() < 200; i++) {
      char c = s.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    if (s.length() > 200) out.append('…');
    return out.toString();
  }
}

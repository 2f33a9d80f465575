package dev.courier.server;

import java.time.Instant;

/**
 * Renders simple {@code Set-Cookie} values (RFC 6265 section 4.1) for {@link HttpBin}.
 * TEMPORARY: to be replaced by {@code dev.courier.cookies.SetCookie} once it is on main.
 */
final class SimpleCookies {
  private SimpleCookies() {}

  static boolean isName(String name) {
    return !name.isEmpty() && dev.courier.http.FieldSyntax.isToken(name);
  }

  /** cookie-octet: %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E. */
  static boolean isValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7e || c == '"' || c == ',' || c == ';' || c == '\\') return false;
    }
    return true;
  }

  /** {@code name=value; Path=/}, plus an expiry in the past when {@code expires} is given. */
  static String render(String name, String value, Instant expires) {
    String cookie = name + "=" + value + "; Path=/";
    if (expires != null) cookie += "; Expires=" + HttpDates.format(expires) + "; Max-Age=0";
    return cookie;
  }
}

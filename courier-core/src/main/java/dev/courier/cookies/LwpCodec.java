package dev.courier.cookies;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * libwww-perl's {@code Set-Cookie3} format, as Python's LWPCookieJar reads and writes it: a magic
 * line {@code #LWP-Cookies-2.0}, then {@code Set-Cookie3: name=value; path="/"; domain=".x.com";
 * secure; expires="2030-01-01 00:00:00Z"; discard; HttpOnly; version=0}. Values that are not all
 * word characters are DQUOTEd with {@code \"} and {@code \\} escapes. A domain with a leading dot
 * is a domain cookie; {@code discard} or a missing {@code expires} means a session cookie.
 */
final class LwpCodec implements CookieFileCodec {
  static final String MAGIC = "#LWP-Cookies-2.0";
  private static final String PREFIX = "Set-Cookie3:";

  @Override
  public void read(String content, Sink sink) {
    int lineNumber = 0;
    int start = 0;
    boolean sawMagic = false;
    while (start < content.length()) {
      int end = content.indexOf('\n', start);
      if (end < 0) end = content.length();
      String line = content.substring(start, end);
      start = end + 1;
      lineNumber++;
      if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
      if (!sawMagic) {
        if (line.isBlank()) continue;
        if (!line.strip().startsWith("#LWP-Cookies-")) {
          sink.problem(lineNumber, "not an LWP cookie file: the first line must be " + MAGIC);
          return;
        }
        sawMagic = true;
        continue;
      }
      if (!line.startsWith(PREFIX)) continue; // Other lines are ignored, as Python does.
      List<List<String[]>> cookies = splitHeaderWords(line.substring(PREFIX.length()));
      for (List<String[]> pairs : cookies) readCookie(lineNumber, pairs, sink);
    }
  }

  private static void readCookie(int lineNumber, List<String[]> pairs, Sink sink) {
    if (pairs.isEmpty()) return;
    String[] first = pairs.get(0);
    // A key without a value is Python's "valueless" cookie: sent as the bare name, i.e. nameless.
    String name = first[1] == null ? "" : first[0];
    String value = first[1] == null ? first[0] : first[1];
    String domain = null;
    String path = "/";
    boolean secure = false, httpOnly = false, discard = false, partitioned = false;
    Instant expires = null;
    SameSite sameSite = SameSite.DEFAULT;
    for (int i = 1; i < pairs.size(); i++) {
      String key = pairs.get(i)[0];
      String v = pairs.get(i)[1];
      switch (key.toLowerCase(Locale.ROOT)) {
        case "domain" -> domain = v;
        case "path" -> path = v == null || v.isEmpty() ? "/" : v;
        case "secure" -> secure = true;
        case "discard" -> discard = true;
        case "httponly" -> httpOnly = true;
        case "partitioned" -> partitioned = true;
        case "samesite" -> sameSite = v == null ? SameSite.DEFAULT : SameSite.fromAttributeValue(v);
        case "expires" -> expires = v == null ? null : parseIsoz(v);
        default -> {} // version, port, path_spec, domain_dot, comment, ...: nothing to keep
      }
    }
    if (domain == null || domain.isEmpty() || domain.equals(".")) {
      sink.problem(lineNumber, "Set-Cookie3 without a domain");
      return;
    }
    if (!path.startsWith("/")) {
      sink.problem(lineNumber, "path does not start with '/'");
      return;
    }
    try {
      sink.cookie(
          lineNumber,
          Cookie.builder(name, value)
              .domain(domain)
              .hostOnly(!domain.startsWith("."))
              .path(path)
              .secure(secure)
              .httpOnly(httpOnly)
              .partitioned(partitioned)
              .sameSite(sameSite)
              .expires(discard ? null : expires)
              .build());
    } catch (IllegalArgumentException e) {
      sink.problem(lineNumber, e.getMessage());
    }
  }

  /** "YYYY-MM-DD hh:mm:ssZ" (Python's time2isoz); also with a "T". Null when invalid (= session). */
  static Instant parseIsoz(String s) {
    String t = s.strip();
    if (t.endsWith("Z")) t = t.substring(0, t.length() - 1);
    t = t.replace(' ', 'T');
    try {
      Instant i = LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
      return i.isAfter(CookieFileCodec.MAX_EXPIRY) ? CookieFileCodec.MAX_EXPIRY : i;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static String isoz(Instant instant) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    return String.format(Locale.ROOT, "%04d-%02d-%02d %02d:%02d:%02dZ",
        t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond());
  }

  /**
   * Python's split_header_words: {@code key}, {@code key=token} or {@code key="quoted"} pairs
   * separated by ";"; a "," starts the next cookie. Linear: every step consumes input.
   */
  static List<List<String[]>> splitHeaderWords(String text) {
    List<List<String[]>> result = new ArrayList<>();
    List<String[]> pairs = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(text.charAt(i))) i++;
      if (i >= n) break;
      char c = text.charAt(i);
      if (c == ',') {
        i++;
        if (!pairs.isEmpty()) result.add(pairs);
        pairs = new ArrayList<>();
        continue;
      }
      if (c == '=' || c == ';') {
        i++;
        continue;
      }
      int keyStart = i;
      while (i < n && "=;,".indexOf(text.charAt(i)) < 0 && !Character.isWhitespace(text.charAt(i))) i++;
      String key = text.substring(keyStart, i);
      int j = i;
      while (j < n && Character.isWhitespace(text.charAt(j))) j++;
      String value = null;
      if (j < n && text.charAt(j) == '=') {
        j++;
        while (j < n && Character.isWhitespace(text.charAt(j))) j++;
        if (j < n && text.charAt(j) == '"') {
          StringBuilder v = new StringBuilder();
          j++;
          while (j < n && text.charAt(j) != '"') {
            char d = text.charAt(j);
            if (d == '\\' && j + 1 < n) d = text.charAt(++j);
            v.append(d);
            j++;
          }
          j++; // closing quote (or end)
          value = v.toString();
        } else {
          int vs = j;
          while (j < n && ";,".indexOf(text.charAt(j)) < 0 && !Character.isWhitespace(text.charAt(j))) j++;
          value = text.substring(vs, j);
        }
        i = j;
      }
      pairs.add(new String[] {key, value});
    }
    if (!pairs.isEmpty()) result.add(pairs);
    return result;
  }

  @Override
  public String write(List<Cookie> cookies, List<Cookie> unwritable) {
    StringBuilder out = new StringBuilder(32 + cookies.size() * 96).append(MAGIC).append('\n');
    for (Cookie c : cookies) {
      if (!writable(c)) {
        unwritable.add(c);
        continue;
      }
      out.append("Set-Cookie3: ");
      if (c.name().isEmpty()) out.append(c.value());
      else out.append(c.name()).append('=').append(quote(c.value()));
      out.append("; path=").append(quote(c.path()));
      out.append("; domain=").append(quote((c.hostOnly() ? "" : ".") + c.domain()));
      if (c.secure()) out.append("; secure");
      c.expires().ifPresent(e -> out.append("; expires=").append(quote(isoz(e))));
      if (!c.persistent()) out.append("; discard");
      if (c.httpOnly()) out.append("; HttpOnly");
      if (c.partitioned()) out.append("; Partitioned");
      if (c.sameSite() != SameSite.DEFAULT) out.append("; SameSite=").append(c.sameSite().attributeValue());
      out.append("; version=0\n");
    }
    return out.toString();
  }

  private static boolean writable(Cookie c) {
    if (!isKey(c.name().isEmpty() ? c.value() : c.name())) return false;
    String all = c.value() + c.path() + c.domain();
    for (int i = 0; i < all.length(); i++) {
      char ch = all.charAt(i);
      if (ch == '\n' || ch == '\r' || ch > 0xFF) return false;
    }
    return true;
  }

  /** What split_header_words reads back as a key: no "=", ";", ",", DQUOTE, whitespace. */
  private static boolean isKey(String s) {
    if (s.isEmpty()) return false;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if ("=;,\"".indexOf(ch) >= 0 || Character.isWhitespace(ch) || ch > 0xFF) return false;
    }
    return true;
  }

  /** join_header_words quoting: word characters as they are, anything else DQUOTEd with escapes. */
  static String quote(String v) {
    boolean word = !v.isEmpty();
    for (int i = 0; i < v.length() && word; i++) {
      char ch = v.charAt(i);
      word = ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '_';
    }
    if (word) return v;
    StringBuilder out = new StringBuilder(v.length() + 2).append('"');
    for (int i = 0; i < v.length(); i++) {
      char ch = v.charAt(i);
      if (ch == '"' || ch == '\\') out.append('\\');
      out.append(ch);
    }
    return out.append('"').toString();
  }
}

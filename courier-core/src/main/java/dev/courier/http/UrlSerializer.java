package dev.courier.http;

import dev.courier.http.HostParser.Host;
import dev.courier.http.HostParser.Kind;
import dev.courier.http.PercentEncoding.EncodeSet;

/**
 * Writes a {@link Url} as text: its canonical form (WHATWG URL serializer, which agrees with
 * RFC 3986 Section 5.3 for http and https), the redacted form, and the redaction of text that did
 * not parse. Kept apart from {@link Url} so that the value class stays a value.
 */
final class UrlSerializer {
  private UrlSerializer() {}

  static String userInfo(Url u, boolean redact) {
    if (u.username().isEmpty() && u.password().isEmpty()) {
      return "";
    }
    if (redact) {
      return Url.MASK + "@";
    }
    String user = PercentEncoding.encode(u.username(), EncodeSet.USERINFO);
    if (u.password().isEmpty()) {
      return user + "@";
    }
    return user + ":" + PercentEncoding.encode(u.password(), EncodeSet.USERINFO) + "@";
  }

  /**
   * Whether {@code serialize(false)} would give exactly {@code s}, decided without building it.
   * Only the plain case is recognised (no user-info, no IPv6 host, no "/." prefix); anything
   * else answers false and is serialized.
   */
  static boolean serializesTo(Url u, String s) {
    if (!u.username().isEmpty() || !u.password().isEmpty() || u.hostValue().kind() == Kind.IPV6 || !s.startsWith(u.scheme())) {
      return false;
    }
    int n = s.length();
    int i = u.scheme().length();
    if (i >= n || s.charAt(i++) != ':') {
      return false;
    }
    if (u.hasAuthority()) {
      String name = u.hostValue().name();
      if (!s.startsWith("//", i) || !s.startsWith(name, i + 2)) {
        return false;
      }
      i += 2 + name.length();
      if (u.explicitPort() >= 0) {
        if (i >= n || s.charAt(i++) != ':') {
          return false;
        }
        int start = i;
        int value = 0;
        while (i < n && i - start < 5 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
          value = value * 10 + (s.charAt(i++) - '0');
        }
        int digits = i - start;
        if (digits == 0 || value != u.explicitPort() || (digits > 1 && s.charAt(start) == '0')) {
          return false;
        }
      }
    } else if (u.path().startsWith("//")) {
      return false;
    }
    if (!s.startsWith(u.path(), i)) {
      return false;
    }
    i += u.path().length();
    if (u.rawQuery() != null) {
      if (i >= n || s.charAt(i) != '?' || !s.startsWith(u.rawQuery(), i + 1)) {
        return false;
      }
      i += 1 + u.rawQuery().length();
    }
    if (u.rawFragment() != null) {
      if (i >= n || s.charAt(i) != '#' || !s.startsWith(u.rawFragment(), i + 1)) {
        return false;
      }
      i += 1 + u.rawFragment().length();
    }
    return i == n;
  }

  static String serialize(Url u, boolean redact) {
    StringBuilder out = new StringBuilder(u.scheme().length() + u.hostValue().name().length() + u.path().length()
        + (u.rawQuery() == null ? 0 : u.rawQuery().length() + 1) + 16);
    out.append(u.scheme()).append(':');
    if (u.hasAuthority()) {
      out.append("//").append(userInfo(u, redact)).append(u.hostValue().forUri(true));
      if (u.explicitPort() >= 0) {
        out.append(':').append(u.explicitPort());
      }
    } else if (u.path().startsWith("//")) {
      out.append("/."); // keeps "//x" from reading as an authority (WHATWG does the same)
    }
    out.append(u.path());
    if (u.rawQuery() != null) {
      out.append('?').append(u.rawQuery());
    }
    if (u.rawFragment() != null) {
      out.append('#').append(u.rawFragment());
    }
    return out.toString();
  }


  static String redactText(String text) {
    int start = text.indexOf("//");
    int schemeColon = text.indexOf(':');
    if (start < 0 || (schemeColon >= 0 && schemeColon < start && start != schemeColon + 1)) {
      start = 0; // "user:pass@host/" typed without a scheme
    } else {
      start += 2;
    }
    int end = start;
    while (end < text.length() && "/?#".indexOf(text.charAt(end)) < 0) {
      end++;
    }
    int at = text.lastIndexOf('@', end - 1);
    String masked = at < start ? text : text.substring(0, start) + Url.MASK + text.substring(at);
    return HostParser.printable(masked);
  }}

package dev.courier.testing;

import dev.courier.http.FormData;
import dev.courier.http.Headers;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Takes secrets out of what a {@link Cassette} writes. Credentials keep their scheme ({@code Basic
 * REDACTED}) and cookies their names and attributes ({@code sid=REDACTED; Path=/}), so a replay
 * still sends and stores the same cookies and a reader still sees what kind of secret was there;
 * other listed fields and query parameters lose their whole value. URL user-info is masked as
 * {@link dev.courier.http.Url#redacted()} does.
 */
final class Redaction {
  static final String MASK = "REDACTED";

  private final Set<String> headers; // lower case, beyond the four always redacted
  private final Set<String> queryParameters; // exact names

  Redaction(Set<String> headers, Set<String> queryParameters) {
    this.headers = headers.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    this.queryParameters = Set.copyOf(queryParameters);
  }

  Headers headers(Headers in) {
    Headers.Builder out = Headers.builder();
    for (int i = 0; i < in.size(); i++) {
      String name = in.name(i);
      out.add(name, value(name.toLowerCase(Locale.ROOT), in.value(i)));
    }
    return out.build();
  }

  private String value(String name, String value) {
    return switch (name) {
      case "authorization", "proxy-authorization" -> credentials(value);
      case "cookie" -> cookiePairs(value);
      case "set-cookie" -> setCookie(value);
      case "location", "content-location" -> url(value);
      default -> headers.contains(name) ? MASK : value;
    };
  }

  /** RFC 9110, Section 11.4: credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ]. */
  private static String credentials(String value) {
    int space = value.indexOf(' ');
    return space < 0 ? MASK : value.substring(0, space) + " " + MASK;
  }

  /** RFC 6265, Section 4.2.1: cookie-string = cookie-pair *( "; " cookie-pair ). */
  private static String cookiePairs(String value) {
    StringBuilder out = new StringBuilder();
    for (String pair : value.split(";")) {
      String trimmed = pair.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      int eq = trimmed.indexOf('=');
      out.append(out.isEmpty() ? "" : "; ").append(eq < 0 ? MASK : trimmed.substring(0, eq + 1) + MASK);
    }
    return out.toString();
  }

  /** RFC 6265, Section 4.1.1: the cookie-pair before the first ";" holds the secret. */
  private static String setCookie(String value) {
    int semi = value.indexOf(';');
    String pair = semi < 0 ? value : value.substring(0, semi);
    int eq = pair.indexOf('=');
    String masked = eq < 0 ? MASK : pair.substring(0, eq + 1) + MASK;
    return semi < 0 ? masked : masked + value.substring(semi);
  }

  /** A URL with the listed query parameters' values masked; other parameters keep their bytes. */
  String url(String url) {
    String safe = dev.courier.http.Url.redact(url);
    int q = safe.indexOf('?');
    if (q < 0 || queryParameters.isEmpty()) {
      return safe;
    }
    int hash = safe.indexOf('#', q);
    String query = hash < 0 ? safe.substring(q + 1) : safe.substring(q + 1, hash);
    StringBuilder out = new StringBuilder(safe.substring(0, q + 1));
    String[] parts = query.split("&", -1);
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      int eq = part.indexOf('=');
      String rawName = eq < 0 ? part : part.substring(0, eq);
      String name = FormData.parse(rawName + "=").names().stream().findFirst().orElse(rawName);
      out.append(i == 0 ? "" : "&")
          .append(queryParameters.contains(name) ? rawName + "=" + MASK : part);
    }
    return hash < 0 ? out.toString() : out.append(safe.substring(hash)).toString();
  }
}

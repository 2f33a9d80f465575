package dev.courier.cookies;

import dev.courier.http.Url;
import java.util.Locale;

/**
 * What the jar needs from a request URL: scheme (lower-case), canonical host (lower-case A-labels,
 * IPv6 without brackets) and the encoded path ("/" when empty).
 */
record RequestUrl(String scheme, String host, String path) {
  RequestUrl {
    scheme = scheme.toLowerCase(Locale.ROOT);
    host = host.toLowerCase(Locale.ROOT);
    if (path.isEmpty()) path = "/";
  }

  static RequestUrl of(Url url) {
    return new RequestUrl(url.scheme(), url.host(), url.path());
  }
}

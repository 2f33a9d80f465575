package dev.courier.cookies;

import java.net.URI;

/** URL helpers for tests. */
final class TestUrls {
  private TestUrls() {}

  static RequestTarget target(String url) {
    URI u = URI.create(url);
    String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
    String host = u.getHost();
    if (host.startsWith("[")) host = host.substring(1, host.length() - 1);
    return new RequestTarget(u.getScheme(), host, path);
  }

  static String resolve(String base, String reference) {
    return URI.create(base).resolve(reference).toString();
  }
}

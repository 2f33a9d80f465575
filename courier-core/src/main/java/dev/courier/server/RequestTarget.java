package dev.courier.server;

import dev.courier.http.Url;

/**
 * A request target split into what a handler reads, by its form (RFC 9112 section 3.2): the
 * path and query exactly as sent (still percent-encoded, dot segments kept: {@link FileHandler}
 * refuses those rather than guess), and for the absolute-form and authority-form the authority,
 * which wins over {@code Host} (section 3.2.2).
 *
 * <p>{@link Url} decides what a valid target is and what its authority is (host lower-cased,
 * userinfo dropped at the last {@code @}, default port left out), so the server and the client
 * never read one authority two ways; a target it refuses is a 400. The codec has already checked
 * the form against the method and that every character is visible ASCII. An origin-form target of
 * only the characters RFC 3986 allows there, the common case, is split without a {@code Url}.
 *
 * @param path the path as sent; {@code *} for the asterisk-form, empty for the authority-form
 * @param query the query after {@code ?}, or null
 * @param authority the authority of an absolute-form or authority-form target, else null
 */
record RequestTarget(String path, String query, String authority) {
  /** RFC 3986 section 3.3 and 3.4: pchar, "/" and "?" (unreserved, sub-delims, ":", "@"). */
  private static final boolean[] PLAIN = new boolean[128];

  static {
    for (int c = '0'; c <= '9'; c++) PLAIN[c] = true;
    for (int c = 'a'; c <= 'z'; c++) PLAIN[c] = true;
    for (int c = 'A'; c <= 'Z'; c++) PLAIN[c] = true;
    for (char c : "-._~!$&'()*+,;=:@/?".toCharArray()) PLAIN[c] = true;
  }

  /** The host a relative target is checked against; never contacted or shown. */
  private static final String CHECK_BASE = "http://target.invalid";

  /**
   * Splits {@code target} of a request with {@code method}.
   *
   * @throws IllegalArgumentException with the reason when {@link Url} refuses the target
   */
  static RequestTarget parse(String method, String target) {
    if (target.equals("*")) return new RequestTarget("*", null, null); // RFC 9112 section 3.2.4
    if (method.equals("CONNECT")) {
      // Authority-form, host and port only (RFC 9112 section 3.2.3).
      Url url = check("http://" + target, target);
      if (!url.target().equals("/") || target.indexOf('/') >= 0 || target.indexOf('?') >= 0) {
        throw new IllegalArgumentException("CONNECT target is not host:port: " + target);
      }
      return new RequestTarget("", null, url.authority());
    }
    if (target.startsWith("/")) {
      // Origin-form (RFC 9112 section 3.2.1).
      if (!isPlainOriginForm(target)) check(CHECK_BASE + target, target);
      int q = target.indexOf('?');
      return new RequestTarget(q < 0 ? target : target.substring(0, q), q < 0 ? null : target.substring(q + 1),
          null);
    }
    // Absolute-form (RFC 9112 section 3.2.2): the path is what follows the authority, which ends
    // where Url ends it (the first "/", "?" or "#").
    Url url = check(target, target);
    int scheme = target.indexOf("://");
    if (scheme < 0) throw new IllegalArgumentException("request target is no absolute URL: " + target);
    int end = scheme + 3;
    while (end < target.length() && "/?#".indexOf(target.charAt(end)) < 0) end++;
    String rest = target.substring(end);
    if (!rest.startsWith("/")) rest = "/" + rest;
    int q = rest.indexOf('?');
    return new RequestTarget(q < 0 ? rest : rest.substring(0, q), q < 0 ? null : rest.substring(q + 1),
        url.authority());
  }

  private static Url check(String url, String target) {
    try {
      return Url.parse(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad request target '" + target + "': " + e.getMessage(), e);
    }
  }

  /**
   * True for an origin-form target of pchar, "/", "?" and well-formed percent escapes only (RFC
   * 3986 sections 2.1, 3.3 and 3.4): the shape of nearly every request, which needs no further
   * check. One pass, no allocation.
   */
  static boolean isPlainOriginForm(String target) {
    int n = target.length();
    if (n == 0 || target.charAt(0) != '/') return false;
    for (int i = 1; i < n; i++) {
      char c = target.charAt(i);
      if (c < 128 && PLAIN[c]) continue;
      if (c == '%' && i + 2 < n && isHex(target.charAt(i + 1)) && isHex(target.charAt(i + 2))) {
        i += 2;
        continue;
      }
      return false;
    }
    return true;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}

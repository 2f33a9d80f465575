package dev.courier.cookies;

/** The matching rules of RFC 6265 section 5.1.3 (domain) and 5.1.4 (paths). */
final class CookieMatching {
  private CookieMatching() {}

  /**
   * Domain-match (section 5.1.3): identical, or {@code domain} is a suffix of {@code host}, the
   * character before it is ".", and the host is a host name rather than an IP address. Both
   * arguments are canonical (lower-case A-labels).
   */
  static boolean domainMatches(String host, String domain) {
    if (host.equals(domain)) return true;
    int offset = host.length() - domain.length();
    return offset > 0
        && host.endsWith(domain)
        && host.charAt(offset - 1) == '.'
        && !isIpAddress(host);
  }

  /**
   * Path-match (section 5.1.4): identical; or a prefix that ends in "/"; or a prefix followed by
   * "/" in the request path.
   */
  static boolean pathMatches(String requestPath, String cookiePath) {
    if (requestPath.equals(cookiePath)) return true;
    if (!requestPath.startsWith(cookiePath)) return false;
    return cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/';
  }

  /**
   * The default-path of a request path (section 5.1.4): "/" unless the path starts with "/" and has
   * a second "/", then everything before the rightmost "/".
   */
  static String defaultPath(String uriPath) {
    if (uriPath.isEmpty() || uriPath.charAt(0) != '/') return "/";
    int last = uriPath.lastIndexOf('/');
    return last == 0 ? "/" : uriPath.substring(0, last);
  }

  /** An IPv4 dotted quad or an IPv6 literal (canonical hosts carry IPv6 without brackets). */
  static boolean isIpAddress(String host) {
    if (host.indexOf(':') >= 0) return true;
    if (host.isEmpty()) return false;
    int dots = 0;
    int digits = 0;
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c == '.') {
        if (digits == 0) return false;
        dots++;
        digits = 0;
      } else if (c >= '0' && c <= '9') {
        if (++digits > 3) return false;
      } else {
        return false;
      }
    }
    return dots == 3 && digits > 0;
  }
}

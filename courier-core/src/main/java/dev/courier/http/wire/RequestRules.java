package dev.courier.http.wire;

import dev.courier.http.Headers;

/**
 * The checks a request head must pass beyond syntax: the target form matches the method
 * (RFC 9112, Section 3.2) and Host is present once with a valid value (RFC 9112, Section 3.2).
 */
final class RequestRules {
  private static final boolean[] REG_NAME = new boolean[128];
  private static final boolean[] IP_LITERAL = new boolean[128];

  static {
    // RFC 3986, Section 3.2.2: reg-name = *( unreserved / pct-encoded / sub-delims )
    for (int c = '0'; c <= '9'; c++) REG_NAME[c] = true;
    for (int c = 'a'; c <= 'z'; c++) REG_NAME[c] = true;
    for (int c = 'A'; c <= 'Z'; c++) REG_NAME[c] = true;
    for (char c : "-._~%!$&'()*+,;=".toCharArray()) REG_NAME[c] = true;
    // IP-literal = "[" ( IPv6address / IPvFuture ) "]": hex digits, ':', '.', and for IPvFuture
    // 'v' plus unreserved / sub-delims; one table holding all of them keeps the check simple.
    System.arraycopy(REG_NAME, 0, IP_LITERAL, 0, 128);
    IP_LITERAL[':'] = true;
    IP_LITERAL['%'] = false;
  }

  private RequestRules() {}

  /** Throws a 400 {@link HttpCodecException} naming the first rule {@code head} breaks. */
  static void check(RequestHead head) {
    checkTarget(head.method(), head.target());
    checkHost(head);
  }

  private static void checkTarget(String method, String target) {
    if (method.equals("CONNECT")) {
      // RFC 9112, Section 3.2.3: CONNECT uses authority-form, host and port, and nothing else.
      if (!isAuthority(target, true)) {
        throw bad("CONNECT target is not host:port (authority-form, RFC 9112 section 3.2.3): "
            + target);
      }
      return;
    }
    if (target.equals("*")) {
      // RFC 9112, Section 3.2.4: the asterisk-form is only used for a server-wide OPTIONS.
      if (!method.equals("OPTIONS")) throw bad("asterisk-form target '*' used with " + method);
      return;
    }
    if (target.charAt(0) == '/') return; // origin-form, RFC 9112 Section 3.2.1
    if (isAbsoluteForm(target)) return; // absolute-form, RFC 9112 Section 3.2.2
    throw bad("request target is not origin-form ('/...') or absolute-form ('http://...'): "
        + target);
  }

  private static void checkHost(RequestHead head) {
    Headers headers = head.headers();
    String host = null;
    int count = 0;
    for (int i = 0; i < headers.size(); i++) {
      String name = headers.name(i);
      if (name.length() == 4 && name.equalsIgnoreCase("Host")) {
        count++;
        host = headers.value(i);
      }
    }
    // RFC 9112, Section 3.2: 400 for an HTTP/1.1 request without Host, for more than one Host
    // field line, and for a Host with an invalid value.
    if (count > 1) throw bad("more than one Host field (RFC 9112 section 3.2)");
    if (count == 0) {
      if (head.version() == HttpVersion.HTTP_1_1) {
        throw bad("HTTP/1.1 request without Host (RFC 9112 section 3.2)");
      }
      return;
    }
    if (!isAuthority(host, false)) throw bad("invalid Host value: " + host);
  }

  /** absolute-form as used for HTTP: scheme "://" ... (RFC 3986, Section 3.1; RFC 9112 3.2.2). */
  static boolean isAbsoluteForm(String target) {
    int i = 0;
    int n = target.length();
    if (n == 0 || !isAlpha(target.charAt(0))) return false;
    while (++i < n) {
      char c = target.charAt(i);
      if (c == ':') break;
      if (!isAlpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') return false;
    }
    return target.startsWith("://", i);
  }

  /**
   * {@code uri-host [ ":" port ]} (RFC 9110, Section 7.2); with {@code requirePort}, the
   * authority-form of CONNECT, {@code uri-host ":" port} with a non-empty port.
   */
  static boolean isAuthority(String value, boolean requirePort) {
    int n = value.length();
    int i = 0;
    if (n > 0 && value.charAt(0) == '[') {
      i = 1;
      while (i < n && value.charAt(i) != ']') {
        char c = value.charAt(i);
        if (c >= 128 || !IP_LITERAL[c]) return false;
        i++;
      }
      if (i == n || i == 1) return false;
      i++; // ']'
    } else {
      while (i < n && value.charAt(i) != ':') {
        char c = value.charAt(i);
        if (c >= 128 || !REG_NAME[c]) return false;
        i++;
      }
      // An http(s) URI must not have an empty host (RFC 9110, Section 4.2.1), so neither may Host.
      if (i == 0) return false;
    }
    if (i == n) return !requirePort;
    if (value.charAt(i) != ':') return false;
    int portStart = ++i;
    while (i < n) {
      char c = value.charAt(i++);
      if (c < '0' || c > '9') return false;
    }
    return !requirePort || n > portStart;
  }

  private static boolean isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static HttpCodecException bad(String message) {
    return new HttpCodecException(400, message);
  }
}

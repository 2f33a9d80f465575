package dev.courier.http;

import static java.util.Locale.ROOT;

import dev.courier.http.HostParser.Host;
import dev.courier.http.PercentEncoding.EncodeSet;

/**
 * Parses an absolute URL (RFC 3986, Section 4.3, plus what users type) into a {@link Url}.
 *
 * <p>Theory of operation. The split follows RFC 3986 Appendix B: {@code scheme ":" ["//"
 * authority] path ["?" query] ["#" fragment]}. Where the WHATWG URL standard (browsers) would
 * read the same text differently from RFC 3986, we refuse instead of picking one reading:
 *
 * <ul>
 *   <li>leading or trailing spaces/controls (WHATWG strips them; CPython CVE-2023-24329),
 *   <li>TAB, CR, LF anywhere (WHATWG deletes them; CPython CVE-2022-0391),
 *   <li>a backslash in the authority, and in the path of http, https, ws, wss, ftp and file
 *       URLs (WHATWG reads it as "/"),
 *   <li>an http(s) URL without "//host" ({@code http:example.com}, {@code http:///x}).
 * </ul>
 *
 * <p>The userinfo ends at the <em>last</em> "@" of the authority, as in the WHATWG standard,
 * CPython's urlsplit, urllib3 and curl: {@code http://user@host@evil.com/} goes to
 * {@code evil.com} with user name {@code user@host}, and prints as {@code user%40host@evil.com}
 * so it can never be read another way. Other controls, spaces and non-ASCII characters in the
 * path, query and fragment are percent-encoded as UTF-8.
 */
final class UrlParser {
  /**
   * The URLs parsed last, by hash: clients call the same few endpoints again and again, and a
   * string always parses to the same immutable {@link Url}, so a repeat costs one comparison
   * instead of a parse (the parse was about a tenth of a small GET's CPU). Direct-mapped, no lock:
   * threads may overwrite each other's entries, and an entry's final fields make it safe to read
   * from any thread. Long URLs, URLs with credentials and URLs with a query or a fragment are not
   * kept: the cache must neither hold much memory nor keep a secret alive after its call (API keys
   * and signatures travel in query strings, OAuth tokens in fragments), and a query that changes
   * with each call would only push out the endpoints that repeat.
   */
  private static final Parsed[] RECENT = new Parsed[32];
  private static final int MAX_CACHED_LENGTH = 512;

  private record Parsed(String input, Url url) {}

  private UrlParser() {}

  static Url parse(String input) {
    if (input == null) {
      throw new NullPointerException("url");
    }
    int slot = input.hashCode() & (RECENT.length - 1);
    Parsed recent = RECENT[slot];
    if (recent != null && recent.input.equals(input)) {
      return recent.url;
    }
    Url url = parseUncached(input);
    if (input.length() <= MAX_CACHED_LENGTH && url.username().isEmpty() && url.password().isEmpty()
        && input.indexOf('?') < 0 && input.indexOf('#') < 0) {
      RECENT[slot] = new Parsed(input, url);
    }
    return url;
  }

  private static Url parseUncached(String input) {
    if (input.isEmpty()) {
      throw new IllegalArgumentException("URL is empty");
    }
    checkWhitespace(input);
    int colon = schemeEnd(input);
    if (colon < 0 || looksLikeHostAndPort(input, colon)) {
      throw missingScheme(input);
    }
    String scheme = scheme(input, colon);
    boolean special = Url.isSpecial(scheme);
    int i = colon + 1;
    int n = input.length();

    boolean hasAuthority = false;
    String username = "";
    String password = "";
    Host host = Host.NONE;
    int port = -1;
    if (input.startsWith("//", i)) {
      hasAuthority = true;
      int start = i + 2;
      int end = start;
      while (end < n) {
        char c = input.charAt(end);
        if (c == '/' || c == '?' || c == '#') {
          break;
        }
        if (c <= ' ' || c == 0x7f) {
          throw new IllegalArgumentException("URL '"
              + Url.redact(input) + "' has "
              + HostParser.describe(c) + " at index " + end + " in its authority");
        }
        if (c == '\\') {
          throw new IllegalArgumentException("URL '" + Url.redact(input)
              + "' has a backslash at index " + end + " in its authority; browsers read it as"
              + " '/' and RFC 3986 does not allow it");
        }
        end++;
      }
      // Indexes into the input rather than substrings: one string for the host, none for the port.
      int at = input.lastIndexOf('@', end - 1);
      if (at < start) {
        at = -1;
      }
      if (at >= 0) {
        String userinfo = input.substring(start, at);
        int split = userinfo.indexOf(':');
        if (split < 0) {
          username = PercentEncoding.decode(userinfo, false);
        } else {
          username = PercentEncoding.decode(userinfo.substring(0, split), false);
          password = PercentEncoding.decode(userinfo.substring(split + 1), false);
        }
      }
      int hostStart = at >= 0 ? at + 1 : start;
      int portStart = portColon(input, hostStart, end);
      String rawHost = input.substring(hostStart, portStart < 0 ? end : portStart);
      host = scheme.equals(Url.HTTP_UNIX) ? HostParser.parseSocketPath(rawHost) : HostParser.parse(rawHost);
      if (portStart >= 0) {
        port = parsePort(input, portStart + 1, end);
      }
      if (host.kind() == HostParser.Kind.EMPTY && (Url.requiresHost(scheme) || port >= 0
          || !username.isEmpty() || !password.isEmpty())) {
        throw new IllegalArgumentException("URL '" + Url.redact(input) + "' has no host");
      }
      if (scheme.equals("file") && (port >= 0 || at >= 0)) {
        // RFC 8089, Section 2: a file URI's authority is a host only.
        throw new IllegalArgumentException("file URL '" + Url.redact(input)
            + "' may not have a user name, password or port");
      }
      i = end;
    } else if (Url.requiresHost(scheme)) {
      throw new IllegalArgumentException("URL '" + Url.redact(input) + "' has no host: an "
          + scheme + " URL starts with '" + scheme + "://' and a host name");
    }

    int pathEnd = indexOfAny(input, i, '?', '#');
    String rawPath = input.substring(i, pathEnd);
    if (special) {
      int backslash = rawPath.indexOf('\\');
      if (backslash >= 0) {
        throw new IllegalArgumentException("URL '" + Url.redact(input)
            + "' has a backslash at index " + (i + backslash) + " in its path; browsers read it"
            + " as '/': write '/' or %5C");
      }
    }
    String path = PercentEncoding.canonicalize(rawPath, EncodeSet.PATH);
    if (hasAuthority || path.startsWith("/")) {
      path = DotSegments.remove(path);
    }
    if (special && path.isEmpty()) {
      path = "/";
    }

    String query = null;
    int j = pathEnd;
    if (j < n && input.charAt(j) == '?') {
      int queryEnd = input.indexOf('#', j + 1);
      if (queryEnd < 0) {
        queryEnd = n;
      }
      query = PercentEncoding.canonicalize(input.substring(j + 1, queryEnd), EncodeSet.QUERY);
      j = queryEnd;
    }
    String fragment = null;
    if (j < n && input.charAt(j) == '#') {
      fragment = PercentEncoding.canonicalize(input.substring(j + 1), EncodeSet.FRAGMENT);
    }
    return new Url(scheme, username, password, host, port, hasAuthority, path, query, fragment, input);
  }

  /** Refuses leading/trailing C0 controls and spaces, and TAB/CR/LF anywhere. */
  static void checkWhitespace(String input) {
    char first = input.charAt(0);
    char last = input.charAt(input.length() - 1);
    if (first <= ' ' || last <= ' ') {
      int index = first <= ' ' ? 0 : input.length() - 1;
      throw new IllegalArgumentException("URL '" + Url.redact(input)
          + "' " + (index == 0 ? "starts" : "ends") + " with "
          + HostParser.describe(input.charAt(index)) + "; trim it first");
    }
    for (int k = 0; k < input.length(); k++) {
      char c = input.charAt(k);
      if (c == '\t' || c == '\r' || c == '\n') {
        throw new IllegalArgumentException("URL '" + Url.redact(input)
            + "' has " + HostParser.describe(c) + " at index " + k);
      }
    }
  }

  /** RFC 3986, Section 3.1: {@code scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )}. */
  static int schemeEnd(String s) {
    if (s.isEmpty() || !isAlpha(s.charAt(0))) {
      return -1;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ':') {
        return i;
      }
      if (!isAlpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
        return -1;
      }
    }
    return -1;
  }

  static boolean isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /**
   * "localhost:8080/x" and "example.com:8080" parse as a scheme plus a path under RFC 3986, but
   * nobody means that: a would-be scheme with a dot (or "localhost") followed by a port number
   * is a host and port without a scheme.
   */
  private static boolean looksLikeHostAndPort(String s, int colon) {
    boolean dotted = s.lastIndexOf('.', colon - 1) >= 0;
    if (!dotted && !(colon == 9 && s.regionMatches(true, 0, "localhost", 0, 9))) {
      return false;
    }
    int i = colon + 1;
    int digits = 0;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
      digits++;
    }
    return digits > 0 && (i == s.length() || "/?#".indexOf(s.charAt(i)) >= 0);
  }

  private static IllegalArgumentException missingScheme(String input) {
    String shown = Url.redact(input);
    if (input.startsWith("//")) {
      return new IllegalArgumentException(
          "URL '" + shown + "' has no scheme; did you mean 'http:" + shown + "'?");
    }
    if (input.startsWith("/") || input.startsWith("?") || input.startsWith("#")
        || input.startsWith(".")) {
      return new IllegalArgumentException("URL '" + shown + "' is a relative reference with no"
          + " scheme; resolve it against a base URL with base.resolve(reference)");
    }
    return new IllegalArgumentException(
        "URL '" + shown + "' has no scheme; did you mean 'http://" + shown + "'?");
  }

  /** The lower-case scheme; the common ones without a copy. */
  private static String scheme(String input, int colon) {
    if (colon == 4 && input.startsWith("http")) {
      return "http";
    }
    if (colon == 5 && input.startsWith("https")) {
      return "https";
    }
    return input.substring(0, colon).toLowerCase(ROOT);
  }

  /** Absolute index in {@code input} of the ":" before the port in [from, to), or -1. */
  private static int portColon(String input, int from, int to) {
    if (from < to && input.charAt(from) == '[') {
      int colon = portColon(input.substring(from, to)); // IPv6: rare enough for a copy
      return colon < 0 ? -1 : from + colon;
    }
    int colon = input.indexOf(':', from);
    if (colon < 0 || colon >= to) {
      return -1;
    }
    int second = input.indexOf(':', colon + 1);
    if (second >= 0 && second < to) {
      portColon(input.substring(from, to)); // throws the message for several ':'
    }
    return colon;
  }

  /** Index of the ":" before the port, or -1; IPv6 literals keep their colons. */
  private static int portColon(String hostAndPort) {
    if (hostAndPort.startsWith("[")) {
      int close = hostAndPort.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("IPv6 host '" + hostAndPort + "' has no closing ']'");
      }
      if (close + 1 == hostAndPort.length()) {
        return -1;
      }
      if (hostAndPort.charAt(close + 1) != ':') {
        throw new IllegalArgumentException("unexpected "
            + HostParser.describe(hostAndPort.charAt(close + 1)) + " after IPv6 host in '"
            + hostAndPort + "'");
      }
      return close + 1;
    }
    int colon = hostAndPort.indexOf(':');
    if (colon >= 0 && hostAndPort.indexOf(':', colon + 1) >= 0) {
      throw new IllegalArgumentException("host '" + hostAndPort + "' has several ':'; write IPv6"
          + " addresses in brackets, e.g. http://[::1]:8080/");
    }
    return colon;
  }

  /** RFC 3986, Section 3.2.3: {@code port = *DIGIT}, ASCII digits only, at most 65535. */
  static int parsePort(String text, String input) {
    if (text.isEmpty()) {
      return -1; // "http://host:/" means the default port (RFC 3986, Section 6.2.3)
    }
    int value = 0;
    for (int k = 0; k < text.length(); k++) {
      char c = text.charAt(k);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("port '" + HostParser.printable(text) + "' in URL '"
            + Url.redact(input) + "' is not a number: "
            + HostParser.describe(c) + " at index " + k);
      }
      value = value * 10 + (c - '0');
      if (value > Url.MAX_PORT) {
        throw new IllegalArgumentException("port '" + text + "' is out of range 0..65535");
      }
    }
    return value;
  }

  /** {@link #parsePort(String, String)} of {@code input}'s characters [from, to), without a copy. */
  private static int parsePort(String input, int from, int to) {
    if (from == to) {
      return -1;
    }
    int value = 0;
    for (int k = from; k < to; k++) {
      char c = input.charAt(k);
      if (c < '0' || c > '9') {
        return parsePort(input.substring(from, to), input); // throws the message
      }
      value = value * 10 + (c - '0');
      if (value > Url.MAX_PORT) {
        return parsePort(input.substring(from, to), input); // throws the message
      }
    }
    return value;
  }

  static int indexOfAny(String s, int from, char a, char b) {
    for (int k = from; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c == a || c == b) {
        return k;
      }
    }
    return s.length();
  }
}

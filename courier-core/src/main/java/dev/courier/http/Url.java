package dev.courier.http;

import static java.util.Locale.ROOT;

import dev.courier.http.HostParser.Host;
import dev.courier.http.HostParser.Kind;
import dev.courier.http.PercentEncoding.EncodeSet;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An absolute URL, parsed once into one canonical form (RFC 3986 plus what users type).
 *
 * <p>Everything that decides where a request goes and what it carries — the connection target
 * ({@link #host()}, {@link #port()}), the {@code Host} header ({@link #authority()}), the request
 * line ({@link #target()}), credential scope and cookie matching ({@link #origin()}) — comes
 * from this one parse, so no two parts of a program can disagree about the host.
 *
 * <pre>{@code
 * Url url = Url.parse("https://user:pw@Example.COM:443/a b/../c?q=1#top");
 * url.host();        // "example.com"
 * url.port();        // 443
 * url.path();        // "/c"
 * url.target();      // "/c?q=1"
 * url.toString();    // "https://user:****@example.com/c?q=1#top"  (password hidden)
 *
 * Url search = Url.parse("https://example.com/search").newBuilder()
 *     .addQueryParameter("q", "café au lait")
 *     .addQueryParameters(Map.of("tag", List.of("a", "b")))
 *     .build();      // https://example.com/search?q=caf%C3%A9+au+lait&tag=a&tag=b
 * url.resolve("../x?y");    // RFC 3986, Section 5
 * }</pre>
 *
 * <h2>Parsing rules</h2>
 *
 * <ul>
 *   <li>A scheme is required; {@code "example.com/x"} and {@code "localhost:8080"} are refused
 *       with a message suggesting {@code "http://example.com/x"}. Schemes are lower-cased. Other
 *       schemes than http and https parse too ({@code mailto:}, {@code file:}, {@code urn:}).
 *   <li>http, https, ws, wss and ftp need a non-empty host after "//". Default ports (80, 443,
 *       80, 443, 21) are filled in and dropped from the canonical form.
 *   <li>Hosts: lower-cased; internationalized names to their ASCII (xn--) form; IPv6 literals in
 *       brackets, checked and printed in RFC 5952 form ({@link #host()} gives them without the
 *       brackets); numeric hosts in every IPv4 form {@code inet_aton} accepts ({@code 127.1},
 *       {@code 0x7f.0.0.1}) canonicalized to dotted decimal; spaces, controls and delimiters
 *       refused. See {@link HostParser} for the reasons.
 *   <li>The userinfo ends at the last "@", as in browsers, curl and Python:
 *       {@code http://a@b@evil.com/} goes to {@code evil.com}.
 *   <li>Leading or trailing whitespace, TAB/CR/LF anywhere and backslashes in http(s) URLs are
 *       refused rather than stripped or reinterpreted (browsers would read them differently).
 *   <li>Path, query and fragment are percent-encoded where RFC 3986 requires it (spaces, other
 *       controls, non-ASCII as UTF-8, "%" that starts no escape); existing {@code %XX} escapes
 *       are kept (hex upper-cased), so encoding is idempotent and never doubles. Reserved
 *       characters stay as given. "." and ".." segments are removed (RFC 3986, Section 6.2.2.3).
 *   <li>Neither the user name nor the password appears in {@link #toString()} or in an exception
 *       message ({@link #redacted()}); use {@link #toUnredactedString()} when the full text is
 *       really needed.
 * </ul>
 *
 * <p>Instances are immutable and thread-safe. Equality compares the canonical form (with the
 * password), so {@code http://EXAMPLE.com:80} equals {@code http://example.com/}.
 */
public final class Url {
  /**
   * What stands for hidden user-info in {@link #redacted()} and {@link #redact(String)}; ASCII, so
   * it survives every log encoding (OkHttp CVE-2023-0833 and curl leaked credentials in messages).
   */
  public static final String MASK = "****";

  /** The largest port number (RFC 6335: 16 bits). */
  public static final int MAX_PORT = 65535;

  private final String scheme;
  private final String username;
  private final String password;
  private final Host host;
  /** An explicit port other than the scheme's default, or -1. */
  private final int port;
  private final boolean hasAuthority;
  private final String path;
  private final String query;
  private final String fragment;
  private final String canonical;

  Url(String scheme, String username, String password, Host host, int port,
      boolean hasAuthority, String path, String query, String fragment) {
    this(scheme, username, password, host, port, hasAuthority, path, query, fragment, null);
  }

  /**
   * As above; {@code input} is the text this URL was parsed from, kept as the canonical form
   * (instead of a new string) when it already is exactly that, as most URLs in programs are.
   */
  Url(String scheme, String username, String password, Host host, int port,
      boolean hasAuthority, String path, String query, String fragment, String input) {
    this.scheme = scheme;
    this.username = username;
    this.password = password;
    this.host = host;
    this.port = port == defaultPort(scheme) ? -1 : port;
    this.hasAuthority = hasAuthority;
    this.path = path;
    this.query = query;
    this.fragment = fragment;
    this.canonical = input != null && serializesTo(input) ? input : serialize(false);
  }

  /**
   * Parses an absolute URL.
   *
   * @throws IllegalArgumentException with the reason (and, when the scheme is missing, a
   *     suggestion such as {@code http://example.com}); the message never shows a password
   */
  public static Url parse(String url) {
    return UrlParser.parse(url);
  }

  /** Parses an absolute URL, or returns empty when {@link #parse} would throw. */
  public static Optional<Url> tryParse(String url) {
    try {
      return Optional.of(UrlParser.parse(url));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** A new, empty builder; set at least a scheme and (for http and https) a host. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts with this URL's parts. */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /**
   * The default port of a scheme: 80 for http and ws, 443 for https and wss, 21 for ftp, else
   * -1 (the WHATWG URL standard's "special" schemes).
   */
  public static int defaultPort(String scheme) {
    return switch (scheme.toLowerCase(ROOT)) {
      case "http", "ws" -> 80;
      case "https", "wss" -> 443;
      case "ftp" -> 21;
      default -> -1;
    };
  }

  static boolean isSpecial(String scheme) {
    return defaultPort(scheme) >= 0 || scheme.equals("file");
  }

  static boolean requiresHost(String scheme) {
    return defaultPort(scheme) >= 0;
  }

  // ------------------------------------------------------------------------------ accessors

  /** The scheme, lower-case: "http", "https", "mailto", ... */
  public String scheme() {
    return scheme;
  }

  /** True for https (and wss) URLs, whose connections use TLS. */
  public boolean isHttps() {
    return scheme.equals("https") || scheme.equals("wss");
  }

  /** The decoded user name, or "" when the URL has none. */
  public String username() {
    return username;
  }

  /** The decoded password, or "" when the URL has none. */
  public String password() {
    return password;
  }

  /**
   * The canonical host: ASCII, lower-case, IDN as xn-- labels, IPv4 in dotted decimal, IPv6
   * without brackets (e.g. "::1", with "%zone" when it has one). "" when the URL has no host.
   */
  public String host() {
    return host.name();
  }

  /** True when the host is an IPv4 or IPv6 address rather than a name. */
  public boolean isIpAddress() {
    return host.kind() == Kind.IPV4 || host.kind() == Kind.IPV6;
  }

  /**
   * The effective port: the one in the URL, else the scheme's default (80 for http, 443 for
   * https); -1 when there is neither (e.g. {@code mailto:}).
   */
  public int port() {
    return port >= 0 ? port : defaultPort(scheme);
  }

  /** True when the URL names no port or names the scheme's default one. */
  public boolean hasDefaultPort() {
    return port < 0;
  }

  /**
   * The authority as the {@code Host} header carries it (RFC 9110, Section 7.2): host, IPv6 in
   * brackets without a zone id, and ":port" only when it is not the default. No userinfo.
   */
  public String authority() {
    if (!hasAuthority) {
      return "";
    }
    String h = host.forUri(false);
    return port >= 0 ? h + ":" + port : h;
  }

  /** The percent-encoded path; "/" (never empty) for http and https. */
  public String path() {
    return path;
  }

  /** The decoded path segments: "/a/b%20c/" gives ["a", "b c", ""]. */
  public List<String> pathSegments() {
    if (path.isEmpty()) {
      return List.of();
    }
    String p = path.startsWith("/") ? path.substring(1) : path;
    List<String> segments = new ArrayList<>();
    int start = 0;
    while (true) {
      int slash = p.indexOf('/', start);
      if (slash < 0) {
        segments.add(PercentEncoding.decode(p.substring(start), false));
        break;
      }
      segments.add(PercentEncoding.decode(p.substring(start, slash), false));
      start = slash + 1;
    }
    return Collections.unmodifiableList(segments);
  }

  /** The percent-encoded query without "?", if the URL has one (it may be ""). */
  public Optional<String> query() {
    return Optional.ofNullable(query);
  }

  /**
   * The first value of a query parameter, decoded as application/x-www-form-urlencoded ("+" is
   * a space); a parameter without "=" has the value "".
   */
  public Optional<String> queryParameter(String name) {
    List<String> values = queryParameterValues(name);
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** Every value of a query parameter, in order, decoded like {@link #queryParameter}. */
  public List<String> queryParameterValues(String name) {
    Objects.requireNonNull(name, "name");
    return queryParameters().values(name);
  }

  /**
   * The query as form data, decoded as application/x-www-form-urlencoded ("+" is a space); empty
   * when there is no query.
   *
   * <pre>{@code
   * Url.parse("https://h/search?q=a+b&tag=x&tag=y").queryParameters().toMap();  // {q=[a b], tag=[x, y]}
   * }</pre>
   */
  public FormData queryParameters() {
    return query == null ? FormData.empty() : FormData.parse(query);
  }

  /** The percent-encoded fragment without "#", if the URL has one (it may be ""). */
  public Optional<String> fragment() {
    return Optional.ofNullable(fragment);
  }

  /**
   * The origin-form request target (RFC 9112, Section 3.2.1): path, then "?" and the query if
   * there is one. Never has a fragment.
   */
  public String target() {
    return query == null ? path : path + "?" + query;
  }

  /**
   * The origin as "scheme://host:port" with the effective port always shown, e.g.
   * "https://example.com:443" or "http://[::1]:80"; "null" for a URL without a host (an opaque
   * origin, as in the WHATWG URL standard).
   */
  public String origin() {
    if (host.kind() == Kind.EMPTY) {
      return "null";
    }
    int p = port();
    return scheme + "://" + host.forUri(true) + (p >= 0 ? ":" + p : "");
  }

  /**
   * True when both URLs have the same scheme, host and effective port (RFC 6454), so
   * {@code http://h} and {@code http://h:80/x} share an origin and {@code https://h} does not.
   * URLs without a host share no origin, not even with themselves.
   */
  public boolean sameOrigin(Url other) {
    return host.kind() != Kind.EMPTY && other.host.kind() != Kind.EMPTY
        && scheme.equals(other.scheme) && host.name().equals(other.host.name())
        && port() == other.port();
  }

  /**
   * Resolves a URI reference against this URL (RFC 3986, Section 5.2), as for a
   * {@code Location} header or a link: {@code "../x"}, {@code "?q"}, {@code "//other/"},
   * {@code "https://elsewhere/"}. A reference with this URL's scheme but no authority
   * ({@code "http:g"}) is taken as relative, the choice RFC 3986, Section 5.4.2 allows for
   * backward compatibility and the one browsers make.
   *
   * @throws IllegalArgumentException when the result is not a valid URL
   */
  public Url resolve(String reference) {
    return UrlResolver.resolve(this, reference);
  }

  /** This URL without its fragment. */
  public Url withoutFragment() {
    if (fragment == null) {
      return this;
    }
    return new Url(scheme, username, password, host, port, hasAuthority, path, query, null);
  }

  /** This URL without user name and password. */
  public Url withoutUserInfo() {
    if (username.isEmpty() && password.isEmpty()) {
      return this;
    }
    return new Url(scheme, "", "", host, port, hasAuthority, path, query, fragment);
  }

  /**
   * This URL as a {@link URI}, password included, for APIs that take one.
   *
   * @throws IllegalStateException in the rare case {@code java.net.URI} refuses the canonical
   *     form
   */
  public URI toUri() {
    try {
      return new URI(canonical);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("java.net.URI refuses " + this + ": " + e.getReason(), e);
    }
  }

  /**
   * The canonical form with the user-info shown as {@value #MASK}, e.g.
   * {@code http://****@example.com/}: what messages, logs and {@link #toString()} show. The user
   * name goes too, because it is often a secret itself (an API key or an access token sent as
   * the user of Basic authentication). A URL without user-info prints exactly as
   * {@link #toUnredactedString()}.
   *
   * <pre>{@code
   * Url.parse("https://alice:s3cret@example.com/x").redacted();   // "https://****@example.com/x"
   * }</pre>
   */
  public String redacted() {
    return username.isEmpty() && password.isEmpty() ? canonical : serialize(true);
  }

  /**
   * Text that may hold a URL, made safe for a message or a log line when it did not parse: the
   * user-info (from "//", or the start, to the last "@" of the authority) becomes
   * {@value #MASK}, and control characters become {@code \x0a}-style escapes.
   *
   * <pre>{@code
   * Url.redact("http://alice:s3cret@exa mple.com/");   // "http://****@exa mple.com/"
   * }</pre>
   */
  public static String redact(String text) {
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
    String masked = at < start ? text : text.substring(0, start) + MASK + text.substring(at);
    return HostParser.printable(masked);
  }

  /**
   * Decodes the {@code %XX} escapes of a URL component as UTF-8 (malformed sequences become
   * U+FFFD); a "%" that starts no escape stays, and "+" stays "+" (only forms read it as a space:
   * {@link FormData}). Python's {@code urllib.parse.unquote}.
   *
   * <pre>{@code
   * Url.percentDecode("caf%C3%A9%20a+b");   // "café a+b"
   * }</pre>
   */
  public static String percentDecode(String component) {
    return PercentEncoding.decode(component, false);
  }

  /**
   * Encodes text as one path segment (RFC 3986, Section 3.3): pchar stays, "/" and everything
   * else becomes {@code %XX} of its UTF-8, "%" included, so {@link #percentDecode} gives it back.
   *
   * <pre>{@code
   * Url.encodePathSegment("a b/c");   // "a%20b%2Fc"
   * }</pre>
   */
  public static String encodePathSegment(String text) {
    return PercentEncoding.encode(text, EncodeSet.PATH_SEGMENT);
  }

  /** {@link #redacted()}: the user-info never appears in a URL's string form. */
  @Override
  public String toString() {
    return redacted();
  }

  /** The canonical form with the password: {@code Url.parse(u.toUnredactedString()).equals(u)}. */
  public String toUnredactedString() {
    return canonical;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Url other && canonical.equals(other.canonical);
  }

  @Override
  public int hashCode() {
    return canonical.hashCode();
  }

  String userInfo(boolean redact) {
    if (username.isEmpty() && password.isEmpty()) {
      return "";
    }
    if (redact) {
      return MASK + "@";
    }
    String user = PercentEncoding.encode(username, EncodeSet.USERINFO);
    if (password.isEmpty()) {
      return user + "@";
    }
    return user + ":" + PercentEncoding.encode(password, EncodeSet.USERINFO) + "@";
  }

  /**
   * Whether {@code serialize(false)} would give exactly {@code s}, decided without building it.
   * Only the plain case is recognised (no user-info, no IPv6 host, no "/." prefix); anything
   * else answers false and is serialized.
   */
  private boolean serializesTo(String s) {
    if (!username.isEmpty() || !password.isEmpty() || host.kind() == Kind.IPV6 || !s.startsWith(scheme)) {
      return false;
    }
    int n = s.length();
    int i = scheme.length();
    if (i >= n || s.charAt(i++) != ':') {
      return false;
    }
    if (hasAuthority) {
      String name = host.name();
      if (!s.startsWith("//", i) || !s.startsWith(name, i + 2)) {
        return false;
      }
      i += 2 + name.length();
      if (port >= 0) {
        if (i >= n || s.charAt(i++) != ':') {
          return false;
        }
        int start = i;
        int value = 0;
        while (i < n && i - start < 5 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
          value = value * 10 + (s.charAt(i++) - '0');
        }
        int digits = i - start;
        if (digits == 0 || value != port || (digits > 1 && s.charAt(start) == '0')) {
          return false;
        }
      }
    } else if (path.startsWith("//")) {
      return false;
    }
    if (!s.startsWith(path, i)) {
      return false;
    }
    i += path.length();
    if (query != null) {
      if (i >= n || s.charAt(i) != '?' || !s.startsWith(query, i + 1)) {
        return false;
      }
      i += 1 + query.length();
    }
    if (fragment != null) {
      if (i >= n || s.charAt(i) != '#' || !s.startsWith(fragment, i + 1)) {
        return false;
      }
      i += 1 + fragment.length();
    }
    return i == n;
  }

  private String serialize(boolean redact) {
    StringBuilder out = new StringBuilder(scheme.length() + host.name().length() + path.length()
        + (query == null ? 0 : query.length() + 1) + 16);
    out.append(scheme).append(':');
    if (hasAuthority) {
      out.append("//").append(userInfo(redact)).append(host.forUri(true));
      if (port >= 0) {
        out.append(':').append(port);
      }
    } else if (path.startsWith("//")) {
      out.append("/."); // keeps "//x" from reading as an authority (WHATWG does the same)
    }
    out.append(path);
    if (query != null) {
      out.append('?').append(query);
    }
    if (fragment != null) {
      out.append('#').append(fragment);
    }
    return out.toString();
  }

  Host hostValue() {
    return host;
  }

  int explicitPort() {
    return port;
  }

  boolean hasAuthority() {
    return hasAuthority;
  }

  String rawQuery() {
    return query;
  }

  String rawFragment() {
    return fragment;
  }

  /**
   * Builds a {@link Url} from parts. Setters take decoded text where the name says so
   * ({@link #username}, {@link #password}, {@link #addPathSegment}, query parameters) and
   * otherwise text that may already be percent-encoded ({@link #path}, {@link #query},
   * {@link #fragment}), which is encoded canonically like {@link Url#parse} does.
   *
   * <p>Query parameters are encoded the way Python requests encodes {@code params=}
   * ({@code urllib.parse.urlencode} with {@code quote_plus}): only letters, digits and
   * {@code _.-~} stay, a space becomes "+", all else is UTF-8 percent-encoded. They are
   * appended after any existing query with "&amp;".
   *
   * <pre>{@code
   * Url url = Url.builder().scheme("https").host("example.com").addPathSegment("a b")
   *     .addQueryParameter("page", 2).addQueryParameter("debug", null).build();
   * // https://example.com/a%20b?page=2
   * }</pre>
   */
  public static final class Builder {
    private String scheme;
    private String username = "";
    private String password = "";
    private Host host = Host.NONE;
    private boolean hasAuthority;
    private int port = -1;
    private String path = "";
    private String query;
    private String fragment;

    Builder() {}

    Builder(Url url) {
      scheme = url.scheme;
      username = url.username;
      password = url.password;
      host = url.host;
      hasAuthority = url.hasAuthority;
      port = url.port;
      path = url.path;
      query = url.query;
      fragment = url.fragment;
    }

    /** The scheme (RFC 3986, Section 3.1), e.g. "https"; lower-cased. */
    public Builder scheme(String scheme) {
      Objects.requireNonNull(scheme, "scheme");
      if (UrlParser.schemeEnd(scheme + ":") != scheme.length()) {
        throw new IllegalArgumentException("invalid scheme '" + HostParser.printable(scheme)
            + "': a letter, then letters, digits, '+', '-' or '.'");
      }
      this.scheme = scheme.toLowerCase(ROOT);
      return this;
    }

    /** The decoded user name; "" for none. */
    public Builder username(String username) {
      this.username = Objects.requireNonNull(username, "username");
      return this;
    }

    /** The decoded password; "" for none. */
    public Builder password(String password) {
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /**
     * The host: a name (IDN allowed), an IPv4 address, or an IPv6 address with or without
     * brackets. Canonicalized and checked like {@link Url#parse} does.
     */
    public Builder host(String host) {
      Objects.requireNonNull(host, "host");
      this.host = HostParser.parseStandalone(host);
      this.hasAuthority = true;
      return this;
    }

    /** The port, 0 to 65535, or -1 for the scheme's default. */
    public Builder port(int port) {
      if (port < -1 || port > MAX_PORT) {
        throw new IllegalArgumentException("port " + port + " is out of range 0..65535");
      }
      this.port = port;
      return this;
    }

    /**
     * The path, possibly percent-encoded already; what must be encoded is ("?" and "#" too),
     * existing escapes are kept. A "/" is put in front when the URL has a host.
     */
    public Builder path(String path) {
      Objects.requireNonNull(path, "path");
      this.path = PercentEncoding.canonicalize(path, EncodeSet.PATH);
      return this;
    }

    /**
     * Appends one decoded path segment; "/" and "%" in it are encoded. "." and ".." are dot
     * segments like anywhere in a path: ".." removes the segment before it.
     */
    public Builder addPathSegment(String segment) {
      Objects.requireNonNull(segment, "segment");
      String encoded = PercentEncoding.encode(segment, EncodeSet.PATH_SEGMENT);
      path = path.endsWith("/") ? path + encoded : path + "/" + encoded;
      return this;
    }

    /** The whole query, possibly percent-encoded already, without "?"; null removes it. */
    public Builder query(String query) {
      this.query = query == null ? null : PercentEncoding.canonicalize(query, EncodeSet.QUERY);
      return this;
    }

    /**
     * Appends {@code name=value} to the query, encoded as Python requests does. A null value
     * adds nothing (requests drops {@code None}); an {@link Iterable}, array or
     * {@link Optional} adds one pair per non-null element; a {@code byte[]} is percent-encoded
     * byte by byte; anything else is {@link String#valueOf}.
     */
    public Builder addQueryParameter(String name, Object value) {
      Objects.requireNonNull(name, "name");
      StringBuilder pairs = new StringBuilder();
      FormData.appendPairs(pairs, name, value, EncodeSet.FORM);
      appendToQuery(pairs);
      return this;
    }

    /**
     * Appends every entry of the map in its iteration order, like requests' {@code params=}:
     * list values give repeated keys, null values are dropped. Use a {@code LinkedHashMap} for
     * a stable order.
     */
    public Builder addQueryParameters(java.util.Map<String, ?> parameters) {
      Objects.requireNonNull(parameters, "parameters");
      StringBuilder pairs = new StringBuilder();
      parameters.forEach((name, value) -> {
        Objects.requireNonNull(name, "parameter name");
        FormData.appendPairs(pairs, name, value, EncodeSet.FORM);
      });
      appendToQuery(pairs);
      return this;
    }

    /** Removes every pair named {@code name}, then adds it like {@link #addQueryParameter}. */
    public Builder setQueryParameter(String name, Object value) {
      removeQueryParameters(name);
      return addQueryParameter(name, value);
    }

    /** Removes every pair whose decoded name is {@code name}; an emptied query is removed. */
    public Builder removeQueryParameters(String name) {
      Objects.requireNonNull(name, "name");
      if (query != null) {
        query = FormData.remove(query, name);
      }
      return this;
    }

    /** The fragment, possibly percent-encoded already, without "#"; null removes it. */
    public Builder fragment(String fragment) {
      this.fragment =
          fragment == null ? null : PercentEncoding.canonicalize(fragment, EncodeSet.FRAGMENT);
      return this;
    }

    private void appendToQuery(StringBuilder pairs) {
      if (pairs.isEmpty()) {
        return;
      }
      query = query == null || query.isEmpty() ? pairs.toString() : query + "&" + pairs;
    }

    /**
     * Builds the URL, checking it exactly as {@link Url#parse} checks its input.
     *
     * @throws IllegalStateException when no scheme was set
     * @throws IllegalArgumentException when the parts do not make a valid URL (an http URL
     *     without a host, for example)
     */
    public Url build() {
      if (scheme == null) {
        throw new IllegalStateException("no scheme set: call scheme(\"https\") first");
      }
      String p = path;
      if (hasAuthority && !p.isEmpty() && !p.startsWith("/")) {
        p = "/" + p;
      }
      if (requiresHost(scheme) && host.kind() == Kind.EMPTY) {
        throw new IllegalArgumentException("an " + scheme + " URL needs a host: call host(...)");
      }
      Url draft = new Url(scheme, username, password, host, port, hasAuthority,
          p, query, fragment);
      // Re-parse the canonical text: the one parser decides, whatever the parts were.
      return UrlParser.parse(draft.canonical);
    }
  }
}

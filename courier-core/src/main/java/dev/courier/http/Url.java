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
 * url.toString();    // "https://****@example.com/c?q=1#top"  (user-info hidden)
 *
 * Url search = Url.parse("https://example.com/search").newBuilder()
 *     .addQueryParameter("q", "café au lait")
 *     .addQueryParameters(Map.of("tag", List.of("a", "b")))
 *     .build();      // https://example.com/search?q=caf%C3%A9+au+lait&tag=a&tag=b
 * url.resolve("../x?y");    // RFC 3986, Section 5
 * }</pre>
 *
 * <p>How text becomes a URL (schemes, hosts, user-info, percent-encoding, dot segments) is
 * listed under "URL parsing rules" in the {@linkplain dev.courier.http package documentation}.
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

  /**
   * The scheme of HTTP over a Unix-domain socket, as requests-unixsocket writes it: the host is
   * the socket file's percent-encoded path, e.g. {@code http+unix://%2Fvar%2Frun%2Fdocker.sock/info}.
   */
  public static final String HTTP_UNIX = "http+unix";

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
    this.canonical = input != null && UrlSerializer.serializesTo(this, input) ? input : UrlSerializer.serialize(this, false);
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
  public static UrlBuilder builder() {
    return new UrlBuilder();
  }

  /** A builder that starts with this URL's parts. */
  public UrlBuilder newBuilder() {
    return new UrlBuilder(this);
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
    return username.isEmpty() && password.isEmpty() ? canonical : UrlSerializer.serialize(this, true);
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
    return UrlSerializer.redactText(text);
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

  /** The user-info with its "@" as serialized, {@value #MASK} when redacted; empty without one. */
  String userInfo(boolean redact) {
    return UrlSerializer.userInfo(this, redact);
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
}

package dev.courier.http;

import static java.util.Locale.ROOT;

import dev.courier.http.HostParser.Host;
import dev.courier.http.HostParser.Kind;
import dev.courier.http.PercentEncoding.EncodeSet;
import java.util.Objects;

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
public final class UrlBuilder {
  private String scheme;
  private String username = "";
  private String password = "";
  private Host host = Host.NONE;
  private boolean hasAuthority;
  private int port = -1;
  private String path = "";
  private String query;
  private String fragment;

  UrlBuilder() {}

  UrlBuilder(Url url) {
    scheme = url.scheme();
    username = url.username();
    password = url.password();
    host = url.hostValue();
    hasAuthority = url.hasAuthority();
    port = url.explicitPort();
    path = url.path();
    query = url.rawQuery();
    fragment = url.rawFragment();
  }

  /** The scheme (RFC 3986, Section 3.1), e.g. "https"; lower-cased. */
  public UrlBuilder scheme(String scheme) {
    Objects.requireNonNull(scheme, "scheme");
    if (UrlParser.schemeEnd(scheme + ":") != scheme.length()) {
      throw new IllegalArgumentException("invalid scheme '" + HostParser.printable(scheme)
          + "': a letter, then letters, digits, '+', '-' or '.'");
    }
    this.scheme = scheme.toLowerCase(ROOT);
    return this;
  }

  /** The decoded user name; "" for none. */
  public UrlBuilder username(String username) {
    this.username = Objects.requireNonNull(username, "username");
    return this;
  }

  /** The decoded password; "" for none. */
  public UrlBuilder password(String password) {
    this.password = Objects.requireNonNull(password, "password");
    return this;
  }

  /**
   * The host: a name (IDN allowed), an IPv4 address, or an IPv6 address with or without
   * brackets. Canonicalized and checked like {@link Url#parse} does.
   */
  public UrlBuilder host(String host) {
    Objects.requireNonNull(host, "host");
    this.host = HostParser.parseStandalone(host);
    this.hasAuthority = true;
    return this;
  }

  /** The port, 0 to 65535, or -1 for the scheme's default. */
  public UrlBuilder port(int port) {
    if (port < -1 || port > Url.MAX_PORT) {
      throw new IllegalArgumentException("port " + port + " is out of range 0..65535");
    }
    this.port = port;
    return this;
  }

  /**
   * The path, possibly percent-encoded already; what must be encoded is ("?" and "#" too),
   * existing escapes are kept. A "/" is put in front when the URL has a host.
   */
  public UrlBuilder path(String path) {
    Objects.requireNonNull(path, "path");
    this.path = PercentEncoding.canonicalize(path, EncodeSet.PATH);
    return this;
  }

  /**
   * Appends one decoded path segment; "/" and "%" in it are encoded. "." and ".." are dot
   * segments like anywhere in a path: ".." removes the segment before it.
   */
  public UrlBuilder addPathSegment(String segment) {
    Objects.requireNonNull(segment, "segment");
    String encoded = PercentEncoding.encode(segment, EncodeSet.PATH_SEGMENT);
    path = path.endsWith("/") ? path + encoded : path + "/" + encoded;
    return this;
  }

  /** The whole query, possibly percent-encoded already, without "?"; null removes it. */
  public UrlBuilder query(String query) {
    this.query = query == null ? null : PercentEncoding.canonicalize(query, EncodeSet.QUERY);
    return this;
  }

  /**
   * Appends {@code name=value} to the query, encoded as Python requests does. A null value
   * adds nothing (requests drops {@code None}); an {@link Iterable}, array or
   * {@link Optional} adds one pair per non-null element; a {@code byte[]} is percent-encoded
   * byte by byte; anything else is {@link String#valueOf}.
   */
  public UrlBuilder addQueryParameter(String name, Object value) {
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
  public UrlBuilder addQueryParameters(java.util.Map<String, ?> parameters) {
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
  public UrlBuilder setQueryParameter(String name, Object value) {
    removeQueryParameters(name);
    return addQueryParameter(name, value);
  }

  /** Removes every pair whose decoded name is {@code name}; an emptied query is removed. */
  public UrlBuilder removeQueryParameters(String name) {
    Objects.requireNonNull(name, "name");
    if (query != null) {
      query = FormData.remove(query, name);
    }
    return this;
  }

  /** The fragment, possibly percent-encoded already, without "#"; null removes it. */
  public UrlBuilder fragment(String fragment) {
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
    if (Url.requiresHost(scheme) && host.kind() == Kind.EMPTY) {
      throw new IllegalArgumentException("an " + scheme + " URL needs a host: call host(...)");
    }
    Url draft = new Url(scheme, username, password, host, port, hasAuthority,
        p, query, fragment);
    // Re-parse the canonical text: the one parser decides, whatever the parts were.
    return UrlParser.parse(draft.toUnredactedString());
  }
}

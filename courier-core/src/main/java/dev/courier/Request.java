package dev.courier;

import dev.courier.error.InvalidUrlException;
import dev.courier.client.NoProxy;
import dev.courier.client.Proxy;
import dev.courier.client.ProxyRules;
import dev.courier.cookies.CookieHeader;
import dev.courier.http.Headers;
import dev.courier.http.HttpMethod;
import dev.courier.http.Url;
import dev.courier.net.TlsSettings;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * An immutable HTTP request: method, URL, headers, body and the per-call options that override
 * the {@link Session}'s (auth, timeouts, redirects, retry, streaming). Built fluently and
 * validated as it is built: a bad URL, method or header fails at once, naming what is wrong.
 *
 * <pre>{@code
 * Request request = Request.post("https://httpbin.org/post")
 *     .param("page", 2)                       // ?page=2; a list repeats the key; null is dropped
 *     .header("Accept", "application/json")
 *     .json(Map.of("name", "Ada"))
 *     .auth(Auth.bearer(token))
 *     .timeout(Duration.ofSeconds(5))
 *     .build();
 * try (Response r = session.send(request)) { ... }
 * }</pre>
 *
 * <p>{@code toString()} hides the URL's password and sensitive header values.
 */
public final class Request {
  private final String method;
  private final Url url;
  private final Headers headers;
  private final Body body;
  private final Auth auth;
  private final Timeouts timeouts;
  private final Boolean followRedirects;
  private final int maxRedirects;
  private final boolean stream;
  private final Retry retry;
  private final NetworkOptions network; // per-request TLS and proxies; null: the session's
  private final Set<String> removedHeaders; // lower-case names: not sent, not even as a session default

  private Request(Builder b) {
    this(b.method, b.url, b.headers == null ? Headers.empty() : b.headers.build(), b.body, b.auth, b.timeouts,
        b.followRedirects, b.maxRedirects, b.stream, b.retry, b.network,
        b.removedHeaders == null ? Set.of() : Set.copyOf(b.removedHeaders));
  }

  private Request(String method, Url url, Headers headers, Body body, Auth auth, Timeouts timeouts,
      Boolean followRedirects, int maxRedirects, boolean stream, Retry retry, NetworkOptions network,
      Set<String> removedHeaders) {
    this.method = method;
    this.url = url;
    this.headers = headers;
    this.body = body;
    this.auth = auth;
    this.timeouts = timeouts;
    this.followRedirects = followRedirects;
    this.maxRedirects = maxRedirects;
    this.stream = stream;
    this.retry = retry;
    this.network = network;
    this.removedHeaders = removedHeaders;
  }

  /** A builder for {@code method} (any valid token, e.g. {@code "PROPFIND"}) and {@code url}. */
  public static Builder builder(String method, String url) {
    return new Builder().method(method).url(url);
  }

  /** A builder for {@code method} and {@code url}. */
  public static Builder builder(HttpMethod method, Url url) {
    return new Builder().method(method).url(url);
  }

  /** A GET builder. */
  public static Builder get(String url) {
    return builder("GET", url);
  }

  /** A HEAD builder. */
  public static Builder head(String url) {
    return builder("HEAD", url);
  }

  /** A POST builder. */
  public static Builder post(String url) {
    return builder("POST", url);
  }

  /** A PUT builder. */
  public static Builder put(String url) {
    return builder("PUT", url);
  }

  /** A PATCH builder. */
  public static Builder patch(String url) {
    return builder("PATCH", url);
  }

  /** A DELETE builder. */
  public static Builder delete(String url) {
    return builder("DELETE", url);
  }

  /** An OPTIONS builder. */
  public static Builder options(String url) {
    return builder("OPTIONS", url);
  }

  /** A builder holding everything this request has. */
  public Builder newBuilder() {
    Builder b = new Builder();
    b.method = method;
    b.url = url;
    b.headers = headers.newBuilder();
    b.body = body;
    b.auth = auth;
    b.timeouts = timeouts;
    b.followRedirects = followRedirects;
    b.maxRedirects = maxRedirects;
    b.stream = stream;
    b.retry = retry;
    b.network = network;
    b.removedHeaders = removedHeaders.isEmpty() ? null : new LinkedHashSet<>(removedHeaders);
    return b;
  }

  /**
   * A GET of {@code url} with nothing else set, as {@code Request.get(url).build()} makes it,
   * without the builder: {@link Session#get(String)} makes one on every call.
   *
   * @throws InvalidUrlException as {@link Builder#url(String)}
   */
  static Request plainGet(String url) {
    return new Request("GET", requireSendable(parse(url)), Headers.empty(), null, null, null, null, -1, false, null,
        null, Set.of());
  }

  /** {@code url} parsed, or an {@link InvalidUrlException} that shows it without its password. */
  private static Url parse(String url) {
    Objects.requireNonNull(url, "url");
    try {
      return Url.parse(url);
    } catch (IllegalArgumentException e) {
      throw new InvalidUrlException("invalid URL: " + e.getMessage(), Url.redact(url), null);
    }
  }

  /** {@code url} when a session can send to it: http, https or http+unix, with a host. */
  private static Url requireSendable(Url url) {
    String scheme = url.scheme();
    if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals(Url.HTTP_UNIX)) {
      throw new InvalidUrlException("unsupported scheme \"" + scheme + "\" (only http, https and http+unix)",
          url.redacted(), null);
    }
    if (url.host().isEmpty()) throw new InvalidUrlException("URL has no host", url.redacted(), null);
    return url;
  }

  /** This request with other (already validated) headers; for the bridge. */
  Request withHeaders(Headers newHeaders) {
    return new Request(method, url, newHeaders, body, auth, timeouts, followRedirects, maxRedirects, stream, retry,
        network, removedHeaders);
  }

  /** The method, as given (methods are case-sensitive: RFC 9110, Section 9.1). */
  public String method() {
    return method;
  }

  /** The URL, with the query parameters added by {@link Builder#param}. */
  public Url url() {
    return url;
  }

  /** The headers set on this request (the session adds its defaults when sending). */
  public Headers headers() {
    return headers;
  }

  /** The body, if any. */
  public Optional<Body> body() {
    return Optional.ofNullable(body);
  }

  /** The auth for this request, overriding the session's. */
  public Optional<Auth> auth() {
    return Optional.ofNullable(auth);
  }

  /** Timeouts for this request, overriding the session's. */
  public Optional<Timeouts> timeouts() {
    return Optional.ofNullable(timeouts);
  }

  /** Whether to follow redirects, when set on this request. */
  public Optional<Boolean> followRedirects() {
    return Optional.ofNullable(followRedirects);
  }

  /** The redirect limit, when set on this request. */
  public OptionalInt maxRedirects() {
    return maxRedirects < 0 ? OptionalInt.empty() : OptionalInt.of(maxRedirects);
  }

  /** True when the body is left on the connection for {@link Response#stream()} (requests' {@code stream=True}). */
  public boolean isStream() {
    return stream;
  }

  /** The retry policy for this request, overriding the session's. */
  public Optional<Retry> retry() {
    return Optional.ofNullable(retry);
  }

  /** TLS settings for this request, overriding the session's (requests' {@code verify=} and {@code cert=}). */
  public Optional<TlsSettings> tls() {
    return network == null ? Optional.empty() : Optional.ofNullable(network.tls());
  }

  /** Proxy rules for this request, overriding the session's (requests' {@code proxies=}). */
  public Optional<ProxyRules> proxies() {
    return network == null ? Optional.empty() : Optional.ofNullable(network.proxies());
  }

  // ---- issue 13: removed headers and curl (kept together) ----

  /**
   * The header names (lower-case) this request removed with {@link Builder#removeHeader}: the
   * session does not add its default for them, as requests' {@code headers={"X": None}}.
   */
  public Set<String> removedHeaders() {
    return removedHeaders;
  }

  /**
   * This request as a curl command line, secrets redacted: see {@link #toCurl(boolean)}. Only
   * what the request itself holds is shown; {@link Session#prepare(Request)} gives the request
   * with the session's headers, cookies, auth and framing, and its own {@code toCurl()}.
   */
  public String toCurl() {
    return toCurl(false);
  }

  /**
   * This request as a curl command line for a POSIX shell: every argument single-quoted (a quote
   * inside becomes {@code '\''}), so nothing in a URL, header or body is read by the shell. Unless
   * {@code showSecrets}, the values of Authorization, Proxy-Authorization and Cookie and the URL's
   * user-info are replaced by {@value Url#MASK}. Content-Length and Transfer-Encoding are left to
   * curl, which frames the body it sends; a body that is not in memory ({@code Body.file} gives
   * {@code --data-binary @path}, a stream {@code --data-binary @-}) is named, not read.
   *
   * <pre>{@code
   * Request.post("https://api.example.com/items").json(Map.of("a", 1)).bearer("t0k3n").build()
   *     .toCurl();   // curl -X 'POST' 'https://api.example.com/items' -H 'Content-Type: ...' --data-binary '{"a":1}'
   * }</pre>
   */
  public String toCurl(boolean showSecrets) {
    return CurlCommand.of(method, url, headers, body, showSecrets);
  }

  /** {@code GET http://host/path}, the URL's user-info removed. */
  @Override
  public String toString() {
    return method + " " + url.redacted();
  }

  /** Builds a {@link Request}. */
  public static final class Builder {
    private String method = "GET";
    private Url url;
    private Headers.Builder headers; // made by the first header call: most requests have none
    private Body body;
    private Auth auth;
    private Timeouts timeouts;
    private Boolean followRedirects;
    private int maxRedirects = -1;
    private boolean stream;
    private Retry retry;
    private NetworkOptions network;
    private Set<String> removedHeaders; // made by the first removeHeader

    private Builder() {}

    /** The method: any token; upper-case names are the standard ones. */
    public Builder method(String method) {
      this.method = HttpMethod.requireValid(Objects.requireNonNull(method, "method"));
      return this;
    }

    /** The method. */
    public Builder method(HttpMethod method) {
      this.method = method.name();
      return this;
    }

    /**
     * The URL, parsed now.
     *
     * @throws InvalidUrlException when it does not parse, is not http(s) or has no host
     */
    public Builder url(String url) {
      return url(parse(url));
    }

    /**
     * The URL: http, https, or http+unix to a Unix-domain socket ({@code
     * http+unix://%2Fvar%2Frun%2Fdocker.sock/info}, the socket file's path percent-encoded as the host).
     *
     * @throws InvalidUrlException when it is not http(s) or http+unix, or has no host
     */
    public Builder url(Url url) {
      this.url = requireSendable(url);
      return this;
    }

    /**
     * Adds a query parameter, {@code requests}-style: null drops it, an {@link Iterable} or
     * array repeats the key, anything else is {@code String.valueOf}'d and percent-encoded.
     */
    public Builder param(String name, Object value) {
      requireUrl();
      url = url.newBuilder().addQueryParameter(name, value).build();
      return this;
    }

    /** Adds each entry as {@link #param(String, Object)}, in map order. */
    public Builder params(Map<String, ?> params) {
      params.forEach(this::param);
      return this;
    }

    /** Adds a header field (names and values are validated: no CR, LF or NUL can get in). */
    public Builder header(String name, String value) {
      headers().add(name, value);
      return this;
    }

    /**
     * Adds a cookie to this request's {@code Cookie} header ({@code requests}' {@code cookies=}).
     * Like any caller-set {@code Cookie}, it is not sent after a redirect to another origin; the
     * session's jar adds its own cookies beside it.
     *
     * @throws IllegalArgumentException when the name or value has characters a cookie cannot carry
     */
    public Builder cookie(String name, String value) {
      String pair = CookieHeader.builder().add(name, value).build().toString();
      String existing = headers().firstValue("Cookie").orElse("");
      headers().set("Cookie", existing.isEmpty() ? pair : existing + "; " + pair);
      return this;
    }

    /** Replaces every field named {@code name}. */
    public Builder setHeader(String name, String value) {
      headers().set(name, value);
      return this;
    }

    /**
     * Removes every field named {@code name} and sends none for this request: neither the
     * session's default ({@code Session.Builder.header}) nor Courier's own {@code User-Agent},
     * {@code Accept} or {@code Accept-Encoding} (then the body is not decoded for you), as
     * requests' {@code headers={"X": None}} does. Headers the message needs ({@code Host}, framing)
     * and the session's auth and cookie jar are not affected; a header added after this call is
     * sent.
     *
     * <pre>{@code
     * Session s = Session.builder().header("X-Trace", "on").build();
     * s.send(Request.get(url).removeHeader("X-Trace").build());   // no X-Trace on this one
     * }</pre>
     */
    public Builder removeHeader(String name) {
      headers().removeAll(name);
      if (removedHeaders == null) removedHeaders = new LinkedHashSet<>();
      removedHeaders.add(dev.courier.http.FieldSyntax.requireToken("header name", name).toLowerCase(Locale.ROOT));
      return this;
    }

    /** Removes every field named {@code name}, without the session-default rule of {@link #removeHeader}. */
    Builder dropHeader(String name) {
      headers().removeAll(name);
      return this;
    }

    /** Adds all these header fields. */
    public Builder headers(Headers headers) {
      headers().addAll(headers);
      return this;
    }

    private Headers.Builder headers() {
      if (headers == null) headers = Headers.builder();
      return headers;
    }

    /** The body (null for none). */
    public Builder body(Body body) {
      this.body = body;
      return this;
    }

    /** A JSON body from any Jackson-serializable value. */
    public Builder json(Object value) {
      return body(Body.json(value));
    }

    /** A urlencoded form body. */
    public Builder form(Map<String, ?> fields) {
      return body(Body.form(fields));
    }

    /** Auth for this request only (null: use the session's). */
    public Builder auth(Auth auth) {
      this.auth = auth;
      return this;
    }

    /** Basic auth for this request. */
    public Builder basicAuth(String user, String password) {
      return auth(Auth.basic(user, password));
    }

    /** Bearer token auth for this request. */
    public Builder bearer(String token) {
      return auth(Auth.bearer(token));
    }

    /** One timeout for connect and each read, like {@code requests}' {@code timeout=5}. */
    public Builder timeout(Duration connectAndRead) {
      return timeouts(Timeouts.of(connectAndRead));
    }

    /** Timeouts for this request (null: use the session's). */
    public Builder timeouts(Timeouts timeouts) {
      this.timeouts = timeouts;
      return this;
    }

    /** Whether to follow redirects (default: the session's, which follows except for HEAD). */
    public Builder followRedirects(boolean follow) {
      this.followRedirects = follow;
      return this;
    }

    /** The most redirects followed before {@link TooManyRedirectsException}. */
    public Builder maxRedirects(int max) {
      if (max < 0) throw new IllegalArgumentException("maxRedirects must be >= 0: " + max);
      this.maxRedirects = max;
      return this;
    }

    /**
     * When true the body stays on the connection until read with {@link Response#stream()},
     * {@link Response#lines()} or {@link Response#chunks(int)}: close the response. When false
     * (the default) the body is read at once, capped, and the connection goes back to the pool.
     */
    public Builder stream(boolean stream) {
      this.stream = stream;
      return this;
    }

    /** The retry policy for this request (null: use the session's). */
    public Builder retry(Retry retry) {
      this.retry = retry;
      return this;
    }

    /**
     * TLS settings for this request only, as requests' {@code verify=} and {@code cert=} on one
     * call: whom to trust, a client certificate, verification off. They hold for the redirects
     * of this call, and pooled connections are kept apart by them (a connection made with other
     * settings is never reused for this request, nor this one's for others). Only the network
     * adapter reads them.
     *
     * <pre>{@code
     * Courier.send(Request.get("https://internal.corp/health")
     *     .tls(TlsSettings.builder().trustedCertificates(Path.of("corp-ca.pem")).build())
     *     .build());
     * }</pre>
     */
    public Builder tls(TlsSettings tls) {
      Objects.requireNonNull(tls, "tls");
      network = new NetworkOptions(tls, network == null ? null : network.proxies());
      return this;
    }

    /**
     * One proxy for this request ({@code http://}, {@code https://} or {@code socks5://}), as
     * requests' {@code proxies=} on one call; {@link Proxy#direct()} goes without the session's
     * proxy. Pooled connections are kept apart by proxy.
     *
     * <pre>{@code
     * Courier.send(Request.get("http://example.com/").proxy(Proxy.parse("socks5://127.0.0.1:1080")).build());
     * }</pre>
     */
    public Builder proxy(Proxy proxy) {
      return proxies(ProxyRules.of(Objects.requireNonNull(proxy, "proxy"), NoProxy.none()));
    }

    /** Proxy rules (per scheme, with exclusions) for this request, overriding the session's. */
    public Builder proxies(ProxyRules rules) {
      Objects.requireNonNull(rules, "rules");
      network = new NetworkOptions(network == null ? null : network.tls(), rules);
      return this;
    }

    /** The request. */
    public Request build() {
      requireUrl();
      return new Request(this);
    }

    private void requireUrl() {
      if (url == null) throw new IllegalStateException("no URL set");
    }
  }
}

package dev.courier.server;

import dev.courier.cookies.CookieHeader;
import dev.courier.http.FormData;
import dev.courier.http.Headers;
import dev.courier.http.wire.HttpVersion;
import dev.courier.internal.BodyQueue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A request as a handler sees it: the head, parsed once, and the body as a stream.
 *
 * <p>{@link #path()} is the request path still percent-encoded, relative to where the handler is
 * mounted ({@link #basePath()}); {@link #pathParam} values and {@link #queryParams()} are
 * decoded. The body can be read once, either as a stream ({@link #body()}) or buffered with a cap
 * ({@link #bodyBytes()}, {@link #bodyText()}).
 *
 * <pre>{@code
 * Handler echo = request -> ServerResponse.ok(
 *     request.method() + " " + request.path() + " from " + request.remoteAddress());
 * }</pre>
 */
public final class ServerRequest {
  /** Default cap for {@link #bodyBytes()}: 10 MiB, enough for forms and JSON, small enough for RAM. */
  public static final long DEFAULT_MAX_BUFFERED_BODY = 10L << 20;

  private final String method;
  private final String target;
  private final HttpVersion version;
  private final Headers headers;
  private final String scheme;
  private String authority; // from an absolute-form target, else looked up in Host on first use
  private final String basePath;
  private final String path;
  private final String query;
  private final InetSocketAddress remoteAddress;
  private final InetSocketAddress localAddress;
  private final InputStream body;
  private final long contentLength;
  private final long maxBufferedBody;
  private final Map<String, String> pathParams;
  private Map<String, List<String>> queryParams;
  private FormData form;
  private java.net.InetAddress clientAddress; // from a trusted proxy's fields; null: the peer's
  private boolean viaTrustedProxy; // the peer is a trusted proxy: its Host and fields are its word
  private java.util.function.Supplier<Headers> trailers; // the transport's, once the body ended; null: none

  private ServerRequest(String method, String target, HttpVersion version, Headers headers, String scheme,
      InetSocketAddress remoteAddress, InetSocketAddress localAddress, InputStream body, long contentLength,
      long maxBufferedBody) {
    this.method = method;
    this.target = target;
    this.version = version;
    this.headers = headers;
    this.scheme = scheme;
    this.remoteAddress = remoteAddress;
    this.localAddress = localAddress;
    this.body = body;
    this.contentLength = contentLength;
    this.maxBufferedBody = maxBufferedBody;
    this.pathParams = Map.of();
    this.basePath = "";
    // RFC 9112 section 3.2; the common "/path?query" is split here without a RequestTarget.
    if (RequestTarget.isPlainOriginForm(target)) {
      int q = target.indexOf('?');
      this.path = q < 0 ? target : target.substring(0, q);
      this.query = q < 0 ? null : target.substring(q + 1);
      this.authority = null;
    } else {
      RequestTarget parsed = RequestTarget.parse(method, target);
      this.path = parsed.path();
      this.query = parsed.query();
      // RFC 9112 section 3.2.2: with absolute-form, the target's authority wins over Host.
      this.authority = parsed.authority();
    }
  }

  private ServerRequest(ServerRequest o, String basePath, String path, Map<String, String> params) {
    this.method = o.method;
    this.target = o.target;
    this.version = o.version;
    this.headers = o.headers;
    this.scheme = o.scheme;
    this.authority = o.authority();
    this.remoteAddress = o.remoteAddress;
    this.localAddress = o.localAddress;
    this.clientAddress = o.clientAddress;
    this.viaTrustedProxy = o.viaTrustedProxy;
    this.trailers = o.trailers;
    this.body = o.body;
    this.contentLength = o.contentLength;
    this.maxBufferedBody = o.maxBufferedBody;
    this.query = o.query;
    this.queryParams = o.queryParams;
    this.basePath = basePath;
    this.path = path;
    this.pathParams = params;
  }

  /**
   * The request the server builds for each exchange (no builder on the hot path).
   *
   * @throws IllegalArgumentException when the target is not a valid one (answered 400)
   */
  static ServerRequest received(String method, String target, HttpVersion version, Headers headers, String scheme,
      InetSocketAddress remote, InetSocketAddress local, InputStream body, long contentLength) {
    return new ServerRequest(method, target, version, headers, scheme, remote, local, body, contentLength,
        DEFAULT_MAX_BUFFERED_BODY);
  }

  /** A builder for requests made by hand, for testing handlers without a server. */
  public static Builder builder(String method, String target) {
    return new Builder(method, target);
  }

  /** The method as sent, e.g. {@code GET}; methods are case-sensitive (RFC 9110 section 9.1). */
  public String method() {
    return method;
  }

  /** The request target exactly as sent on the request line. */
  public String target() {
    return target;
  }

  /** The protocol version of the request line. */
  public HttpVersion version() {
    return version;
  }

  /** The header fields. */
  public Headers headers() {
    return headers;
  }

  /** The first value of header {@code name}. */
  public Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  /** {@code http} or {@code https}: the connection's, or what a trusted proxy forwarded. */
  public String scheme() {
    return scheme;
  }

  /**
   * The authority the client addressed: a trusted proxy's forwarded host, else the absolute-form
   * target's, else the Host header; may be empty.
   */
  public String authority() {
    String a = authority;
    if (a == null) authority = a = headers.firstValue("Host").orElse("");
    return a;
  }

  /**
   * The path as sent, percent-encoded, below {@link #basePath()}; starts with {@code /} (or is
   * {@code *} for {@code OPTIONS *}, empty for a {@code CONNECT} target).
   */
  public String path() {
    return path;
  }

  /** The prefix a {@link Router} mount removed from the path; empty at the top. */
  public String basePath() {
    return basePath;
  }

  /** The raw query after {@code ?}, if any. */
  public Optional<String> query() {
    return Optional.ofNullable(query);
  }

  /** The query parameters, decoded ({@code +} is a space), in order; repeated names keep every value. */
  public Map<String, List<String>> queryParams() {
    Map<String, List<String>> params = queryParams;
    if (params == null) queryParams = params = FormData.parse(query == null ? "" : query).toMap();
    return params;
  }

  /** The first value of query parameter {@code name}. */
  public Optional<String> queryParam(String name) {
    List<String> values = queryParams().get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** A path parameter captured by a {@link Router} pattern, decoded; {@code "*"} names the wildcard's rest. */
  public Optional<String> pathParam(String name) {
    return Optional.ofNullable(pathParams.get(name));
  }

  /** Every path parameter captured by the matching route. */
  public Map<String, String> pathParams() {
    return pathParams;
  }

  /** The address of the connection's peer: the client, or the reverse proxy in front of it. */
  public InetSocketAddress remoteAddress() {
    return remoteAddress;
  }

  /**
   * The client's address: from a trusted proxy's {@code Forwarded} or {@code X-Forwarded-For}
   * field (see {@link HttpServer.Builder#trustedProxies}), else the peer's.
   *
   * <pre>{@code
   * Handler who = request -> ServerResponse.ok(request.clientAddress().getHostAddress());
   * }</pre>
   */
  public java.net.InetAddress clientAddress() {
    if (clientAddress != null) return clientAddress;
    return remoteAddress == null ? null : remoteAddress.getAddress(); // null only for a hand-built, unresolved one
  }

  /**
   * Marks the request as one from a trusted proxy, before the handler sees it, with what that
   * proxy forwarded: the client (null for the peer) and the authority asked for (null to keep the
   * target's or Host's).
   */
  ServerRequest forwarded(java.net.InetAddress client, String forwardedAuthority) {
    this.viaTrustedProxy = true;
    this.clientAddress = client;
    if (forwardedAuthority != null) this.authority = forwardedAuthority;
    return this;
  }

  /**
   * The trailer fields that followed the body (RFC 9110 section 6.5), kept apart from {@link
   * #headers()}: a trailer is never merged into the head, since it arrives after the handler
   * began. Empty until the body has been read to its end, and when none came. Over HTTP/2 they
   * are the request's last HEADERS frame; over HTTP/1.1 the trailer section of a chunked body (RFC
   * 9112 section 7.1.2).
   *
   * <pre>{@code
   * byte[] data = request.bodyBytes();
   * String digest = request.trailers().firstValue("Digest").orElse("");
   * }</pre>
   */
  public Headers trailers() {
    if (trailers == null) return Headers.empty();
    Headers fields = trailers.get();
    return fields == null ? Headers.empty() : fields;
  }

  /** Where {@link #trailers()} come from, set by the server before the handler runs. */
  ServerRequest trailersFrom(java.util.function.Supplier<Headers> source) {
    this.trailers = source;
    return this;
  }

  /**
   * True when the connection's peer is one of the server's trusted proxies: {@link #authority()}
   * and {@link #clientAddress()} are then the proxy's word, not a client's, and safe to build
   * absolute URLs from.
   *
   * <pre>{@code
   * String origin = request.viaTrustedProxy() ? request.scheme() + "://" + request.authority() : "";
   * }</pre>
   */
  public boolean viaTrustedProxy() {
    return viaTrustedProxy;
  }

  /**
   * The server's address and port the request arrived on: unlike {@link #authority()}, not the
   * client's to choose.
   */
  public InetSocketAddress localAddress() {
    return localAddress;
  }

  /** The absolute URL of this request as the client addressed it: scheme, authority, base path, path, query. */
  public String url() {
    return scheme + "://" + authority() + basePath + path + (query == null ? "" : "?" + query);
  }

  /** The declared body length; empty when chunked or unknown. */
  public OptionalLong contentLength() {
    return contentLength < 0 ? OptionalLong.empty() : OptionalLong.of(contentLength);
  }

  /**
   * The body as a stream, read once. Reading may send {@code 100 Continue} first when the client
   * asked for it; a read that exceeds the server's body limit throws {@link HttpResponseException}
   * with 413, one that stalls past the body read timeout throws {@link java.net.SocketTimeoutException}.
   */
  public InputStream body() {
    return body;
  }

  /** The whole body, at most {@link #DEFAULT_MAX_BUFFERED_BODY} (or the server's limit); more is a 413. */
  public byte[] bodyBytes() {
    // Over HTTP/2 the stream's window opens to the whole body at once: held here anyway (not for
    // a declared length past the cap, refused below without being read).
    if (body instanceof BodyQueue queue && contentLength <= maxBufferedBody) queue.readingWhole(maxBufferedBody);
    try {
      return BufferedBody.read(body, contentLength, maxBufferedBody);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The whole body decoded with the Content-Type charset, UTF-8 when none is given. */
  public String bodyText() {
    return new String(bodyBytes(), charset());
  }

  /**
   * The fields of an {@code application/x-www-form-urlencoded} body, with the default
   * {@link FormLimits}; read once (a second call gives the same fields).
   *
   * <pre>{@code
   * FormData form = request.form();
   * String user = form.value("user").orElse("");
   * }</pre>
   *
   * @throws HttpResponseException 415 for another Content-Type, 413 past a limit
   */
  public FormData form() {
    return form(FormLimits.defaults());
  }

  /**
   * {@link #form()} with these limits: at most {@code maxFormBytes} of body and {@code maxFields}
   * fields. The body is UTF-8 whatever its charset parameter says (WHATWG URL standard, section 5).
   */
  public FormData form(FormLimits limits) {
    FormData parsed = form;
    if (parsed != null) return parsed;
    String type = mediaType();
    if (!type.equals("application/x-www-form-urlencoded")) {
      throw new HttpResponseException(415, "expected an application/x-www-form-urlencoded body, not "
          + (type.isEmpty() ? "none" : type));
    }
    long cap = limits.maxFormBytes();
    if (contentLength > cap) throw new HttpResponseException(413, "form body over " + cap + " bytes");
    byte[] bytes;
    try {
      bytes = body.readNBytes((int) cap);
      if (bytes.length == cap && body.read() >= 0) throw new HttpResponseException(413, "form body over " + cap + " bytes");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Count the pairs before decoding any: a flood of tiny fields is refused for the cost of a scan.
    int fields = 0;
    for (int i = 0; i < bytes.length; i++) {
      if ((i == 0 || bytes[i - 1] == '&') && bytes[i] != '&' && ++fields > limits.maxFields()) {
        throw new HttpResponseException(413, "more than " + limits.maxFields() + " form fields");
      }
    }
    form = parsed = FormData.parse(new String(bytes, StandardCharsets.UTF_8));
    return parsed;
  }

  /**
   * The parts of a {@code multipart/form-data} body (RFC 7578), streamed: each part's content is
   * read from the connection as you read it, with the default {@link FormLimits}. Iterate once.
   *
   * <pre>{@code
   * for (FormPart part : request.multipart()) {
   *   System.out.println(part.name() + " " + part.filename().orElse("-") + " " + part.text().length());
   * }
   * }</pre>
   *
   * @throws HttpResponseException 415 for another Content-Type, 400 for a missing or over-long
   *     boundary; while iterating, 400 for a malformed body and 413 past a limit
   */
  public Iterable<FormPart> multipart() {
    return multipart(FormLimits.defaults());
  }

  /** {@link #multipart()} with these limits. */
  public Iterable<FormPart> multipart(FormLimits limits) {
    java.util.Objects.requireNonNull(limits, "limits");
    String type = mediaType();
    if (!type.equals("multipart/form-data")) {
      throw new HttpResponseException(415, "expected a multipart/form-data body, not " + (type.isEmpty() ? "none" : type));
    }
    String boundary = dev.courier.http.MediaType.tryParse(headers.firstValue("Content-Type").orElse(""))
        .flatMap(t -> t.parameter("boundary"))
        .orElseThrow(() -> new HttpResponseException(400, "multipart/form-data without a valid boundary parameter"));
    MultipartReader reader = new MultipartReader(body, boundary, limits);
    boolean[] iterated = new boolean[1];
    return () -> {
      if (iterated[0]) throw new IllegalStateException("the parts of a request body can be iterated once");
      iterated[0] = true;
      return reader;
    };
  }

  /**
   * The cookies the client sent ({@code Cookie}, RFC 6265 section 5.4), in order, duplicates kept
   * (a browser sends the most specific path first); several Cookie lines are read as one.
   *
   * <pre>{@code
   * String session = request.cookies().value("sid").orElse("");
   * }</pre>
   */
  public CookieHeader cookies() {
    List<String> lines = headers.allValues("Cookie");
    return CookieHeader.parse(lines.size() == 1 ? lines.get(0) : String.join("; ", lines));
  }

  /** The Content-Type without parameters, lower case; empty when absent. */
  private String mediaType() {
    String type = headers.firstValue("Content-Type").orElse("");
    int semi = type.indexOf(';');
    return (semi < 0 ? type : type.substring(0, semi)).trim().toLowerCase(java.util.Locale.ROOT);
  }

  private Charset charset() {
    String type = headers.firstValue("Content-Type").orElse("");
    for (String param : type.split(";")) {
      String p = param.trim();
      if (p.regionMatches(true, 0, "charset=", 0, 8)) {
        String name = p.substring(8).replace("\"", "").trim();
        try {
          return Charset.forName(name);
        } catch (RuntimeException e) {
          return StandardCharsets.UTF_8;
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  /** This request as seen by a handler mounted at {@code prefix} (which the path starts with). */
  ServerRequest mountedAt(String prefix, String rest, Map<String, String> params) {
    return new ServerRequest(this, basePath + prefix.substring(0, prefix.length() - 1), rest, params);
  }

  /** This request with path parameters from a route. */
  ServerRequest withPathParams(Map<String, String> params) {
    if (params.isEmpty() && pathParams.isEmpty()) return this;
    return new ServerRequest(this, basePath, path, params);
  }

  @Override
  public String toString() {
    return method + " " + target + " " + version;
  }

  private static final InetSocketAddress LOOPBACK =
      new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0);

  /** Builds a {@link ServerRequest}; servers use it, and so can tests. */
  public static final class Builder {
    private final String method;
    private final String target;
    private HttpVersion version = HttpVersion.HTTP_1_1;
    private Headers headers = Headers.empty();
    private String scheme = "http";
    private InetSocketAddress remoteAddress = LOOPBACK;
    private InetSocketAddress localAddress = LOOPBACK;
    private InputStream body;
    private long contentLength = -1;
    private long maxBufferedBody = DEFAULT_MAX_BUFFERED_BODY;

    private Builder(String method, String target) {
      this.method = Objects.requireNonNull(method, "method");
      this.target = Objects.requireNonNull(target, "target");
    }

    /** {@code HTTP_1_1} (default) or {@code HTTP_1_0}. */
    public Builder version(HttpVersion version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    public Builder headers(Headers headers) {
      this.headers = headers;
      return this;
    }

    /** Adds one header field. */
    public Builder header(String name, String value) {
      this.headers = headers.newBuilder().add(name, value).build();
      return this;
    }

    /** {@code http} (default) or {@code https}. */
    public Builder scheme(String scheme) {
      this.scheme = scheme;
      return this;
    }

    public Builder remoteAddress(InetSocketAddress address) {
      this.remoteAddress = address;
      return this;
    }

    /** The server's address the request arrived on (default the loopback address, port 0). */
    public Builder localAddress(InetSocketAddress address) {
      this.localAddress = Objects.requireNonNull(address, "address");
      return this;
    }

    /** The body stream and its length, or -1 when unknown (chunked). */
    public Builder body(InputStream body, long contentLength) {
      this.body = body;
      this.contentLength = contentLength;
      return this;
    }

    /** A body of these bytes. */
    public Builder body(byte[] body) {
      return body(new ByteArrayInputStream(body), body.length);
    }

    /** A body of this text in UTF-8. */
    public Builder body(String body) {
      return body(body.getBytes(StandardCharsets.UTF_8));
    }

    /** The cap of {@link ServerRequest#bodyBytes()}. */
    public Builder maxBufferedBody(long bytes) {
      this.maxBufferedBody = bytes;
      return this;
    }

    /**
     * Builds the request.
     *
     * @throws IllegalArgumentException when the target is not origin-form, absolute-form,
     *     {@code *} or (for CONNECT) host and port, as a server would answer 400
     */
    public ServerRequest build() {
      InputStream b = body != null ? body : InputStream.nullInputStream();
      if (body == null) contentLength = 0;
      return new ServerRequest(method, target, version, headers, scheme, remoteAddress, localAddress, b,
          contentLength, maxBufferedBody);
    }
  }
}

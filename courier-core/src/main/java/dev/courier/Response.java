package dev.courier;

import dev.courier.error.CourierException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.http.Headers;
import dev.courier.http.HttpStatus;
import dev.courier.http.Url;
import dev.courier.http.wire.HttpVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import dev.courier.http.Link;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * An HTTP response: status, headers, the final URL, the redirects that led here and the body.
 *
 * <p>By default the body has been read when {@code send} returns (capped at the session's
 * {@code maxBufferedBody}) and the connection is back in the pool, so a response needs no
 * closing. With {@link Request.Builder#stream(boolean) stream(true)} the body is still on the
 * connection: read it with {@link #stream()}, {@link #lines()} or {@link #chunks(int)} inside
 * try-with-resources; closing the response returns the connection to the pool (or discards it if
 * the body was not read to the end).
 *
 * <pre>{@code
 * Response r = Courier.get("https://api.github.com");
 * r.statusCode();          // 200
 * r.status();              // Optional[OK]
 * r.json().get("current_user_url").asText();
 *
 * try (Response big = session.send(Request.get(url).stream(true).build())) {
 *   big.lines().filter(l -> l.contains("ERROR")).forEach(System.out::println);
 * }
 * }</pre>
 *
 * <p>Status: {@link #statusCode()} is always the number the server sent. {@link #status()}
 * returns the {@link HttpStatus} constant for registered codes and is empty for others (a server
 * may send 299 or 599).
 *
 * <p>Making one: {@link #builder()} builds a response without a network, for an {@link
 * Interceptor} that answers from a cache or a mock; {@link #newBuilder()} derives one from a
 * response (to change a header, say). See {@link Builder}.
 */
public final class Response implements AutoCloseable {
  private final Request request;
  private final int statusCode;
  private final String reason;
  private final HttpVersion version;
  private final Headers headers;
  private final Url url;
  private final List<Response> history;
  private final long elapsedNanos; // a Duration is made only when asked for: most callers never do
  private final ResponseBody body;
  private final ObjectMapper mapper;
  private volatile Charset encoding;
  private FollowUp followUp; // issue 13: set by the follow-up step on a redirect it did not follow

  Response(Request request, int statusCode, String reason, HttpVersion version, Headers headers,
      List<Response> history, Duration elapsed, ResponseBody body, ObjectMapper mapper) {
    this(request, statusCode, reason, version, headers, history, nanos(elapsed), body, mapper);
  }

  /** As above, with the time to the head in nanoseconds (the session's own responses: no Duration each). */
  Response(Request request, int statusCode, String reason, HttpVersion version, Headers headers,
      List<Response> history, long elapsedNanos, ResponseBody body, ObjectMapper mapper) {
    this.request = request;
    this.statusCode = statusCode;
    this.reason = reason;
    this.version = version;
    this.headers = headers;
    this.url = request.url();
    this.history = List.copyOf(history);
    this.elapsedNanos = elapsedNanos;
    this.body = body;
    this.mapper = mapper;
  }

  /** Nanoseconds of {@code d}, capped at about 292 years. */
  private static long nanos(Duration d) {
    return d.compareTo(MAX_NANOS) >= 0 ? Long.MAX_VALUE : d.toNanos();
  }

  private static final Duration MAX_NANOS = Duration.ofNanos(Long.MAX_VALUE);

  /** The session's mapper, or Courier's default (null means that one, made on first use). */
  private ObjectMapper mapper() {
    return mapper != null ? mapper : dev.courier.internal.Json.MAPPER;
  }

  Response withHistory(List<Response> newHistory) {
    Response r = new Response(request, statusCode, reason, version, headers, newHistory, elapsedNanos, body, mapper);
    r.encoding = encoding;
    r.followUp = followUp;
    return r;
  }

  Response withBody(ResponseBody newBody) {
    Response r = new Response(request, statusCode, reason, version, headers, history, elapsedNanos, newBody, mapper);
    r.followUp = followUp;
    return r;
  }

  Response withRequest(Request sent) {
    Response r = new Response(sent, statusCode, reason, version, headers, history, elapsedNanos, body, mapper);
    r.followUp = followUp;
    return r;
  }

  ResponseBody body() {
    return body;
  }

  /**
   * A builder for a response made without a network: status 200 unless set, the registered
   * reason phrase, HTTP/1.1, no headers, an empty body. See {@link Builder}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this response's request, status, reason, version, headers, body, elapsed
   * time and history. Unless a new body is set, the built response shares this one's body: read
   * the body from one of the two.
   */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** The status code the server sent, e.g. 200. */
  public int statusCode() {
    return statusCode;
  }

  /**
   * The registered status, e.g. {@link HttpStatus#NOT_FOUND}; empty for a code that is not
   * registered (299, 599), which {@link #statusCode()} still gives.
   */
  public Optional<HttpStatus> status() {
    return HttpStatus.lookup(statusCode);
  }

  /** The reason phrase the server sent (may be empty; HTTP/2 has none). */
  public String reason() {
    return reason;
  }

  /** The protocol version of the response, e.g. {@link HttpVersion#HTTP_1_1}. */
  public HttpVersion version() {
    return version;
  }

  /** True when the status is below 400, as in {@code requests}. */
  public boolean ok() {
    return statusCode < 400;
  }

  /** True for a 3xx with a {@code Location} (one Courier would follow). */
  public boolean isRedirect() {
    return statusCode >= 300 && statusCode < 400 && headers.contains("Location");
  }

  // ---- issue 13: links, next, permanent redirects, cookies (kept together) ----

  /** What {@link #next()} starts from: the request before auth and the bridge, and the session's scoped headers. */
  record FollowUp(Request base, Set<String> scopedHeaders) {}

  Response withFollowUp(FollowUp f) {
    Response r = new Response(request, statusCode, reason, version, headers, history, elapsedNanos, body, mapper);
    r.encoding = encoding;
    r.followUp = f;
    return r;
  }

  /** True for 301 and 308 with a {@code Location}: the target has moved for good (RFC 9110, Sections 15.4.2, 15.4.9). */
  public boolean isPermanentRedirect() {
    return (statusCode == 301 || statusCode == 308) && headers.contains("Location");
  }

  /**
   * The {@code Link} header fields (RFC 8288) keyed by relation type, as requests' {@code
   * response.links}: each target resolved against {@link #url()}, a link with several types in
   * its {@code rel} under each, the first link of a type winning. Empty without Link fields.
   *
   * <pre>{@code
   * Response page = session.get("https://api.github.com/repos/o/r/issues");
   * Optional<String> next = Optional.ofNullable(page.links().get("next")).map(Link::target);
   * }</pre>
   */
  public Map<String, Link> links() {
    List<String> values = headers.allValues("Link");
    if (values.isEmpty()) return Map.of();
    List<Link> all = new ArrayList<>();
    for (String value : values) all.addAll(Link.parseAll(value, url));
    return Link.byRel(all);
  }

  /**
   * The request a redirect would send next, when this response is one that was not followed
   * ({@code followRedirects(false)}), as requests' {@code response.next}: the {@code Location}
   * resolved against {@link #url()}, the method changed as RFC 9110 says (303 to GET; 301/302
   * POST to GET) and, when it leaves the origin or goes from https to http, without credentials
   * or cookies, and with no auth at all (neither the request's nor the session's) when sent.
   * Empty for any other response.
   *
   * <pre>{@code
   * Response r = session.send(Request.post(url).form(f).followRedirects(false).build());
   * r.next().ifPresent(next -> System.out.println("would go to " + next.url()));
   * }</pre>
   *
   * @throws dev.courier.error.InvalidUrlException when the {@code Location} is not a usable http(s) URL
   * @throws CourierException when the redirect keeps the method and the request body was a one-shot stream
   */
  public Optional<Request> next() {
    if (!Redirects.isRedirect(statusCode) || !headers.contains("Location")) return Optional.empty();
    Request base = followUp != null ? followUp.base() : request.newBuilder().dropHeader("Host").build();
    Optional<Request> next = Redirects.next(base, this, followUp != null ? followUp.scopedHeaders() : Set.of());
    if (next.isPresent() && Redirects.leavesTrust(url, next.get().url())) {
      // an explicit no-op auth: the session's own would otherwise be applied to the new origin
      return Optional.of(next.get().newBuilder().auth(Redirects.NO_AUTH).build());
    }
    return next;
  }

  /**
   * The cookies this response set, as a cookie jar with the default policy would store them
   * (requests' {@code response.cookies}): each {@code Set-Cookie} field parsed, its domain and path
   * defaulted from {@link #url()}; a field the rules refuse (a public-suffix domain, a bad prefix,
   * a line the RFC says to ignore) or one that only deletes is left out. Whether a session's jar
   * stored them depends on its own policy.
   *
   * <pre>{@code
   * for (Cookie c : response.cookies()) System.out.println(c.name() + " for " + c.domain());
   * }</pre>
   */
  public List<dev.courier.cookies.Cookie> cookies() {
    if (!headers.contains("Set-Cookie")) return List.of();
    return CookieRules.JAR.makeCookies(url, headers);
  }

  /** An empty jar used only for its rules; made on first use (it loads the public suffix list). */
  private static final class CookieRules {
    static final dev.courier.cookies.CookieJar JAR = dev.courier.cookies.CookieJar.create();
  }

  /**
   * This response when the status is below 400.
   *
   * @throws HttpStatusException for a 4xx or 5xx, carrying this response
   */
  public Response raiseForStatus() {
    if (statusCode >= 400) throw new HttpStatusException(this);
    return this;
  }

  /** The response headers, as received. */
  public Headers headers() {
    return headers;
  }

  /** The first value of a header, compared case-insensitively. */
  public Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  /** The URL of this response: the last one, after redirects. */
  public Url url() {
    return url;
  }

  /** The request that produced this response (as sent, after the session's additions). */
  public Request request() {
    return request;
  }

  /** The redirect responses that came before this one, oldest first; their bodies are closed. */
  public List<Response> history() {
    return history;
  }

  /** The time from sending the request to reading the response head. */
  public Duration elapsed() {
    return Duration.ofNanos(elapsedNanos);
  }

  /**
   * The trailer fields that came after the body (RFC 9110 section 6.5: a chunked body's trailer
   * section over HTTP/1.1, a last HEADERS frame over HTTP/2), as OkHttp's {@code trailers()}: valid
   * once the body has been read to its end (always for a response read whole, the default; for
   * {@code stream(true)}, after {@link #stream()} returned -1). Empty when none came, and for a
   * response made with {@link #builder()}. Fields that may not be trailers (framing, routing and
   * content-describing ones such as Content-Length, Host or Content-Type, section 6.5.1) are dropped; none is merged into {@link #headers()}.
   *
   * <pre>{@code
   * Response r = session.get(url);
   * String checksum = r.trailers().firstValue("x-checksum").orElse("none");
   * }</pre>
   *
   * @throws IllegalStateException when the body has not been read to its end (or was closed before)
   */
  public Headers trailers() {
    return body.trailers();
  }

  /** The body bytes, decoded (gzip, deflate, br, zstd); read now if still on the connection. */
  public byte[] bytes() {
    return body.bytes().clone();
  }

  /**
   * The body as text, in the charset chosen by these rules: {@link #encoding(Charset)} if set,
   * else the {@code Content-Type} charset, else a byte order mark, else UTF-8 for JSON (RFC
   * 8259), else UTF-8 when the bytes are valid UTF-8 and windows-1252 when not.
   */
  public String text() {
    return TextDecoding.decode(body.bytes(), headers.firstValue("Content-Type").orElse(null), encoding);
  }

  /**
   * The charset {@link #text()} uses: the one set with {@link #encoding(Charset)}, else the one
   * {@code Content-Type} declares; empty when neither (text() then detects it).
   */
  public Optional<Charset> encoding() {
    Charset set = encoding;
    return set != null ? Optional.of(set) : TextDecoding.charsetOf(headers.firstValue("Content-Type").orElse(null));
  }

  /** Makes {@link #text()} and {@link #lines()} use {@code charset}, as {@code r.encoding = ...} in requests. */
  public Response encoding(Charset charset) {
    this.encoding = charset;
    return this;
  }

  /**
   * The charset the body's bytes themselves suggest, whatever the headers say (reads the body), as
   * requests' {@code apparent_encoding}: a byte order mark, else UTF-8 when the bytes are valid
   * UTF-8, else what statistical detection finds when juniversalchardet ({@code
   * com.github.albfernandez:juniversalchardet}) is on the class path (Shift_JIS, EUC-JP, GB18030,
   * Big5, EUC-KR, windows-1251, KOI8-R, ISO-8859-7, windows-1255...), else windows-1252. The library
   * is optional, as the brotli decoder is: add it to detect.
   *
   * <pre>{@code
   * Response r = session.get("http://legacy.example.jp/");   // Content-Type: text/html, no charset
   * r.apparentEncoding();                                    // Shift_JIS
   * r.encoding(r.apparentEncoding()).text();
   * }</pre>
   */
  public Charset apparentEncoding() {
    return TextDecoding.apparent(body.bytes(), CharsetDetection.library());
  }

  /**
   * The body parsed as JSON.
   *
   * @throws dev.courier.error.JsonDecodeException when the body is empty or not JSON, with the
   *     byte offset and a snippet of the body there
   */
  public JsonNode json() {
    byte[] bytes = body.bytes();
    try {
      JsonNode node = mapper().readTree(bytes);
      if (node == null || node.isMissingNode()) throw JsonErrors.empty(url.redacted());
      return node;
    } catch (IOException e) {
      throw JsonErrors.decode("response body is not valid JSON", bytes, e, url.redacted());
    }
  }

  /**
   * The body mapped to {@code type} by Jackson (unknown properties ignored).
   *
   * @throws dev.courier.error.JsonDecodeException when the body is not JSON or does not fit the type
   */
  public <T> T json(Class<T> type) {
    byte[] bytes = body.bytes();
    try {
      return mapper().readValue(bytes, type);
    } catch (IOException e) {
      throw JsonErrors.decode("cannot map the response body to " + type.getSimpleName(), bytes, e, url.redacted());
    }
  }

  /**
   * The body mapped to a generic type: {@code r.json(new TypeReference<List<Item>>() {})}.
   *
   * @throws dev.courier.error.JsonDecodeException when the body is not JSON or does not fit the type
   */
  public <T> T json(TypeReference<T> type) {
    byte[] bytes = body.bytes();
    try {
      return mapper().readValue(bytes, type);
    } catch (IOException e) {
      throw JsonErrors.decode("cannot map the response body to " + type.getType(), bytes, e, url.redacted());
    }
  }

  /**
   * The decoded body as a stream, once (any number of times once buffered). Closing it releases
   * the connection. Its {@code read} methods throw the unchecked {@link CourierException}s of
   * {@code dev.courier.error} (a {@code ReadTimeoutException}, {@code ConnectionResetException},
   * {@code IncompleteReadException}, {@code ContentDecodingException}, {@code
   * BodyTooLargeException}...), never a checked {@code IOException} of their own: one {@code catch
   * (CourierException e)} covers the call and the reads.
   */
  public InputStream stream() {
    return body.stream();
  }

  /**
   * The body as lines, lazily (split on LF, CRLF or CR, in the charset {@link #encoding()} gives,
   * else UTF-8). Closing the stream closes the response.
   */
  public Stream<String> lines() {
    InputStream in = body.stream();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, encoding().orElse(StandardCharsets.UTF_8)));
    return reader.lines().onClose(() -> {
      try {
        reader.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** The body in pieces of at most {@code size} bytes, lazily; closing the stream closes the response. */
  public Stream<byte[]> chunks(int size) {
    if (size <= 0) throw new IllegalArgumentException("chunk size must be positive: " + size);
    InputStream in = body.stream();
    Iterator<byte[]> it = new Iterator<>() {
      private byte[] next;
      private boolean done;

      @Override
      public boolean hasNext() {
        if (next != null) return true;
        if (done) return false;
        try {
          byte[] buffer = in.readNBytes(size);
          if (buffer.length == 0) {
            done = true;
            in.close();
            return false;
          }
          next = buffer;
          return true;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public byte[] next() {
        if (!hasNext()) throw new NoSuchElementException();
        byte[] out = next;
        next = null;
        return out;
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED), false)
        .onClose(() -> {
          try {
            in.close();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** Releases the connection: back to the pool when the body was read to the end. Idempotent. */
  @Override
  public void close() {
    body.close();
  }

  /** {@code Response[200 OK, GET http://host/path]}. */
  @Override
  public String toString() {
    return "Response[" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ", " + request.method() + " "
        + url.redacted() + "]";
  }

  /**
   * Builds a {@link Response}: for an {@link Interceptor} that answers from a cache or a mock,
   * and for tests. Setters check their argument at once ({@link IllegalArgumentException});
   * {@link #build()} checks that the parts agree ({@link IllegalStateException}). The response
   * built is immutable, and a session treats it as one from the network: when a {@linkplain
   * Session.Builder#networkInterceptor network interceptor} returns it, its {@code Set-Cookie}
   * fields go to the jar, a {@code Content-Encoding} the bridge asked for is decoded, a 3xx with
   * {@code Location} is followed, a retryable status is retried and hooks see it.
   *
   * <pre>{@code
   * Interceptor offline = chain -> Response.builder()
   *     .request(chain.request())
   *     .statusCode(200)
   *     .header("Content-Type", "application/json")
   *     .body("{\"id\": 7}", StandardCharsets.UTF_8)
   *     .build();
   * Session s = Session.builder().networkInterceptor(offline).build();
   * s.get("https://api.example.com/items/7").json().get("id").asInt();   // 7, no network
   * }</pre>
   *
   * <p>{@code json()} on a built response uses Courier's default Jackson mapper, not a session's
   * {@link Session.Builder#objectMapper}; {@link Response#newBuilder()} keeps the mapper of the
   * response it starts from. A builder is not thread-safe; build on one thread.
   */
  public static final class Builder {
    private Request request;
    private int statusCode = 200;
    private String reason; // null: the registered phrase, else empty
    private HttpVersion version = HttpVersion.HTTP_1_1;
    private Headers.Builder headers;
    private ResponseBody shared; // the body of the response this builder was derived from
    private byte[] bytes; // a body given whole (bytes or encoded text)
    private InputStream stream; // a body given as a stream
    private Charset textCharset; // set when the body was given as text
    private Duration elapsed = Duration.ZERO;
    private List<Response> history = List.of();
    private final ObjectMapper mapper;

    private Builder() {
      this.headers = Headers.builder();
      this.mapper = null; // Courier's default, made when first needed
    }

    private Builder(Response from) {
      this.request = from.request;
      this.statusCode = from.statusCode;
      this.reason = from.reason;
      this.version = from.version;
      this.headers = from.headers.newBuilder();
      this.shared = from.body;
      this.elapsed = from.elapsed();
      this.history = from.history;
      this.mapper = from.mapper;
    }

    /** The request this response answers (in an interceptor, {@code chain.request()}); required. */
    public Builder request(Request request) {
      this.request = Objects.requireNonNull(request, "request");
      return this;
    }

    /**
     * The status code, registered or not (default 200).
     *
     * @throws IllegalArgumentException unless three digits in 100..599 (RFC 9110, Section 15)
     */
    public Builder statusCode(int code) {
      if (!HttpStatus.isValidCode(code)) {
        throw new IllegalArgumentException("invalid HTTP status code " + code + ": expected three digits in 100..599");
      }
      this.statusCode = code;
      return this;
    }

    /** The status code of {@code status} (its phrase is the default reason). */
    public Builder status(HttpStatus status) {
      return statusCode(status.value());
    }

    /**
     * The reason phrase; by default the registered phrase of the code ("Not Found"), or empty for
     * an unregistered code.
     *
     * @throws IllegalArgumentException naming a character a reason phrase cannot hold (RFC 9112,
     *     Section 4: tab, space, visible characters and obs-text only)
     */
    public Builder reason(String reason) {
      this.reason = ResponseRules.requireReason(Objects.requireNonNull(reason, "reason"));
      return this;
    }

    /** The protocol version (default HTTP/1.1). */
    public Builder version(HttpVersion version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    /**
     * Adds a header field (after any with the same name).
     *
     * @throws IllegalArgumentException for a name that is not a token or a value with CR, LF or NUL
     */
    public Builder header(String name, String value) {
      headers.add(name, value);
      return this;
    }

    /** Replaces every field named {@code name} with one field. */
    public Builder setHeader(String name, String value) {
      headers.set(name, value);
      return this;
    }

    /** Replaces all header fields with {@code all}. */
    public Builder headers(Headers all) {
      this.headers = Objects.requireNonNull(all, "headers").newBuilder();
      return this;
    }

    /** The body, as it would arrive on the wire (still encoded when {@code Content-Encoding} says so); copied. */
    public Builder body(byte[] body) {
      setBody(Objects.requireNonNull(body, "body").clone(), null, null);
      return this;
    }

    /**
     * The body as {@code text} encoded in {@code charset}. {@code Content-Type} then names the
     * charset: {@code text/plain; charset=...} when no Content-Type is set, a {@code charset}
     * parameter added when the one set names none; {@link #build()} refuses one naming another.
     */
    public Builder body(String text, Charset charset) {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(charset, "charset");
      setBody(text.getBytes(charset), null, charset);
      return this;
    }

    /**
     * The body as a stream, read when the response body is read (once, like a network body) and
     * closed when the response is closed. Buffering it is capped as a network body is ({@link
     * Session#DEFAULT_MAX_BUFFERED_BODY}).
     */
    public Builder body(InputStream body) {
      setBody(null, Objects.requireNonNull(body, "body"), null);
      return this;
    }

    private void setBody(byte[] whole, InputStream in, Charset charset) {
      this.shared = null;
      this.bytes = whole;
      this.stream = in;
      this.textCharset = charset;
    }

    /** The time from sending to the response head (default zero). */
    public Builder elapsed(Duration elapsed) {
      Objects.requireNonNull(elapsed, "elapsed");
      if (elapsed.isNegative()) throw new IllegalArgumentException("elapsed must not be negative: " + elapsed);
      this.elapsed = elapsed;
      return this;
    }

    /** The redirect responses that led here, oldest first (default none). */
    public Builder history(List<Response> history) {
      this.history = List.copyOf(Objects.requireNonNull(history, "history"));
      return this;
    }

    /**
     * The response.
     *
     * @throws IllegalStateException when no request is set; when a body is set on a response that
     *     has none by definition (1xx, 204, 304, or an answer to HEAD; RFC 9110, Sections 15.2,
     *     15.3.5, 15.4.5 and 9.3.2); when {@code Content-Length} disagrees with a body given whole;
     *     when {@code Content-Type} names another charset than a text body's
     */
    public Response build() {
      if (request == null) {
        throw new IllegalStateException("no request: set the request this response answers (chain.request() in an interceptor)");
      }
      if (stream != null || (bytes != null && bytes.length > 0)) ResponseRules.checkNoContent(request, statusCode);
      if (textCharset != null) ResponseRules.nameCharset(headers, textCharset);
      Headers head = headers.build();
      if (shared == null && stream == null && ResponseRules.mayHaveContent(request, statusCode)) {
        ResponseRules.checkContentLength(head, bytes == null ? 0 : bytes.length);
      }
      String phrase = reason != null ? reason : HttpStatus.lookup(statusCode).map(HttpStatus::phrase).orElse("");
      ResponseBody body = shared != null ? shared : ResponseRules.body(bytes, stream, request.url().redacted());
      return new Response(request, statusCode, phrase, version, head, history, elapsed, body, mapper);
    }
  }
}

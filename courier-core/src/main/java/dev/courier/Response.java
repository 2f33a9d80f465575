package dev.courier;

import dev.courier.error.CourierException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.http.Headers;
import dev.courier.http.HttpStatus;
import dev.courier.http.Url;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
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
 * r.status();              // HttpStatus.OK
 * r.json().get("current_user_url").asText();
 *
 * try (Response big = session.send(Request.get(url).stream(true).build())) {
 *   big.lines().filter(l -> l.contains("ERROR")).forEach(System.out::println);
 * }
 * }</pre>
 *
 * <p>Status: {@link #statusCode()} is always the number the server sent. {@link #status()}
 * returns the {@link HttpStatus} constant for registered codes and throws
 * {@link IllegalStateException} for others (a server may send 299 or 599): code that must accept
 * any number uses {@link #statusCode()} or {@link #lookupStatus()}.
 */
public final class Response implements AutoCloseable {
  private final Request request;
  private final int statusCode;
  private final String reason;
  private final String version;
  private final Headers headers;
  private final Url url;
  private final List<Response> history;
  private final Duration elapsed;
  private final ResponseBody body;
  private final ObjectMapper mapper;
  private volatile Charset encoding;

  Response(Request request, int statusCode, String reason, String version, Headers headers,
      List<Response> history, Duration elapsed, ResponseBody body, ObjectMapper mapper) {
    this.request = request;
    this.statusCode = statusCode;
    this.reason = reason;
    this.version = version;
    this.headers = headers;
    this.url = request.url();
    this.history = List.copyOf(history);
    this.elapsed = elapsed;
    this.body = body;
    this.mapper = mapper;
  }

  Response withHistory(List<Response> newHistory) {
    Response r = new Response(request, statusCode, reason, version, headers, newHistory, elapsed, body, mapper);
    r.encoding = encoding;
    return r;
  }

  Response withBody(ResponseBody newBody) {
    return new Response(request, statusCode, reason, version, headers, history, elapsed, newBody, mapper);
  }

  Response withRequest(Request sent) {
    return new Response(sent, statusCode, reason, version, headers, history, elapsed, body, mapper);
  }

  ResponseBody body() {
    return body;
  }

  /** The status code the server sent, e.g. 200. */
  public int statusCode() {
    return statusCode;
  }

  /**
   * The registered status, e.g. {@link HttpStatus#NOT_FOUND}.
   *
   * @throws IllegalStateException for a code that is not registered (use {@link #statusCode()})
   */
  public HttpStatus status() {
    return HttpStatus.lookup(statusCode).orElseThrow(() -> new IllegalStateException(
        "status " + statusCode + " is not a registered code; use statusCode() or lookupStatus()"));
  }

  /** The registered status, or empty for an unregistered code. */
  public Optional<HttpStatus> lookupStatus() {
    return HttpStatus.lookup(statusCode);
  }

  /** The reason phrase the server sent (may be empty; HTTP/2 has none). */
  public String reason() {
    return reason;
  }

  /** The protocol version of the response, e.g. {@code "HTTP/1.1"}. */
  public String version() {
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
    return elapsed;
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

  /** The charset {@link #text()} would detect without an explicit one (reads the body). */
  public Charset apparentEncoding() {
    return TextDecoding.detect(body.bytes(), headers.firstValue("Content-Type").orElse(null));
  }

  /**
   * The body parsed as JSON.
   *
   * @throws CourierException when the body is empty or not JSON
   */
  public JsonNode json() {
    byte[] bytes = body.bytes();
    try {
      JsonNode node = mapper.readTree(bytes);
      if (node == null || node.isMissingNode()) throw new CourierException("response body is empty, not JSON", Redact.url(url), null);
      return node;
    } catch (IOException e) {
      throw new CourierException("response body is not valid JSON", Redact.url(url), e);
    }
  }

  /** The body mapped to {@code type} by Jackson (unknown properties ignored). */
  public <T> T json(Class<T> type) {
    try {
      return mapper.readValue(body.bytes(), type);
    } catch (IOException e) {
      throw new CourierException("cannot map the response body to " + type.getSimpleName(), Redact.url(url), e);
    }
  }

  /** The body mapped to a generic type: {@code r.json(new TypeReference<List<Item>>() {})}. */
  public <T> T json(TypeReference<T> type) {
    try {
      return mapper.readValue(body.bytes(), type);
    } catch (IOException e) {
      throw new CourierException("cannot map the response body to " + type.getType(), Redact.url(url), e);
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
        + Redact.url(url) + "]";
  }
}

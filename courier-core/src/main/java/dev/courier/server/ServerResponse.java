package dev.courier.server;

import dev.courier.http.Headers;
import dev.courier.http.wire.BodyFraming;
import dev.courier.http.wire.HttpVersion;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a {@link Handler} answers: a status, header fields and a {@link ServerResponseBody}. Immutable.
 *
 * <p>The server owns framing: {@code Content-Length}, {@code Transfer-Encoding} and {@code Date}
 * are set by it from the body, and a handler's own values for them are replaced. A handler may set
 * {@code Connection: close} to close the connection after this response.
 *
 * <pre>{@code
 * ServerResponse.ok("hello");                                   // 200 text/plain; charset=utf-8
 * ServerResponse.builder(201).header("Location", "/items/7").json("{\"id\":7}");
 * ServerResponse.redirect(303, "/done");
 * }</pre>
 */
public final class ServerResponse {
  /** The fields of {@link #ok(String)}: shared, so the common answer builds no header list. */
  private static final Headers TEXT_PLAIN = Headers.of("Content-Type", "text/plain; charset=utf-8");

  private final int status;
  private final Headers headers;
  private final ServerResponseBody body;
  /** The trailer fields' source, or null for none (see {@link Builder#trailers}). */
  private final Supplier<Headers> trailers;

  /** {@link #fieldFacts}: the handler set Date. */
  static final int SETS_DATE = 1;
  /** {@link #fieldFacts}: the handler set Server. */
  static final int SETS_SERVER = 2;
  /** {@link #fieldFacts}: a Connection field carries the {@code close} option. */
  static final int ASKS_CLOSE = 4;
  private static final int KNOWN = 8;
  /**
   * What the HTTP/1.1 writer asks of the fields, found in one pass on first use. A response may be
   * shared by threads: a racing pass stores the same value, and an int is written whole.
   */
  private int fieldFacts;

  private ServerResponse(int status, Headers headers, ServerResponseBody body) {
    this(status, headers, body, null);
  }

  private ServerResponse(int status, Headers headers, ServerResponseBody body, Supplier<Headers> trailers) {
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.trailers = trailers;
  }

  /** 200 with {@code text} as {@code text/plain; charset=utf-8}. */
  public static ServerResponse ok(String text) {
    return new ServerResponse(200, TEXT_PLAIN, ServerResponseBody.of(text));
  }

  /** 200 with {@code body} and no Content-Type. */
  public static ServerResponse ok(ServerResponseBody body) {
    return new ServerResponse(200, Headers.empty(), Objects.requireNonNull(body, "body"));
  }

  /** A response with {@code status} and no content. */
  public static ServerResponse of(int status) {
    return new ServerResponse(checkStatus(status), Headers.empty(), ServerResponseBody.empty());
  }

  /** A redirect ({@code 301, 302, 303, 307, 308}) to {@code location}, with no content. */
  public static ServerResponse redirect(int status, String location) {
    if (status < 300 || status > 399) throw new IllegalArgumentException("not a redirect status: " + status);
    return builder(status).header("Location", location).build();
  }

  private static int checkStatus(int status) {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("status must be 200-599: " + status);
    }
    return status;
  }

  /** A builder starting with {@code status}. */
  public static Builder builder(int status) {
    return new Builder(status);
  }

  /** A builder with this response's status, headers and body. */
  public Builder newBuilder() {
    Builder b = new Builder(status);
    b.headers = headers.newBuilder();
    b.body = body;
    b.trailers = trailers;
    return b;
  }

  /** The status code, 200-599. */
  public int statusCode() {
    return status;
  }

  /** The header fields the handler set. */
  public Headers headers() {
    return headers;
  }

  /** The content. */
  public ServerResponseBody body() {
    return body;
  }

  /** {@link #SETS_DATE}, {@link #SETS_SERVER} and {@link #ASKS_CLOSE} as they hold for the fields. */
  int fieldFacts() {
    int facts = fieldFacts;
    if (facts == 0) fieldFacts = facts = findFieldFacts(headers);
    return facts;
  }

  private static int findFieldFacts(Headers headers) {
    int facts = KNOWN;
    for (int i = 0, n = headers.size(); i < n; i++) {
      String name = headers.name(i);
      switch (name.length()) {
        case 4 -> {
          if (name.equalsIgnoreCase("Date")) facts |= SETS_DATE;
        }
        case 6 -> {
          if (name.equalsIgnoreCase("Server")) facts |= SETS_SERVER;
        }
        default -> { }
      }
    }
    // The codec's reading of Connection's options (RFC 9112 section 9.3): in HTTP/1.1 only close ends it.
    if (!BodyFraming.persistent(HttpVersion.HTTP_1_1, headers)) facts |= ASKS_CLOSE;
    return facts;
  }

  /** Whether trailer fields follow the body ({@link Builder#trailers} was given). */
  public boolean hasTrailers() {
    return trailers != null;
  }

  /**
   * The trailer fields, asked from the supplier given to {@link Builder#trailers}; empty when
   * there is none. The server calls this once, after the last byte of the body.
   */
  public Headers trailers() {
    if (trailers == null) return Headers.empty();
    Headers fields = trailers.get();
    return fields == null ? Headers.empty() : fields;
  }

  @Override
  public String toString() {
    return "ServerResponse{" + status + ", " + headers + ", length=" + body.length() + "}";
  }

  /** Builds a {@link ServerResponse}. */
  public static final class Builder {
    private int status;
    private Headers.Builder headers = Headers.builder();
    private ServerResponseBody body = ServerResponseBody.empty();
    private Supplier<Headers> trailers;

    private Builder(int status) {
      status(status);
    }

    /** The status code, 100-599 (1xx other than via the server is refused: use 2xx-5xx). */
    public Builder status(int status) {
      this.status = checkStatus(status);
      return this;
    }

    /** Adds a header field (validated: no CR, LF or NUL can get through). */
    public Builder header(String name, String value) {
      headers.add(name, value);
      return this;
    }

    /** Replaces every field named {@code name} with one. */
    public Builder setHeader(String name, String value) {
      headers.set(name, value);
      return this;
    }

    /** Adds every field of {@code more}. */
    public Builder headers(Headers more) {
      headers.addAll(more);
      return this;
    }

    /** Sets the Content-Type. */
    public Builder contentType(String type) {
      headers.set("Content-Type", type); // validated by Headers
      return this;
    }

    /** The body as is. */
    public Builder body(ServerResponseBody body) {
      this.body = Objects.requireNonNull(body, "body");
      return this;
    }

    /** Builds with {@code text} as {@code text/plain; charset=utf-8}. */
    public ServerResponse text(String text) {
      return contentType("text/plain; charset=utf-8").body(ServerResponseBody.of(text)).build();
    }

    /** Builds with {@code html} as {@code text/html; charset=utf-8}. */
    public ServerResponse html(String html) {
      return contentType("text/html; charset=utf-8").body(ServerResponseBody.of(html)).build();
    }

    /** Builds with {@code json} (already serialized) as {@code application/json}. */
    public ServerResponse json(String json) {
      return contentType("application/json").body(ServerResponseBody.of(json)).build();
    }

    /**
     * Trailer fields to send after the body (RFC 9110 section 6.5), asked from {@code trailers}
     * once the body has been written, so they can carry what only the end knows (a checksum, a
     * final status). Over HTTP/2 they are a last HEADERS frame with END_STREAM (RFC 9113 section
     * 8.1); over HTTP/1.1 the trailer section after the last chunk (RFC 9112 section 7.1.2), so
     * the response is sent chunked, not with a Content-Length; an HTTP/1.0 client, which cannot
     * take chunked, gets none (RFC 9110 section 6.5 allows it: a recipient may drop trailers). A
     * response to HEAD, or a 204 or 304, has none. Fields that frame or route a message ({@code
     * Content-Length}, {@code Host}...) are refused when sent: the HTTP/2 stream is reset, the
     * HTTP/1.1 body is left without its last chunk and the connection closed.
     *
     * <pre>{@code
     * ServerResponse.builder(200).header("Trailer", "Server-Timing")
     *     .trailers(() -> Headers.of("Server-Timing", "db;dur=53"))
     *     .text("done");
     * }</pre>
     */
    public Builder trailers(Supplier<Headers> trailers) {
      this.trailers = Objects.requireNonNull(trailers, "trailers");
      return this;
    }

    public ServerResponse build() {
      return new ServerResponse(status, headers.build(), body, trailers);
    }
  }
}

package dev.courier.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.http.Headers;
import dev.courier.http.HttpStatus;
import dev.courier.http.MediaType;
import dev.courier.http.wire.ResponseHead;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@link MockServer} answers to one request: a status, headers and a body, how the body is
 * framed and paced, interim responses before it, and optionally a {@link Fault}. Immutable; one
 * instance may be enqueued many times.
 *
 * <pre>{@code
 * server.enqueue(MockResponse.builder()
 *     .status(200)
 *     .header("ETag", "\"v1\"")
 *     .json(Map.of("name", "Ada"))
 *     .chunked(4)                         // Transfer-Encoding: chunked, 4 bytes a chunk
 *     .trailer("Checksum", "abc")
 *     .informational(103, Headers.of("Link", "</app.css>; rel=preload"))
 *     .throttle(8, Duration.ofMillis(10)) // 8 body bytes every 10 ms
 *     .build());
 * }</pre>
 */
public final class MockResponse {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final int status;
  private final String reason;
  private final Headers headers;
  private final byte[] body;
  private final int chunkSize;
  private final Headers trailers;
  private final List<ResponseHead> informational;
  private final Duration headDelay;
  private final long throttleBytes;
  private final Duration throttlePeriod;
  private final Fault fault;
  private final boolean closeConnection;

  private MockResponse(Builder builder) {
    this.status = builder.status;
    this.reason = builder.reason != null ? builder.reason
        : HttpStatus.lookup(builder.status).map(HttpStatus::phrase).orElse("");
    Headers.Builder fields = builder.headers.build().newBuilder();
    if (builder.defaultContentType != null && builder.headers.firstValue("Content-Type").isEmpty()) {
      fields.add("Content-Type", builder.defaultContentType);
    }
    if (builder.closeConnection && builder.headers.firstValue("Connection").isEmpty()) {
      fields.add("Connection", "close");
    }
    this.headers = fields.build();
    this.body = builder.body;
    this.trailers = builder.trailers.build();
    this.chunkSize = builder.chunkSize == 0 && !trailers.isEmpty() ? Integer.MAX_VALUE : builder.chunkSize;
    this.informational = List.copyOf(builder.informational);
    this.headDelay = builder.headDelay;
    this.throttleBytes = builder.throttleBytes;
    this.throttlePeriod = builder.throttlePeriod;
    this.fault = builder.fault;
    this.closeConnection = builder.closeConnection;
  }

  /** A builder for {@code 200 OK} with no body. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this response. */
  public Builder newBuilder() {
    Builder builder = new Builder();
    builder.status = status;
    builder.reason = reason;
    builder.headers.addAll(headers);
    builder.body = body;
    builder.chunkSize = chunkSize == Integer.MAX_VALUE ? 0 : chunkSize;
    builder.trailers.addAll(trailers);
    builder.informational.addAll(informational);
    builder.headDelay = headDelay;
    builder.throttleBytes = throttleBytes;
    builder.throttlePeriod = throttlePeriod;
    builder.fault = fault;
    builder.closeConnection = closeConnection;
    return builder;
  }

  /** A response with this status and no body. */
  public static MockResponse status(int status) {
    return builder().status(status).build();
  }

  /** A {@code 200} with this text body ({@code text/plain; charset=utf-8}). */
  public static MockResponse text(String text) {
    return builder().body(text).build();
  }

  /** A {@code 200} with {@code value} written as JSON by Jackson ({@code application/json}). */
  public static MockResponse json(Object value) {
    return builder().json(value).build();
  }

  /** The status code. */
  public int status() {
    return status;
  }

  /** The reason phrase: the one given, else the registered phrase, else empty. */
  public String reason() {
    return reason;
  }

  /** The header fields as set (Content-Length or Transfer-Encoding are added when sent). */
  public Headers headers() {
    return headers;
  }

  /** A copy of the body bytes. */
  public byte[] body() {
    return body.clone();
  }

  /** The trailer fields sent after a chunked body. */
  public Headers trailers() {
    return trailers;
  }

  /** The fault to commit, or {@link Fault#NONE}. */
  public Fault fault() {
    return fault;
  }

  byte[] bodyBytes() {
    return body;
  }

  /** The chunk size, 0 when the body is sent with Content-Length. */
  int chunkSize() {
    return chunkSize;
  }

  List<ResponseHead> informational() {
    return informational;
  }

  Duration headDelay() {
    return headDelay;
  }

  long throttleBytes() {
    return throttleBytes;
  }

  Duration throttlePeriod() {
    return throttlePeriod;
  }

  /** True when the connection ends after this response. */
  boolean closesConnection() {
    return closeConnection || fault != Fault.NONE;
  }

  @Override
  public String toString() {
    return "MockResponse[" + status + (reason.isEmpty() ? "" : " " + reason) + ", " + body.length
        + " body bytes" + (chunkSize > 0 ? ", chunked" : "") + (fault != Fault.NONE ? ", " + fault : "")
        + "]";
  }

  /** Builds a {@link MockResponse}; every setter checks its argument at once. */
  public static final class Builder {
    private int status = 200;
    private String reason;
    private final Headers.Builder headers = Headers.builder();
    private String defaultContentType;
    private byte[] body = new byte[0];
    private int chunkSize;
    private final Headers.Builder trailers = Headers.builder();
    private final List<ResponseHead> informational = new ArrayList<>();
    private Duration headDelay = Duration.ZERO;
    private long throttleBytes;
    private Duration throttlePeriod = Duration.ZERO;
    private Fault fault = Fault.NONE;
    private boolean closeConnection;

    private Builder() {}

    /** The status code, 200 to 999 (interim responses go in {@link #informational}). */
    public Builder status(int code) {
      if (code < 200 || code > 999) {
        throw new IllegalArgumentException("a final status is 200 to 999: " + code);
      }
      status = code;
      reason = null;
      return this;
    }

    /** The status code and an explicit reason phrase. */
    public Builder status(int code, String phrase) {
      status(code);
      reason = Objects.requireNonNull(phrase, "phrase");
      return this;
    }

    /** Adds a header field. */
    public Builder header(String name, String value) {
      headers.add(name, value);
      return this;
    }

    /** Replaces every field named {@code name} with this one. */
    public Builder setHeader(String name, String value) {
      headers.set(name, value);
      return this;
    }

    /** Adds these header fields. */
    public Builder headers(Headers more) {
      headers.addAll(more);
      return this;
    }

    /** The body bytes ({@code application/octet-stream} unless a Content-Type is set). */
    public Builder body(byte[] bytes) {
      body = bytes.clone();
      defaultContentType = MediaType.APPLICATION_OCTET_STREAM.toString();
      return this;
    }

    /** A text body in UTF-8 ({@code text/plain; charset=utf-8} unless a Content-Type is set). */
    public Builder body(String text) {
      body = text.getBytes(StandardCharsets.UTF_8);
      defaultContentType = MediaType.TEXT_PLAIN_UTF8.toString();
      return this;
    }

    /** {@code value} written as JSON by Jackson ({@code application/json}). */
    public Builder json(Object value) {
      try {
        body = MAPPER.writeValueAsBytes(value);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("cannot write as JSON: " + e.getMessage(), e);
      }
      defaultContentType = MediaType.APPLICATION_JSON.toString();
      return this;
    }

    /** The contents of a file, read now; the Content-Type comes from the file name's extension. */
    public Builder body(Path file) {
      try {
        body = Files.readAllBytes(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
      defaultContentType = MediaType.forFileName(String.valueOf(file.getFileName()))
          .orElse(MediaType.APPLICATION_OCTET_STREAM).toString();
      return this;
    }

    /** Sends the body with {@code Transfer-Encoding: chunked}, {@code size} bytes a chunk. */
    public Builder chunked(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("chunk size must be positive: " + size);
      }
      chunkSize = size;
      return this;
    }

    /** Adds a trailer field; the body is then sent chunked (RFC 9112, Section 7.1.2). */
    public Builder trailer(String name, String value) {
      trailers.add(name, value);
      return this;
    }

    /** Sends an interim response (100 Continue, 103 Early Hints...) before this one. */
    public Builder informational(int code, Headers fields) {
      if (code < 100 || code > 199 || code == 101) {
        throw new IllegalArgumentException("an informational status is 1xx but 101: " + code);
      }
      informational.add(ResponseHead.of(code,
          HttpStatus.lookup(code).map(HttpStatus::phrase).orElse(""), fields));
      return this;
    }

    /** Waits this long after reading the request before sending anything. */
    public Builder delayHead(Duration delay) {
      if (delay.isNegative()) {
        throw new IllegalArgumentException("negative delay: " + delay);
      }
      headDelay = delay;
      return this;
    }

    /** Sends the body {@code bytes} at a time, waiting {@code period} after each piece. */
    public Builder throttle(long bytes, Duration period) {
      if (bytes < 1 || period.isNegative()) {
        throw new IllegalArgumentException("throttle needs bytes > 0 and a period >= 0");
      }
      throttleBytes = bytes;
      throttlePeriod = period;
      return this;
    }

    /** Breaks the exchange this way (see {@link Fault}). */
    public Builder fault(Fault chosen) {
      fault = Objects.requireNonNull(chosen, "fault");
      return this;
    }

    /** Sends {@code Connection: close} and closes the connection after this response. */
    public Builder closeConnection() {
      closeConnection = true;
      return this;
    }

    /** The response. */
    public MockResponse build() {
      return new MockResponse(this);
    }
  }
}

package dev.courier.client;

import dev.courier.http.Headers;
import dev.courier.http.wire.HttpVersion;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * A response received on one HTTP/2 stream of an {@link H2Connection}: status, fields (names in
 * lower case, RFC 9113 section 8.2), the body as it arrives, flow-controlled, and the trailer
 * fields that may follow it.
 *
 * <pre>{@code
 * try (H2Response r = connection.send("GET", Url.parse("https://example.com/"), Headers.empty(), null)) {
 *   String text = new String(r.body().readAllBytes(), UTF_8);
 *   Headers trailers = r.trailers();      // once the body has been read to its end
 * }
 * }</pre>
 */
public final class H2Response implements Closeable {
  private final int status;
  private final Headers headers;
  private final EndWatch body;
  private final Supplier<Headers> trailers;
  private final Runnable cancel;

  H2Response(int status, Headers headers, InputStream body, Supplier<Headers> trailers, Runnable cancel) {
    this.status = status;
    this.headers = headers;
    this.body = new EndWatch(body);
    this.trailers = trailers;
    this.cancel = cancel;
  }

  /** The status code. */
  public int statusCode() {
    return status;
  }

  /** The response fields. */
  public Headers headers() {
    return headers;
  }

  /** Always {@link HttpVersion#HTTP_2}. */
  public HttpVersion version() {
    return HttpVersion.HTTP_2;
  }

  /** The body; ends at END_STREAM, fails if the stream is reset. */
  public InputStream body() {
    return body;
  }

  /**
   * The trailer fields, sent after the body as a last HEADERS frame (RFC 9113 section 8.1); empty
   * when none came. Fields not allowed in trailers (RFC 9110 section 6.5.1) are dropped, and
   * trailers are never merged into {@link #headers()}.
   *
   * <pre>{@code
   * byte[] data = r.bytes();
   * String status = r.trailers().firstValue("grpc-status").orElse("");
   * }</pre>
   *
   * @throws IllegalStateException when the body has not been read to its end (not yet, or it was
   *     closed or failed before)
   */
  public Headers trailers() {
    if (!body.complete) throw TrailerSource.notYet();
    return trailers.get();
  }

  /** The whole body. */
  public byte[] bytes() {
    try {
      int declared = declaredLength();
      if (declared < 0) return body.readAllBytes();
      // The connection holds the DATA to the declared length (RFC 9113 section 8.1.1), so one
      // array of that size is enough; readAllBytes would start every body with a 16 KiB buffer.
      byte[] all = body.readNBytes(declared);
      int next = body.read();
      if (next < 0) return all;
      java.io.ByteArrayOutputStream more = new java.io.ByteArrayOutputStream(all.length + 1024);
      more.write(all);
      more.write(next);
      body.transferTo(more);
      return more.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The content-length field as an array size, or -1 when absent, unreadable or too large. */
  private int declaredLength() {
    String value = headers.firstValue("content-length").orElse(null);
    if (value == null || value.isEmpty() || value.length() > 9) return -1;
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') return -1;
    }
    return Integer.parseInt(value);
  }

  /** Abandons what is left of the body: the stream is reset with CANCEL if still open. */
  @Override
  public void close() {
    cancel.run();
  }

  /** The body, noting when a read reached its end (END_STREAM): from then on the trailers are known. */
  private static final class EndWatch extends FilterInputStream {
    private volatile boolean complete;

    EndWatch(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b < 0) complete = true;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n < 0) complete = true;
      return n;
    }
  }
}

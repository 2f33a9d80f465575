package dev.courier.client;

import dev.courier.http.Headers;
import dev.courier.http.wire.HttpVersion;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A response received on one HTTP/2 stream of an {@link H2Connection}: status, fields (names in
 * lower case, RFC 9113 section 8.2) and the body as it arrives, flow-controlled.
 *
 * <pre>{@code
 * try (H2Response r = connection.send("GET", Url.parse("https://example.com/"), Headers.empty(), null)) {
 *   String text = new String(r.body().readAllBytes(), UTF_8);
 * }
 * }</pre>
 */
public final class H2Response implements Closeable {
  private final int status;
  private final Headers headers;
  private final InputStream body;
  private final Runnable cancel;

  H2Response(int status, Headers headers, InputStream body, Runnable cancel) {
    this.status = status;
    this.headers = headers;
    this.body = body;
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
}

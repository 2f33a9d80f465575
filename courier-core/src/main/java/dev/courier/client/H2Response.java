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
      return body.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Abandons what is left of the body: the stream is reset with CANCEL if still open. */
  @Override
  public void close() {
    cancel.run();
  }
}

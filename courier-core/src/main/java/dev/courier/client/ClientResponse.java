package dev.courier.client;

import dev.courier.http.Headers;
import dev.courier.http.wire.HttpVersion;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The final response a {@link RoundTripper} hands back: its head and its body as it came off the
 * wire (not decoded). Interim (1xx) responses were skipped.
 *
 * <p>Close the body (or this response) when done. A body read to the end has already given its
 * connection back to the pool; closing one that was not reads and drops up to 64 KiB or 1 s of
 * what is left so the connection can still be reused, and closes the connection otherwise.
 *
 * <pre>{@code
 * try (ClientResponse response = roundTripper.roundTrip(request)) {
 *   if (response.statusCode() == 200) Files.copy(response.body(), target);
 * }
 * }</pre>
 *
 * @param statusCode the status code, 100 to 999 (RFC 9110, Section 15)
 * @param reason the reason phrase, possibly empty
 * @param version the protocol version of the status line
 * @param headers the response's fields
 * @param body the body bytes, still framed by the connection (chunked framing removed)
 */
public record ClientResponse(int statusCode, String reason, HttpVersion version, Headers headers,
    InputStream body) implements Closeable {

  public ClientResponse {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
  }

  /**
   * The trailer fields that came after the body (RFC 9110 section 6.5: a chunked body's trailer
   * section, HTTP/2's last HEADERS frame), known once the body has been read to its end; empty
   * when there were none (or the body is not one of this package's). Fields that may not be
   * trailers are dropped, never merged into {@link #headers()}.
   *
   * @throws IllegalStateException before the body was read to its end, or when it was closed or
   *     failed before
   */
  public Headers trailers() {
    return body instanceof TrailerSource source ? source.trailers() : Headers.empty();
  }

  /** Closes the body (see the class comment). */
  @Override
  public void close() throws IOException {
    body.close();
  }
}

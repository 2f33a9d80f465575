package dev.courier.http.wire;

import dev.courier.http.Headers;
import java.util.Objects;

/**
 * The trailer section of a chunked message (RFC 9112, Section 7.1.2). Reported only when at least
 * one trailer field was sent; never merged into the head (RFC 9110, Section 6.5.1).
 *
 * <pre>{@code
 * if (event instanceof Trailers t) checksum = t.headers().firstValue("Digest");
 * }</pre>
 *
 * @param headers the trailer fields, in order
 */
public record Trailers(Headers headers) implements HttpEvent {
  /** Checks that {@code headers} is not null. */
  public Trailers {
    Objects.requireNonNull(headers, "headers");
  }
}

package dev.courier.http.h2;

import dev.courier.http.Headers;
import java.util.Objects;

/**
 * A response head as HTTP/2 carries it (RFC 9113 section 8.3.2): the {@code :status} apart, the
 * regular fields as {@link Headers} with lower-case names.
 *
 * <pre>{@code
 * H2ResponseHead head = new H2ResponseHead(200, Headers.of("content-type", "text/plain"));
 * }</pre>
 *
 * @param status the {@code :status}, 100 to 999
 * @param headers the regular fields, in order
 */
public record H2ResponseHead(int status, Headers headers) {
  public H2ResponseHead {
    if (status < 100 || status > 999) throw new IllegalArgumentException("status out of range: " + status);
    Objects.requireNonNull(headers, "headers");
  }

  /** Whether this is an interim (1xx) response, followed by the final one on the same stream. */
  public boolean isInformational() {
    return status < 200;
  }

  /** The {@code content-length} value, or -1 when absent. */
  public long contentLength() {
    return headers.firstValue("content-length").map(Long::parseLong).orElse(-1L);
  }
}

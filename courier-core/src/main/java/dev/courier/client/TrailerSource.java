package dev.courier.client;

import dev.courier.http.Headers;

/**
 * A response body that knows the trailer fields that came after it (see {@link
 * ClientResponse#trailers()}): HTTP/1.1's chunked trailer section (RFC 9112 section 7.1.2) or
 * HTTP/2's last HEADERS frame (RFC 9113 section 8.1).
 */
interface TrailerSource {
  /**
   * The trailer fields, empty when none came.
   *
   * @throws IllegalStateException when the body has not been read to its end
   */
  Headers trailers();

  /** The message used when trailers are asked for too early. */
  static IllegalStateException notYet() {
    return new IllegalStateException(
        "the trailers are known once the body has been read to its end (it was not, or was closed before)");
  }
}

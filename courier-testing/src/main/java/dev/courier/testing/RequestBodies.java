package dev.courier.testing;

import dev.courier.Body;
import dev.courier.Request;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** The bytes of a request's body, for the kit's parts that record or match requests in memory. */
final class RequestBodies {
  private RequestBodies() {}

  /** The body written out in full (none: an empty array); the request is unchanged. */
  static byte[] bytes(Request request) {
    Optional<Body> body = request.body();
    if (body.isEmpty()) {
      return new byte[0];
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      body.get().writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the body of " + request, e);
    }
    return out.toByteArray();
  }
}

package dev.courier.cli;

import dev.courier.Body;
import dev.courier.Request;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * {@code --compress} and {@code --chunked}: how the request body goes out. Compression is
 * {@code deflate} as HTTPie's {@code -x} sends it, the zlib format that RFC 9110, Section 8.4.1.2
 * names {@code deflate}, used only when it makes the body smaller ({@code -xx}: always, and then
 * a body too big to compress in memory is compressed as it is sent, chunked). Chunked sends the
 * body with {@code Transfer-Encoding: chunked} instead of {@code Content-Length} (RFC 9112,
 * Section 7.1).
 *
 * <pre>{@code
 * Request sent = BodyEncoding.apply(request, 1, false);   // deflated when smaller
 * }</pre>
 */
final class BodyEncoding {
  /** Bodies up to this size are compressed in memory, to compare the sizes. */
  static final long MAX_IN_MEMORY = 64L << 20;

  private BodyEncoding() {}

  /** {@code compress}: how many times -x was given (0, 1, 2 or more). */
  static Request apply(Request request, int compress, boolean chunked) {
    Optional<Body> present = request.body();
    if (present.isEmpty() || (compress == 0 && !chunked)) return request;
    Body body = present.get();
    Request.Builder b = request.newBuilder();
    if (compress > 0 && !request.headers().contains("Content-Encoding")) {
      Body deflated = deflate(body, compress > 1);
      if (deflated != body) {
        b.header("Content-Encoding", "deflate");
        body = deflated;
      }
    }
    if (chunked) body = new Chunked(body);
    return b.body(body).build();
  }

  private static Body deflate(Body body, boolean always) {
    long length = body.contentLength();
    if (body.isReplayable() && length >= 0 && length <= MAX_IN_MEMORY) {
      ByteArrayOutputStream plain = new ByteArrayOutputStream((int) length);
      ByteArrayOutputStream packed = new ByteArrayOutputStream((int) Math.max(64, length / 2));
      try {
        body.writeTo(plain);
        try (OutputStream out = new DeflaterOutputStream(packed, new Deflater(Deflater.DEFAULT_COMPRESSION))) {
          plain.writeTo(out);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the request body to compress it: " + e.getMessage(), e);
      }
      if (!always && packed.size() >= plain.size()) return body; // as HTTPie: not when it grows
      byte[] bytes = packed.toByteArray();
      return body.contentType().map(type -> Body.of(bytes, type)).orElseGet(() -> Body.of(bytes));
    }
    return always ? new Deflated(body) : body;
  }

  /** A body written through a deflater as it is sent: length unknown, so chunked. */
  private record Deflated(Body plain) implements Body {
    @Override
    public Optional<String> contentType() {
      return plain.contentType();
    }

    @Override
    public long contentLength() {
      return -1;
    }

    @Override
    public boolean isReplayable() {
      return plain.isReplayable();
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
      Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
      try {
        DeflaterOutputStream deflating = new DeflaterOutputStream(out, deflater);
        plain.writeTo(deflating);
        deflating.finish(); // not close: the connection's stream stays open
      } finally {
        deflater.end();
      }
    }
  }

  /** The same bytes, length not told: the session sends them chunked. */
  private record Chunked(Body body) implements Body {
    @Override
    public Optional<String> contentType() {
      return body.contentType();
    }

    @Override
    public long contentLength() {
      return -1;
    }

    @Override
    public boolean isReplayable() {
      return body.isReplayable();
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
      body.writeTo(out);
    }
  }
}

package dev.courier.server;

import dev.courier.http.Headers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterInputStream;

/**
 * Gzips responses on the fly for clients that accept it: what {@link HttpServer.Builder#compressResponses}
 * turns on, around any {@link Handler}.
 *
 * <p>A response is compressed when all of these hold, and left alone otherwise: the client's
 * {@code Accept-Encoding} gives gzip a quality above 0 (RFC 9110 section 12.5.3); the type is
 * text ({@code text/*}), JSON, JavaScript, XML or SVG; the body is at least {@link #MIN_SIZE} bytes
 * (or of unknown length); the status is not 204, 206 or 304, so a range is never compressed (it
 * names bytes of the identity representation, RFC 9110 section 14); the response has no
 * Content-Encoding yet (never compressed twice) and no {@code Cache-Control: no-transform}
 * (RFC 9111 section 5.2.2.6); the body is bytes, a file or a stream (a {@link
 * ServerResponseBody#writer} body is left alone, except for HEAD, which gets the same head a GET
 * would). Bytes and files up to 64 KiB are compressed at once and sent with their Content-Length
 * ({@link WholeGzip}); streams and longer bodies are compressed as they are written, chunked.
 *
 * <p>Every response eligible by type and size carries {@code Vary: Accept-Encoding}, compressed or
 * not, so caches keep the two apart (RFC 9110 section 12.5.5). A strong {@code ETag} becomes weak
 * ({@code W/"..."}): the gzip bytes are not the file's bytes (section 8.8.3), yet
 * {@code If-None-Match} (weak comparison) still gets its 304, and {@code If-Range} (strong) never
 * matches it; a 304 answering a weak tag the client holds repeats that tag.
 */
final class ResponseCompression implements Handler {
  /**
   * Smallest body compressed: 1 KiB. Below it the gzip header and trailer (18 bytes) and the CPU
   * buy almost nothing: the response fits one packet either way.
   */
  static final int MIN_SIZE = 1024;

  private final Handler inner;

  ResponseCompression(Handler inner) {
    this.inner = inner;
  }

  @Override
  public ServerResponse handle(ServerRequest request) throws Exception {
    ServerResponse response = inner.handle(request);
    if (response == null) return null; // the server reports it
    int status = response.statusCode();
    Headers headers = response.headers();
    String acceptEncoding = String.join(", ", request.headers().allValues("Accept-Encoding"));
    if (status == 304) return notModified(request, response, acceptEncoding);
    if (status == 204 || status == 206 || headers.contains("Content-Encoding") || headers.contains("Content-Range")) {
      return response;
    }
    if (!compressible(headers.firstValue("Content-Type").orElse(""))) return response;
    ServerResponseBody body = response.body();
    long length = body.length();
    if (length >= 0 && length < MIN_SIZE) return response;
    boolean head = request.method().equals("HEAD");
    if (body instanceof ServerResponseBody.Writer && !head) return response;
    ServerResponse.Builder out = response.newBuilder();
    addVary(out, headers);
    boolean noTransform = headers.allValues("Cache-Control").stream()
        .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("no-transform"));
    if (noTransform || acceptEncoding.isBlank() || AcceptEncoding.quality(acceptEncoding, "gzip") <= 0) {
      return out.build();
    }
    out.setHeader("Content-Encoding", "gzip");
    headers.firstValue("ETag").ifPresent(tag -> out.setHeader("ETag", weak(tag)));
    boolean whole = switch (body) {
      case ServerResponseBody.Bytes b -> b.data().length <= WholeGzip.LARGEST;
      case ServerResponseBody.FileRegion f -> f.length() <= WholeGzip.LARGEST;
      default -> false;
    };
    if (head) {
      // The head a GET would get (RFC 9112 section 6.1: Transfer-Encoding on HEAD only if GET has
      // it; RFC 9110 section 8.6: a Content-Length only of the length GET would send).
      long gzipped = whole ? compressWhole(body).length : -1;
      body.close();
      return out.body(gzipped >= 0 ? ServerResponseBody.writer(gzipped, o -> {}) : ServerResponseBody.writer(o -> {}))
          .build();
    }
    if (whole) {
      // compressed now, with its length: one write on this thread, not a chunked stream compressed as it goes
      return out.body(ServerResponseBody.of(compressWhole(body))).build();
    }
    return out.body(ServerResponseBody.of(gzip(source(body)), -1)).build();
  }

  /** A 304 for a tag the client holds in its weak (compressed) form repeats that form. */
  private static ServerResponse notModified(ServerRequest request, ServerResponse response, String acceptEncoding) {
    String tag = response.headers().firstValue("ETag").orElse("");
    if (tag.isEmpty() || tag.startsWith("W/") || acceptEncoding.isBlank()) return response;
    String weak = weak(tag);
    for (String value : request.headers().allValues("If-None-Match")) {
      for (String member : value.split(",")) {
        if (member.trim().equals(weak)) {
          ServerResponse.Builder out = response.newBuilder().setHeader("ETag", weak);
          addVary(out, response.headers());
          return out.build();
        }
      }
    }
    return response;
  }

  private static String weak(String tag) {
    return tag.startsWith("W/") ? tag : "W/" + tag;
  }

  private static void addVary(ServerResponse.Builder out, Headers headers) {
    List<String> vary = headers.allValues("Vary");
    for (String value : vary) {
      for (String member : value.split(",")) {
        String m = member.trim();
        if (m.equals("*") || m.equalsIgnoreCase("Accept-Encoding")) return;
      }
    }
    out.header("Vary", "Accept-Encoding");
  }

  /** Text, JSON, JavaScript, XML and SVG: types that shrink; images, video and archives are already compressed. */
  static boolean compressible(String contentType) {
    int semi = contentType.indexOf(';');
    String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    return type.startsWith("text/")
        || type.equals("application/json") || type.endsWith("+json")
        || type.equals("application/javascript") || type.equals("application/x-javascript")
        || type.equals("application/xml") || type.endsWith("+xml");
  }

  /** The body's bytes as a stream; closing it releases what the body held. */
  private static InputStream source(ServerResponseBody body) throws IOException {
    return switch (body) {
      case ServerResponseBody.Bytes b -> new ByteArrayInputStream(b.data());
      case ServerResponseBody.Stream s -> s.stream();
      case ServerResponseBody.FileRegion f -> new RegionStream(f.channel(), f.offset(), f.length());
      case ServerResponseBody.Empty e -> InputStream.nullInputStream();
      case ServerResponseBody.Writer w -> throw new IllegalStateException("a writer body is not compressed");
    };
  }

  /**
   * The gzip member (RFC 1952) of {@code in}, made as it is read: header, raw deflate, then CRC-32
   * and length, so the compressed body streams through the server like any other.
   */
  static InputStream gzip(InputStream in) {
    CRC32 crc = new CRC32();
    long[] size = new long[1];
    InputStream counted = new java.io.FilterInputStream(in) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          crc.update(b, off, n);
          size[0] += n;
        }
        return n;
      }
    };
    Deflater deflater = new Deflater(WholeGzip.LEVEL, true);
    InputStream deflated = new DeflaterInputStream(counted, deflater, 8192) {
      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          deflater.end();
        }
      }
    };
    InputStream trailer = new InputStream() {
      private ByteArrayInputStream bytes;

      private ByteArrayInputStream bytes() {
        if (bytes == null) {
          byte[] t = new byte[WholeGzip.TRAILER];
          WholeGzip.writeTrailer(t, 0, crc, size[0]);
          bytes = new ByteArrayInputStream(t);
        }
        return bytes;
      }

      @Override
      public int read() {
        return bytes().read();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        return bytes().read(b, off, len);
      }
    };
    InputStream header = new ByteArrayInputStream(WholeGzip.HEADER);
    return new SequenceInputStream(Collections.enumeration(List.of(header, deflated, trailer))) {
      @Override
      public void close() throws IOException {
        deflated.close(); // SequenceInputStream closes only the streams it has not passed yet
      }
    };
  }

  /**
   * The gzip member of a body of at most {@link WholeGzip#LARGEST} bytes: an array, or a file
   * region read whole (a file that shrank meanwhile fails here, before any byte is sent), its
   * channel then closed.
   */
  private static byte[] compressWhole(ServerResponseBody body) throws IOException {
    if (body instanceof ServerResponseBody.Bytes bytes) return WholeGzip.compress(bytes.data());
    ServerResponseBody.FileRegion region = (ServerResponseBody.FileRegion) body;
    try (FileChannel file = region.channel()) {
      return WholeGzip.compress(file, region.offset(), (int) region.length());
    }
  }

  /** {@code length} bytes of a file from {@code offset}, read with positional reads. */
  private static final class RegionStream extends InputStream {
    private final FileChannel channel;
    private long position;
    private long remaining;

    RegionStream(FileChannel channel, long offset, long length) {
      this.channel = channel;
      this.position = offset;
      this.remaining = length;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining <= 0) return -1;
      int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, remaining)), position);
      if (n < 0) throw new IOException("file shrank while being sent");
      position += n;
      remaining -= n;
      return n;
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}

package dev.courier.server;

import dev.courier.http.Headers;
import dev.courier.http.wire.BodyFraming;
import dev.courier.http.wire.ChunkedEncoder;
import dev.courier.http.wire.Http1Writer;
import dev.courier.http.wire.HttpVersion;
import dev.courier.http.wire.RequestHead;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Writes the responses of one connection: the head through the codec's writer, then the body.
 *
 * <p>Every head goes through {@link Http1Writer#writeResponseHead}: the status line and the
 * server's own {@code Date} and {@code Server} lines come from the server's {@link ResponseHeads}
 * (encoded once by the same writer), the framing from the codec ({@link BodyFraming#responseKind}:
 * none for HEAD, 204 and 304; Content-Length when the length is known; else chunked for HTTP/1.1
 * and close-delimited for HTTP/1.0), so the framing rules of RFC 9112 section 6 live in one place.
 * The body is this class's: bytes, a file region (zero-copy where the socket allows), or a stream
 * framed by {@link BodyOutputs} ({@link dev.courier.http.wire.ChunkedEncoder} writes every chunk).
 * A small response costs no encoding work and no allocation.
 *
 * <p>Not thread-safe: the connection's thread writes one response at a time.
 */
final class ResponseWriter {
  private final Http1Writer codec = Http1Writer.forResponses();
  private final SocketOutput out;
  private final ResponseHeads heads;
  /**
   * The chunk buffer of this connection's streamed responses, made on the first one and reused by
   * the next (one exchange at a time runs on a connection, so one buffer serves them all).
   */
  private byte[] chunkBuffer;
  private long bodyBytes;

  ResponseWriter(SocketOutput out, ResponseHeads heads) {
    this.out = out;
    this.heads = heads;
    codec.borrowScratchFrom(WorkingBuffers.ARRAYS);
  }

  /** Gives the head writer's scratch back between responses (see {@link WorkingBuffers#ARRAYS}). */
  void releaseScratch() {
    codec.releaseScratch();
  }

  /** Whether the head writer holds a scratch now. */
  boolean holdsScratch() {
    return codec.holdsScratch();
  }

  /** Body bytes the last response sent (0 when it had none or failed), for the access log. */
  long bodyBytes() {
    return bodyBytes;
  }

  /**
   * Writes {@code response} to a request with {@code head} (null when the head never parsed).
   *
   * @return false when the connection must close after this response
   */
  boolean write(RequestHead head, ServerResponse response, boolean keepAlive) throws IOException {
    ServerResponseBody body = response.body();
    // A head that never parsed gets the answer an HTTP/1.1 GET would.
    String method = head == null ? "GET" : head.method();
    HttpVersion version = head == null ? HttpVersion.HTTP_1_1 : head.version();
    if (heads.http10()) {
      // An HTTP/1.0 server frames as one: no chunked coding, and one response per connection.
      version = HttpVersion.HTTP_1_0;
      keepAlive = false;
    }
    long length = body.length();
    // RFC 9112 section 7.1.2: trailer fields ride a chunked body's last chunk, so a response with
    // trailers goes chunked to a client that takes chunked (HTTP/1.1). An HTTP/1.0 client cannot:
    // it gets none, and the length as usual (RFC 9110 section 6.5: trailers may be discarded).
    boolean trailing = response.hasTrailers() && version == HttpVersion.HTTP_1_1;
    Headers headers = response.headers();
    int facts = response.fieldFacts();
    boolean hasDate = (facts & ServerResponse.SETS_DATE) != 0;
    boolean hasServer = (facts & ServerResponse.SETS_SERVER) != 0;
    bodyBytes = 0;
    BodyFraming.Kind framing = codec.writeResponseHead(heads.statusLineOf(response.statusCode()),
        heads.ownFields(hasDate, hasServer), headers, method, version, trailing ? -1 : length, keepAlive, out);
    // The close ends an UNTIL_CLOSE body; after a TUNNEL head the bytes are no longer HTTP, and
    // this server speaks no other protocol: either way no further request follows.
    if (framing == BodyFraming.Kind.UNTIL_CLOSE || framing == BodyFraming.Kind.TUNNEL) keepAlive = false;
    if (framing == BodyFraming.Kind.NONE || framing == BodyFraming.Kind.TUNNEL) return keepAlive;
    try {
      bodyBytes = trailing && framing == BodyFraming.Kind.CHUNKED
          ? writeWithTrailers(body, response)
          : writeBody(body, framing, length);
    } catch (RuntimeException e) {
      // A streaming body failed after the head went out: the framing is broken, so close.
      HttpServer.log().log(System.Logger.Level.ERROR, "response body failed after the head was sent", e);
      return false;
    }
    return keepAlive;
  }

  private long writeBody(ServerResponseBody body, BodyFraming.Kind framing, long length) throws IOException {
    switch (body) {
      case ServerResponseBody.Empty e -> {
        return 0;
      }
      case ServerResponseBody.Bytes b -> {
        out.write(b.data());
        return b.data().length;
      }
      case ServerResponseBody.FileRegion f -> {
        out.transferFrom(f.channel(), f.offset(), f.length());
        return f.length();
      }
      case ServerResponseBody.Stream s -> {
        OutputStream target = framed(framing, length);
        try {
          long copied = copy(s.stream(), target, length);
          return finish(target, copied);
        } finally {
          retire(target);
        }
      }
      case ServerResponseBody.Writer w -> {
        OutputStream target = framed(framing, length);
        try {
          w.writer().writeTo(target);
          return finish(target, -1);
        } finally {
          retire(target);
        }
      }
    }
  }

  /**
   * Writes {@code body} chunked, then the last chunk with the response's trailers, asked for once
   * the body is out. Bytes and a file region leave as one chunk each (a file still by sendfile
   * where the socket allows), a stream through the connection's chunk buffer.
   */
  private long writeWithTrailers(ServerResponseBody body, ServerResponse response) throws IOException {
    switch (body) {
      case ServerResponseBody.Empty e -> BodyOutputs.writeLastChunk(out, response.trailers());
      case ServerResponseBody.Bytes b -> {
        byte[] data = b.data();
        if (data.length > 0) {
          writeSizeLine(data.length);
          out.write(data);
          out.write(CRLF);
        }
        BodyOutputs.writeLastChunk(out, response.trailers());
      }
      case ServerResponseBody.FileRegion f -> {
        // A chunk's size is an int here: a larger region leaves as several chunks.
        for (long done = 0; done < f.length(); ) {
          int n = (int) Math.min(f.length() - done, 1 << 30);
          writeSizeLine(n);
          out.transferFrom(f.channel(), f.offset() + done, n);
          out.write(CRLF);
          done += n;
        }
        BodyOutputs.writeLastChunk(out, response.trailers());
      }
      case ServerResponseBody.Stream s -> {
        BodyOutputs.Chunked target = new BodyOutputs.Chunked(out, chunkBuffer());
        try {
          copy(s.stream(), target, body.length());
          target.finish(response.trailers());
          return target.bodyBytes();
        } finally {
          retire(target);
        }
      }
      case ServerResponseBody.Writer w -> {
        BodyOutputs.Chunked target = new BodyOutputs.Chunked(out, chunkBuffer());
        try {
          w.writer().writeTo(target);
          target.finish(response.trailers());
          return target.bodyBytes();
        } finally {
          retire(target);
        }
      }
    }
    return Math.max(0, body.length());
  }

  private static final byte[] CRLF = {'\r', '\n'};

  private void writeSizeLine(int size) throws IOException {
    byte[] line = new byte[ChunkedEncoder.MAX_SIZE_LINE];
    out.write(line, 0, ChunkedEncoder.writeSizeLine(size, line, 0));
  }

  /**
   * The stream that delimits a streamed body as {@code framing} says (FIXED, CHUNKED or
   * UNTIL_CLOSE); a chunked one borrows the connection's chunk buffer until {@link #retire}.
   */
  private OutputStream framed(BodyFraming.Kind framing, long length) {
    return switch (framing) {
      case FIXED -> new BodyOutputs.Fixed(out, length);
      case CHUNKED -> new BodyOutputs.Chunked(out, chunkBuffer());
      case UNTIL_CLOSE -> new BodyOutputs.UntilClose(out);
      case NONE, TUNNEL -> throw new IllegalStateException("no body to frame: " + framing);
    };
  }

  /** This connection's chunk buffer, made on first use. */
  private byte[] chunkBuffer() {
    byte[] buf = chunkBuffer;
    if (buf == null) chunkBuffer = buf = new byte[BodyOutputs.Chunked.BUFFER_SIZE];
    return buf;
  }

  /** Gives the connection's chunk buffer back: the stream refuses any later use (a writer kept it). */
  private static void retire(OutputStream target) {
    if (target instanceof BodyOutputs.Chunked chunked) chunked.retire();
  }

  private static long finish(OutputStream target, long fallback) throws IOException {
    if (target instanceof BodyOutputs.Fixed fixed) {
      fixed.finish();
      return fixed.bodyBytes();
    }
    if (target instanceof BodyOutputs.UntilClose raw) return raw.bodyBytes();
    BodyOutputs.Chunked chunked = (BodyOutputs.Chunked) target;
    chunked.finish();
    return chunked.bodyBytes();
  }

  private static long copy(InputStream in, OutputStream out, long length) throws IOException {
    byte[] buffer = new byte[8192];
    long total = 0;
    while (length < 0 || total < length) {
      int want = length < 0 ? buffer.length : (int) Math.min(buffer.length, length - total);
      int n = in.read(buffer, 0, want);
      if (n < 0) break;
      out.write(buffer, 0, n);
      total += n;
    }
    return total;
  }
}

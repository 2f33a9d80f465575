package dev.courier.server;

import dev.courier.http.Headers;
import dev.courier.http.HttpDate;
import dev.courier.http.wire.BodyFraming;
import dev.courier.http.wire.HttpVersion;
import dev.courier.http.wire.RequestHead;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Serializes a {@link ServerResponse} onto a connection: status line, {@code Date},
 * {@code Server}, the handler's fields, framing, then the body.
 *
 * <p>The framing is the codec's decision, not this class's: {@link BodyFraming#responseKind}
 * says whether the response has a body and how it is delimited (none for HEAD, 204 and 304;
 * Content-Length when the length is known; else chunked for HTTP/1.1 and close-delimited for
 * HTTP/1.0), {@link BodyFraming#sendsContentLength} whether the head states a length (also for
 * HEAD, as the GET would have it), and {@link dev.courier.http.wire.ChunkedEncoder} writes the chunk
 * syntax (in {@link BodyOutputs.Chunked}). Status lines and the {@code Date} line (renewed once a
 * second) are cached as bytes, so a small response costs no encoding work and no allocation.
 */
final class ResponseWriter {
  private ResponseWriter() {}

  private static final byte[][] STATUS_LINES = new byte[600][];
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] CONTENT_LENGTH = "Content-Length: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CHUNKED = "Transfer-Encoding: chunked\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CLOSE = "Connection: close\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] KEEP_ALIVE = "Connection: keep-alive\r\n".getBytes(StandardCharsets.US_ASCII);

  private record DateLine(long second, byte[] bytes) {}

  private static volatile DateLine date = new DateLine(-1, new byte[0]);
  private static volatile String serverName;
  private static volatile byte[] serverLine;

  static byte[] statusLine(int status) {
    byte[] line = STATUS_LINES[status];
    if (line == null) {
      line = ("HTTP/1.1 " + status + " " + StatusText.phrase(status) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      STATUS_LINES[status] = line; // a benign race: every thread computes the same bytes
    }
    return line;
  }

  /** {@code Date: <IMF-fixdate>\r\n}, renewed when the second changes (RFC 9110 section 6.6.1). */
  static byte[] dateLine() {
    long second = System.currentTimeMillis() / 1000;
    DateLine current = date;
    if (current.second != second) {
      current = new DateLine(second,
          ("Date: " + HttpDate.format(Instant.ofEpochSecond(second)) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      date = current;
    }
    return current.bytes;
  }

  private static byte[] serverLine(String name) {
    byte[] line = serverLine;
    if (line == null || !name.equals(serverName)) {
      line = ("Server: " + name + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
      serverLine = line;
      serverName = name;
    }
    return line;
  }

  /**
   * Writes {@code response} to a request with {@code head} (null when the head never parsed).
   *
   * @return false when the connection must close after this response
   */
  static boolean write(ServerConnection connection, SocketOutput out, RequestHead head, ServerResponse response,
      boolean keepAlive, String server) throws IOException {
    int status = response.status();
    ServerResponseBody body = response.body();
    // A head that never parsed gets the answer an HTTP/1.1 GET would.
    String method = head == null ? "GET" : head.method();
    HttpVersion version = head == null ? HttpVersion.HTTP_1_1 : head.version();
    long length = body.length();
    BodyFraming.Kind framing = BodyFraming.responseKind(method, status, version, length);
    // The close ends an UNTIL_CLOSE body; after a TUNNEL head the bytes are no longer HTTP, and
    // this server speaks no other protocol: either way no further request follows.
    if (framing == BodyFraming.Kind.UNTIL_CLOSE || framing == BodyFraming.Kind.TUNNEL) keepAlive = false;

    out.write(statusLine(status));
    Headers headers = response.headers();
    boolean hasDate = false;
    boolean hasServer = false;
    for (int i = 0, n = headers.size(); i < n; i++) {
      String name = headers.name(i);
      if (skip(name)) continue;
      if (name.equalsIgnoreCase("Date")) hasDate = true;
      if (name.equalsIgnoreCase("Server")) hasServer = true;
      out.writeLatin1(name);
      out.write(':');
      out.write(' ');
      out.writeLatin1(headers.value(i));
      out.write(CRLF);
    }
    if (!hasDate) out.write(dateLine());
    if (!hasServer && !server.isEmpty()) out.write(serverLine(server));
    if (BodyFraming.sendsContentLength(method, status, length)) {
      out.write(CONTENT_LENGTH);
      out.writeDecimal(length);
      out.write(CRLF);
    } else if (framing == BodyFraming.Kind.CHUNKED) {
      out.write(CHUNKED);
    }
    if (!keepAlive) out.write(CLOSE);
    else if (version == HttpVersion.HTTP_1_0) out.write(KEEP_ALIVE); // RFC 9112 section 9.3
    out.write(CRLF);

    if (framing == BodyFraming.Kind.NONE || framing == BodyFraming.Kind.TUNNEL) {
      connection.bodyBytesSent(0);
      return keepAlive;
    }
    long sent;
    try {
      sent = writeBody(connection, out, body, framing, length);
    } catch (IOException e) {
      connection.bodyBytesSent(0);
      throw e;
    } catch (RuntimeException e) {
      // A streaming body failed after the head went out: the framing is broken, so close.
      HttpServer.log().log(System.Logger.Level.ERROR, "response body failed after the head was sent", e);
      connection.bodyBytesSent(0);
      return false;
    }
    connection.bodyBytesSent(sent);
    return keepAlive;
  }

  /** Content-Length, Transfer-Encoding and Connection belong to the server (RFC 9112 section 6). */
  private static boolean skip(String name) {
    return switch (name.length()) {
      case 10 -> name.equalsIgnoreCase("Connection") || name.equalsIgnoreCase("Keep-Alive");
      case 14 -> name.equalsIgnoreCase("Content-Length");
      case 17 -> name.equalsIgnoreCase("Transfer-Encoding");
      default -> false;
    };
  }

  private static long writeBody(ServerConnection connection, SocketOutput out, ServerResponseBody body,
      BodyFraming.Kind framing, long length)
      throws IOException {
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
        OutputStream target = framed(connection, out, framing, length);
        try {
          long copied = copy(s.stream(), target, length);
          return finish(target, copied);
        } finally {
          retire(target);
        }
      }
      case ServerResponseBody.Writer w -> {
        OutputStream target = framed(connection, out, framing, length);
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
   * The stream that delimits a streamed body as {@code framing} says (FIXED, CHUNKED or
   * UNTIL_CLOSE); a chunked one borrows the connection's chunk buffer until {@link #retire}.
   */
  private static OutputStream framed(ServerConnection connection, SocketOutput out, BodyFraming.Kind framing,
      long length) {
    return switch (framing) {
      case FIXED -> new BodyOutputs.Fixed(out, length);
      case CHUNKED -> new BodyOutputs.Chunked(out, connection.chunkBuffer());
      case UNTIL_CLOSE -> new BodyOutputs.UntilClose(out);
      case NONE, TUNNEL -> throw new IllegalStateException("no body to frame: " + framing);
    };
  }

  /** Gives the connection's chunk buffer back: the stream refuses any later use (a writer kept it). */
  private static void retire(OutputStream target) {
    if (target instanceof BodyOutputs.Chunked chunked) chunked.retire();
  }

  private static long finish(OutputStream target, long fallback) throws IOException {
    if (target instanceof BodyOutputs.Fixed fixed) {
      fixed.finish();
      return fixed.bodyBytes;
    }
    if (target instanceof BodyOutputs.UntilClose raw) return raw.bodyBytes;
    BodyOutputs.Chunked chunked = (BodyOutputs.Chunked) target;
    chunked.finish();
    return chunked.bodyBytes;
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

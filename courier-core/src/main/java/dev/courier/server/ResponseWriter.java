package dev.courier.server;

import dev.courier.http.Headers;
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
 * <p>The framing follows RFC 9112 section 6 and RFC 9110 section 8.6: no content and no
 * Content-Length for 204 and 304; Content-Length whenever the length is known (also for HEAD, as
 * the GET would have it); otherwise chunked for HTTP/1.1 and close-delimited for HTTP/1.0. HEAD
 * answers carry no body. Status lines and the {@code Date} line (renewed once a second) are cached
 * as bytes, so a small response costs no encoding work.
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
          ("Date: " + HttpDates.format(Instant.ofEpochSecond(second)) + "\r\n").getBytes(StandardCharsets.US_ASCII));
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
    ResponseBody body = response.body();
    boolean isHead = head != null && head.method().equals("HEAD");
    boolean http10 = head != null && head.version() == HttpVersion.HTTP_1_0;
    boolean bodyless = status == 204 || status == 304;
    long length = body.length();
    boolean chunked = false;
    if (!bodyless && length < 0 && !isHead) {
      if (http10) keepAlive = false; // HTTP/1.0 has no chunked: the close ends the body
      else chunked = true;
    }

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
    if (!bodyless) {
      if (length >= 0) {
        out.write(CONTENT_LENGTH);
        out.writeDecimal(length);
        out.write(CRLF);
      } else if (chunked) {
        out.write(CHUNKED);
      }
    }
    if (!keepAlive) out.write(CLOSE);
    else if (http10) out.write(KEEP_ALIVE);
    out.write(CRLF);

    if (bodyless || isHead) {
      connection.bodyBytesSent(0);
      return keepAlive;
    }
    long sent;
    try {
      sent = writeBody(out, body, length, http10);
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

  private static long writeBody(SocketOutput out, ResponseBody body, long length, boolean http10)
      throws IOException {
    switch (body) {
      case ResponseBody.Empty e -> {
        return 0;
      }
      case ResponseBody.Bytes b -> {
        out.write(b.data());
        return b.data().length;
      }
      case ResponseBody.FileRegion f -> {
        out.transferFrom(f.channel(), f.offset(), f.length());
        return f.length();
      }
      case ResponseBody.Stream s -> {
        OutputStream target = framed(out, length, http10);
        long copied = copy(s.stream(), target, length);
        return finish(target, copied);
      }
      case ResponseBody.Writer w -> {
        OutputStream target = framed(out, length, http10);
        w.writer().writeTo(target);
        return finish(target, -1);
      }
    }
  }

  private static OutputStream framed(SocketOutput out, long length, boolean http10) {
    if (length >= 0) return new BodyOutputs.Fixed(out, length);
    return http10 ? new BodyOutputs.UntilClose(out) : new BodyOutputs.Chunked(out);
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

package dev.courier.testing;

import dev.courier.http.Headers;
import dev.courier.http.wire.BodyFraming;
import dev.courier.http.wire.Http1Writer;
import dev.courier.http.wire.HttpVersion;
import dev.courier.http.wire.RequestHead;
import dev.courier.http.wire.ResponseHead;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Sends one {@link MockResponse} on a connection: well-formed parts through the codec's {@link
 * Http1Writer} (so a mock never breaks HTTP by accident), faults as raw bytes or socket actions
 * (so it breaks HTTP exactly as asked).
 */
final class ResponsePlayer {
  private static final byte[] GARBAGE =
      "SSH-2.0-NotHttp\r\n\u0000\u0001\u0002\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

  private final Http1Writer writer;
  private final Socket socket;
  private final OutputStream out;

  ResponsePlayer(Http1Writer writer, Socket socket, OutputStream out) {
    this.writer = writer;
    this.socket = socket;
    this.out = out;
  }

  /** Sends {@code response}; returns false when the connection must end now. */
  boolean play(MockResponse response, RequestHead request, boolean keepAlive)
      throws IOException, InterruptedException {
    Fault fault = response.fault();
    switch (fault) {
      case CLOSE_AT_START, CLOSE_AFTER_REQUEST -> {
        return false; // CLOSE_AT_START here: the request was read before the queue was looked at
      }
      case RESET_AFTER_REQUEST -> {
        reset();
        return false;
      }
      case GARBAGE -> {
        byte[] body = response.bodyBytes();
        out.write(body.length > 0 ? body : GARBAGE);
        out.flush();
        return false;
      }
      default -> {
        // the others send a head first
      }
    }
    sleep(response.headDelay().toMillis());
    if (request.version() == HttpVersion.HTTP_1_1) {
      // RFC 9110, Section 15.2: no 1xx to an HTTP/1.0 client
      for (ResponseHead interim : response.informational()) {
        writer.writeHead(interim, request, out);
      }
      out.flush();
    }
    boolean chunked = response.chunkSize() > 0 || fault == Fault.TRUNCATED_CHUNK;
    byte[] body = response.bodyBytes();
    writer.writeHead(finalHead(response, request, chunked, keepAlive), request, out);
    if (fault == Fault.CLOSE_AFTER_HEAD) {
      out.flush();
      return false;
    }
    if (writer.framing().kind() == BodyFraming.Kind.NONE) {
      body = new byte[0];
    }
    OutputStream bodyOut = response.throttleBytes() > 0
        ? new ThrottledOutputStream(out, response.throttleBytes(), response.throttlePeriod())
        : out;
    switch (fault) {
      case CLOSE_MID_BODY, RESET_MID_BODY -> {
        writer.writeBody(body, 0, body.length / 2, bodyOut);
        out.flush();
        if (fault == Fault.RESET_MID_BODY) {
          reset();
        }
        return false;
      }
      case TRUNCATED_CHUNK -> {
        int announced = body.length > 0 ? body.length : 0x10;
        byte[] sent = body.length > 0 ? Arrays.copyOf(body, body.length / 2) : new byte[] {'x'};
        bodyOut.write((Integer.toHexString(announced) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        bodyOut.write(sent);
        out.flush();
        return false;
      }
      default -> {
        // a whole body
      }
    }
    if (chunked) {
      for (int at = 0; at < body.length; at += response.chunkSize()) {
        writer.writeBody(body, at, Math.min(response.chunkSize(), body.length - at), bodyOut);
      }
      writer.writeEnd(writer.framing().kind() == BodyFraming.Kind.CHUNKED
          ? response.trailers() : Headers.empty(), bodyOut);
    } else {
      writer.writeBody(body, bodyOut);
      writer.writeEnd(bodyOut);
    }
    out.flush();
    return keepAlive;
  }

  /** The final head: the response's fields plus the framing and connection fields it lacks. */
  private static ResponseHead finalHead(MockResponse response, RequestHead request, boolean chunked,
      boolean keepAlive) {
    Headers given = response.headers();
    Headers.Builder fields = given.newBuilder();
    int status = response.status();
    // RFC 9110, Section 8.6: none on 1xx, 204, 304 or a 2xx to CONNECT; a HEAD answer has one
    if (!given.contains("Content-Length") && !given.contains("Transfer-Encoding")
        && BodyFraming.sendsContentLength(request.method(), status, 0)) {
      if (chunked && request.version() == HttpVersion.HTTP_1_1) {
        fields.add("Transfer-Encoding", "chunked");
      } else {
        fields.add("Content-Length", Integer.toString(response.bodyBytes().length));
      }
    }
    if (!keepAlive && !given.contains("Connection")) {
      fields.add("Connection", "close");
    }
    return ResponseHead.of(status, response.reason(), fields.build());
  }

  /** Ends the connection with a TCP RST instead of a FIN (RFC 9293, Section 3.6.1). */
  private void reset() throws IOException {
    out.flush();
    socket.setSoLinger(true, 0);
    socket.close();
  }

  static void sleep(long millis) throws InterruptedException {
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }
}

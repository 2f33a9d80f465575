package dev.courier.server;

import dev.courier.http.FieldSyntax;
import dev.courier.http.Headers;
import dev.courier.http.HttpDate;
import dev.courier.http.h2.ErrorCode;
import dev.courier.http.h2.H2Fields;
import dev.courier.http.h2.H2RequestHead;
import dev.courier.http.h2.HeaderField;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The response side of an {@link H2ServerConnection}, called from the stream threads: the head as
 * HEADERS with the server's own fields (date, server, content-length), the body as DATA under
 * flow control (RFC 9113 section 6.9), the trailers as a last HEADERS frame (section 8.1), and
 * the access-log line. A handler writing into a window the client keeps shut waits at most the
 * write timeout, then its stream is reset with CANCEL (slow read holds nothing for long).
 */
final class H2ResponseSender {
  /** The content-length fields of small bodies, made once. */
  private static final HeaderField[] LENGTHS = new HeaderField[1024];

  static {
    for (int i = 0; i < LENGTHS.length; i++) LENGTHS[i] = new HeaderField("content-length", Integer.toString(i));
  }

  /** The largest body {@link #whole} sends in one step: a few frames, so the output stays small. */
  static final int WHOLE_MAX = 16 * 1024;

  private final H2ServerConnection connection;
  private final H2ServerStreams streams;
  private final H2Output output;
  private final ServerConfig config;
  private final InetSocketAddress remote;
  /** The date field of the current second, made once a second: one (second, field) pair, never torn. */
  private volatile DateField date = new DateField(Long.MIN_VALUE, null);
  /** The server field, null for none. */
  private final HeaderField server;

  private record DateField(long second, HeaderField field) {}

  H2ResponseSender(H2ServerConnection connection, H2ServerStreams streams, H2Output output, ServerConfig config,
      InetSocketAddress remote) {
    this.connection = connection;
    this.streams = streams;
    this.output = output;
    this.config = config;
    this.remote = remote;
    this.server = config.serverHeader().isEmpty() ? null : new HeaderField("server", config.serverHeader());
  }

  private HeaderField date() {
    long now = config.clock().millis() / 1000;
    DateField d = date;
    if (now != d.second()) {
      d = new DateField(now, new HeaderField("date", HttpDate.format(Instant.ofEpochSecond(now))));
      date = d;
    }
    return d.field();
  }

  /**
   * Appends the response head; sends it at once when {@code flush}, else it leaves with the
   * first DATA (a small response in one write).
   */
  void headers(H2ServerStream stream, int status, Headers headers, long length, boolean endStream, boolean flush)
      throws IOException {
    List<HeaderField> fields = fields(status, headers, length);
    streams.sendingHeaders(stream, endStream);
    output.headers(stream.id(), fields, endStream);
    if (flush || endStream) output.flush();
  }

  /**
   * Sends a whole small response in one step when it can leave without waiting: a byte body (or
   * none) of at most {@link #WHOLE_MAX} bytes, no trailers, credit for all of it in both windows,
   * and room in the output. Its frames are appended with one lock round trip each here and in the
   * output; the reader thread sends them with the rest of its pass, a stream thread at once.
   *
   * @return false, with nothing sent, when it cannot: the caller sends it the usual way
   */
  boolean whole(H2ServerStream stream, String method, ServerResponse response) throws IOException {
    if (!output.hasRoom()) return false;
    int status = response.statusCode();
    boolean bodiless = method.equals("HEAD") || status == 204 || status == 304;
    if (response.hasTrailers() && !bodiless) return false;
    byte[] data;
    switch (response.body()) {
      case ServerResponseBody.Empty e -> data = null;
      case ServerResponseBody.Bytes b -> data = b.data();
      default -> {
        return false;
      }
    }
    int len = data == null || bodiless ? 0 : data.length;
    if (len > WHOLE_MAX) return false;
    List<HeaderField> fields = fields(status, response.headers(), data == null ? 0 : data.length);
    if (!streams.takeWhole(stream, len)) return false;
    output.response(stream.id(), fields, data, 0, len);
    stream.sent(len);
    connection.flushUnlessReader();
    return true;
  }

  /** The response head's fields with the server's own (date, server, content-length) unless set. */
  private List<HeaderField> fields(int status, Headers headers, long length) {
    List<HeaderField> fields = new ArrayList<>(4 + headers.size());
    H2Fields.response(status, headers, (n, v) -> fields.add(new HeaderField(n, v)));
    // The server's own fields, unless the handler set them: one pass, names compared by length first.
    boolean hasDate = false;
    boolean hasServer = false;
    boolean hasLength = false;
    for (int i = 0, n = headers.size(); i < n; i++) {
      String name = headers.name(i);
      switch (name.length()) {
        case 4 -> hasDate |= name.equalsIgnoreCase("date");
        case 6 -> hasServer |= name.equalsIgnoreCase("server");
        case 14 -> hasLength |= name.equalsIgnoreCase("content-length");
        default -> {}
      }
    }
    if (!hasDate) fields.add(date());
    if (!hasServer && server != null) fields.add(server);
    if (length >= 0 && status != 204 && status != 304 && !hasLength) {
      fields.add(length < LENGTHS.length ? LENGTHS[(int) length] : new HeaderField("content-length", Long.toString(length)));
    }
    return fields;
  }

  /**
   * Ends the response with {@code trailers} as a last HEADERS frame with END_STREAM (RFC 9113
   * section 8.1), or with an empty DATA frame when there are none.
   *
   * @throws IllegalArgumentException when a trailer may not be sent as one (RFC 9110 section 6.5.1)
   */
  void trailers(H2ServerStream stream, Headers trailers) throws IOException {
    if (trailers.isEmpty()) {
      data(stream, new byte[0], 0, 0, true);
      return;
    }
    List<HeaderField> fields = new ArrayList<>(trailers.size());
    for (int i = 0, n = trailers.size(); i < n; i++) {
      if (!FieldSyntax.allowedInTrailers(trailers.name(i))) {
        throw new IllegalArgumentException(trailers.name(i) + " is not allowed in trailers");
      }
    }
    H2Fields.trailers(trailers, (n, v) -> fields.add(new HeaderField(n, v)));
    streams.sendingHeaders(stream, true);
    output.headers(stream.id(), fields, true);
    output.flush();
  }

  /** The most body one DATA frame carries on this connection now ({@link H2Output#dataFrameSize}). */
  int dataFrameSize() {
    return output.dataFrameSize();
  }

  /**
   * Sends {@code len} bytes as DATA, waiting for flow-control credit (section 6.9) at most the
   * write timeout at a time; END_STREAM with the last frame when {@code end}. What was appended
   * is sent before any wait and at the end.
   */
  void data(H2ServerStream stream, byte[] b, int off, int len, boolean end) throws IOException {
    do {
      int n = streams.credit(stream, len, end, config.writeTimeoutMillis());
      if (n < 0) {
        // The client kept the window shut for the whole write timeout (slow read): give up.
        connection.resetStream(stream.id(), ErrorCode.CANCEL);
        throw new SocketTimeoutException("no flow-control credit for stream " + stream.id());
      }
      output.data(stream.id(), b, off, n, end && n == len);
      stream.sent(n);
      output.flushIfFull();
      off += n;
      len -= n;
    } while (len > 0);
    output.flush();
  }

  /**
   * One access-log line, as the HTTP/1.1 path writes it: the client (a trusted proxy's word when
   * it gave one, else the peer), the request as an HTTP/2 request line, the status, and the body
   * bytes sent as DATA.
   */
  void log(InetAddress client, H2RequestHead head, int status, long bytes) {
    AccessLog accessLog = config.accessLog();
    if (accessLog.enabled()) {
      accessLog.log(client != null ? client : remote.getAddress(), null, config.clock().instant(),
          head.method() + " " + head.target() + " HTTP/2.0", status, bytes);
    }
  }
}

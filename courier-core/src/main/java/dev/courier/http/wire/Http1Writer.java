package dev.courier.http.wire;

import dev.courier.http.ArrayLender;
import dev.courier.http.FieldSyntax;
import dev.courier.http.Headers;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Writes HTTP/1.1 messages: heads, then a body framed as the head says (Content-Length, chunked
 * with trailers, or until close), one message after another on one connection. It refuses, with
 * {@link IllegalArgumentException} or {@link IllegalStateException}, anything that would let the
 * peer see different message boundaries: both Content-Length and Transfer-Encoding, a body longer
 * or shorter than its Content-Length, a body on a 204, 304 or HEAD response, framing fields in
 * trailers. Header names and values are already checked by {@link Headers}.
 *
 * <p>The writer adds no fields of its own: the caller chooses Content-Length or {@code
 * Transfer-Encoding: chunked}. Bytes go to any {@link OutputStream}; the writer never flushes.
 *
 * <pre>{@code
 * Http1Writer writer = Http1Writer.forResponses();
 * writer.writeHead(ResponseHead.of(200, "OK", Headers.of("Transfer-Encoding", "chunked")), "GET", out);
 * writer.writeBody("hello".getBytes(UTF_8), out);   // 5\r\nhello\r\n
 * writer.writeEnd(Headers.empty(), out);             // 0\r\n\r\n
 * writer.keepAlive();                                // true
 * }</pre>
 *
 * <p>Not thread-safe: one connection, one thread at a time.
 */
public final class Http1Writer {
  private final boolean requests;
  /** The scratch's length when the writer makes one; it grows for a longer head. */
  private static final int SCRATCH_SIZE = 512;
  /** The scratch of a writer that holds none yet, or gave its own back ({@link #releaseScratch()}). */
  private static final byte[] NO_SCRATCH = new byte[0];

  private byte[] scratch = NO_SCRATCH;
  private ArrayLender lender; // null: the writer makes its scratch and keeps it
  private int length;
  private boolean inBody;
  private BodyFraming framing;
  private long written;
  private boolean keepAlive = true;
  // Requests only: the last head written and, once it came a second time, its checked encoding.
  // A client sends the same immutable head again and again on a keep-alive connection (a
  // session's plain GETs share one), and the same head always checks and encodes the same way.
  private RequestHead lastHead;
  private byte[] lastHeadBytes; // null until lastHead is written a second time
  private BodyFraming lastFraming;
  private boolean lastPersistent;
  // The last Content-Length line a response head carried, and its value.
  private long lastLength = -1;
  private final byte[] lastLengthLine = new byte[CONTENT_LENGTH.length + 21]; // 19 digits at most, CRLF
  private int lastLengthLineSize;

  private Http1Writer(boolean requests) {
    this.requests = requests;
  }

  /**
   * Borrows this writer's scratch (where heads are put together) from {@code lender} from now on,
   * and gives it back there in {@link #releaseScratch()}: for a server with many connections
   * waiting between requests.
   */
  public void borrowScratchFrom(ArrayLender lender) {
    this.lender = Objects.requireNonNull(lender, "lender");
  }

  /**
   * Gives the scratch back to the lender (see {@link #borrowScratchFrom}); the next head borrows
   * another. Without a lender the writer keeps it. Call it between messages: a head is put
   * together and written within one call, so nothing is lost.
   */
  public void releaseScratch() {
    if (lender == null || scratch == NO_SCRATCH) return;
    byte[] released = scratch;
    scratch = NO_SCRATCH;
    length = 0;
    lender.giveBack(released);
  }

  /** Whether the writer holds a scratch now: a released one holds none until it writes again. */
  public boolean holdsScratch() {
    return scratch != NO_SCRATCH;
  }

  /** A writer for the requests a client sends. */
  public static Http1Writer forRequests() {
    return new Http1Writer(true);
  }

  /** A writer for the responses a server sends. */
  public static Http1Writer forResponses() {
    return new Http1Writer(false);
  }

  /**
   * Writes a request head and decides how its body is framed: chunked when {@code
   * Transfer-Encoding: chunked}, else Content-Length, else no body.
   *
   * @throws IllegalArgumentException when the head breaks a rule of the package documentation
   *     (Host missing or repeated in HTTP/1.1, a target form that does not fit the method, both
   *     Content-Length and Transfer-Encoding, a final coding other than chunked, ...)
   * @throws IllegalStateException when the previous message has not been ended
   */
  public void writeHead(RequestHead head, OutputStream out) throws IOException {
    if (!requests) throw new IllegalStateException("a response writer writes no requests");
    checkIdle();
    if (head == lastHead && lastHeadBytes != null) {
      out.write(lastHeadBytes, 0, lastHeadBytes.length);
      start(lastFraming, lastPersistent);
      return;
    }
    BodyFraming bodyFraming;
    try {
      RequestRules.check(head);
      checkSingleContentLength(head.headers());
      bodyFraming = BodyFraming.ofRequest(head);
    } catch (HttpCodecException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    length = 0;
    append(head.method());
    appendByte(' ');
    append(head.target());
    appendByte(' ');
    append(head.version().text());
    appendByte('\r');
    appendByte('\n');
    appendHeaders(head.headers());
    boolean persistent = BodyFraming.persistent(head.version(), head.headers());
    if (head == lastHead) {
      lastHeadBytes = Arrays.copyOf(scratch, length); // a head that repeats: kept from now on
    } else {
      lastHead = head;
      lastHeadBytes = null;
    }
    lastFraming = bodyFraming;
    lastPersistent = persistent;
    out.write(scratch, 0, length);
    start(bodyFraming, persistent);
  }

  /** Writes a response head to a {@code GET} request; see {@link #writeHead(ResponseHead, String, OutputStream)}. */
  public void writeHead(ResponseHead head, OutputStream out) throws IOException {
    writeHead(head, "GET", out);
  }

  /**
   * Writes a response head to {@code request}: as {@link #writeHead(ResponseHead, String,
   * OutputStream)} with the request's method, and also refuses Transfer-Encoding in a response to
   * an HTTP/1.0 request (RFC 9112, Section 6.1: only to HTTP/1.1 requests), and makes {@link
   * #keepAlive()} false when the request did not ask for a persistent connection (RFC 9112,
   * Section 9.3).
   *
   * @throws IllegalArgumentException as the other overload, or for chunked to an HTTP/1.0 client
   */
  public void writeHead(ResponseHead head, RequestHead request, OutputStream out)
      throws IOException {
    if (request.version() == HttpVersion.HTTP_1_0 && head.headers().contains("Transfer-Encoding")) {
      throw new IllegalArgumentException(
          "Transfer-Encoding in a response to an HTTP/1.0 request (RFC 9112 section 6.1)");
    }
    writeHead(head, request.method(), out);
    boolean interim = head.status() < 200 && head.status() != 101;
    if (!interim && !BodyFraming.persistent(request.version(), request.headers())) {
      keepAlive = false;
    }
  }

  /**
   * Writes a response head to a request with {@code requestMethod}. An interim (1xx) head may be
   * followed by more heads; a final head by its body (none for HEAD, 204 and 304), then {@link
   * #writeEnd}.
   *
   * @throws IllegalArgumentException for Content-Length or Transfer-Encoding on a 1xx, 204 or 2xx
   *     response to CONNECT (RFC 9110, Sections 8.6 and 9.3.6), both together, a final coding
   *     other than chunked, Transfer-Encoding in HTTP/1.0
   * @throws IllegalStateException when the previous message has not been ended
   */
  public void writeHead(ResponseHead head, String requestMethod, OutputStream out)
      throws IOException {
    if (requests) throw new IllegalStateException("a request writer writes no responses");
    Objects.requireNonNull(requestMethod, "requestMethod");
    checkIdle();
    int status = head.status();
    if (BodyFraming.forbidsFramingFields(requestMethod, status)
        && (head.headers().contains("Content-Length")
            || head.headers().contains("Transfer-Encoding"))) {
      throw new IllegalArgumentException(
          "a " + status + " response must not carry Content-Length or Transfer-Encoding");
    }
    BodyFraming bodyFraming;
    try {
      checkSingleContentLength(head.headers());
      bodyFraming = BodyFraming.ofResponse(requestMethod, head);
      if (bodyFraming.kind() == BodyFraming.Kind.NONE && head.headers().contains("Transfer-Encoding")) {
        BodyFraming.transferCodings(head.headers()); // still well-formed on a HEAD or 304 answer
      }
    } catch (HttpCodecException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    length = 0;
    append(head.version().text());
    appendByte(' ');
    appendByte('0' + status / 100);
    appendByte('0' + status / 10 % 10);
    appendByte('0' + status % 10);
    appendByte(' ');
    append(head.reason());
    appendByte('\r');
    appendByte('\n');
    appendHeaders(head.headers());
    out.write(scratch, 0, length);
    if (status < 200 && status != 101) return; // interim: the final head is still to come
    start(bodyFraming, BodyFraming.persistent(head.version(), head.headers()));
  }

  /** Writes all of {@code data} as body; see {@link #writeBody(byte[], int, int, OutputStream)}. */
  public void writeBody(byte[] data, OutputStream out) throws IOException {
    writeBody(data, 0, data.length, out);
  }

  /**
   * Writes body bytes, framed as the head decided: as they are, or as one chunk. Writing nothing
   * writes nothing (an empty chunk would end a chunked body).
   *
   * @throws IllegalStateException when no head was written, the message has no body, or the
   *     bytes would go past the Content-Length
   */
  public void writeBody(byte[] data, int offset, int count, OutputStream out) throws IOException {
    Objects.checkFromIndexSize(offset, count, data.length);
    if (!inBody) throw new IllegalStateException("no message head written");
    if (count == 0) return;
    switch (framing.kind()) {
      case NONE, TUNNEL -> throw new IllegalStateException("this message has no body");
      case FIXED -> {
        if (written + count > framing.length()) {
          throw new IllegalStateException("body longer than Content-Length " + framing.length());
        }
        out.write(data, offset, count);
      }
      case CHUNKED -> {
        length = 0;
        ensure(ChunkedEncoder.MAX_SIZE_LINE); // a scratch holds at least that: made here at most
        out.write(scratch, 0, ChunkedEncoder.writeSizeLine(count, scratch, 0));
        out.write(data, offset, count);
        out.write(scratch, 0, ChunkedEncoder.writeDataEnd(scratch, 0));
      }
      case UNTIL_CLOSE -> out.write(data, offset, count);
    }
    written += count;
  }

  /** Ends the message without trailers; see {@link #writeEnd(Headers, OutputStream)}. */
  public void writeEnd(OutputStream out) throws IOException {
    writeEnd(Headers.empty(), out);
  }

  /**
   * Ends the message: the last chunk and the trailers for a chunked body, nothing otherwise.
   *
   * @throws IllegalStateException when fewer bytes than the Content-Length were written, or when
   *     trailers are given for a body that is not chunked
   * @throws IllegalArgumentException when a trailer would frame or route the message (RFC 9110,
   *     Section 6.5.1), e.g. Content-Length or Host
   */
  public void writeEnd(Headers trailers, OutputStream out) throws IOException {
    if (!inBody) throw new IllegalStateException("no message head written");
    if (framing.kind() == BodyFraming.Kind.FIXED && written != framing.length()) {
      throw new IllegalStateException("body of " + written + " bytes is shorter than Content-Length "
          + framing.length());
    }
    if (!trailers.isEmpty() && framing.kind() != BodyFraming.Kind.CHUNKED) {
      throw new IllegalStateException("trailers need a chunked body");
    }
    if (framing.kind() == BodyFraming.Kind.CHUNKED) {
      for (int i = 0; i < trailers.size(); i++) {
        if (!FieldSyntax.allowedInTrailers(trailers.name(i))) {
          throw new IllegalArgumentException(trailers.name(i) + " is not allowed in trailers");
        }
      }
      length = 0;
      ensure(3);
      length = ChunkedEncoder.writeLastChunk(scratch, 0);
      appendHeaders(trailers);
      out.write(scratch, 0, length);
    }
    inBody = false;
  }

  /**
   * True when the connection may carry another message after this one: not after {@code
   * Connection: close}, an HTTP/1.0 message without keep-alive, a body delimited by the close,
   * or a tunnel (RFC 9112, Section 9.3).
   */
  public boolean keepAlive() {
    return keepAlive;
  }

  /** The framing of the message being written; known once its final head is written. */
  public BodyFraming framing() {
    if (framing == null) throw new IllegalStateException("no head written yet");
    return framing;
  }

  // ---- a server's heads from cached parts ----------------------------------------------------

  /**
   * The bytes of the status line {@code HTTP/1.1 <status> <reason>\r\n}, checked as {@link
   * ResponseHead} checks them: for a server to encode once per status and pass to {@link
   * #writeResponseHead}.
   *
   * <pre>{@code
   * byte[] ok = Http1Writer.statusLine(200, "OK");   // "HTTP/1.1 200 OK\r\n"
   * }</pre>
   *
   * @throws IllegalArgumentException for a status that is not three digits or a reason with a
   *     control character
   */
  public static byte[] statusLine(int status, String reason) {
    ResponseHead head = ResponseHead.of(status, reason, Headers.empty()); // checks both
    Http1Writer writer = forResponses();
    writer.append(head.version().text());
    writer.appendByte(' ');
    writer.appendDecimal(status);
    writer.appendByte(' ');
    writer.append(reason);
    writer.appendByte('\r');
    writer.appendByte('\n');
    return Arrays.copyOf(writer.scratch, writer.length);
  }

  /**
   * The bytes of one field line {@code name: value\r\n}, checked as {@link Headers} checks
   * fields: for a server to encode once (a {@code Server} field, the {@code Date} of the current
   * second) and pass to {@link #writeResponseHead}.
   *
   * <pre>{@code
   * byte[] server = Http1Writer.fieldLine("Server", "Courier");   // "Server: Courier\r\n"
   * }</pre>
   *
   * @throws IllegalArgumentException for a name that is not a token or a value with CR, LF or NUL
   */
  public static byte[] fieldLine(String name, String value) {
    Headers field = Headers.of(name, value); // checks both
    Http1Writer writer = forResponses();
    writer.appendHeaders(field);
    return Arrays.copyOf(writer.scratch, writer.length - 2); // without the head's closing CRLF
  }

  /**
   * Writes a server's final response head from parts it keeps encoded, allocating nothing: {@code
   * statusLine} (from {@link #statusLine}), the handler's {@code fields} except those that frame
   * the message or manage the connection, the server's own {@code fieldLines} (from {@link
   * #fieldLine}, concatenated; may be empty), then the framing fields as {@link
   * BodyFraming#responseKind} and {@link BodyFraming#sendsContentLength} decide, then {@code
   * Connection: close} when the connection ends after this response, or {@code Connection:
   * keep-alive} to an HTTP/1.0 request whose connection persists (RFC 9112, Section 9.3).
   *
   * <p>{@code Content-Length}, {@code Transfer-Encoding}, {@code Connection} and {@code
   * Keep-Alive} in {@code fields} are left out: the framing follows from {@code knownLength}, so
   * no handler can announce a length other than the one sent (RFC 9112, Section 6).
   *
   * <p>Unlike {@link #writeHead(ResponseHead, RequestHead, OutputStream)} this does not track the
   * body: the caller writes it as the returned kind says, exactly {@code knownLength} bytes for
   * {@link BodyFraming.Kind#FIXED}, {@link ChunkedEncoder}'s chunks for {@link
   * BodyFraming.Kind#CHUNKED}, bytes until it closes the connection for {@link
   * BodyFraming.Kind#UNTIL_CLOSE}, nothing for {@link BodyFraming.Kind#NONE}.
   *
   * <pre>{@code
   * Http1Writer writer = Http1Writer.forResponses();
   * BodyFraming.Kind kind = writer.writeResponseHead(Http1Writer.statusLine(200, "OK"),
   *     Http1Writer.fieldLine("Server", "Courier"), Headers.of("Content-Type", "text/plain"),
   *     "GET", HttpVersion.HTTP_1_1, 5, true, out);   // FIXED, with Content-Length: 5
   * }</pre>
   *
   * @param persist whether the connection is to carry another request after this response; a
   *     body delimited by the close ({@link BodyFraming.Kind#UNTIL_CLOSE}) or a tunnel ends it
   *     whatever this says
   * @param knownLength the body's length, or -1 when it is not known before it is sent
   * @return how the body that follows is delimited
   * @throws IllegalArgumentException when {@code statusLine} is not one of {@link #statusLine}
   *     or its status is interim (1xx)
   * @throws IllegalStateException on a request writer, or when a message begun with {@link
   *     #writeHead} has not been ended
   */
  public BodyFraming.Kind writeResponseHead(byte[] statusLine, byte[] fieldLines, Headers fields,
      String requestMethod, HttpVersion requestVersion, long knownLength, boolean persist,
      OutputStream out) throws IOException {
    if (requests) throw new IllegalStateException("a request writer writes no responses");
    if (inBody) throw new IllegalStateException("the previous message was not ended (writeEnd)");
    int status = statusOf(statusLine);
    if (status < 200) throw new IllegalArgumentException("an interim status is no final head: " + status);
    BodyFraming.Kind kind = BodyFraming.responseKind(requestMethod, status, requestVersion, knownLength);
    boolean close = !persist || kind == BodyFraming.Kind.UNTIL_CLOSE || kind == BodyFraming.Kind.TUNNEL;
    length = 0;
    appendBytes(statusLine);
    for (int i = 0, n = fields.size(); i < n; i++) {
      String name = fields.name(i);
      if (isFramingOrConnection(name)) continue;
      append(name);
      appendByte(':');
      appendByte(' ');
      append(fields.value(i));
      appendByte('\r');
      appendByte('\n');
    }
    appendBytes(fieldLines);
    if (BodyFraming.sendsContentLength(requestMethod, status, knownLength)) {
      appendContentLength(knownLength);
    } else if (kind == BodyFraming.Kind.CHUNKED) {
      appendBytes(CHUNKED);
    }
    if (close) {
      appendBytes(CONNECTION_CLOSE);
    } else if (requestVersion == HttpVersion.HTTP_1_0) {
      appendBytes(CONNECTION_KEEP_ALIVE); // RFC 9112, Section 9.3: 1.0 persists only when told
    }
    appendByte('\r');
    appendByte('\n');
    out.write(scratch, 0, length);
    return kind;
  }

  private static final byte[] CONTENT_LENGTH = ascii("Content-Length: ");
  private static final byte[] CHUNKED = ascii("Transfer-Encoding: chunked\r\n");
  private static final byte[] CONNECTION_CLOSE = ascii("Connection: close\r\n");
  private static final byte[] CONNECTION_KEEP_ALIVE = ascii("Connection: keep-alive\r\n");

  private static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** The status of a line {@link #statusLine} made: {@code HTTP/1.x DDD ...CRLF}. */
  private static int statusOf(byte[] line) {
    int n = line.length;
    if (n < 14 || line[0] != 'H' || line[8] != ' ' || line[12] != ' ' || line[n - 2] != '\r'
        || line[n - 1] != '\n') {
      throw new IllegalArgumentException("not a status line from Http1Writer.statusLine");
    }
    int status = 0;
    for (int i = 9; i < 12; i++) {
      int d = line[i] - '0';
      if (d < 0 || d > 9) throw new IllegalArgumentException("not a status line from Http1Writer.statusLine");
      status = status * 10 + d;
    }
    return status;
  }

  /** The fields a response writer decides itself (RFC 9112, Sections 6 and 9.3). */
  private static boolean isFramingOrConnection(String name) {
    return switch (name.length()) {
      case 10 -> name.equalsIgnoreCase("Connection") || name.equalsIgnoreCase("Keep-Alive");
      case 14 -> name.equalsIgnoreCase("Content-Length");
      case 17 -> name.equalsIgnoreCase("Transfer-Encoding");
      default -> false;
    };
  }

  // ---- helpers -------------------------------------------------------------------------------

  private void checkIdle() {
    if (inBody) throw new IllegalStateException("the previous message was not ended (writeEnd)");
    if (!keepAlive) throw new IllegalStateException("the connection does not persist");
  }

  private void start(BodyFraming bodyFraming, boolean persistent) {
    framing = bodyFraming;
    written = 0;
    inBody = true;
    keepAlive = persistent
        && bodyFraming.kind() != BodyFraming.Kind.UNTIL_CLOSE
        && bodyFraming.kind() != BodyFraming.Kind.TUNNEL;
  }

  /** One Content-Length line with one value: duplicates are legal to read but never written. */
  private static void checkSingleContentLength(Headers headers) {
    int count = 0;
    for (int i = 0; i < headers.size(); i++) {
      if (!headers.name(i).equalsIgnoreCase("Content-Length")) continue;
      String value = headers.value(i);
      if (++count > 1) throw new HttpCodecException(400, "more than one Content-Length field");
      if (value.isEmpty()) throw new HttpCodecException(400, "empty Content-Length");
      for (int j = 0; j < value.length(); j++) {
        char c = value.charAt(j);
        if (c < '0' || c > '9') {
          throw new HttpCodecException(400, "Content-Length is not a number: " + value);
        }
      }
    }
  }

  private void appendHeaders(Headers headers) {
    for (int i = 0; i < headers.size(); i++) {
      append(headers.name(i));
      appendByte(':');
      appendByte(' ');
      append(headers.value(i));
      appendByte('\r');
      appendByte('\n');
    }
    appendByte('\r');
    appendByte('\n');
  }

  @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int) keeps each char's low byte: wanted here
  private void append(String s) {
    int n = s.length();
    ensure(n);
    // Every char is at most 0xff: Headers, RequestHead and ResponseHead checked them. This copy
    // takes each char's low byte, as a cast would, and is an array copy for a Latin-1 string.
    s.getBytes(0, n, scratch, length);
    length += n;
  }

  /**
   * {@code Content-Length: <length>\r\n}. A connection tends to send the same length again (the
   * same small answer to each request), so the last line is kept and copied whole.
   */
  private void appendContentLength(long value) {
    if (value != lastLength) {
      int start = length;
      appendBytes(CONTENT_LENGTH);
      appendDecimal(value);
      appendByte('\r');
      appendByte('\n');
      lastLengthLineSize = length - start;
      System.arraycopy(scratch, start, lastLengthLine, 0, lastLengthLineSize);
      lastLength = value;
      return;
    }
    ensure(lastLengthLineSize);
    System.arraycopy(lastLengthLine, 0, scratch, length, lastLengthLineSize);
    length += lastLengthLineSize;
  }

  private void appendBytes(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, scratch, length, bytes.length);
    length += bytes.length;
  }

  /** A non-negative number in decimal, without a String. */
  private void appendDecimal(long value) {
    ensure(20);
    int start = length;
    do {
      scratch[length++] = (byte) ('0' + value % 10);
      value /= 10;
    } while (value > 0);
    for (int i = start, j = length - 1; i < j; i++, j--) {
      byte t = scratch[i];
      scratch[i] = scratch[j];
      scratch[j] = t;
    }
  }

  private void appendByte(int b) {
    ensure(1);
    scratch[length++] = (byte) b;
  }

  private void ensure(int more) {
    if (length + more > scratch.length) {
      scratch = ArrayLender.grow(lender, scratch, 0, length, Math.max(SCRATCH_SIZE, length + more));
    }
  }
}

package dev.courier.http.wire;

import dev.courier.http.ArrayLender;
import dev.courier.http.FieldSyntax;
import dev.courier.http.Headers;
import dev.courier.http.access.HeadersAccess;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;

/**
 * An incremental HTTP/1.x message parser, sans-I/O: {@link #feed feed} it bytes, pull
 * {@link HttpEvent events} with {@link #next()}. One parser reads every message of one
 * connection, in one direction: requests (a server) or responses (a client).
 *
 * <p>Theory of operation. The parser keeps the bytes it has been fed but not yet used in one
 * buffer. {@link #next()} runs the state machine below as far as the buffered bytes allow and
 * returns one event, or {@link NeedMoreData}. Heads are parsed line by line as each line
 * completes, so a head fed one byte at a time costs the same as one fed whole, and every limit is
 * checked before a byte is kept. Body bytes are handed out as soon as they arrive.
 *
 * <pre>
 *   START_LINE -> FIELDS --(empty line)--> head event, then by {@link BodyFraming}:
 *     NONE           -> END
 *     FIXED          -> BODY_FIXED -> END
 *     CHUNKED        -> CHUNK_SIZE -> CHUNK_DATA -> CHUNK_CRLF -> CHUNK_SIZE ... -> TRAILERS -> END
 *     UNTIL_CLOSE    -> BODY_UNTIL_CLOSE --(endOfInput)--> END
 *     TUNNEL         -> END (then {@link Closed}; {@link #takeBuffered()} gives the tunnel bytes)
 *   interim 1xx head -> START_LINE (same response continues)
 *   END -> EndOfMessage, then START_LINE when persistent, else CLOSED
 *   any syntax or limit error -> FAILED (the same exception again on every call)
 * </pre>
 *
 * <p>Example, a server reading one request:
 *
 * <pre>{@code
 * Http1Parser parser = Http1Parser.forRequests(Limits.defaults());
 * parser.feed("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
 * RequestHead head = (RequestHead) parser.next();
 * parser.next();         // EndOfMessage
 * parser.keepAlive();    // true
 * parser.next();         // NeedMoreData: waiting for the next request
 * }</pre>
 *
 * <p>Not thread-safe: one connection, one thread at a time.
 */
public final class Http1Parser {
  private static final int MAX_EMPTY_LINES_BEFORE_START = 16;
  private static final int MAX_CHUNK_SIZE_DIGITS = 15; // < 2^60: no overflow, far beyond any body
  private static final String[] METHODS = {
    "GET", "POST", "PUT", "HEAD", "DELETE", "OPTIONS", "PATCH", "CONNECT", "TRACE"
  };
  private static final String[][] NAMES_BY_LENGTH = commonNames();
  /** Reason phrases servers send most; one of these is shared instead of a new string per response. */
  private static final String[] COMMON_REASONS = {
    "OK", "Not Modified", "Found", "No Content", "Created", "Partial Content", "Not Found",
    "Moved Permanently", "See Other", "Temporary Redirect", "Permanent Redirect", "Accepted"
  };

  private enum State {
    START_LINE,
    FIELDS,
    BODY_FIXED,
    BODY_UNTIL_CLOSE,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_CRLF,
    TRAILERS,
    END,
    CLOSED,
    FAILED
  }

  private final boolean requests;
  private final Limits limits;
  private ArrayDeque<String> expectedMethods; // responses only, created on first use

  /** A buffer's length when the parser makes or borrows one; it grows for a longer head. */
  private static final int BUFFER_SIZE = 2048;
  /** The buffer of a parser that holds none yet, or gave its own back ({@link #releaseBuffer()}). */
  private static final byte[] NO_BUFFER = new byte[0];

  private byte[] buf = NO_BUFFER;
  private ArrayLender lender; // null: the parser makes its buffers and keeps them
  private int pos; // first byte not yet used
  private int end; // end of buffered bytes
  private int scan; // where the search for the next LF resumes, pos <= scan <= end
  private boolean endOfInput;
  private State state = State.START_LINE;
  private HttpCodecException failure;

  // The head being read.
  private String method;
  private String target;
  private final FieldCache cache = new FieldCache();
  private int status;
  private String reason;
  private HttpVersion version;
  private String[] fields = new String[8]; // names and values interleaved; doubled as a head needs, kept by an idle connection
  private int fieldCount;
  private int sectionBytes;
  private int emptyLines;
  private int interimResponses;

  // The message being read.
  private BodyFraming framing;
  private long remaining;
  private long bodyBytes;
  private boolean keepAlive;
  private boolean tunnel;

  private Http1Parser(boolean requests, Limits limits) {
    this.requests = requests;
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** A parser for the requests a server reads. */
  public static Http1Parser forRequests(Limits limits) {
    return new Http1Parser(true, limits);
  }

  /** A parser for requests with {@link Limits#defaults()}. */
  public static Http1Parser forRequests() {
    return forRequests(Limits.defaults());
  }

  /**
   * A parser for the responses a client reads. Tell it each request's method with {@link
   * #expectResponseTo(String)}: the framing of a response depends on it.
   */
  public static Http1Parser forResponses(Limits limits) {
    return new Http1Parser(false, limits);
  }

  /** A parser for responses with {@link Limits#defaults()}. */
  public static Http1Parser forResponses() {
    return forResponses(Limits.defaults());
  }

  /**
   * Records that a request with {@code method} was sent; responses are matched to requests in
   * order (pipelining). A response to {@code HEAD} has no body and a 2xx response to {@code
   * CONNECT} opens a tunnel (RFC 9112, Section 6.3). Without a call, {@code GET} is assumed.
   */
  public void expectResponseTo(String method) {
    if (requests) throw new IllegalStateException("a request parser reads no responses");
    if (expectedMethods == null) expectedMethods = new ArrayDeque<>(4);
    expectedMethods.addLast(Objects.requireNonNull(method, "method"));
  }

  /** Appends {@code bytes} to what the parser has to read. */
  public void feed(byte[] bytes) {
    feed(bytes, 0, bytes.length);
  }

  /**
   * Appends {@code length} bytes of {@code bytes} from {@code offset}. The bytes are copied; the
   * caller may reuse its array. Call {@link #next()} until it returns {@link NeedMoreData} before
   * feeding more, so that the parser buffers at most one read plus one head.
   *
   * @throws IllegalStateException after {@link #endOfInput()}
   */
  public void feed(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    if (endOfInput) throw new IllegalStateException("feed after endOfInput");
    if (length == 0) return;
    makeRoom(length);
    System.arraycopy(bytes, offset, buf, end, length);
    end += length;
  }

  /** Appends the remaining bytes of {@code bytes}, consuming them. */
  public void feed(ByteBuffer bytes) {
    if (endOfInput) throw new IllegalStateException("feed after endOfInput");
    int length = bytes.remaining();
    if (length == 0) return;
    makeRoom(length);
    bytes.get(buf, end, length);
    end += length;
  }

  /**
   * Tells the parser the peer closed its side: a close-delimited body then ends, a connection
   * between messages gives {@link Closed}, and a message cut short raises an error from {@link
   * #next()}.
   */
  public void endOfInput() {
    endOfInput = true;
  }

  /**
   * True when the connection may carry another message after the current one (RFC 9112,
   * Section 9.3). Known once the head has been returned.
   */
  public boolean keepAlive() {
    return keepAlive;
  }

  /**
   * True after a CONNECT request, a 2xx response to CONNECT or a 101 response: the bytes after the
   * head are no longer HTTP; get those already buffered with {@link #takeBuffered()}.
   */
  public boolean isTunnel() {
    return tunnel;
  }

  /** The framing of the current message; known once its head has been returned. */
  public BodyFraming framing() {
    if (framing == null) throw new IllegalStateException("no head has been read yet");
    return framing;
  }

  /** The number of bytes fed but not used yet. */
  public int buffered() {
    return end - pos;
  }

  /** True between messages with nothing buffered: the connection is idle. */
  public boolean isIdle() {
    return state == State.START_LINE && pos == end && sectionBytes == 0;
  }

  /** Removes and returns the bytes fed but not used yet, e.g. the first bytes of a tunnel. */
  public byte[] takeBuffered() {
    byte[] rest = Arrays.copyOfRange(buf, pos, end);
    pos = end;
    scan = end;
    return rest;
  }

  /**
   * The next event: a head, body bytes, trailers, the end of the message, {@link NeedMoreData}
   * when the buffered bytes are used up, or {@link Closed} when no further message can follow.
   *
   * @throws HttpCodecException when the peer broke the protocol or a limit; the parser is then
   *     unusable and the connection must be closed
   */
  public HttpEvent next() {
    if (failure != null) throw failure;
    try {
      return advance();
    } catch (HttpCodecException e) {
      failure = e;
      state = State.FAILED;
      throw e;
    }
  }

  /**
   * Copies body bytes of the current message into {@code into}: what {@link #next()} would return
   * as a {@link BodyChunk}, without making one, for a reader that has its own array (a stream's
   * {@code read}). Chunk size lines and the CRLF after each chunk are read on the way.
   *
   * <pre>{@code
   * int n = parser.readBody(into, 0, into.length);
   * // n > 0: bytes copied; 0: feed more input; -1: take the next event (trailers, the end) with next()
   * }</pre>
   *
   * @return how many bytes were copied, at least one; 0 when more input is needed (or {@code
   *     length} is 0); -1 when the next event is not body bytes: take it with {@link #next()}
   * @throws HttpCodecException as {@link #next()} does
   */
  public int readBody(byte[] into, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, into.length);
    if (failure != null) throw failure;
    if (length == 0) return 0;
    try {
      while (true) {
        switch (state) {
          case BODY_FIXED, CHUNK_DATA, BODY_UNTIL_CLOSE -> {
            int n = bufferedBody(length);
            if (n <= 0) return n;
            System.arraycopy(buf, pos, into, offset, n);
            pos += n;
            scan = pos;
            countBody(n);
            return n;
          }
          case CHUNK_SIZE -> {
            if (!chunkSize()) return 0;
          }
          case CHUNK_CRLF -> {
            if (!chunkEnd()) return 0;
          }
          default -> {
            return -1;
          }
        }
      }
    } catch (HttpCodecException e) {
      failure = e;
      state = State.FAILED;
      throw e;
    }
  }

  /**
   * How many body bytes a reader may take from the connection itself, straight into its own
   * array, because the parser holds none and they can only be body: the rest of a fixed-length
   * body or of the current chunk, or, for a body that ends at the close, what the body size limit
   * still allows. 0 when bytes are buffered or something else comes next (a chunk size line,
   * trailers, the next message). Report what was read with {@link #bodyReadDirectly(int)}: the
   * parser must count those bytes to know where the body ends (RFC 9112, Section 6.3: the framing
   * alone says where it ends, and nothing past it may be taken as body).
   *
   * <pre>{@code
   * long window = parser.directBodyWindow();
   * if (window > 0) {
   *   int n = in.read(into, 0, (int) Math.min(into.length, window));
   *   if (n > 0) parser.bodyReadDirectly(n); else if (n < 0) parser.endOfInput();
   * }
   * }</pre>
   */
  public long directBodyWindow() {
    if (pos != end || failure != null || endOfInput) return 0;
    return switch (state) {
      case BODY_FIXED, CHUNK_DATA -> remaining;
      case BODY_UNTIL_CLOSE -> limits.maxBodySize() - bodyBytes;
      default -> 0;
    };
  }

  /**
   * Counts {@code n} body bytes the reader took from the connection itself, within {@link
   * #directBodyWindow()}.
   *
   * @throws IllegalArgumentException when {@code n} is negative or past the window
   */
  public void bodyReadDirectly(int n) {
    if (n < 0 || n > directBodyWindow()) {
      throw new IllegalArgumentException(n + " bytes read past the parser, but the window is " + directBodyWindow());
    }
    countBody(n);
  }

  private HttpEvent advance() {
    while (true) {
      switch (state) {
        case START_LINE -> {
          if (!startLine()) return waitForHead();
        }
        case FIELDS -> {
          int lineEnd = findLineEnd();
          if (lineEnd < 0) {
            if (end - pos > limits.maxHeaderSectionSize() - sectionBytes) throw headerTooLarge();
            return waitForHead();
          }
          // Limits first, then syntax: the same error however the bytes were split.
          sectionBytes += lineEnd + 1 - pos;
          if (sectionBytes > limits.maxHeaderSectionSize()) throw headerTooLarge();
          int contentEnd = contentEnd(lineEnd);
          if (contentEnd == pos) {
            pos = lineEnd + 1;
            return finishHead();
          }
          fieldLine(pos, contentEnd);
          pos = lineEnd + 1;
        }
        case BODY_FIXED, CHUNK_DATA, BODY_UNTIL_CLOSE -> {
          int n = bufferedBody(Integer.MAX_VALUE);
          if (n == 0) return NeedMoreData.INSTANCE;
          if (n < 0) continue; // a body delimited by the close has ended
          byte[] data = Arrays.copyOfRange(buf, pos, pos + n);
          pos += n;
          scan = pos;
          countBody(n);
          return new BodyChunk(data);
        }
        case CHUNK_SIZE -> {
          if (!chunkSize()) return NeedMoreData.INSTANCE;
        }
        case CHUNK_CRLF -> {
          if (!chunkEnd()) return NeedMoreData.INSTANCE;
        }
        case TRAILERS -> {
          int lineEnd = findLineEnd();
          if (lineEnd < 0) {
            if (end - pos > limits.maxTrailerSectionSize() - sectionBytes) throw trailersTooLarge();
            if (endOfInput) throw truncated();
            return NeedMoreData.INSTANCE;
          }
          sectionBytes += lineEnd + 1 - pos;
          if (sectionBytes > limits.maxTrailerSectionSize()) throw trailersTooLarge();
          int contentEnd = contentEnd(lineEnd);
          if (contentEnd == pos) {
            pos = lineEnd + 1;
            state = State.END;
            commitPendingField();
            if (fieldCount > 0) {
              Headers trailers = buildFields();
              fieldCount = 0;
              return new Trailers(trailers);
            }
            continue;
          }
          fieldLine(pos, contentEnd);
          pos = lineEnd + 1;
        }
        case END -> {
          state = tunnel || !keepAlive ? State.CLOSED : State.START_LINE;
          resetHead();
          interimResponses = 0;
          return EndOfMessage.INSTANCE;
        }
        case CLOSED -> {
          return Closed.INSTANCE;
        }
        case FAILED -> throw failure;
      }
    }
  }

  /** NeedMoreData, or Closed / a truncation error when the input has ended. */
  private HttpEvent waitForHead() {
    if (!endOfInput) return NeedMoreData.INSTANCE;
    if (state == State.START_LINE && pos == end) {
      state = State.CLOSED;
      return Closed.INSTANCE;
    }
    throw new HttpCodecException(400, "connection closed before the end of the head");
  }

  // ---- lines -------------------------------------------------------------------------------

  /**
   * The index of the next LF, or -1 when the line is not complete yet; the caller then checks
   * its limit so that a line without end is refused early.
   */
  private int findLineEnd() {
    int i = Syntax.indexOfLf(buf, scan, end);
    if (i < 0) {
      scan = end;
      return -1;
    }
    scan = i + 1;
    return i;
  }

  /** The end of the line's content: before CRLF, or before a bare LF where that is allowed. */
  private int contentEnd(int lineEnd) {
    if (lineEnd > pos && buf[lineEnd - 1] == '\r') return lineEnd - 1;
    // RFC 9112, Section 2.2: a recipient MAY accept a bare LF as a line terminator. A server
    // does not: a front end that disagrees would see different message boundaries. A client
    // does, as browsers and curl do, for old servers.
    if (requests || state == State.CHUNK_SIZE) {
      throw new HttpCodecException(400, "bare LF without CR ends a line (RFC 9112 section 2.2)");
    }
    return lineEnd;
  }

  // ---- start line --------------------------------------------------------------------------

  /** Reads the start line; false when more bytes are needed. */
  private boolean startLine() {
    while (true) {
      int lineEnd = findLineEnd();
      if (lineEnd < 0) {
        if (end - pos > limits.maxStartLineLength() + 1) throw startLineTooLong();
        return false;
      }
      if (lineEnd - pos > limits.maxStartLineLength() + 1) throw startLineTooLong();
      int contentEnd = contentEnd(lineEnd);
      if (contentEnd == pos) {
        // RFC 9112, Section 2.2: a server SHOULD ignore at least one empty line before the
        // request-line; some clients add a CRLF after a body.
        if (++emptyLines > MAX_EMPTY_LINES_BEFORE_START) {
          throw new HttpCodecException(400, "too many empty lines before the start line");
        }
        pos = lineEnd + 1;
        continue;
      }
      if (contentEnd - pos > limits.maxStartLineLength()) throw startLineTooLong();
      if (requests) {
        requestLine(pos, contentEnd);
      } else {
        statusLine(pos, contentEnd);
      }
      pos = lineEnd + 1;
      state = State.FIELDS;
      return true;
    }
  }

  /** request-line = method SP request-target SP HTTP-version (RFC 9112, Section 3). */
  private void requestLine(int start, int stop) {
    byte[] b = buf;
    int i = start;
    while (i < stop && FieldSyntax.isTokenChar(b[i] & 0xff)) i++;
    if (i == start) throw unexpected(b, i, stop, "at the start of the request line");
    if (i == stop || b[i] != ' ') throw unexpected(b, i, stop, "in the method");
    method = Syntax.pick(METHODS, b, start, i);
    int targetStart = ++i;
    while (i < stop && Syntax.TARGET[b[i] & 0xff]) i++;
    if (i == targetStart) throw unexpected(b, i, stop, "at the start of the request target");
    if (i == stop) {
      // HTTP/0.9 "GET /path" has no version; it is not supported (RFC 9112, Appendix C.1).
      throw new HttpCodecException(400, "request line has no HTTP version");
    }
    if (b[i] != ' ') throw unexpected(b[i], "in the request target");
    String cached = cache.lookupTarget(b, targetStart, i);
    target = cached != null ? cached : Syntax.latin1(b, targetStart, i);
    cache.rememberTarget(target, b, targetStart, i);
    version = version(i + 1, stop);
  }

  /** status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112, Section 4). */
  private void statusLine(int start, int stop) {
    byte[] b = buf;
    if (stop - start < 12 || b[start + 8] != ' ') {
      // Checks the version first so that "HTTP/2 200" reads as an unsupported version.
      version(start, Math.min(stop, start + 8));
      throw new HttpCodecException(400, "malformed status line");
    }
    version = version(start, start + 8);
    int code = 0;
    for (int i = start + 9; i < start + 12; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) throw unexpected(b[i], "in the status code");
      code = code * 10 + d;
    }
    if (code < 100) throw new HttpCodecException(400, "status code below 100: " + code);
    status = code;
    // RFC 9112, Section 4 requires the SP before an empty reason; many servers omit it.
    if (stop == start + 12) {
      reason = "";
      return;
    }
    if (b[start + 12] != ' ') throw unexpected(b[start + 12], "after the status code");
    for (int i = start + 13; i < stop; i++) {
      if (!FieldSyntax.isFieldValueChar(b[i] & 0xff)) throw unexpected(b[i], "in the reason phrase");
    }
    reason = stop == start + 13 ? "" : Syntax.pick(COMMON_REASONS, b, start + 13, stop);
  }

  /** HTTP-version = "HTTP/" DIGIT "." DIGIT (RFC 9112, Section 2.3); only 1.x is spoken. */
  private HttpVersion version(int start, int stop) {
    byte[] b = buf;
    if (stop - start != 8
        || b[start] != 'H' || b[start + 1] != 'T' || b[start + 2] != 'T' || b[start + 3] != 'P'
        || b[start + 4] != '/' || !isDigit(b[start + 5]) || b[start + 6] != '.'
        || !isDigit(b[start + 7])) {
      throw new HttpCodecException(400, "malformed HTTP version: "
          + Syntax.latin1(b, start, Math.min(stop, start + 16)));
    }
    if (b[start + 5] != '1') {
      throw new HttpCodecException(505, "HTTP version not supported: "
          + Syntax.latin1(b, start, stop));
    }
    // RFC 9110, Section 2.5: a higher minor version is processed as the highest one we speak.
    return b[start + 7] == '0' ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  // ---- field lines -------------------------------------------------------------------------

  private String pendingName;
  private String pendingValue;

  /**
   * field-line = field-name ":" OWS field-value OWS (RFC 9112, Section 5), in the head or in the
   * trailer section.
   */
  private void fieldLine(int start, int stop) {
    byte[] b = buf;
    if (FieldSyntax.isWhitespace(b[start])) {
      obsFold(start, stop);
      return;
    }
    commitPendingField();
    int i = start;
    while (i < stop && FieldSyntax.isTokenChar(b[i] & 0xff)) i++;
    if (i == stop) throw new HttpCodecException(400, "field line without a colon");
    if (b[i] != ':') {
      int j = i;
      while (j < stop && FieldSyntax.isWhitespace(b[j])) j++;
      if (j > i && j < stop && b[j] == ':') {
        // RFC 9112, Section 5.1: no whitespace is allowed between the field name and colon; a
        // server MUST reject such a request with 400 (it was CVE-2019-16869 in Netty).
        throw new HttpCodecException(400, "whitespace between field name and colon");
      }
      throw unexpected(b[i], "in a field name");
    }
    if (i == start) throw new HttpCodecException(400, "empty field name");
    if (fieldCount + 1 > limits.maxHeaderCount()) {
      throw new HttpCodecException(431, "more than " + limits.maxHeaderCount() + " fields");
    }
    int valueStart = i + 1;
    while (valueStart < stop && FieldSyntax.isWhitespace(b[valueStart])) valueStart++;
    while (stop > valueStart && FieldSyntax.isWhitespace(b[stop - 1])) stop--;
    if (state == State.TRAILERS) {
      checkValue(b, valueStart, stop);
      pendingName = name(b, start, i);
      pendingValue = valueStart == stop ? "" : Syntax.latin1(b, valueStart, stop);
      return;
    }
    // On a persistent connection the same fields tend to come back in the same places (browsers
    // repeat User-Agent, Accept, ...): reuse last head's strings where the bytes are equal.
    int slot = fieldCount * 2;
    String name = cache.lookup(slot, b, start, i);
    pendingName = name != null ? name : name(b, start, i);
    cache.remember(slot, pendingName, b, start, i);
    // Bytes equal to an earlier, accepted value are valid; only new bytes are checked.
    String value = cache.lookup(slot + 1, b, valueStart, stop);
    if (value == null) {
      checkValue(b, valueStart, stop);
      value = valueStart == stop ? "" : Syntax.latin1(b, valueStart, stop);
    }
    pendingValue = value;
    cache.remember(slot + 1, pendingValue, b, valueStart, stop);
  }

  /** field-value bytes: only HTAB, SP, VCHAR and obs-text (RFC 9110, Section 5.5). */
  private static void checkValue(byte[] b, int start, int stop) {
    int j = Syntax.indexOfNonFieldValue(b, start, stop);
    if (j >= 0) {
      // RFC 9110, Section 5.5 and RFC 9112, Section 2.2: a bare CR, NUL or other control
      // character in a field value is rejected, never stripped or cut at.
      throw unexpected(b[j], b[j] == '\r' ? "(bare CR) in a field value" : "in a field value");
    }
  }

  /** OWS-trimmed field-value; CR, LF, NUL and other controls but HTAB are refused. */
  private static String value(byte[] b, int start, int stop) {
    while (start < stop && FieldSyntax.isWhitespace(b[start])) start++;
    while (stop > start && FieldSyntax.isWhitespace(b[stop - 1])) stop--;
    checkValue(b, start, stop);
    return start == stop ? "" : Syntax.latin1(b, start, stop);
  }

  /** A line starting with SP or HTAB: obs-fold, or whitespace before the first field. */
  private void obsFold(int start, int stop) {
    if (pendingName == null) {
      // RFC 9112, Section 2.2: whitespace between the start line and the first field line could
      // hide a field from one parser and not another; reject.
      throw new HttpCodecException(400, "whitespace before the first field line");
    }
    if (requests) {
      // RFC 9112, Section 5.2: a server MUST reject obs-fold in a request or replace it; we
      // reject, as a folded Content-Length or Transfer-Encoding is a smuggling shape.
      throw new HttpCodecException(400, "obsolete line folding (obs-fold) in a request field");
    }
    // RFC 9112, Section 5.2: a user agent MUST replace each obs-fold with SP before use.
    String more = value(buf, start, stop);
    if (!more.isEmpty()) pendingValue = pendingValue.isEmpty() ? more : pendingValue + " " + more;
  }

  private void commitPendingField() {
    if (pendingName == null) return;
    if (fieldCount * 2 + 2 > fields.length) fields = Arrays.copyOf(fields, fields.length * 2);
    fields[fieldCount * 2] = pendingName;
    fields[fieldCount * 2 + 1] = pendingValue;
    fieldCount++;
    pendingName = null;
    pendingValue = null;
  }

  private Headers buildFields() {
    if (fieldCount == 0) return Headers.empty();
    // Every name was read as tchars and every value checked by checkValue (or equal to bytes that
    // were) and OWS-trimmed in fieldLine and obsFold: exactly what Headers.of would check again.
    // The copy drops the spare room and is never touched by this parser afterwards.
    return HeadersAccess.trusted(Arrays.copyOf(fields, fieldCount * 2));
  }

  private static String name(byte[] b, int start, int stop) {
    int length = stop - start;
    if (length < NAMES_BY_LENGTH.length) {
      String[] candidates = NAMES_BY_LENGTH[length];
      if (candidates != null) return Syntax.pick(candidates, b, start, stop);
    }
    return Syntax.latin1(b, start, stop);
  }

  // ---- end of head -------------------------------------------------------------------------

  private HttpEvent finishHead() {
    commitPendingField();
    cache.headDone();
    Headers headers = buildFields();
    if (requests) {
      RequestHead head = new RequestHead(method, target, version, headers);
      RequestRules.check(head);
      startBody(BodyFraming.ofRequest(head), BodyFraming.persistent(version, headers));
      return head;
    }
    ResponseHead head = new ResponseHead(version, status, reason, headers);
    if (status < 200 && status != 101) {
      // RFC 9110, Section 15.2: interim responses precede the final one; report and go on.
      if (++interimResponses > limits.maxInformationalResponses()) {
        throw new HttpCodecException(400, "more than " + limits.maxInformationalResponses()
            + " interim responses");
      }
      resetHead();
      state = State.START_LINE;
      return head;
    }
    String sentMethod =
        expectedMethods == null || expectedMethods.isEmpty() ? "GET" : expectedMethods.removeFirst();
    startBody(BodyFraming.ofResponse(sentMethod, head), BodyFraming.persistent(version, headers));
    return head;
  }

  private void startBody(BodyFraming bodyFraming, boolean persistent) {
    framing = bodyFraming;
    bodyBytes = 0;
    tunnel = false;
    keepAlive = persistent;
    sectionBytes = 0;
    fieldCount = 0;
    switch (bodyFraming.kind()) {
      case NONE -> state = State.END;
      case FIXED -> {
        remaining = bodyFraming.length();
        if (remaining > limits.maxBodySize()) throw bodyTooLarge(remaining);
        state = remaining == 0 ? State.END : State.BODY_FIXED;
      }
      case CHUNKED -> state = State.CHUNK_SIZE;
      case UNTIL_CLOSE -> {
        keepAlive = false; // RFC 9112, Section 9.3: the close is the end of the body
        state = State.BODY_UNTIL_CLOSE;
      }
      case TUNNEL -> {
        keepAlive = false;
        tunnel = true;
        state = State.END;
      }
    }
  }

  private void resetHead() {
    method = null;
    target = null;
    reason = null;
    version = null;
    fieldCount = 0;
    sectionBytes = 0;
    emptyLines = 0;
    pendingName = null;
    pendingValue = null;
  }

  // ---- body data ---------------------------------------------------------------------------

  /**
   * In a body's data: how many buffered bytes, at most {@code max}, are body bytes now; 0 when
   * more input is needed; -1 when a body delimited by the close has ended (the state is then END).
   */
  private int bufferedBody(int max) {
    int available = end - pos;
    if (state == State.BODY_UNTIL_CLOSE) {
      if (available == 0) {
        if (!endOfInput) return 0;
        state = State.END;
        return -1;
      }
      if (available > limits.maxBodySize() - bodyBytes) throw bodyTooLarge(bodyBytes + available);
      return Math.min(available, max);
    }
    if (available == 0) {
      if (endOfInput) throw truncated();
      return 0;
    }
    return (int) Math.min(Math.min(available, remaining), max);
  }

  /** Counts {@code n} body bytes as read, buffered or not, and moves on when the data ends. */
  private void countBody(int n) {
    if (state == State.BODY_UNTIL_CLOSE) {
      bodyBytes += n;
      return;
    }
    remaining -= n;
    if (remaining == 0) state = state == State.BODY_FIXED ? State.END : State.CHUNK_CRLF;
  }

  // ---- chunked -----------------------------------------------------------------------------

  /** Reads a chunk size line if it is all buffered; false when more input is needed. */
  private boolean chunkSize() {
    int lineEnd = findLineEnd();
    if (lineEnd < 0) {
      checkPartialChunkLine();
      if (endOfInput) throw truncated();
      return false;
    }
    chunkSizeLine(lineEnd);
    return true;
  }

  /** Reads the CRLF after a chunk's data if it is buffered; false when more input is needed. */
  private boolean chunkEnd() {
    if (end - pos < 2) {
      if (end - pos == 1 && buf[pos] != '\r') throw badChunkEnd();
      if (endOfInput) throw truncated();
      return false;
    }
    // RFC 9112, Section 7.1: chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF.
    if (buf[pos] != '\r' || buf[pos + 1] != '\n') throw badChunkEnd();
    pos += 2;
    scan = pos;
    state = State.CHUNK_SIZE;
    return true;
  }


  /** chunk-size [ chunk-ext ] CRLF, with chunk-size = 1*HEXDIG (RFC 9112, Section 7.1). */
  private void chunkSizeLine(int lineEnd) {
    byte[] b = buf;
    int i = pos;
    long size = 0;
    while (i < lineEnd && Syntax.HEX[b[i] & 0xff] >= 0) {
      if (i - pos == MAX_CHUNK_SIZE_DIGITS) {
        throw new HttpCodecException(400, "chunk size has more than 15 hex digits");
      }
      size = (size << 4) | Syntax.HEX[b[i] & 0xff];
      i++;
    }
    // Limits first, then syntax: the same error however the bytes were split.
    if (lineEnd - i > limits.maxChunkExtensionLength() + 1) throw extensionTooLong();
    int contentEnd = contentEnd(lineEnd);
    if (contentEnd - i > limits.maxChunkExtensionLength()) throw extensionTooLong();
    if (i == pos) throw unexpected(b, i, contentEnd, "where a chunk size was expected");
    chunkExtensions(i, contentEnd);
    pos = lineEnd + 1;
    if (size == 0) {
      state = State.TRAILERS;
      sectionBytes = 0;
      fieldCount = 0;
      return;
    }
    // bodyBytes never exceeds maxBodySize, so the sum cannot overflow.
    if (size > limits.maxBodySize() - bodyBytes) throw bodyTooLarge(bodyBytes + size);
    bodyBytes += size;
    remaining = size;
    state = State.CHUNK_DATA;
  }

  /**
   * chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] ), names tokens and
   * values tokens or quoted strings (RFC 9112, Section 7.1.1). Checked, then ignored.
   */
  private void chunkExtensions(int i, int stop) {
    byte[] b = buf;
    while (true) {
      while (i < stop && FieldSyntax.isWhitespace(b[i])) i++;
      if (i == stop) {
        if (i > 0 && FieldSyntax.isWhitespace(b[i - 1])) {
          throw new HttpCodecException(400, "whitespace after the chunk size without extension");
        }
        return;
      }
      if (b[i] != ';') throw unexpected(b[i], "in a chunk extension");
      i++;
      while (i < stop && FieldSyntax.isWhitespace(b[i])) i++;
      int nameStart = i;
      while (i < stop && FieldSyntax.isTokenChar(b[i] & 0xff)) i++;
      if (i == nameStart) {
        throw unexpected(b, i, stop, "where a chunk extension name was expected");
      }
      int afterName = i;
      while (i < stop && FieldSyntax.isWhitespace(b[i])) i++;
      if (i == stop || b[i] != '=') {
        i = afterName;
        continue;
      }
      i++;
      while (i < stop && FieldSyntax.isWhitespace(b[i])) i++;
      if (i < stop && b[i] == '"') {
        i = quotedString(i + 1, stop);
      } else {
        int valueStart = i;
        while (i < stop && FieldSyntax.isTokenChar(b[i] & 0xff)) i++;
        if (i == valueStart) {
          throw unexpected(b, i, stop, "where a chunk extension value was expected");
        }
      }
    }
  }

  /** quoted-string after the opening DQUOTE (RFC 9110, Section 5.6.4); returns the index after. */
  private int quotedString(int i, int stop) {
    byte[] b = buf;
    while (i < stop) {
      int c = b[i] & 0xff;
      if (c == '"') return i + 1;
      if (c == '\\') {
        if (i + 1 == stop || !FieldSyntax.isFieldValueChar(b[i + 1] & 0xff)) {
          throw new HttpCodecException(400, "bad quoted-pair in a chunk extension");
        }
        i += 2;
        continue;
      }
      if (!FieldSyntax.isFieldValueChar(c)) throw unexpected(b[i], "in a quoted chunk extension value");
      i++;
    }
    throw new HttpCodecException(400, "unterminated quoted string in a chunk extension");
  }

  private void checkPartialChunkLine() {
    byte[] b = buf;
    int digits = 0;
    while (pos + digits < end && Syntax.HEX[b[pos + digits] & 0xff] >= 0) digits++;
    if (digits > MAX_CHUNK_SIZE_DIGITS) {
      throw new HttpCodecException(400, "chunk size has more than 15 hex digits");
    }
    // Only limits are checked before the line is complete, so that the error is the same
    // however the bytes were split.
    if (end - pos - digits > limits.maxChunkExtensionLength() + 1) throw extensionTooLong();
  }

  // ---- errors ------------------------------------------------------------------------------

  /** An error for byte {@code b} (as stored: signed) found {@code where}. */
  private static HttpCodecException unexpected(byte b, String where) {
    return new HttpCodecException(400, "unexpected byte " + FieldSyntax.describe(b & 0xff) + " " + where);
  }

  /** An error for byte {@code b[i]}, or for the end of the line when {@code i == stop}. */
  private static HttpCodecException unexpected(byte[] b, int i, int stop, String where) {
    return i == stop
        ? new HttpCodecException(400, "unexpected end of line " + where)
        : unexpected(b[i], where);
  }

  private HttpCodecException startLineTooLong() {
    String what = requests ? "request line" : "status line";
    return HttpCodecException.tooLong(requests ? 414 : 400, what + " longer than "
        + limits.maxStartLineLength() + " bytes", what, limits.maxStartLineLength());
  }

  private HttpCodecException headerTooLarge() {
    return HttpCodecException.tooLong(431, "header section larger than "
        + limits.maxHeaderSectionSize() + " bytes", "header section", limits.maxHeaderSectionSize());
  }

  private HttpCodecException trailersTooLarge() {
    return HttpCodecException.tooLong(431, "trailer section larger than "
        + limits.maxTrailerSectionSize() + " bytes", "trailer section", limits.maxTrailerSectionSize());
  }

  private HttpCodecException extensionTooLong() {
    return HttpCodecException.tooLong(400, "chunk extension longer than "
        + limits.maxChunkExtensionLength() + " bytes", "chunk extension", limits.maxChunkExtensionLength());
  }

  private HttpCodecException bodyTooLarge(long size) {
    return new HttpCodecException(413, "body of " + (size < 0 ? "more than 2^63" : size)
        + " bytes is larger than " + limits.maxBodySize() + " bytes");
  }

  private static HttpCodecException badChunkEnd() {
    return new HttpCodecException(400, "chunk data not followed by CRLF (RFC 9112 section 7.1)");
  }

  /**
   * Borrows this parser's buffer from {@code lender} from now on, and gives it back there in
   * {@link #releaseBuffer()}: for a server with many connections waiting between requests.
   */
  public void borrowBuffersFrom(ArrayLender lender) {
    this.lender = Objects.requireNonNull(lender, "lender");
  }

  /**
   * Gives the buffer back to the lender (see {@link #borrowBuffersFrom}) when the parser holds no
   * byte it was fed, as between messages; the next {@link #feed} borrows another. Without a
   * lender, or with bytes buffered, the parser keeps its buffer.
   */
  public void releaseBuffer() {
    if (lender == null || pos != end || buf == NO_BUFFER) return;
    byte[] released = buf;
    buf = NO_BUFFER;
    pos = 0;
    end = 0;
    scan = 0;
    lender.giveBack(released);
  }

  /** Whether the parser holds a buffer now: a released one holds none until fed again. */
  public boolean holdsBuffer() {
    return buf != NO_BUFFER;
  }

  private HttpCodecException truncated() {
    return new HttpCodecException(400, "connection closed before the end of the body"
        + (state == State.BODY_FIXED ? " (" + remaining + " bytes missing)" : ""));
  }

  // ---- buffer ------------------------------------------------------------------------------

  private void makeRoom(int length) {
    if (pos == end) {
      pos = 0;
      end = 0;
      scan = 0;
    }
    if (end + length <= buf.length) return;
    int used = end - pos;
    if (used + length <= buf.length && pos > 0) {
      System.arraycopy(buf, pos, buf, 0, used);
    } else {
      buf = ArrayLender.grow(lender, buf, pos, used, Math.max(BUFFER_SIZE, used + length));
    }
    scan -= pos;
    pos = 0;
    end = used;
  }

  private static String[][] commonNames() {
    String[] names = {
      "Host", "User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Connection",
      "Content-Length", "Content-Type", "Cookie", "Referer", "Origin", "Cache-Control",
      "Upgrade-Insecure-Requests", "Sec-Fetch-Site", "Sec-Fetch-Mode", "Sec-Fetch-Dest",
      "Sec-Fetch-User", "Sec-Ch-Ua", "Sec-Ch-Ua-Mobile", "Sec-Ch-Ua-Platform", "Pragma",
      "Authorization", "If-None-Match", "If-Modified-Since", "Transfer-Encoding", "Date",
      "Server", "ETag", "Last-Modified", "Expires", "Vary", "Set-Cookie", "Location",
      "Content-Encoding", "Keep-Alive", "Expect", "Range", "X-Forwarded-For", "Strict-Transport-Security",
      "Access-Control-Allow-Origin", "X-Content-Type-Options", "X-Request-Id", "Age",
      "content-length", "content-type", "host", "user-agent", "accept", "accept-encoding",
      "connection", "date", "server", "cache-control", "set-cookie", "vary", "etag"
    };
    String[][] byLength = new String[40][];
    for (String name : names) {
      String[] old = byLength[name.length()];
      String[] grown = old == null ? new String[1] : Arrays.copyOf(old, old.length + 1);
      grown[grown.length - 1] = name;
      byLength[name.length()] = grown;
    }
    return byLength;
  }
}

package dev.courier.client;

import dev.courier.error.ConnectionException;
import dev.courier.error.IncompleteReadException;
import dev.courier.http.FieldSyntax;
import dev.courier.http.Headers;
import dev.courier.http.wire.BodyChunk;
import dev.courier.http.wire.BodyFraming;
import dev.courier.http.wire.EndOfMessage;
import dev.courier.http.wire.HttpEvent;
import dev.courier.http.wire.HttpVersion;
import dev.courier.http.wire.ResponseHead;
import dev.courier.http.wire.Trailers;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A response read from an {@link HttpConnection}: the head at once, the body as it is read. Like
 * Python's {@code HTTPResponse}, the body is read with {@link #read()} (all of it), {@link
 * #read(int)} or {@link #readInto(byte[])}, or as a stream with {@link #body()}.
 *
 * <pre>{@code
 * HttpResponse r = connection.getResponse();
 * if (r.statusCode() == 200) {
 *   byte[] page = r.read();
 * } else {
 *   r.close();   // drains a little so the connection can be reused, else closes it
 * }
 * }</pre>
 *
 * <p>A body shorter than its framing promised raises {@link IncompleteReadException}; nothing
 * past the end of the message is ever read, so the connection stays in step for the next request.
 * Read failures are the unchecked exceptions of {@link dev.courier.error} ({@link
 * dev.courier.error.ReadTimeoutException}, {@link dev.courier.error.ConnectionResetException},
 * {@link IncompleteReadException}...), from the methods here and from {@link #body()}'s
 * {@code read} alike: one {@code catch (CourierException e)} covers them.
 */
public final class HttpResponse implements Closeable {
  /** The first buffer of {@link #read()} for a body of known length; it grows as bytes arrive. */
  private static final int FIRST_BUFFER = 64 * 1024;
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

  private final Http1Exchange connection;
  private final ResponseHead head;
  private final String requestMethod;
  private final long expectedLength;
  private final boolean chunked;

  private byte[] chunk;
  private int chunkPosition;
  private long received;
  private Headers trailers = Headers.empty();
  private boolean done;
  private boolean complete; // the message ended (not closed before): the trailers, if any, were read
  private boolean detached;
  private InputStream stream;

  HttpResponse(Http1Exchange connection, ResponseHead head, String requestMethod,
      BodyFraming framing) {
    this.connection = connection;
    this.head = head;
    this.requestMethod = requestMethod;
    this.expectedLength = framing.kind() == BodyFraming.Kind.FIXED ? framing.length() : -1;
    this.chunked = framing.kind() == BodyFraming.Kind.CHUNKED;
  }

  // ---- issue 13: chunked() and peek(n) ----

  /** True when the body comes in chunked transfer coding (RFC 9112, Section 7.1), as Python's {@code chunked}. */
  public boolean chunked() {
    return chunked;
  }

  /**
   * Up to {@code n} body bytes without consuming them: the next reads return them again (Python's
   * {@code peek}). Blocks until {@code n} bytes have arrived or the body ended; fewer only at the
   * end, an empty array when nothing is left.
   *
   * <pre>{@code
   * byte[] magic = r.peek(4);               // e.g. %PDF
   * byte[] whole = r.read();                // still starts with those 4 bytes
   * }</pre>
   *
   * @throws IllegalArgumentException for a negative {@code n}
   */
  public byte[] peek(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("negative count: " + n);
    }
    int pending = chunk == null ? 0 : chunk.length - chunkPosition;
    if (pending >= n) {
      return n == 0 ? new byte[0] : Arrays.copyOfRange(chunk, chunkPosition, chunkPosition + n);
    }
    java.io.ByteArrayOutputStream gathered = new java.io.ByteArrayOutputStream(Math.max(n, 16));
    if (pending > 0) {
      gathered.write(chunk, chunkPosition, pending);
    }
    chunk = null;
    while (gathered.size() < n && !done) {
      HttpEvent event = nextEvent();
      if (event instanceof BodyChunk data) {
        received += data.length();
        gathered.write(data.data(), 0, data.length());
      } else {
        consume(event); // trailers or the end: finishes the response, the gathered bytes stay readable
      }
    }
    byte[] all = gathered.toByteArray();
    if (all.length > 0) {
      chunk = all;
      chunkPosition = 0;
    }
    return all.length <= n ? all.clone() : Arrays.copyOf(all, n);
  }

  /** The status code, e.g. 200. */
  public int statusCode() {
    return head.status();
  }

  /** The reason phrase as sent (may be empty; it carries no meaning, RFC 9112 Section 4). */
  public String reason() {
    return head.reason();
  }

  /** The protocol version of the response. */
  public HttpVersion version() {
    return head.version();
  }

  /** All header fields, in order. */
  public Headers headers() {
    return head.headers();
  }

  /** The head as the codec parsed it. */
  public ResponseHead head() {
    return head;
  }

  /** The method of the request this answers. */
  public String requestMethod() {
    return requestMethod;
  }

  /**
   * The value of a header; several fields of that name are joined with {@code ", "} as Python's
   * {@code getheader} does (RFC 9110 Section 5.3).
   */
  public Optional<String> header(String name) {
    List<String> values = head.headers().allValues(name);
    if (values.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(values.size() == 1 ? values.get(0) : String.join(", ", values));
  }

  /**
   * The Content-Length: the length the body is framed by, or for a response without a body
   * (HEAD, 304) the size the header announces. Empty for chunked and close-delimited bodies.
   */
  public OptionalLong contentLength() {
    if (expectedLength >= 0) {
      return OptionalLong.of(expectedLength);
    }
    List<String> values = head.headers().allValues("Content-Length");
    if (values.size() != 1 || head.headers().contains("Transfer-Encoding")) {
      return OptionalLong.empty();
    }
    String value = values.get(0);
    long length = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9' || i >= 18) {
        return OptionalLong.empty(); // ASCII digits only, no sign, no overflow
      }
      length = length * 10 + (c - '0');
    }
    return value.isEmpty() ? OptionalLong.empty() : OptionalLong.of(length);
  }

  /**
   * The trailer fields of a chunked body; empty until the body has been read to the end. Fields
   * that may not be trailers (RFC 9110 section 6.5.1: Content-Length, Host, Content-Type...) are
   * dropped.
   */
  public Headers trailers() {
    return trailers;
  }

  /** Whether the body has been read to the end or the response was closed. */
  public boolean isClosed() {
    return done;
  }

  /**
   * Reads the rest of the body.
   *
   * @throws IncompleteReadException when the body ends early
   */
  public byte[] read() {
    if (done && chunk == null) {
      return new byte[0];
    }
    if (chunk == null && expectedLength >= 0 && received == 0) {
      // Content-Length body: usually one event holds all of it; hand its array over uncopied
      HttpEvent event = nextEvent();
      if (event instanceof BodyChunk first && first.length() == expectedLength) {
        received = first.length();
        consume(nextEvent());
        return first.data();
      }
      consume(event);
    }
    // bytes already received but not yet handed out (a peek) are still to be returned
    long pending = chunk == null ? 0 : chunk.length - chunkPosition;
    long left = expectedLength >= 0 ? expectedLength - received + pending : -1;
    if (left > MAX_ARRAY) {
      throw new IllegalStateException("body too large for one array: " + left + " bytes");
    }
    // Grown as bytes arrive, up to what Content-Length announced: the server chose that number,
    // and announcing 2 GiB must not make us allocate it before a byte came.
    int expected = (int) left; // -1: unknown
    byte[] all = new byte[expected >= 0 ? Math.min(expected, FIRST_BUFFER) : 8192];
    int size = 0;
    while (true) {
      if (size == all.length) {
        if (size == expected && endsNow()) {
          return all; // every announced byte came: the array is exactly full
        }
        if (all.length >= MAX_ARRAY) {
          throw new IllegalStateException("body too large for one array: more than " + MAX_ARRAY + " bytes");
        }
        long grown = 2L * Math.max(all.length, 8192);
        all = Arrays.copyOf(all, (int) Math.min(MAX_ARRAY, size < expected ? Math.min(grown, expected) : grown));
      }
      int n = readInto(all, size, all.length - size);
      if (n < 0) {
        return size == all.length ? all : Arrays.copyOf(all, size);
      }
      size += n;
    }
  }

  /** Reads on until the next body bytes or the end; true at the end (nothing more to read). */
  private boolean endsNow() {
    while (chunk == null && !done) {
      consume(nextEvent());
    }
    return chunk == null;
  }

  /**
   * Reads up to {@code n} bytes: exactly {@code n} unless the body ends first; an empty array at
   * the end.
   */
  public byte[] read(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("negative count: " + n);
    }
    byte[] bytes = new byte[n];
    int size = 0;
    while (size < n) {
      int got = readInto(bytes, size, n - size);
      if (got < 0) {
        break;
      }
      size += got;
    }
    return size == n ? bytes : Arrays.copyOf(bytes, size);
  }

  /** Reads body bytes into the buffer; see {@link #readInto(byte[], int, int)}. */
  public int readInto(byte[] buffer) {
    return readInto(buffer, 0, buffer.length);
  }

  /**
   * Reads at least one and at most {@code length} body bytes (blocking until some arrive), or
   * returns -1 at the end of the body.
   */
  public int readInto(byte[] buffer, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    if (length == 0) {
      return 0;
    }
    if (chunk != null) { // bytes already taken from the codec (a peek, or an event read whole)
      int n = Math.min(length, chunk.length - chunkPosition);
      System.arraycopy(chunk, chunkPosition, buffer, offset, n);
      chunkPosition += n;
      if (chunkPosition == chunk.length) {
        chunk = null;
      }
      return n;
    }
    while (!done) {
      int n = readBody(buffer, offset, length);
      if (n > 0) {
        received += n;
        return n;
      }
      consume(nextEvent()); // trailers or the end of the message
    }
    return -1;
  }

  /**
   * The body as a stream over the same state; closing it closes the response. Its {@code read}
   * methods throw the unchecked {@link dev.courier.error.CourierException}s of this class, never a
   * checked {@code IOException}.
   */
  public InputStream body() {
    if (stream == null) {
      stream = new BodyStream();
    }
    return stream;
  }

  /**
   * Ends the response. When the body was not read to the end, up to 64 KiB / 1 s of it are read
   * and dropped so the connection can be reused; otherwise the connection is closed.
   */
  @Override
  public void close() {
    if (!done) {
      done = true;
      chunk = null;
      if (!detached) {
        connection.responseAbandoned(this);
      }
    }
  }

  @Override
  public String toString() {
    return "HttpResponse[" + head.version().text() + " " + head.status() + " " + head.reason()
        + (done ? ", closed" : "") + "]";
  }

  // ------------------------------------------------------------------------------ internals

  private HttpEvent nextEvent() {
    requireAttached();
    return connection.nextEvent();
  }

  /** Body bytes straight into {@code into}; -1 when the next event is not body bytes. */
  private int readBody(byte[] into, int offset, int length) {
    requireAttached();
    return connection.readBody(into, offset, length);
  }

  private void requireAttached() {
    if (detached) {
      throw new ConnectionException("the connection was closed before the body was read to the end",
          connection.url(), true, null);
    }
  }

  private void consume(HttpEvent event) {
    switch (event) {
      case BodyChunk data -> {
        chunk = data.data();
        chunkPosition = 0;
        received += chunk.length;
        if (chunk.length == 0) {
          chunk = null;
        }
      }
      case Trailers t -> trailers = FieldSyntax.allowedTrailers(t.headers());
      case EndOfMessage end -> finish();
      default -> finish(); // Closed: nothing more can come
    }
  }

  private void finish() {
    if (!done) {
      done = true;
      complete = true;
      connection.responseComplete(this);
    }
  }

  void finishWithoutBody(HttpEvent event) {
    consume(event);
    finish();
  }

  /** The connection closed under this response. */
  void detach() {
    detached = true;
  }

  /** Body bytes received so far. */
  long received() {
    return received;
  }

  /** The Content-Length the body is framed by, or -1. */
  long expectedLength() {
    return expectedLength;
  }

  /** Reads and drops the rest of the body within bounds; true when the message ended. */
  boolean drain(long maxBytes, Duration maxTime) {
    var transport = connection.transport();
    if (transport == null) {
      return false;
    }
    if (expectedLength >= 0 && expectedLength - received > maxBytes) {
      return false; // too much left: closing is cheaper than reading
    }
    Duration before = transport.readTimeout();
    long deadline = System.nanoTime() + maxTime.toNanos();
    long dropped = 0;
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || dropped > maxBytes) {
          return false;
        }
        transport.readTimeout(Duration.ofNanos(Math.max(1_000_000, left)));
        HttpEvent event = connection.nextEvent();
        if (event instanceof BodyChunk data) {
          dropped += data.length();
        } else if (event instanceof Trailers) {
          continue;
        } else {
          connection.responseComplete(this);
          return true;
        }
      }
    } catch (IOException | RuntimeException e) {
      return false; // a drain is best effort: closing the connection is the fallback
    } finally {
      if (connection.transport() != null) {
        try {
          connection.transport().readTimeout(before);
        } catch (IOException e) {
          connection.close();
        }
      }
    }
  }

  private final class BodyStream extends InputStream implements TrailerSource {
    @Override
    public Headers trailers() {
      if (!complete) throw TrailerSource.notYet();
      return trailers;
    }

    @Override
    public int read() {
      // The same steps as readInto, without a one-byte array per call: a buffered read ends with
      // read() to see the end of the message.
      while (chunk == null) {
        if (done) {
          return -1;
        }
        consume(nextEvent());
      }
      int b = chunk[chunkPosition++] & 0xff;
      if (chunkPosition == chunk.length) {
        chunk = null;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      return readInto(b, off, len);
    }

    @Override
    public byte[] readNBytes(int len) throws IOException {
      // Asked for at least the whole Content-Length body before any of it was read: read() hands
      // over the array the codec filled when one event holds it all, instead of a copy.
      if (len >= 0 && chunk == null && !done && expectedLength >= 0 && received == 0 && len >= expectedLength) {
        return HttpResponse.this.read();
      }
      return super.readNBytes(len);
    }

    @Override
    public int available() {
      return chunk == null ? 0 : chunk.length - chunkPosition;
    }

    @Override
    public void close() {
      HttpResponse.this.close();
    }
  }
}

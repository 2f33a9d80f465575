package dev.courier;

import dev.courier.client.ClientResponse;
import dev.courier.error.BodyTooLargeException;
import dev.courier.error.CourierException;
import dev.courier.http.Headers;
import dev.courier.internal.AnnouncedBody;
import dev.courier.internal.LargeTransfer;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The body of one response: a raw stream from the connection, decoded lazily, read either whole
 * (capped, then buffered for {@code text()}/{@code json()}) or once as a stream. Closing it closes
 * the raw stream, which hands the connection back to the pool when the body was read to its end
 * and discards it otherwise (the transport's rule).
 *
 * <p>Failures arrive translated from the client (timeouts, resets, truncated bodies) or come from
 * here (a corrupt compressed body, a body past its cap); the streams handed out throw them
 * unchecked from {@code read}.
 */
final class ResponseBody {
  /** A body up to this size is asked for in one {@link InputStream#readNBytes(int)} call. */
  private static final int WHOLE_AT_ONCE = 8192;
  /** The largest array the JVM reliably allocates. */
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
  private static final String BUFFERED = "buffered response body";

  private final InputStream raw;
  private final List<String> codings; // empty: hand out raw bytes
  private final long maxDecoded;
  private final long maxBuffered;
  private final String url;
  private long lengthHint = -1; // Content-Length of the raw body, when known
  private ClientResponse trailerSource; // null: none (a body not from the client)
  private final ReentrantLock lock = new ReentrantLock();
  private byte[] buffered;
  private boolean streamTaken;
  private boolean closed;

  ResponseBody(InputStream raw, List<String> codings, long maxDecoded, long maxBuffered, String url) {
    this.raw = raw;
    this.codings = codings;
    this.maxDecoded = maxDecoded;
    this.maxBuffered = maxBuffered;
    this.url = url;
  }

  static ResponseBody of(byte[] bytes) {
    ResponseBody b = new ResponseBody(InputStream.nullInputStream(), List.of(), Long.MAX_VALUE, Long.MAX_VALUE, "");
    b.buffered = bytes;
    b.closed = true;
    return b;
  }

  /** Tells the body its raw length (from Content-Length): buffering grows to it, never past it. */
  ResponseBody lengthHint(long length) {
    this.lengthHint = length;
    return this;
  }

  /** Tells the body where its trailer fields come from: the client's response it was read from. */
  ResponseBody trailersFrom(ClientResponse source) {
    this.trailerSource = source;
    return this;
  }

  /**
   * The trailer fields that followed the raw body; none for a body not from the client.
   *
   * @throws IllegalStateException when the body has not been read to its end
   */
  Headers trailers() {
    if (trailerSource == null) return Headers.empty();
    lock.lock(); // after bytes() on another thread: what its read saw is seen here
    try {
      return trailerSource.trailers();
    } finally {
      lock.unlock();
    }
  }

  /**
   * This body under other caps (an adapter's response taking its session's limits); a body held
   * whole in memory, or already read, stays as it is.
   */
  ResponseBody withLimits(long newMaxDecoded, long newMaxBuffered) {
    lock.lock();
    try {
      if (buffered != null || streamTaken || closed) return this;
    } finally {
      lock.unlock();
    }
    return new ResponseBody(raw, codings, newMaxDecoded, newMaxBuffered, url).lengthHint(lengthHint).trailersFrom(trailerSource);
  }

  /** Content-Length as a number (ASCII digits only), or -1. */
  static long contentLength(Headers headers) {
    String v = null;
    for (int i = 0; i < headers.size(); i++) { // not firstValue: no Optional for each response
      if (headers.name(i).equalsIgnoreCase("Content-Length")) {
        v = headers.value(i);
        break;
      }
    }
    if (v == null || v.isEmpty() || v.length() > 18) return -1;
    long n = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') return -1;
      n = n * 10 + (c - '0');
    }
    return n;
  }

  /** A copy of this body that will undo {@code codings} when read (its length hint still the raw body's). */
  ResponseBody decoding(List<String> newCodings) {
    return new ResponseBody(raw, newCodings, maxDecoded, maxBuffered, url).lengthHint(lengthHint)
        .trailersFrom(trailerSource);
  }

  boolean isBuffered() {
    lock.lock();
    try {
      return buffered != null;
    } finally {
      lock.unlock();
    }
  }

  /** The whole decoded body (read now if needed, up to the buffered cap), then the connection is released. */
  byte[] bytes() {
    lock.lock();
    try {
      if (buffered != null) return buffered;
      if (streamTaken) throw new IllegalStateException("the body was already consumed as a stream");
      if (closed) throw new IllegalStateException("the response was closed before its body was read");
      streamTaken = true;
      try {
        buffered = decodesWhole() ? decodeWhole(readRawWhole()) : readDecoded();
      } catch (IOException e) {
        throw readFailed(e);
      } finally {
        closeQuietly();
      }
      return buffered;
    } finally {
      lock.unlock();
    }
  }

  private byte[] readDecoded() throws IOException {
    try (InputStream in = open()) {
      byte[] all = readAll(in);
      finishRaw(in);
      return all;
    }
  }

  /**
   * True when a coded body is to be read whole before it is decoded: its raw length is known and
   * small enough to get its array at once. Decoding from memory lets the decoders' input buffers be
   * exactly as long as the body, and a gzip body's trailer tell the decoded length, so the decoded
   * body goes into one array of its size instead of growing.
   */
  private boolean decodesWhole() {
    return !codings.isEmpty() && lengthHint > 0 && lengthHint <= AnnouncedBody.TRUSTED_LENGTH
        && lengthHint <= maxBuffered;
  }

  /** The raw body whole, read to the end of the message (which releases the connection). */
  private byte[] readRawWhole() throws IOException {
    int announced = (int) lengthHint;
    byte[] whole = AnnouncedBody.read(raw, announced);
    return whole.length < announced ? whole : endOrMore(raw, whole, announced);
  }

  /**
   * {@code coded} decoded, under the same caps and with the same failures as a streamed body. The
   * decoded length the body announces is trusted only as far as deflate can expand (1,032 to 1,
   * RFC 1951's longest match from two bits) and the caps allow.
   */
  private byte[] decodeWhole(byte[] coded) throws IOException {
    if (coded.length == 0) return coded; // no decoder for an empty body (see open())
    InputStream source = new ByteArrayInputStream(coded);
    InputStream decoder = ContentDecoders.decode(source, codings, maxDecoded, url, coded.length).orElse(null);
    if (decoder == null) return coded; // a coding we do not know: the raw body, as open() hands out
    try (InputStream in = decoder) {
      long announced = ContentDecoders.announcedDecodedLength(coded, codings);
      long plausible = Math.min(Math.min(maxBuffered, maxDecoded), Math.min(MAX_ARRAY, coded.length * 1032L + 1024));
      if (announced < 0 || announced > plausible) {
        return new LimitedInputStream(in, maxBuffered, BUFFERED, url).readAllBytes();
      }
      int size = (int) announced;
      byte[] decoded = AnnouncedBody.read(in, size);
      return decoded.length < size ? decoded : endOrMore(in, decoded, size);
    }
  }

  /**
   * Reads to the end. With a known length (no decoding) the body goes into an array of the
   * announced size ({@link AnnouncedBody}: at once up to 1 MiB, past that once a quarter has come),
   * so that a body of the announced size needs no copy at the end; one more read then sees the end
   * of the message, which releases the connection.
   */
  private byte[] readAll(InputStream in) throws IOException {
    if (lengthHint < 0 || lengthHint > maxBuffered || lengthHint > MAX_ARRAY || !codings.isEmpty()) {
      return new LimitedInputStream(in, maxBuffered, BUFFERED, url).readAllBytes();
    }
    // Within the cap up to the announced length (checked above): counted only past it.
    int announced = (int) lengthHint;
    if (announced <= WHOLE_AT_ONCE) {
      // Asked for whole: the client's own stream hands over the array its codec filled (any other
      // stream reads it into one buffer of at most this size, as InputStream.readNBytes does).
      byte[] whole = in.readNBytes(announced);
      return whole.length < announced ? whole : endOrMore(in, whole, announced);
    }
    byte[] buffer = AnnouncedBody.read(in, announced);
    // shorter than announced: only from a stream not our client's, which raises on a cut body first
    return buffer.length < announced ? buffer : endOrMore(in, buffer, announced);
  }

  /** {@code buffer} holds the {@code n} announced bytes: the body, unless the stream goes on. */
  private byte[] endOrMore(InputStream in, byte[] buffer, int n) throws IOException {
    int next = in.read();
    if (next < 0) return buffer;
    // longer than announced (not from our client, whose codec frames by Content-Length): keep reading
    if (n + 1L > maxBuffered) throw new BodyTooLargeException(BUFFERED, maxBuffered, url);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(Math.max(32, n * 2));
    out.write(buffer, 0, n);
    out.write(next);
    new LimitedInputStream(in, maxBuffered, BUFFERED, url, n + 1L).transferTo(out);
    return out.toByteArray();
  }

  /** The body as a stream, once; a buffered body can be streamed any number of times. */
  InputStream stream() {
    lock.lock();
    try {
      if (buffered != null) return new ByteArrayInputStream(buffered);
      if (streamTaken) throw new IllegalStateException("the body stream was already taken");
      streamTaken = true;
      try {
        return new Guarded(open());
      } catch (IOException | CourierException e) {
        closeQuietly();
        throw e instanceof IOException io ? readFailed(io) : (CourierException) e;
      }
    } finally {
      lock.unlock();
    }
  }

  void close() {
    lock.lock();
    try {
      closeQuietly();
    } finally {
      lock.unlock();
    }
  }

  private void closeQuietly() {
    if (closed) return;
    closed = true;
    try {
      raw.close();
    } catch (IOException | RuntimeException ignored) {
      // the transport discards a connection it could not close cleanly
    }
  }

  /**
   * The decoded stream. An empty body is never handed to a decoder (a gzip header cannot be read
   * from nothing: responses to HEAD, 204 and 304 carry no body whatever they say).
   */
  private InputStream open() throws IOException {
    if (codings.isEmpty()) return raw;
    PushbackInputStream peek = new PushbackInputStream(raw, 1);
    int first = peek.read();
    if (first < 0) return InputStream.nullInputStream();
    peek.unread(first);
    return ContentDecoders.decode(peek, codings, maxDecoded, url, lengthHint).orElse(peek);
  }

  /**
   * After the decoded body's end, reads what is left of the raw one (nothing, or bytes past the
   * end of a coding's data), up to 64 KiB: a decoder stops at the end of its own format, but the
   * message's end, and the trailer fields with it, come after. A failure here loses only the
   * trailers: the decoded body is whole.
   */
  private void finishRaw(InputStream decoded) {
    if (decoded == raw) return;
    byte[] scratch = new byte[512];
    long left = 64 * 1024;
    try {
      int n;
      while (left > 0 && (n = raw.read(scratch, 0, scratch.length)) >= 0) left -= n;
    } catch (IOException | CourierException e) {
      // the trailers then stay unknown (trailers() says so)
    }
  }

  /**
   * A failure of a raw stream that did not come from our client (one an interceptor supplied):
   * the client's own streams throw {@link CourierException}s, already translated.
   */
  private CourierException readFailed(IOException e) {
    return new CourierException("reading the response body failed", url, true, e);
  }

  /** Releases the connection when a read fails or the caller closes the stream. */
  private final class Guarded extends FilterInputStream {
    Guarded(InputStream in) {
      super(in);
    }

    @Override
    public int read() {
      try {
        int b = in.read();
        if (b < 0) finishRaw(in);
        return b;
      } catch (IOException e) {
        close();
        throw readFailed(e);
      } catch (CourierException e) {
        close();
        throw e;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) {
      try {
        int n = in.read(b, off, len);
        if (n < 0) finishRaw(in);
        return n;
      } catch (IOException e) {
        close();
        throw readFailed(e);
      } catch (CourierException e) {
        close();
        throw e;
      }
    }

    /** Writes the rest to {@code out} in reads of up to 64 KiB ({@link LargeTransfer}). */
    @Override
    public long transferTo(OutputStream out) throws IOException {
      return LargeTransfer.copy(this, out, codings.isEmpty() ? lengthHint : -1);
    }

    @Override
    public void close() {
      try {
        if (in != raw) in.close(); // ends the decoder (Inflater) if any
      } catch (IOException ignored) {
        // the raw stream is closed below either way
      }
      ResponseBody.this.close();
    }
  }
}

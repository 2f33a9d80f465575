package dev.courier.server;

import dev.courier.http.FieldSyntax;
import dev.courier.http.Headers;
import dev.courier.http.wire.BodyChunk;
import dev.courier.http.wire.BodyFraming;
import dev.courier.http.wire.EndOfMessage;
import dev.courier.http.wire.Http1Parser;
import dev.courier.http.wire.Http1Writer;
import dev.courier.http.wire.HttpCodecException;
import dev.courier.http.wire.HttpEvent;
import dev.courier.http.wire.NeedMoreData;
import dev.courier.http.wire.ResponseHead;
import dev.courier.http.wire.Trailers;
import dev.courier.internal.LargeTransfer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;

/**
 * The request body of an HTTP/1.1 exchange as the handler reads it: events pulled from the
 * connection's parser, socket reads with the body timeout, {@code 100 Continue} sent before the
 * first read when the client waits for it. Used only by the thread running the exchange.
 *
 * <p>Each read waits at most the body timeout (a pause), and all reads together are bounded
 * from the first one: by the body deadline, by the minimum rate (after the first body timeout,
 * each byte received buys {@code 1 / minBodyRate} seconds more), and while draining by the
 * drain timeout. A client trickling a byte every few seconds never pauses long enough for the
 * first bound, and is cut by the others.
 */
final class RequestBody extends InputStream {
  /**
   * A read with room for this many bytes or more takes body bytes from the socket straight into
   * the handler's array; a smaller one goes through the connection's buffer and the parser.
   */
  private static final int DIRECT_READ_MIN = 8 * 1024;

  /** The interim answer to {@code Expect: 100-continue}, written by the codec's writer. */
  private static final byte[] CONTINUE = interim(100, "Continue");

  private final ServerConnection connection;
  private final Http1Parser parser;
  private final SocketOutput out;
  private final ServerConfig config;
  private boolean expectContinue;
  private byte[] one; // read()'s array, made on first use
  private boolean done;
  private boolean failed; // the socket failed while the handler read: the client is gone
  private boolean started;
  private long startedAt; // System.nanoTime() of the first socket read
  private long received; // bytes read from the socket since
  private boolean draining;
  private long drainUntil; // System.nanoTime() deadline while draining
  /** The chunked body's trailer section once read, else null; volatile: a handler may read the body on another thread. */
  private volatile Headers trailers;

  RequestBody(ServerConnection connection, Http1Parser parser, SocketOutput out, ServerConfig config,
      boolean expectContinue) {
    this.connection = connection;
    this.parser = parser;
    this.out = out;
    this.config = config;
    this.expectContinue = expectContinue;
  }

  private static byte[] interim(int status, String reason) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      Http1Writer.forResponses().writeHead(ResponseHead.of(status, reason, Headers.empty()), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array stream does not fail
    }
    return bytes.toByteArray();
  }

  /**
   * The trailer fields of a chunked body (RFC 9112 section 7.1.2), once the body has been read to
   * its end; null before, and when none came. Kept apart from the head (RFC 9110 section 6.5.1).
   */
  Headers trailers() {
    return trailers;
  }

  /** Whether the socket failed while the handler read: the client is gone, nothing to answer. */
  boolean failed() {
    return failed;
  }

  @Override
  public int read() throws IOException {
    if (one == null) one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) return 0;
    while (true) {
      if (done) return -1;
      // Straight from the parser into the handler's array: no array per read.
      int n = parser.readBody(b, off, len);
      if (n > 0) return n;
      if (n < 0) {
        if (!onEvent(parser.next())) return -1;
      } else if (len >= DIRECT_READ_MIN && parser.directBodyWindow() > 0) {
        n = readDirect(b, off, (int) Math.min(len, parser.directBodyWindow()));
        if (n > 0) return n;
      } else {
        readMore();
      }
    }
  }

  /**
   * Writes the rest of the body to {@code out} in reads of up to 64 KiB ({@link LargeTransfer}):
   * a 1 MiB upload in 16 system calls instead of the JDK default's 64.
   */
  @Override
  public long transferTo(OutputStream out) throws IOException {
    BodyFraming framing = parser.framing();
    return LargeTransfer.copy(this, out, framing.kind() == BodyFraming.Kind.FIXED ? framing.length() : -1);
  }

  /** Takes one event of the body other than its bytes; false at its end. */
  private boolean onEvent(HttpEvent event) throws IOException {
    switch (event) {
      case EndOfMessage end -> {
        done = true;
        return false;
      }
      case NeedMoreData more -> {
        readMore();
        return true;
      }
      case Trailers t -> {
        trailers = FieldSyntax.allowedTrailers(t.headers()); // never merged into the head (RFC 9110 section 6.5.1)
        return true;
      }
      default -> {
        return true;
      }
    }
  }

  /** One socket read into the parser, within the body's timeouts. */
  private void readMore() throws IOException {
    int wait = beforeRead();
    int n;
    try {
      n = connection.readIntoParser(wait);
    } catch (IOException e) {
      failed = true;
      throw e;
    }
    if (n > 0) received += n;
  }

  /**
   * One socket read straight into the handler's array, within the body's timeouts: bytes the
   * parser said can only be body, so they skip its buffer (two copies fewer per byte). The parser
   * counts them; at the end of input it is told, and says whether the body was cut short.
   */
  private int readDirect(byte[] b, int off, int len) throws IOException {
    int wait = beforeRead();
    int n;
    try {
      n = connection.readDirect(b, off, len, wait);
    } catch (IOException e) {
      failed = true;
      throw e;
    }
    if (n > 0) {
      received += n;
      parser.bodyReadDirectly(n);
    } else if (n < 0) {
      parser.endOfInput();
    }
    return n;
  }

  /** Sends 100 Continue if the client waits for it; the next read's wait, or a timeout when none is left. */
  private int beforeRead() throws IOException {
    sendContinueIfAwaited();
    long wait = waitMillis();
    if (wait <= 0) {
      failed = true;
      throw new SocketTimeoutException("the request body is too slow");
    }
    return (int) Math.min(Integer.MAX_VALUE, wait);
  }

  /** How long the next read may wait: the body timeout, cut to what the total bounds leave. */
  private long waitMillis() {
    long now = System.nanoTime();
    if (!started) {
      started = true;
      startedAt = now;
    }
    long elapsed = now - startedAt;
    long left = config.bodyDeadlineMillis() * 1_000_000L - elapsed;
    long rate = config.minBodyRate();
    if (rate > 0) {
      long earned = (received / rate) * 1_000_000_000L + (received % rate) * 1_000_000_000L / rate;
      left = Math.min(left, config.bodyTimeoutMillis() * 1_000_000L + earned - elapsed);
    }
    if (draining) left = Math.min(left, drainUntil - now);
    return Math.min(config.bodyTimeoutMillis(), left / 1_000_000L);
  }

  /** RFC 9110 section 10.1.1: a client that sent Expect: 100-continue waits for this before its body. */
  void sendContinueIfAwaited() throws IOException {
    if (expectContinue && !done) {
      expectContinue = false;
      out.write(CONTINUE);
      out.flush();
    }
  }

  /**
   * Ends the body after the handler: true when the connection can carry another request. A body
   * the client has not sent yet (100-continue never answered) or one over {@code maxDrain} is not
   * read: the connection closes instead (RFC 9110 section 10.1.1, RFC 9112 section 9.6).
   */
  boolean finish() {
    if (done) return true;
    if (expectContinue) return false;
    long drained = 0;
    draining = true;
    drainUntil = System.nanoTime() + config.drainTimeoutMillis() * 1_000_000L;
    try {
      while (!done) {
        HttpEvent event = parser.next();
        if (event instanceof BodyChunk c) {
          drained += c.length();
          if (drained > config.maxDrain()) return false;
        } else {
          onEvent(event);
        }
      }
      return true;
    } catch (IOException | HttpCodecException e) {
      return false;
    }
  }
}

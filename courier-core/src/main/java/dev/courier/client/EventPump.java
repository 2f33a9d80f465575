package dev.courier.client;

import dev.courier.client.Failures.Phase;
import dev.courier.error.CourierException;
import dev.courier.http.wire.BodyChunk;
import dev.courier.http.wire.BodyFraming;
import dev.courier.http.wire.Http1Parser;
import dev.courier.http.wire.HttpCodecException;
import dev.courier.http.wire.HttpEvent;
import dev.courier.http.wire.NeedMoreData;
import dev.courier.http.wire.ResponseHead;
import dev.courier.net.Connection;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The driver of the response side, kept thin: feeds socket bytes to the codec's {@link
 * Http1Parser} until it has an event, and turns every failure into the exception a caller sees
 * (through {@link Failures}). It keeps what that translation needs: whether any response byte
 * came, whether the final head was seen, and how much body followed.
 */
final class EventPump {
  /** Responses of this JVM whose first bytes are being waited for, on any connection. */
  private static final AtomicInteger AWAITED = new AtomicInteger();
  /**
   * A body read with room for this many bytes or more goes from the socket straight into the
   * reader's array; a smaller one is read into the pump's buffer first, so that a reader asking
   * for a few bytes at a time still reads the socket in large pieces.
   */
  private static final int DIRECT_READ_MIN = 8 * 1024;
  /**
   * The buffer a new connection starts with: a response head and a small body fit, and a
   * connection used once (the server closes it, or a new client per call) makes 12 KiB less. The
   * first read that fills it grows it to the full size for good.
   */
  static final int FIRST_BUFFER_SIZE = 4 * 1024;
  private final Connection connection;
  private final Http1Parser parser;
  /** Where socket reads land; {@link #FIRST_BUFFER_SIZE} at first, up to {@link #fullSize}. */
  private byte[] buffer;
  private final int fullSize;
  private final StatusLineSniffer sniffer = new StatusLineSniffer();
  private boolean endOfInput;
  private boolean responseStarted;
  private boolean headSeen;
  private long received;
  private long expected = -1;

  EventPump(Connection connection, Http1Parser parser, int bufferSize) {
    this.connection = connection;
    this.parser = parser;
    this.fullSize = bufferSize;
    this.buffer = new byte[Math.min(bufferSize, FIRST_BUFFER_SIZE)];
  }

  /** Starts reading the response to a request with {@code method} (HEAD has no body). */
  void expectResponseTo(String method) {
    parser.expectResponseTo(method);
    responseStarted = false;
    headSeen = false;
    received = 0;
    expected = -1;
    sniffer.reset();
  }

  /** The next event, reading as needed; {@code url} names the request in a failure (made only then). */
  HttpEvent next(Phase phase, Supplier<String> url) {
    try {
      return advance(phase, url, null);
    } catch (IOException e) {
      throw Failures.translate(e, phase, url.get(), connection.readTimeout());
    }
  }

  /**
   * Body bytes of the current response into {@code into}, at least one: those the codec holds,
   * else read from the connection, straight into {@code into} when it has room for {@link
   * #DIRECT_READ_MIN} bytes or more (no copy through the codec, no array per read), else through
   * this pump's buffer. Returns -1 when the next event is not body bytes (trailers, the end of
   * the message): take it with {@link #next}.
   */
  int readBody(byte[] into, int offset, int length, Phase phase, Supplier<String> url) {
    try {
      while (true) {
        int n;
        try {
          n = parser.readBody(into, offset, length);
        } catch (HttpCodecException e) {
          throw codecFailure(e, phase, url);
        }
        if (n != 0) {
          if (n > 0) received += n;
          return n;
        }
        long window = parser.directBodyWindow();
        if (window > 0 && length >= DIRECT_READ_MIN) {
          int read = connection.input().read(into, offset, (int) Math.min(length, window));
          if (read > 0) {
            parser.bodyReadDirectly(read);
            received += read;
            return read;
          }
          if (read < 0) fed(-1);
          continue;
        }
        fed(connection.input().read(buffer));
      }
    } catch (IOException e) {
      throw Failures.translate(e, phase, url.get(), connection.readTimeout());
    }
  }

  /**
   * The next event if one comes within {@code wait} (the 100-continue wait), else empty; the
   * connection stays usable when nothing came ({@link Connection#readWithin}).
   */
  Optional<HttpEvent> poll(Phase phase, Duration wait, Supplier<String> url) {
    try {
      return Optional.of(advance(phase, url, wait));
    } catch (SocketTimeoutException quiet) {
      return Optional.empty();
    } catch (IOException e) {
      throw Failures.translate(e, phase, url.get(), connection.readTimeout());
    }
  }

  /** The next event; {@code gentleWait}, when not null, bounds each read and leaves the connection usable. */
  private HttpEvent advance(Phase phase, Supplier<String> url, Duration gentleWait) throws IOException {
    while (true) {
      HttpEvent event;
      try {
        event = parser.next();
      } catch (HttpCodecException e) {
        throw codecFailure(e, phase, url);
      }
      if (!(event instanceof NeedMoreData)) {
        note(event);
        return event;
      }
      fed(gentleWait != null ? connection.readWithin(buffer, 0, buffer.length, gentleWait)
          : responseStarted ? connection.input().read(buffer) : firstRead());
    }
  }

  /** Gives the codec what one read into the buffer brought: {@code n} bytes, or the end when -1. */
  private void fed(int n) {
    if (n < 0) {
      endOfInput = true;
      parser.endOfInput();
    } else if (n > 0) {
      sniffer.saw(buffer, 0, n);
      if (!responseStarted) {
        CurrentListener.get().responseHeadersStart(); // the first byte: time to first byte ends here
      }
      responseStarted = true;
      parser.feed(buffer, 0, n); // copies what it keeps
      // More was waiting than the buffer held: larger reads from now on (fewer system calls).
      if (n == buffer.length && n < fullSize) buffer = new byte[fullSize];
    }
  }

  /**
   * The first read of a response. On a virtual thread it first lets the other virtual threads run
   * once: the request has just gone out, so a read now would nearly always find nothing, and the
   * JDK would then register the socket with its poller (an epoll_ctl), schedule the read timeout,
   * park, and have the poller wake this thread when the answer comes. After one round of the other
   * callers' work the answer is often there (two reads in three with 64 callers on two cores) and
   * the read takes it without any of that: about a quarter less CPU per request in that run. Only
   * the order of work changes; the read, its timeout and TLS are as before. A caller whose request
   * is the only one in flight does not yield: nothing else would run meanwhile, and handing the
   * thread to another carrier and back costs as much as the park it would save.
   */
  private int firstRead() throws IOException {
    if (!Thread.currentThread().isVirtual()) return connection.input().read(buffer);
    int others = AWAITED.getAndIncrement();
    try {
      if (others > 0) Thread.yield();
      return connection.input().read(buffer);
    } finally {
      AWAITED.decrementAndGet();
    }
  }

  private void note(HttpEvent event) {
    if (event instanceof ResponseHead head && (!head.isInformational() || head.status() == 101)) {
      headSeen = true;
      BodyFraming framing = parser.framing();
      expected = framing.kind() == BodyFraming.Kind.FIXED ? framing.length() : -1;
    } else if (event instanceof BodyChunk chunk) {
      received += chunk.length();
    }
  }

  private CourierException codecFailure(HttpCodecException e, Phase phase, Supplier<String> url) {
    var context = new Failures.CodecContext(phase, headSeen, endOfInput, sniffer.firstLine(),
        sniffer.looksLikeStatusLine(), received, expected);
    return Failures.fromCodec(e, context, url.get());
  }

  /**
   * True when the server sent nothing and did not close: a read with a 1 ms timeout times out.
   * A server that closed an idle connection (or sent something unasked) makes it unusable.
   */
  boolean probeQuiet() {
    try {
      // -1: closed by the server; > 0: unasked bytes
      return connection.readWithin(buffer, 0, buffer.length, Duration.ofMillis(1)) == 0;
    } catch (SocketTimeoutException quiet) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The parser's framing of the current response. */
  BodyFraming framing() {
    return parser.framing();
  }

  Http1Parser parser() {
    return parser;
  }

  /** Whether any byte of the current response arrived. */
  boolean responseStarted() {
    return responseStarted;
  }

  /** Whether the server closed its side. */
  boolean endOfInput() {
    return endOfInput;
  }
}

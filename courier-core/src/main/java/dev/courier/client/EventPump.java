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
import java.util.function.Supplier;

/**
 * The driver of the response side, kept thin: feeds socket bytes to the codec's {@link
 * Http1Parser} until it has an event, and turns every failure into the exception a caller sees
 * (through {@link Failures}). It keeps what that translation needs: whether any response byte
 * came, whether the final head was seen, and how much body followed.
 */
final class EventPump {
  private final Connection connection;
  private final Http1Parser parser;
  private final byte[] buffer;
  private final StatusLineSniffer sniffer = new StatusLineSniffer();
  private boolean endOfInput;
  private boolean responseStarted;
  private boolean headSeen;
  private long received;
  private long expected = -1;

  EventPump(Connection connection, Http1Parser parser, int bufferSize) {
    this.connection = connection;
    this.parser = parser;
    this.buffer = new byte[bufferSize];
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
      // A plain read, also the first of a response on a virtual thread: a Thread.yield() before it
      // (so the answer had time to arrive) saved a park in two reads of three, but each yield froze
      // the caller's whole stack, and when the read still had to park the JDK found no room for the
      // deeper frames in the stack chunk the yield left and allocated another. With 64 virtual-thread
      // callers that was 300-800 heap bytes per request (jdk.internal.vm.StackChunk from doYield in
      // JFR allocation samples), and about none when a request parks at most once. The yield saved
      // CPU (the park's poller round trip) when it worked; the heap figure is what decided.
      int n = gentleWait != null ? connection.readWithin(buffer, 0, buffer.length, gentleWait)
          : connection.input().read(buffer);
      if (n < 0) {
        endOfInput = true;
        parser.endOfInput();
      } else if (n > 0) {
        sniffer.saw(buffer, 0, n);
        if (!responseStarted) {
          CurrentListener.get().responseHeadersStart(); // the first byte: time to first byte ends here
        }
        responseStarted = true;
        parser.feed(buffer, 0, n);
      }
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

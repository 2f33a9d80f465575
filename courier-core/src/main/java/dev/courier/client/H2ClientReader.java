package dev.courier.client;

import dev.courier.error.ConnectionResetException;
import dev.courier.error.HttpProtocolException;
import dev.courier.http.FieldSyntax;
import dev.courier.http.h2.ErrorCode;
import dev.courier.http.h2.FieldBlock;
import dev.courier.http.h2.FieldValidator;
import dev.courier.http.h2.Frame;
import dev.courier.http.h2.FrameReader;
import dev.courier.http.h2.H2Exception;
import dev.courier.http.h2.H2ResponseHead;
import dev.courier.http.h2.HeaderField;
import dev.courier.http.h2.HpackDecoder;
import dev.courier.http.h2.Settings;
import dev.courier.internal.BodyQueue;
import dev.courier.internal.BodyWakes;
import dev.courier.internal.PayloadArrays;
import dev.courier.net.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The reader of an {@link H2Connection}, on its own virtual thread: feeds socket bytes into the
 * codec's {@link FrameReader} and handles each frame the server sends. Response heads and
 * trailers are decoded in order (the HPACK context must follow every block, RFC 7541 section
 * 2.2) and handed to their streams; DATA goes to the stream's body; SETTINGS, WINDOW_UPDATE,
 * RST_STREAM and GOAWAY change what the streams may do. A stream error resets that stream and
 * reading goes on; a connection error is answered with GOAWAY; when the loop ends, every stream
 * still open fails.
 */
final class H2ClientReader implements Runnable {
  private final H2Connection connection;
  private final H2ClientStreams streams;
  private final H2ClientWriter writer;
  private final InputStream in;
  private final Connection socket;
  private final BodyWakes bodyWakes = new BodyWakes();
  private final HpackDecoder decoder = new HpackDecoder(4096, 256 * 1024);
  private final FieldBlock block = new FieldBlock();

  H2ClientReader(H2Connection connection, H2ClientStreams streams, H2ClientWriter writer, Connection socket) {
    this.connection = connection;
    this.streams = streams;
    this.writer = writer;
    this.socket = socket;
    this.in = socket.input();
  }

  @Override
  public void run() {
    FrameReader reader = FrameReader.forClient().dataArraysFrom(PayloadArrays.SHARED::take);
    byte[] buffer = new byte[16 * 1024];
    try {
      while (!streams.isClosed()) {
        Optional<Frame> next;
        while ((next = next(reader)).isPresent()) {
          try {
            handle(next.get());
          } catch (H2Exception e) {
            if (e.isConnectionError()) throw e;
            streamError(e);
          }
        }
        bodyWakes.wakeIfBatchFull();
        // The read may wait: no caller waits for bytes already here (the socket is asked only then).
        if (bodyWakes.owes() && !socket.hasInputWaiting()) bodyWakes.wakeAll();
        int n = in.read(buffer);
        if (n < 0) break;
        reader.feed(buffer, 0, n);
        bodyWakes.tookIn(n);
      }
    } catch (H2Exception e) {
      if (e.isConnectionError()) writer.goAway(e.errorCode());
    } catch (IOException | RuntimeException e) {
      // the connection is lost
    } finally {
      bodyWakes.wakeAll(); // the streams' failures below wake their callers anyway: this lets them go
      connection.lost(new IOException("the HTTP/2 connection closed"));
    }
  }

  /** The next frame; a stream error is answered with RST_STREAM and reading goes on. */
  private Optional<Frame> next(FrameReader reader) {
    while (true) {
      try {
        return reader.next();
      } catch (H2Exception e) {
        if (e.isConnectionError()) throw e;
        streamError(e);
      }
    }
  }

  /**
   * A stream error (RFC 9113 section 5.4.2: a frame breaking a rule of its stream, such as DATA
   * past the stream's window, section 6.9.1): that stream is reset with the error's code and its
   * caller's waits fail; the connection and its other streams go on.
   */
  private void streamError(H2Exception e) {
    H2ClientStream stream = streams.get(e.streamId());
    if (stream == null) {
      writer.rstStream(e.streamId(), e.errorCode());
      return;
    }
    connection.reset(stream, e.errorCode(), new HttpProtocolException("HTTP/2 stream error: " + e.getMessage(),
        stream.url().toString(), e));
  }

  private void handle(Frame frame) {
    switch (frame) {
      case Frame.Headers h -> {
        if (block.begin(h)) onHeaders(block.headers(), block.take());
      }
      case Frame.Continuation c -> {
        if (block.append(c)) onHeaders(block.headers(), block.take());
      }
      case Frame.Data d -> onData(d);
      case Frame.Settings s -> onSettings(s);
      case Frame.Ping p -> {
        if (!p.ack()) writer.pingAck(p.opaqueData());
      }
      case Frame.WindowUpdate w -> streams.windowUpdate(w.streamId(), w.increment());
      case Frame.RstStream r -> onReset(r);
      case Frame.GoAway g -> onGoAway(g);
      case Frame.PushPromise p ->
          throw H2Exception.connectionError(ErrorCode.PROTOCOL_ERROR, "PUSH_PROMISE though push is disabled");
      case Frame.Priority p -> {}
      case Frame.Unknown u -> {}
    }
  }

  private void onHeaders(Frame.Headers h, byte[] bytes) {
    List<HeaderField> fields = decoder.decode(bytes, 0, bytes.length); // always: the table must follow
    H2ClientStream stream = streams.get(h.streamId());
    if (stream == null) return; // cancelled by us
    if (stream.head().isDone()) {
      onTrailers(stream, h.endStream(), fields);
      return;
    }
    FieldValidator validator = FieldValidator.forResponse(stream.id());
    try {
      for (HeaderField f : fields) validator.add(f.name(), f.value());
      H2ResponseHead head = validator.response();
      if (head.isInformational()) return; // a 1xx is followed by the final head
      stream.body(new BodyQueue(stream.readTimeoutMillis(), n -> streams.consumed(stream, n), null, PayloadArrays.SHARED));
      stream.head().complete(head);
      if (h.endStream()) connection.ended(stream);
    } catch (H2Exception e) {
      connection.reset(stream, ErrorCode.PROTOCOL_ERROR, new HttpProtocolException(
          "malformed HTTP/2 response: " + e.getMessage(), stream.url().toString(), e));
    }
  }

  /**
   * Trailers (RFC 9113 section 8.1: a HEADERS frame with END_STREAM after the body): kept for the
   * body's reader when well formed. Malformed ones (section 8.1.1: pseudo-header fields, upper
   * case, connection-specific fields; or no END_STREAM) fail the response instead of ending it.
   */
  private void onTrailers(H2ClientStream stream, boolean endStream, List<HeaderField> fields) {
    FieldValidator validator = FieldValidator.forTrailers(stream.id());
    try {
      if (!endStream) throw H2Exception.streamError(stream.id(), ErrorCode.PROTOCOL_ERROR, "trailers without END_STREAM");
      for (HeaderField f : fields) validator.add(f.name(), f.value());
      stream.trailers(FieldSyntax.allowedTrailers(validator.trailers()));
    } catch (H2Exception e) {
      connection.reset(stream, ErrorCode.PROTOCOL_ERROR, new HttpProtocolException(
          "malformed HTTP/2 trailers: " + e.getMessage(), stream.url().toString(), e));
      return;
    }
    connection.ended(stream);
  }

  private void onData(Frame.Data d) {
    H2ClientStream stream = streams.received(d);
    if (stream == null) return;
    bodyWakes.offer(stream.body(), d.data(), d.endStream());
    if (d.endStream()) connection.ended(stream);
  }

  private void onSettings(Frame.Settings s) {
    if (s.ack()) return;
    Settings peer = streams.applySettings(s.settings());
    writer.settingsAck(s.settings(), peer);
    connection.peerSettingsArrived();
  }

  private void onReset(Frame.RstStream r) {
    H2ClientStream stream = streams.remove(r.streamId());
    if (stream == null) return;
    if (r.error() == ErrorCode.NO_ERROR && stream.head().isDone() && !stream.head().isCompletedExceptionally()) {
      // Section 8.1: a complete response, then NO_ERROR: stop sending the request body.
      streams.discardBody(stream);
    } else {
      // Section 8.7: REFUSED_STREAM means the server did nothing with the request.
      RuntimeException failure = r.error() == ErrorCode.REFUSED_STREAM
          ? H2ClientStreams.notProcessed(stream.url(), "stream " + r.streamId() + " refused")
          : new ConnectionResetException("HTTP/2 stream " + r.streamId() + " reset by the server: " + r.error(),
              stream.url().toString(), true, null);
      connection.fail(stream, failure, new IOException("HTTP/2 stream reset: " + r.error()));
    }
    connection.afterStreamEnd();
  }

  private void onGoAway(Frame.GoAway g) {
    // Section 6.8: streams above last-stream-id were never processed: safe to send again.
    for (H2ClientStream s : streams.goAway(g.lastStreamId())) {
      connection.fail(s, H2ClientStreams.notProcessed(s.url(), "GOAWAY with last stream " + g.lastStreamId()),
          new IOException("HTTP/2 GOAWAY before the stream was processed"));
    }
    connection.afterStreamEnd();
  }
}

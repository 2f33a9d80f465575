package dev.courier.server;

import dev.courier.http.FieldSyntax;
import dev.courier.http.h2.ErrorCode;
import dev.courier.http.h2.FieldBlock;
import dev.courier.http.h2.FieldValidator;
import dev.courier.http.h2.FloodCounter;
import dev.courier.http.h2.Frame;
import dev.courier.http.h2.H2Exception;
import dev.courier.http.h2.H2Limits;
import dev.courier.http.h2.H2RequestHead;
import dev.courier.http.h2.HeaderField;
import dev.courier.http.h2.HeaderListTooLargeException;
import dev.courier.http.h2.HpackDecoder;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadFactory;

/**
 * The field blocks a client sends to an {@link H2ServerConnection} (HEADERS, then CONTINUATION up
 * to END_HEADERS), on the reader thread: each block is decoded once, in order (the HPACK context
 * must follow every block, RFC 7541 section 2.2), and becomes a new stream whose handler runs on
 * a virtual thread of the server's workers (or on the reader, when the server's {@link
 * LoopRouting} admits it and the request has no body: see {@link #takeInline}), or the trailers
 * of a stream open already (RFC 9113 section 8.1).
 * Blocks of too many frames, empty fragments and blocks that take too long to complete (a
 * slowloris over HTTP/2) end the connection with ENHANCE_YOUR_CALM.
 */
final class H2RequestHeaders {
  /** Each stream's handler runs on a virtual thread; one name for all (a name per stream cost a string each). */
  private static final ThreadFactory STREAM_THREADS = Thread.ofVirtual().name("courier-h2-stream").factory();

  private final H2ServerConnection connection;
  private final H2ServerStreams streams;
  private final H2Output output;
  private final ServerConfig config;
  private final H2Limits limits;
  private final FloodCounter emptyFrames;
  private final HpackDecoder decoder;
  private final FieldBlock block = new FieldBlock();
  /** Which bodiless requests run on the reader thread; null for none. */
  private final LoopRouting loopRouting;
  /** A stream opened by the last block whose handler the reader runs next; null for none. */
  private H2ServerStream inline;
  /** What runs a stream's handler when the reader does not: the server's workers, or a new thread each. */
  private final Executor streamWorkers;
  /** The block in progress must end by then (System.nanoTime). */
  private long blockDeadline;

  H2RequestHeaders(H2ServerConnection connection, H2ServerStreams streams, H2Output output, ServerConfig config,
      FloodCounter emptyFrames, Executor streamWorkers, LoopRouting loopRouting) {
    this.connection = connection;
    this.streams = streams;
    this.output = output;
    this.config = config;
    this.limits = config.h2Limits();
    this.emptyFrames = emptyFrames;
    this.decoder = new HpackDecoder(4096, limits.maxHeaderListSize());
    this.loopRouting = loopRouting;
    this.streamWorkers = streamWorkers != null ? streamWorkers : task -> STREAM_THREADS.newThread(task).start();
  }

  /** Whether a block has begun and not ended: the reader then waits at most until {@link #deadline()}. */
  boolean inProgress() {
    return block.inProgress();
  }

  /** When the block in progress must be complete, as for an HTTP/1.1 head (the head timeout). */
  long deadline() {
    return blockDeadline;
  }

  void onHeaders(Frame.Headers h) throws IOException {
    if (h.fragment().length == 0 && !h.endHeaders()) emptyFrames.count(System.nanoTime(), "empty HEADERS");
    if (block.begin(h)) endOfBlock();
    else blockDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.headTimeoutMillis());
  }

  void onContinuation(Frame.Continuation c) throws IOException {
    // The reader checked that a block is in progress on this stream (section 6.10).
    if (block.frames() + 1 > limits.maxHeaderBlockFrames()) {
      throw H2Exception.connectionError(ErrorCode.ENHANCE_YOUR_CALM,
          "more than " + limits.maxHeaderBlockFrames() + " frames in one field block");
    }
    if (c.fragment().length == 0 && !c.endHeaders()) emptyFrames.count(System.nanoTime(), "empty CONTINUATION");
    if (block.append(c)) endOfBlock();
  }

  private void endOfBlock() throws IOException {
    Frame.Headers h = block.headers();
    byte[] bytes = block.take();
    int id = h.streamId();
    // Decode first, whatever happens to the stream: the HPACK context must stay in step
    // (RFC 7541 section 2.2); a decoding failure is a connection COMPRESSION_ERROR.
    List<HeaderField> fields;
    try {
      fields = decoder.decode(bytes, 0, bytes.length);
    } catch (HeaderListTooLargeException e) {
      fields = null; // the whole block was decoded: the context is intact (answered 431 below)
    }
    H2ServerStream existing = streams.get(id);
    if (existing != null) {
      trailers(existing, h, fields);
      return;
    }
    if (!streams.isNew(id)) {
      // Section 5.1: HEADERS on a stream we reset may still be in flight; on one that ended it is
      // STREAM_CLOSED. An id below the last that was never opened breaks section 5.1.1.
      H2StreamTable.Closed wasClosed = streams.whyClosed(id);
      if (wasClosed == H2StreamTable.Closed.WE_RESET) return;
      if (wasClosed == H2StreamTable.Closed.PEER_RESET) throw H2Exception.streamError(id, ErrorCode.STREAM_CLOSED, "HEADERS after RST_STREAM");
      if (wasClosed == H2StreamTable.Closed.ENDED) throw H2Exception.connectionError(ErrorCode.STREAM_CLOSED, "HEADERS on closed stream " + id);
      throw H2Exception.connectionError(ErrorCode.PROTOCOL_ERROR, "stream " + id + " is not above the last stream " + streams.lastId());
    }
    streams.openId(id); // odd and increasing, or a connection error (section 5.1.1)
    if (h.dependsOnItself()) throw H2Exception.streamError(id, ErrorCode.PROTOCOL_ERROR, "stream depends on itself");
    if (streams.isGoingAway()) {
      // Section 6.8: streams above the last-stream-id we announced are not processed.
      refuse(id);
      return;
    }
    if (fields == null) {
      sendStatusOnly(id, 431, h.endStream());
      return;
    }
    H2RequestHead head;
    try {
      head = head(id, fields);
    } catch (H2Exception e) {
      streams.closed(id, H2StreamTable.Closed.WE_RESET);
      throw e;
    }
    H2ServerStream stream = streams.open(connection, id, head, h.endStream(), limits.maxConcurrentStreams(),
        limits.streamWindow(), config.bodyTimeoutMillis());
    if (stream == null) {
      // Section 5.1.2: past SETTINGS_MAX_CONCURRENT_STREAMS, REFUSED_STREAM (safe to retry).
      refuse(id);
      return;
    }
    if (loopRouting != null && h.endStream() && loopRouting.runsOnLoop(head.method(), head.target())) {
      // No body to wait for: the reader answers it once this frame is handled, with no thread per stream.
      inline = stream;
    } else {
      streamWorkers.execute(stream);
    }
  }

  /**
   * The stream the last field block opened for the reader to answer itself, or null; taken once.
   * Run by the reader after the frame's handling is complete, so that a reader taking over (see
   * {@link H2ServerConnection}) goes on from the next frame.
   */
  H2ServerStream takeInline() {
    H2ServerStream s = inline;
    inline = null;
    return s;
  }

  /** What runs a stream's handler when the reader does not. */
  Executor streamWorkers() {
    return streamWorkers;
  }

  /** The request head, validated (section 8.1.1), with Host from :authority for the handlers. */
  private static H2RequestHead head(int id, List<HeaderField> fields) {
    FieldValidator validator = FieldValidator.forRequest(id);
    String authority = null;
    boolean host = false;
    for (HeaderField f : fields) {
      validator.add(f.name(), f.value());
      if (f.name().equals(":authority")) authority = f.value();
      else if (f.name().equals("host")) host = true;
    }
    // Handlers read Host as on HTTP/1.1: :authority stands in for it (RFC 9113 section 8.3.1).
    // Added here, so the head's fields are built once rather than copied to add it.
    if (authority != null && !authority.isEmpty() && !host) validator.add("host", authority);
    return validator.request();
  }

  private void refuse(int id) {
    streams.closed(id, H2StreamTable.Closed.WE_RESET);
    output.rstStream(id, ErrorCode.REFUSED_STREAM);
  }

  /** A head too large to process: answered 431 without the handler (RFC 6585 section 5). */
  private void sendStatusOnly(int id, int status, boolean requestEnded) throws IOException {
    output.headers(id, List.of(new HeaderField(":status", Integer.toString(status)),
        new HeaderField("content-length", "0")), true);
    streams.closed(id, requestEnded ? H2StreamTable.Closed.ENDED : H2StreamTable.Closed.WE_RESET);
    if (!requestEnded) output.rstStream(id, ErrorCode.NO_ERROR);
  }

  /**
   * Section 8.1: a second field block is trailers, which must end the stream; malformed ones
   * (section 8.1.1) are a stream error PROTOCOL_ERROR.
   */
  private void trailers(H2ServerStream stream, Frame.Headers h, List<HeaderField> fields) {
    int id = stream.id();
    streams.receivedHeaders(stream);
    if (!h.endStream()) throw H2Exception.streamError(id, ErrorCode.PROTOCOL_ERROR, "trailers without END_STREAM");
    if (fields == null) throw H2Exception.streamError(id, ErrorCode.PROTOCOL_ERROR, "trailers too large");
    FieldValidator validator = FieldValidator.forTrailers(id);
    for (HeaderField f : fields) validator.add(f.name(), f.value());
    // Kept apart for ServerRequest.trailers(): never merged into the head (RFC 9110 section 6.5.1).
    stream.trailers(FieldSyntax.allowedTrailers(validator.trailers()));
    endOfRequest(stream);
  }

  /** END_STREAM arrived on {@code stream} (on DATA or trailers): its body ends. */
  void endOfRequest(H2ServerStream stream) {
    streams.receivedEnd(stream);
    stream.endBody();
  }
}

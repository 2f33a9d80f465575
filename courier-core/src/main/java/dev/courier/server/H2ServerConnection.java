package dev.courier.server;

import dev.courier.http.FieldSyntax;
import dev.courier.http.Headers;
import dev.courier.http.HttpDate;
import dev.courier.http.h2.ErrorCode;
import dev.courier.http.h2.FieldValidator;
import dev.courier.http.h2.FloodCounter;
import dev.courier.http.h2.FlowWindow;
import dev.courier.http.h2.Frame;
import dev.courier.http.h2.FrameReader;
import dev.courier.http.h2.H2Exception;
import dev.courier.http.h2.H2Fields;
import dev.courier.http.h2.H2Limits;
import dev.courier.http.h2.H2RequestHead;
import dev.courier.http.h2.HeaderField;
import dev.courier.http.h2.HeaderListTooLargeException;
import dev.courier.http.h2.HpackDecoder;
import dev.courier.http.h2.InboundWindow;
import dev.courier.http.h2.Settings;
import dev.courier.http.h2.SettingsParameter;
import dev.courier.http.h2.StreamIds;
import dev.courier.http.h2.StreamState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One HTTP/2 connection of the server (RFC 9113), chosen by ALPN {@code h2} on TLS or by the
 * client preface on plaintext (h2c with prior knowledge, section 3.3).
 *
 * <p>Theory of operation. One reader loop (the connection's thread) feeds socket bytes into the
 * codec's {@link FrameReader} and handles each frame: it opens streams, queues request DATA, applies
 * SETTINGS and WINDOW_UPDATE, answers PING. Each stream's handler runs on its own virtual thread
 * ({@link H2ServerStream}); every frame leaves through {@link H2Output}'s lock. The reader never
 * waits for a handler: request bodies are bounded by the receive windows, not by threads.
 *
 * <p>Locks: {@code lock} guards streams, windows and states; the output's lock guards the socket
 * and the HPACK encoder. {@code lock} is never held while taking the output's lock, so a blocked
 * socket write cannot stop the reader from handing out credit. A handler writing into an empty
 * window waits on {@code credit} for at most the write timeout, then its stream is reset with
 * CANCEL: a client that keeps a window at zero (slow read) holds nothing for long.
 *
 * <p>Errors: a stream error (section 5.4.2) resets that stream; a connection error (section 5.4.1)
 * sends GOAWAY with its code and the last stream processed, then closes. Floods of cheap frames
 * and rapid reset are counted ({@link FloodCounter}) and end with GOAWAY ENHANCE_YOUR_CALM.
 */
final class H2ServerConnection {
  private static final int READ_BUFFER = 16 * 1024;
  /** Each stream's handler runs on a virtual thread; one name for all (a name per stream cost a string each). */
  private static final java.util.concurrent.ThreadFactory STREAM_THREADS =
      Thread.ofVirtual().name("courier-h2-stream").factory();


  private final HttpServer server;
  private final ServerConfig config;
  private final H2Limits limits;
  private final Socket socket;
  private final InputStream in;
  private final H2Output output;
  private final InetSocketAddress remote;
  private final InetSocketAddress local;
  private final byte[] initial;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition credit = lock.newCondition();
  /** Open streams by id, and the recently closed ones with the reason. */
  private final H2StreamTable streams;
  private final StreamIds ids = StreamIds.fromClient();
  private final FlowWindow sendWindow = FlowWindow.forConnection();
  private final InboundWindow receiveWindow;
  private final FloodCounter resets;
  private final FloodCounter controlFrames;
  private final FloodCounter emptyFrames;
  /** The reader thread's. */
  private final HpackDecoder decoder;
  private Settings peer = Settings.DEFAULTS;
  /** No new streams are processed (we sent GOAWAY, or the client did). */
  private volatile boolean goingAway;
  /** A graceful shutdown: the last stream to finish closes the connection. */
  private volatile boolean closeWhenIdle;
  /** The shutdown's GOAWAY has been written. */
  private volatile boolean goAwaySent;
  private volatile boolean dead;
  /** The thread running {@link #serve}: it flushes what it appended before each read. */
  private Thread readerThread;
  /** Section 6.5.3: our SETTINGS must be acknowledged by then (System.nanoTime), reader thread only. */
  private long settingsDeadline;
  private boolean settingsAcked;
  /** A field block in progress must end by then (slowloris over HTTP/2), reader thread only. */
  private long blockDeadline;
  /** Nothing arrived since then: past the idle timeout with no stream open, the connection ends. */
  private long lastRead;
  private int soTimeout = -1;

  // the field block being received (HEADERS then CONTINUATION), reader thread only
  private Frame.Headers blockStart;
  private ByteArrayOutputStream blockBytes;
  private int blockFrames;

  H2ServerConnection(HttpServer server, ServerConfig config, Socket socket, InputStream in, SocketOutput out,
      InetSocketAddress remote, InetSocketAddress local, byte[] initial) {
    this.server = server;
    this.config = config;
    this.limits = config.h2Limits();
    this.socket = socket;
    this.in = in;
    this.output = new H2Output(out, config.writeTimeoutMillis());
    this.remote = remote;
    this.local = local;
    this.initial = initial;
    this.receiveWindow = InboundWindow.forConnection(limits.connectionWindow());
    this.streams = new H2StreamTable(limits.maxConcurrentStreams());
    this.resets = new FloodCounter(limits.maxResets(), limits.resetWindowNanos());
    this.controlFrames = new FloodCounter(limits.maxControlFrames(), limits.windowNanos());
    this.emptyFrames = new FloodCounter(limits.maxEmptyFrames(), limits.windowNanos());
    this.decoder = new HpackDecoder(4096, limits.maxHeaderListSize());
  }

  ServerConfig config() {
    return config;
  }

  InetSocketAddress remote() {
    return remote;
  }

  InetSocketAddress local() {
    return local;
  }

  /** Our SETTINGS (section 6.5.2): no push, our stream limit, windows and header list size. */
  private Settings ourSettings() {
    return Settings.DEFAULTS
        .with(SettingsParameter.ENABLE_PUSH, 0)
        .with(SettingsParameter.MAX_CONCURRENT_STREAMS, limits.maxConcurrentStreams())
        .with(SettingsParameter.INITIAL_WINDOW_SIZE, limits.streamWindow())
        .with(SettingsParameter.MAX_HEADER_LIST_SIZE, limits.maxHeaderListSize());
  }

  /** Runs the connection until it ends; the caller closes the socket. */
  void serve() throws IOException {
    readerThread = Thread.currentThread();
    FrameReader reader = FrameReader.forServer().maxHeaderBlockSize(limits.maxHeaderBlockBytes());
    // Section 3.4: the server's preface is a SETTINGS frame, sent without waiting for the client's.
    output.settings(ourSettings());
    output.windowUpdate(0, receiveWindow.initialUpdate());
    lastRead = System.nanoTime();
    settingsDeadline = lastRead + TimeUnit.MILLISECONDS.toNanos(config.headTimeoutMillis());
    reader.feed(initial, 0, initial.length);
    byte[] buffer = new byte[READ_BUFFER];
    try {
      while (true) {
        Optional<Frame> frame;
        while ((frame = next(reader)).isPresent()) {
          handle(frame.get());
        }
        // What this thread appended (SETTINGS ACK, PING ACK, WINDOW_UPDATE...) leaves in one
        // write before it waits: one flush per batch of frames read.
        output.flush();
        if (dead || (goingAway && activeStreams() == 0)) return;
        int n = read(buffer);
        if (n < 0) return;
        reader.feed(buffer, 0, n);
      }
    } catch (H2Exception e) {
      if (!e.isConnectionError()) throw new IllegalStateException("stream error escaped", e);
      goAway(e.errorCode(), e.getMessage());
      lingerAfterGoAway();
    } finally {
      dead = true;
      failAll(new IOException("the HTTP/2 connection closed"));
      output.close();
    }
  }

  /** The next frame; a stream error is answered with RST_STREAM and reading goes on. */
  private Optional<Frame> next(FrameReader reader) throws IOException {
    while (true) {
      try {
        return reader.next();
      } catch (H2Exception e) {
        if (e.isConnectionError()) throw e;
        resetStream(e.streamId(), e.errorCode());
      }
    }
  }

  /**
   * Reads with three bounds. While our SETTINGS is unacknowledged, the head timeout: past it, a
   * connection error SETTINGS_TIMEOUT (section 6.5.3). While a field block is incomplete (HEADERS
   * without END_HEADERS, waiting for CONTINUATION), the head timeout from the block's start, as
   * for an HTTP/1.1 head: past it, GOAWAY ENHANCE_YOUR_CALM (a slowloris holds the connection,
   * since no other frame may come between, section 6.10). While no stream is open, the idle
   * timeout: past it, GOAWAY NO_ERROR. With streams open it waits on: each handler's body
   * reads and writes have their own timeouts.
   */
  private int read(byte[] buffer) throws IOException {
    long idleNanos = TimeUnit.MILLISECONDS.toNanos(config.idleTimeoutMillis());
    while (true) {
      long now = System.nanoTime();
      long until = lastRead + idleNanos;
      if (!settingsAcked) until = Math.min(until, settingsDeadline);
      if (blockStart != null) until = Math.min(until, blockDeadline);
      long waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - now) + 1);
      setSoTimeout((int) Math.min(Integer.MAX_VALUE, waitMillis));
      try {
        int n = in.read(buffer, 0, buffer.length);
        lastRead = System.nanoTime();
        return n;
      } catch (SocketTimeoutException e) {
        now = System.nanoTime();
        if (!settingsAcked && now - settingsDeadline >= 0) {
          throw H2Exception.connectionError(ErrorCode.SETTINGS_TIMEOUT, "SETTINGS not acknowledged in time");
        }
        if (blockStart != null && now - blockDeadline >= 0) {
          throw H2Exception.connectionError(ErrorCode.ENHANCE_YOUR_CALM, "field block not completed in time");
        }
        if (now - (lastRead + idleNanos) >= 0) {
          if (activeStreams() == 0) {
            goAway(ErrorCode.NO_ERROR, "idle");
            return -1;
          }
          lastRead = now; // streams are at work: wait another idle period
        }
      }
    }
  }

  private void setSoTimeout(int millis) throws IOException {
    if (millis != soTimeout) {
      socket.setSoTimeout(millis);
      soTimeout = millis;
    }
  }

  /** Sends what a thread other than the reader appended (the reader flushes before it reads). */
  private void sendNow() throws IOException {
    if (Thread.currentThread() != readerThread) output.flush();
  }

  private int activeStreams() {
    lock.lock();
    try {
      return streams.size();
    } finally {
      lock.unlock();
    }
  }

  private void handle(Frame frame) throws IOException {
    try {
      switch (frame) {
        case Frame.Headers h -> onHeaders(h);
        case Frame.Continuation c -> onContinuation(c);
        case Frame.Data d -> onData(d);
        case Frame.Priority p -> {
          // Section 5.3.1: a stream cannot depend on itself.
          if (p.streamDependency() == p.streamId()) {
            throw H2Exception.streamError(p.streamId(), ErrorCode.PROTOCOL_ERROR, "stream depends on itself");
          }
        }
        case Frame.RstStream r -> onReset(r);
        case Frame.Settings s -> onSettings(s);
        case Frame.PushPromise p ->
            // Section 8.4: a client cannot push, and we said ENABLE_PUSH 0 anyway.
            throw H2Exception.connectionError(ErrorCode.PROTOCOL_ERROR, "PUSH_PROMISE from a client");
        case Frame.Ping p -> {
          if (!p.ack()) {
            flood(controlFrames, "PING");
            output.pingAck(p.opaqueData());
          }
        }
        case Frame.GoAway g -> goingAway = true; // the client opens no more streams; ours finish
        case Frame.WindowUpdate w -> onWindowUpdate(w);
        case Frame.Unknown u -> {} // section 5.5: extension frames are ignored
      }
    } catch (H2Exception e) {
      if (e.isConnectionError()) throw e;
      resetStream(e.streamId(), e.errorCode());
    }
  }

  private void flood(FloodCounter counter, String what) {
    if (!counter.record(System.nanoTime())) {
      throw H2Exception.connectionError(ErrorCode.ENHANCE_YOUR_CALM, "too many " + what + " frames");
    }
  }

  // ---- field blocks and new streams

  private void onHeaders(Frame.Headers h) throws IOException {
    blockStart = h;
    // The usual block fits its HEADERS frame: decoded from the fragment, no copy.
    blockBytes = h.endHeaders() ? null : new ByteArrayOutputStream(Math.max(64, h.fragment().length));
    if (blockBytes != null) blockBytes.write(h.fragment(), 0, h.fragment().length);
    blockFrames = 1;
    if (h.fragment().length == 0 && !h.endHeaders()) flood(emptyFrames, "empty HEADERS");
    if (h.endHeaders()) endOfBlock();
    else blockDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.headTimeoutMillis());
  }

  private void onContinuation(Frame.Continuation c) throws IOException {
    // The reader checked that a block is in progress on this stream (section 6.10).
    if (++blockFrames > limits.maxHeaderBlockFrames()) {
      throw H2Exception.connectionError(ErrorCode.ENHANCE_YOUR_CALM,
          "more than " + limits.maxHeaderBlockFrames() + " frames in one field block");
    }
    if (c.fragment().length == 0 && !c.endHeaders()) flood(emptyFrames, "empty CONTINUATION");
    blockBytes.write(c.fragment(), 0, c.fragment().length);
    if (c.endHeaders()) endOfBlock();
  }

  private void endOfBlock() throws IOException {
    Frame.Headers h = blockStart;
    byte[] block = blockBytes == null ? h.fragment() : blockBytes.toByteArray();
    blockStart = null;
    blockBytes = null;
    int id = h.streamId();
    // Decode first, whatever happens to the stream: the HPACK context must stay in step
    // (RFC 7541 section 2.2); a decoding failure is a connection COMPRESSION_ERROR.
    List<HeaderField> fields;
    try {
      fields = decoder.decode(block, 0, block.length);
    } catch (HeaderListTooLargeException e) {
      fields = null; // the whole block was decoded: the context is intact (answered 431 below)
    }
    boolean oversized = fields == null;
    H2ServerStream existing;
    H2StreamTable.Closed wasClosed;
    lock.lock();
    try {
      existing = streams.get(id);
      wasClosed = streams.whyClosed(id);
    } finally {
      lock.unlock();
    }
    if (existing != null) {
      trailers(existing, h, fields);
      return;
    }
    if (!ids.isNew(id)) {
      // Section 5.1: HEADERS on a stream we reset may still be in flight; on one that ended it is
      // STREAM_CLOSED. An id below the last that was never opened breaks section 5.1.1.
      if (wasClosed == H2StreamTable.Closed.WE_RESET) return;
      if (wasClosed == H2StreamTable.Closed.PEER_RESET) throw H2Exception.streamError(id, ErrorCode.STREAM_CLOSED, "HEADERS after RST_STREAM");
      if (wasClosed == H2StreamTable.Closed.ENDED) throw H2Exception.connectionError(ErrorCode.STREAM_CLOSED, "HEADERS on closed stream " + id);
      throw H2Exception.connectionError(ErrorCode.PROTOCOL_ERROR, "stream " + id + " is not above the last stream " + ids.last());
    }
    ids.open(id); // odd and increasing, or a connection error (section 5.1.1)
    if (h.dependsOnItself()) throw H2Exception.streamError(id, ErrorCode.PROTOCOL_ERROR, "stream depends on itself");
    if (goingAway) {
      // Section 6.8: streams above the last-stream-id we announced are not processed.
      refuse(id);
      return;
    }
    if (oversized) {
      sendStatusOnly(id, 431, h.endStream());
      return;
    }
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
    H2RequestHead head;
    try {
      head = validator.request();
    } catch (H2Exception e) {
      lock.lock();
      try {
        streams.closed(id, H2StreamTable.Closed.WE_RESET);
      } finally {
        lock.unlock();
      }
      throw e;
    }
    H2ServerStream stream;
    lock.lock();
    try {
      if (streams.size() >= limits.maxConcurrentStreams()) {
        stream = null;
      } else {
        stream = new H2ServerStream(this, id, head, head.contentLength(), h.endStream(), peer.initialWindowSize(),
            limits.streamWindow(), config.bodyTimeoutMillis());
        streams.put(id, stream);
      }
    } finally {
      lock.unlock();
    }
    if (stream == null) {
      // Section 5.1.2: past SETTINGS_MAX_CONCURRENT_STREAMS, REFUSED_STREAM (safe to retry).
      refuse(id);
      return;
    }
    STREAM_THREADS.newThread(stream).start();
  }

  private void refuse(int id) {
    lock.lock();
    try {
      streams.closed(id, H2StreamTable.Closed.WE_RESET);
    } finally {
      lock.unlock();
    }
    output.rstStream(id, ErrorCode.REFUSED_STREAM);
  }

  /** A head too large to process: answered 431 without the handler (RFC 6585 section 5). */
  private void sendStatusOnly(int id, int status, boolean requestEnded) throws IOException {
    output.headers(id, List.of(new HeaderField(":status", Integer.toString(status)),
        new HeaderField("content-length", "0")), true);
    lock.lock();
    try {
      streams.closed(id, requestEnded ? H2StreamTable.Closed.ENDED : H2StreamTable.Closed.WE_RESET);
    } finally {
      lock.unlock();
    }
    if (!requestEnded) output.rstStream(id, ErrorCode.NO_ERROR);
  }

  /** Section 8.1: a second field block is trailers, which must end the stream. */
  private void trailers(H2ServerStream stream, Frame.Headers h, List<HeaderField> fields) {
    int id = stream.id;
    lock.lock();
    try {
      stream.state = stream.state.on(StreamState.Event.RECV_HEADERS, id);
    } finally {
      lock.unlock();
    }
    if (!h.endStream()) throw H2Exception.streamError(id, ErrorCode.PROTOCOL_ERROR, "trailers without END_STREAM");
    if (fields == null) throw H2Exception.streamError(id, ErrorCode.PROTOCOL_ERROR, "trailers too large");
    FieldValidator validator = FieldValidator.forTrailers(id);
    for (HeaderField f : fields) validator.add(f.name(), f.value());
    // Kept apart for ServerRequest.trailers(): never merged into the head (RFC 9110 section 6.5.1).
    stream.trailers = FieldSyntax.allowedTrailers(validator.trailers());
    endOfRequest(stream);
  }

  private void endOfRequest(H2ServerStream stream) {
    lock.lock();
    try {
      stream.state = stream.state.on(StreamState.Event.RECV_END_STREAM, stream.id);
      stream.length.end();
      if (stream.state == StreamState.CLOSED) retire(stream, H2StreamTable.Closed.ENDED);
    } finally {
      lock.unlock();
    }
    stream.endBody();
  }

  // ---- DATA and flow control

  private void onData(Frame.Data d) throws IOException {
    int id = d.streamId();
    int flow = d.flowControlledLength();
    H2ServerStream stream;
    int returnNow = 0;
    lock.lock();
    try {
      receiveWindow.received(flow); // a connection FLOW_CONTROL_ERROR past the window (section 6.9.1)
      stream = streams.get(id);
      if (stream == null) {
        H2StreamTable.Closed why = streams.whyClosed(id);
        returnNow = receiveWindow.consumed(flow); // nobody will read it: give the credit back
        if (ids.isNew(id)) throw H2Exception.connectionError(ErrorCode.PROTOCOL_ERROR, "DATA on idle stream " + id);
        if (why == H2StreamTable.Closed.WE_RESET) {
          // section 5.4.2: frames in flight after our RST_STREAM are ignored
        } else if (why == H2StreamTable.Closed.PEER_RESET) {
          throw H2Exception.streamError(id, ErrorCode.STREAM_CLOSED, "DATA after RST_STREAM");
        } else {
          throw H2Exception.connectionError(ErrorCode.STREAM_CLOSED, "DATA on closed stream " + id);
        }
      }
    } finally {
      lock.unlock();
    }
    output.windowUpdate(0, returnNow);
    if (stream == null) return;
    if (d.data().length == 0 && !d.endStream()) flood(emptyFrames, "empty DATA");
    int streamReturn = 0;
    lock.lock();
    try {
      try {
        stream.state = stream.state.on(StreamState.Event.RECV_DATA, id);
        stream.receive.received(flow);
        stream.length.data(d.data().length);
      } catch (H2Exception e) {
        returnNow = receiveWindow.consumed(flow);
        throw e;
      }
      stream.bodyReceived += d.data().length;
      // Padding is never read by anyone: its credit comes back at once (section 6.1).
      returnNow = d.padding() > 0 ? receiveWindow.consumed(d.padding()) : 0;
      streamReturn = d.padding() > 0 ? stream.receive.consumed(d.padding()) : 0;
    } finally {
      lock.unlock();
      output.windowUpdate(0, returnNow);
    }
    output.windowUpdate(id, streamReturn);
    long max = config.limits().maxBodySize();
    if (stream.bodyReceived > max) {
      stream.failBody(new dev.courier.http.wire.HttpCodecException(413, "the request body is larger than " + max));
    } else {
      stream.offerBody(d.data());
    }
    if (d.endStream()) endOfRequest(stream);
  }

  /**
   * The handler took {@code n} bytes of {@code stream}'s body: give the credit back when the
   * window policy says so ({@link InboundWindow#consumed}).
   */
  void consumed(H2ServerStream stream, int n) {
    int forStream;
    int forConnection;
    lock.lock();
    try {
      forConnection = receiveWindow.consumed(n);
      forStream = stream.state.peerMaySend() ? stream.receive.consumed(n) : 0;
    } finally {
      lock.unlock();
    }
    output.windowUpdate(0, forConnection);
    output.windowUpdate(stream.id, forStream);
    try {
      // The reader may be waiting for the very DATA this credit lets the client send.
      if (forConnection > 0 || forStream > 0) sendNow();
    } catch (IOException e) {
      // the connection is lost; the reader finds out
    }
  }

  private void onWindowUpdate(Frame.WindowUpdate w) {
    int id = w.streamId();
    lock.lock();
    try {
      if (id == 0) {
        sendWindow.increase(w.increment());
      } else {
        H2ServerStream stream = streams.get(id);
        if (stream == null) {
          if (ids.isNew(id)) throw H2Exception.connectionError(ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE on idle stream " + id);
          return; // closed: may still arrive (section 6.9)
        }
        stream.send.increase(w.increment());
      }
      credit.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void onSettings(Frame.Settings s) throws IOException {
    if (s.ack()) {
      settingsAcked = true;
      return;
    }
    flood(controlFrames, "SETTINGS");
    Settings update = s.settings();
    lock.lock();
    try {
      Settings before = peer;
      peer = peer.apply(update);
      // Section 6.9.2: a new initial window moves every stream window by the difference.
      long delta = (long) peer.initialWindowSize() - before.initialWindowSize();
      if (delta != 0) {
        for (H2ServerStream stream : streams.streams()) stream.send.adjust(delta);
        credit.signalAll();
      }
    } finally {
      lock.unlock();
    }
    if (update.isSet(SettingsParameter.MAX_FRAME_SIZE)) output.maxFrameSize(peer.maxFrameSize());
    if (update.isSet(SettingsParameter.HEADER_TABLE_SIZE)) output.peerHeaderTableSize(peer.headerTableSize());
    output.settingsAck();
  }

  private void onReset(Frame.RstStream r) {
    int id = r.streamId();
    H2ServerStream stream;
    lock.lock();
    try {
      stream = streams.get(id);
      if (stream == null) {
        if (ids.isNew(id)) throw H2Exception.connectionError(ErrorCode.PROTOCOL_ERROR, "RST_STREAM on idle stream " + id);
        return;
      }
      stream.state = stream.state.on(StreamState.Event.RECV_RST_STREAM, id);
      // Marked reset in the same step as closed: a handler replying now must see a reset stream,
      // not a closed one it may not send on (which would answer with a second, wrong RST_STREAM).
      stream.reset = true;
      retire(stream, H2StreamTable.Closed.PEER_RESET);
    } finally {
      lock.unlock();
    }
    stream.failBody(new IOException("the client reset stream " + id));
    // CVE-2023-44487: a client cancelling streams whose responses are still being made makes
    // the server start work it then throws away. Count those; past the limit, GOAWAY.
    if (!stream.responded) flood(resets, "RST_STREAM");
  }

  /** Removes {@code stream} from the live ones; the caller holds the lock. */
  private void retire(H2ServerStream stream, H2StreamTable.Closed why) {
    if (streams.remove(stream.id) != null) {
      streams.closed(stream.id, why);
      credit.signalAll();
    }
  }

  /** A stream error: RST_STREAM, the stream forgotten, its handler's reads and writes failed. */
  private void resetStream(int id, ErrorCode code) throws IOException {
    H2ServerStream stream;
    lock.lock();
    try {
      stream = streams.get(id);
      if (stream != null) {
        stream.state = StreamState.CLOSED;
        stream.reset = true; // with the state, under the lock the reply path checks it under
        retire(stream, H2StreamTable.Closed.WE_RESET);
      } else {
        streams.closed(id, H2StreamTable.Closed.WE_RESET);
      }
    } finally {
      lock.unlock();
    }
    if (stream != null) stream.failBody(new IOException("stream " + id + " reset: " + code));
    output.rstStream(id, code);
    sendNow();
  }

  void resetQuietly(H2ServerStream stream, ErrorCode code) {
    try {
      resetStream(stream.id, code);
    } catch (IOException e) {
      // the connection is lost
    }
  }

  // ---- the response side, called from stream threads

  /** The content-length values of small bodies, made once. */
  private static final String[] LENGTHS = new String[1024];

  static {
    for (int i = 0; i < LENGTHS.length; i++) LENGTHS[i] = Integer.toString(i);
  }

  private volatile long dateSecond = Long.MIN_VALUE;
  private volatile String date = "";

  private String date() {
    long now = config.clock().millis() / 1000;
    if (now != dateSecond) {
      date = HttpDate.format(java.time.Instant.ofEpochSecond(now));
      dateSecond = now;
    }
    return date;
  }

  /**
   * Appends the response head; sends it at once when {@code flush}, else it leaves with the
   * first DATA (a small response in one write).
   */
  void sendHeaders(H2ServerStream stream, int status, Headers headers, long length, boolean endStream, boolean flush)
      throws IOException {
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
    if (!hasDate) fields.add(new HeaderField("date", date()));
    if (!hasServer && !config.serverHeader().isEmpty()) fields.add(new HeaderField("server", config.serverHeader()));
    if (length >= 0 && status != 204 && status != 304 && !hasLength) {
      fields.add(new HeaderField("content-length", length < LENGTHS.length ? LENGTHS[(int) length] : Long.toString(length)));
    }
    lock.lock();
    try {
      if (stream.reset || dead) throw new IOException("stream " + stream.id + " was reset");
      stream.state = stream.state.on(StreamState.Event.SEND_HEADERS, stream.id);
      if (endStream) ended(stream);
    } finally {
      lock.unlock();
    }
    output.headers(stream.id, fields, endStream);
    if (flush || endStream) output.flush();
  }

  /**
   * Ends the response with {@code trailers} as a last HEADERS frame with END_STREAM (RFC 9113
   * section 8.1), or with an empty DATA frame when there are none.
   *
   * @throws IllegalArgumentException when a trailer may not be sent as one (RFC 9110 section 6.5.1)
   */
  void sendTrailers(H2ServerStream stream, Headers trailers) throws IOException {
    if (trailers.isEmpty()) {
      sendData(stream, new byte[0], 0, 0, true);
      return;
    }
    List<HeaderField> fields = new ArrayList<>(trailers.size());
    for (int i = 0, n = trailers.size(); i < n; i++) {
      if (!FieldSyntax.allowedInTrailers(trailers.name(i))) {
        throw new IllegalArgumentException(trailers.name(i) + " is not allowed in trailers");
      }
    }
    H2Fields.trailers(trailers, (n, v) -> fields.add(new HeaderField(n, v)));
    lock.lock();
    try {
      if (stream.reset || dead) throw new IOException("stream " + stream.id + " was reset");
      stream.state = stream.state.on(StreamState.Event.SEND_HEADERS, stream.id);
      ended(stream);
    } finally {
      lock.unlock();
    }
    output.headers(stream.id, fields, true);
    output.flush();
  }

  /** The caller holds the lock: we sent END_STREAM. */
  private void ended(H2ServerStream stream) {
    stream.state = stream.state.on(StreamState.Event.SEND_END_STREAM, stream.id);
    stream.responded = true;
    if (stream.state == StreamState.CLOSED) retire(stream, H2StreamTable.Closed.ENDED);
  }

  /**
   * Sends {@code len} bytes as DATA, waiting for flow-control credit (section 6.9) at most the
   * write timeout at a time; END_STREAM with the last frame when {@code end}. What was appended
   * is sent before any wait and at the end.
   */
  void sendData(H2ServerStream stream, byte[] b, int off, int len, boolean end) throws IOException {
    do {
      int n = reserve(stream, len, end);
      if (n < 0) {
        // The client kept the window shut for the whole write timeout (slow read): give up.
        resetStream(stream.id, ErrorCode.CANCEL);
        throw new SocketTimeoutException("no flow-control credit for stream " + stream.id);
      }
      output.data(stream.id, b, off, n, end && n == len);
      stream.bytesSent += n;
      output.flushIfFull();
      off += n;
      len -= n;
    } while (len > 0);
    output.flush();
  }

  /**
   * Takes credit for up to {@code len} bytes from both windows, waiting for it at most the write
   * timeout (the frames appended so far are sent first, so the client can answer them).
   *
   * @return the bytes granted, 0 for an empty frame, or -1 when no credit came in time
   */
  private int reserve(H2ServerStream stream, int len, boolean end) throws IOException {
    long left = TimeUnit.MILLISECONDS.toNanos(config.writeTimeoutMillis());
    boolean flushed = false;
    lock.lock();
    try {
      int n;
      while (true) {
        if (stream.reset || dead) throw new IOException("stream " + stream.id + " was reset");
        if (len == 0) {
          n = 0;
          break;
        }
        long available = Math.min(stream.send.available(), sendWindow.available());
        if (available > 0) {
          n = (int) Math.min(Math.min(len, output.maxFrameSize()), available);
          stream.send.take(n);
          sendWindow.take(n);
          break;
        }
        if (left <= 0) return -1;
        if (!flushed) {
          // Never wait for the client with our frames unsent, and never write under this lock.
          lock.unlock();
          try {
            output.flush();
          } finally {
            lock.lock();
          }
          flushed = true;
          continue;
        }
        left = credit.awaitNanos(left);
      }
      stream.state = stream.state.on(StreamState.Event.SEND_DATA, stream.id);
      if (end && n == len) ended(stream);
      return n;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting for flow-control credit");
    } finally {
      lock.unlock();
    }
  }

  /** The handler of {@code stream} is done: reset it if the client is still sending (section 8.1). */
  void finished(H2ServerStream stream) {
    boolean stillOpen;
    lock.lock();
    try {
      stillOpen = streams.get(stream.id) == stream;
      if (stillOpen) {
        if (stream.state == StreamState.HALF_CLOSED_LOCAL || !stream.responded) {
          stream.state = StreamState.CLOSED;
          retire(stream, H2StreamTable.Closed.WE_RESET);
        } else {
          stillOpen = false;
        }
      }
    } finally {
      lock.unlock();
    }
    if (stillOpen) {
      output.rstStream(stream.id, stream.responded ? ErrorCode.NO_ERROR : ErrorCode.INTERNAL_ERROR);
      try {
        output.flush();
      } catch (IOException e) {
        // lost
      }
    }
    if (closeWhenIdle && goAwaySent && activeStreams() == 0) {
      // The last stream of a draining connection: end the reader's wait.
      closeSocket();
    }
  }

  /**
   * One access-log line, as the HTTP/1.1 path writes it: the client (a trusted proxy's word when
   * it gave one, else the peer), the request as an HTTP/2 request line, the status, and the body
   * bytes sent as DATA.
   */
  void log(java.net.InetAddress client, H2RequestHead head, int status, long bytes) {
    AccessLog accessLog = config.accessLog();
    if (accessLog.enabled()) {
      accessLog.log(client != null ? client : remote.getAddress(), null, config.clock().instant(),
          head.method() + " " + head.target() + " HTTP/2.0", status, bytes);
    }
  }

  // ---- ending

  /**
   * Graceful shutdown (the server stops): GOAWAY NO_ERROR with the last stream we accepted;
   * streams in flight finish, then the connection closes. Idempotent.
   */
  void shutdown() {
    if (closeWhenIdle) {
      // Called again while the server waits: close once the GOAWAY is out and the streams are done.
      if (goAwaySent && activeStreams() == 0) closeSocket();
      return;
    }
    closeWhenIdle = true;
    boolean first = !goingAway;
    goingAway = true;
    if (first) output.goAway(ids.last(), ErrorCode.NO_ERROR, "server stopping");
    // Not on the caller's thread: the server's stop() must not wait for a client that does not read.
    Thread.ofVirtual().name("courier-h2-goaway-" + remote.getPort()).start(() -> {
      try {
        output.flushAndWait();
      } catch (IOException e) {
        // lost
      }
      goAwaySent = true;
      if (activeStreams() == 0) closeSocket();
    });
  }

  /** GOAWAY with {@code code}, sent before this returns; the reader thread's. */
  private void goAway(ErrorCode code, String debug) {
    goingAway = true;
    output.goAway(ids.last(), code, debug.length() > 200 ? debug.substring(0, 200) : debug);
    try {
      output.flushAndWait();
    } catch (IOException e) {
      // lost
    }
  }

  /**
   * After a GOAWAY for an error, the client may still be sending: closing now, with its bytes
   * unread, would make TCP reset the connection and the client could lose the GOAWAY. Stop
   * writing, read away what comes for a moment, then close.
   */
  private void lingerAfterGoAway() {
    try {
      socket.shutdownOutput();
      socket.setSoTimeout(1000);
      byte[] sink = new byte[8192];
      long total = 0;
      while (total < (1 << 20)) {
        int n = in.read(sink);
        if (n < 0) break;
        total += n;
      }
    } catch (IOException e) {
      // closed, reset or timed out: close anyway
    }
  }

  private void closeSocket() {
    try {
      output.flushAndWait(); // the last stream's frames, which another thread may be writing
    } catch (IOException e) {
      // lost
    }
    dead = true;
    try {
      socket.shutdownOutput();
    } catch (IOException e) {
      // closing anyway
    }
    HttpServer.closeQuietly(socket);
  }

  private void failAll(IOException cause) {
    List<H2ServerStream> all;
    lock.lock();
    try {
      all = streams.streams();
      credit.signalAll();
    } finally {
      lock.unlock();
    }
    for (H2ServerStream s : all) {
      s.reset = true;
      s.failBody(cause);
    }
  }
}

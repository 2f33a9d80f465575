package dev.courier.client;

import dev.courier.error.ConnectionException;
import dev.courier.error.CourierException;
import dev.courier.error.HttpProtocolException;
import dev.courier.error.RemoteDisconnectedException;
import dev.courier.error.ReadTimeoutException;
import dev.courier.http.FieldSyntax;
import dev.courier.http.Headers;
import dev.courier.http.Url;
import dev.courier.http.h2.ErrorCode;
import dev.courier.http.h2.FieldValidator;
import dev.courier.http.h2.FlowWindow;
import dev.courier.http.h2.Frame;
import dev.courier.http.h2.FrameReader;
import dev.courier.http.h2.FrameWriter;
import dev.courier.http.h2.H2Exception;
import dev.courier.http.h2.H2Fields;
import dev.courier.http.h2.H2ResponseHead;
import dev.courier.http.h2.HeaderField;
import dev.courier.http.h2.HpackDecoder;
import dev.courier.http.h2.HpackEncoder;
import dev.courier.http.h2.InboundWindow;
import dev.courier.http.h2.Settings;
import dev.courier.http.h2.SettingsParameter;
import dev.courier.internal.BodyQueue;
import dev.courier.net.Connection;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One HTTP/2 connection of the client (RFC 9113), the low-level API beside {@link HttpConnection}:
 * many requests at once, each on its own stream, over one {@link Connection} that negotiated
 * {@code h2} with ALPN, or a plaintext one for h2c with prior knowledge (section 3.3).
 *
 * <p>Theory of operation. {@link #open} sends the preface and our SETTINGS and starts a reader on
 * a virtual thread; {@link #send} opens a stream, writes HEADERS and the body (waiting for flow
 * control credit), and waits for the response head; the body is read as DATA arrives, and the
 * credit goes back as it is read. Frames leave under one write lock (HPACK blocks in the order
 * they were encoded). A request the server never processed (refused with REFUSED_STREAM, or above
 * a GOAWAY's last-stream-id) fails with {@code mayHaveReachedServer() == false}: safe to retry on
 * another connection. After GOAWAY no new stream is opened ({@link #isUsable()} turns false); the
 * streams the server will still answer finish, and the connection closes when the last one ends.
 *
 * <p>The session's pool ({@code H2Pool}) shares one connection between callers: it reserves a
 * stream slot ({@link #tryReserve()}), then the caller drives its {@link Call}: HEADERS, the body
 * as DATA under flow control, the response head and body, each wait bounded by the caller's own
 * read timeout.
 *
 * <pre>{@code
 * Connection tcp = Transport.system().connect(Endpoint.tcp("127.0.0.1", 8000), ConnectOptions.defaults());
 * try (H2Connection h2 = H2Connection.open(tcp, "http")) {       // h2c with prior knowledge
 *   H2Response r = h2.send("GET", Url.parse("http://127.0.0.1:8000/"), Headers.empty(), null);
 *   System.out.println(r.statusCode() + " " + new String(r.bytes(), UTF_8));
 * }
 * }</pre>
 */
public final class H2Connection implements Closeable {
  private static final int STREAM_WINDOW = 1 << 20;
  private static final int CONNECTION_WINDOW = 4 << 20;
  private static final long FOREVER_MILLIS = Long.MAX_VALUE / 1_000_000;

  private final Connection connection;
  private final String scheme;
  private final OutputStream out;
  private final InputStream in;
  private final Duration timeout;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final FrameWriter frames = new FrameWriter();
  private final HpackEncoder encoder = new HpackEncoder();
  private final HpackDecoder decoder = new HpackDecoder(4096, 256 * 1024);
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<Integer, Stream> streams = new HashMap<>();
  private final FlowWindow sendWindow = FlowWindow.forConnection();
  private final InboundWindow receiveWindow = InboundWindow.forConnection(CONNECTION_WINDOW);
  private final CompletableFuture<Void> peerSettings = new CompletableFuture<>();
  private Settings peer = Settings.DEFAULTS;
  private int nextStreamId = 1;
  private int opening; // slots reserved by callers that have not yet taken a stream identifier
  private int reservations; // slots ever reserved: a connection that served a request is "reused"
  private long idleSinceNanos = System.nanoTime(); // when the last stream ended
  private int lastStreamId = Integer.MAX_VALUE; // from the server's GOAWAY
  private volatile boolean goingAway;
  private volatile boolean closed;
  private volatile Runnable onChange = () -> {};

  /** The state of one request; guarded by the connection's lock. */
  private static final class Stream {
    final int id;
    final FlowWindow send;
    final InboundWindow receive;
    final long readTimeoutMillis;
    final Url url; // named in failures
    final CompletableFuture<H2ResponseHead> head = new CompletableFuture<>();
    BodyQueue body;
    boolean ended;
    boolean discardBody; // the server answered and closed its side: what is left of our body is not wanted
    RuntimeException failure; // why the stream ended early
    volatile Headers trailers = Headers.empty(); // set before the body ends

    Stream(int id, int peerWindow, long readTimeoutMillis, Url url) {
      this.id = id;
      this.url = url;
      this.send = FlowWindow.forStream(id, peerWindow);
      this.receive = InboundWindow.forStream(id, STREAM_WINDOW);
      this.readTimeoutMillis = readTimeoutMillis;
    }
  }

  private H2Connection(Connection connection, String scheme, Duration timeout) throws IOException {
    this.connection = connection;
    this.scheme = scheme;
    this.out = connection.output();
    this.in = connection.input();
    this.timeout = timeout;
  }

  /**
   * Starts HTTP/2 on {@code connection}: {@code scheme} is {@code https} after ALPN chose
   * {@code h2}, {@code http} for h2c with prior knowledge. Reads wait at most 30 s for a response head.
   */
  public static H2Connection open(Connection connection, String scheme) {
    return open(connection, scheme, Duration.ofSeconds(30));
  }

  /** As {@link #open(Connection, String)}, with {@code timeout} for each response head and body read. */
  public static H2Connection open(Connection connection, String scheme, Duration timeout) {
    try {
      H2Connection h2 = new H2Connection(connection, scheme, timeout);
      connection.readTimeout(Duration.ZERO); // the reader waits for frames as long as the connection lives
      h2.start();
      return h2;
    } catch (IOException e) {
      try {
        connection.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new ConnectionException("cannot start HTTP/2: " + e.getMessage(), "", true, e);
    }
  }

  private void start() throws IOException {
    writeLock.lock();
    try {
      frames.writePreface();
      frames.writeSettings(Settings.DEFAULTS
          .with(SettingsParameter.ENABLE_PUSH, 0)
          .with(SettingsParameter.INITIAL_WINDOW_SIZE, STREAM_WINDOW));
      frames.writeWindowUpdate(0, receiveWindow.initialUpdate());
      flush();
    } finally {
      writeLock.unlock();
    }
    Thread.ofVirtual().name("courier-h2-reader").start(this::readLoop);
  }

  /** Whether new requests may go on this connection (open, and no GOAWAY received). */
  public boolean isUsable() {
    return !closed && !goingAway;
  }

  /** How many more streams the server allows at once now (SETTINGS_MAX_CONCURRENT_STREAMS). */
  public int availableStreams() {
    lock.lock();
    try {
      if (!isUsable()) return 0;
      long max = peer.maxConcurrentStreams();
      return (int) Math.max(0, Math.min(Integer.MAX_VALUE, max - streams.size() - opening));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sends a request and waits for its response head. {@code body} may be null; {@code headers}
   * are sent with lower-case names, connection-specific fields left out.
   *
   * @throws RemoteDisconnectedException with {@code mayHaveReachedServer() == false} when the
   *     server refused the stream or went away before processing it: safe to retry elsewhere
   */
  public H2Response send(String method, Url url, Headers headers, byte[] body) {
    lock.lock();
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (isUsable() && streams.size() + opening >= peer.maxConcurrentStreams()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) throw new ReadTimeoutException(url.toString(), timeout, null);
        changed.awaitNanos(left);
      }
      if (!isUsable()) throw notProcessed(url, "the connection is going away");
      opening++; // a slot is ours; the stream identifier comes with the HEADERS write below
      reservations++;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectionException("interrupted", url.toString(), false, e);
    } finally {
      lock.unlock();
    }
    boolean hasBody = body != null && body.length > 0;
    Headers sent = hasBody && !headers.contains("content-length")
        ? headers.newBuilder().add("content-length", Integer.toString(body.length)).build() : headers;
    Call call = start(method, url, sent, !hasBody, timeout);
    try {
      if (hasBody) {
        call.write(body, 0, body.length);
        call.finish();
      }
      H2ResponseHead head = call.awaitHead();
      return new H2Response(head.status(), head.headers(), call.body(), call::trailers, call::cancel);
    } catch (RuntimeException e) {
      call.cancel();
      throw e;
    }
  }

  // ---- for the pool: slots, calls, idleness

  /** Told (on no lock) whenever a stream ends, the server's settings change, or the connection goes away. */
  void onChange(Runnable listener) {
    onChange = listener;
  }

  /**
   * Waits for the server's first SETTINGS (RFC 9113 section 3.4: the first frame it sends), so its
   * stream limit is known before the connection is shared; false when it did not come in time.
   */
  boolean awaitPeerSettings(Duration wait) {
    try {
      if (wait.isZero()) peerSettings.get();
      else peerSettings.get(wait.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException | ExecutionException | CancellationException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Takes a stream slot if the server's SETTINGS_MAX_CONCURRENT_STREAMS leaves one: -1 when not,
   * else how many slots were taken before this one (0: the connection's first request).
   */
  int tryReserve() {
    lock.lock();
    try {
      if (!isUsable() || streams.size() + opening >= peer.maxConcurrentStreams()) return -1;
      opening++;
      return reservations++;
    } finally {
      lock.unlock();
    }
  }

  /** Gives back a slot taken with {@link #tryReserve()} that will not be used. */
  void unreserve() {
    lock.lock();
    try {
      opening--;
      if (streams.isEmpty() && opening == 0) idleSinceNanos = System.nanoTime();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    afterStreamEnd();
  }

  /** Streams open or reserved now. */
  int activeStreams() {
    lock.lock();
    try {
      return streams.size() + opening;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes no more streams if none is open or reserved and none has been for {@code idleNanos}:
   * true when retired (the caller then {@link #shutdown()}s it).
   */
  boolean retireIfIdle(long nowNanos, long idleNanos) {
    lock.lock();
    try {
      if (!streams.isEmpty() || opening > 0 || nowNanos - idleSinceNanos < idleNanos) return false;
      goingAway = true; // no reservation can be taken from now on
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Takes no new stream and closes (with GOAWAY) when the streams in flight have ended. */
  void drainAndClose() {
    boolean drained;
    lock.lock();
    try {
      goingAway = true;
      drained = streams.isEmpty() && opening == 0;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (drained) shutdown();
  }

  /** Says goodbye with GOAWAY (NO_ERROR, RFC 9113 section 6.8) and closes; streams in flight fail. */
  void shutdown() {
    if (!closed) writeQuietly(w -> w.writeGoAway(lastProcessed(), ErrorCode.NO_ERROR, ""));
    close();
  }

  /**
   * Opens a stream on a slot reserved before and writes its HEADERS ({@code endStream}: no body
   * follows). Reads of this call wait at most {@code readTimeout} (zero: no limit).
   *
   * @throws RemoteDisconnectedException ({@code mayHaveReachedServer() == false}) when the
   *     connection went away meanwhile; {@link ConnectionException} when writing failed
   */
  Call start(String method, Url url, Headers headers, boolean endStream, Duration readTimeout) {
    String path = url.path().isEmpty() ? "/" : url.path();
    if (url.query().isPresent()) path += "?" + url.query().get();
    // RFC 9113 section 8.3.1: :authority carries what Host would; the Host field itself is not sent.
    String authority = headers.contains("host") ? ""
        : url.host() + (url.port() == (scheme.equals("https") ? 443 : 80) ? "" : ":" + url.port());
    List<HeaderField> fields = new ArrayList<>(headers.size() + 4);
    try {
      H2Fields.request(method, scheme, authority, path, headers, (n, v) -> fields.add(new HeaderField(n, v)));
    } catch (RuntimeException e) {
      unreserve();
      throw e;
    }
    long readMillis = readTimeout.isZero() ? FOREVER_MILLIS : Math.max(1, readTimeout.toMillis());
    Stream stream;
    writeLock.lock();
    try {
      // RFC 9113 section 5.1.1: a new stream's identifier must be larger than every one opened
      // before it, so the identifier is taken under the lock that orders every frame written:
      // two callers can never send their HEADERS in the opposite order of their identifiers.
      stream = openStream(url, readMillis);
      byte[] block = encoder.encode(fields);
      frames.writeHeaders(stream.id, block, 0, block.length, endStream);
      flush();
    } catch (IOException e) {
      close();
      throw Failures.translate(e, Failures.Phase.SEND_REQUEST, url.toString(), readTimeout);
    } finally {
      writeLock.unlock();
    }
    return new Call(stream, url, readTimeout);
  }

  /** One request on its stream, driven by the caller's thread. */
  final class Call {
    private final Stream stream;
    private final Url url;
    private final Duration readTimeout;

    private Call(Stream stream, Url url, Duration readTimeout) {
      this.stream = stream;
      this.url = url;
      this.readTimeout = readTimeout;
    }

    /**
     * Sends body bytes as DATA, waiting for flow-control credit at most the read timeout; bytes
     * after the server's complete answer are dropped.
     *
     * @throws CourierException when the stream failed (reset, refused, connection lost)
     */
    void write(byte[] b, int off, int len) {
      sendData(stream, b, off, len, false, url, readTimeout);
    }

    /** Ends the request body (an empty DATA frame with END_STREAM). */
    void finish() {
      sendData(stream, new byte[0], 0, 0, true, url, readTimeout);
    }

    /** Waits for the final response head. */
    H2ResponseHead awaitHead() {
      try {
        return readTimeout.isZero() ? stream.head.get() : stream.head.get(readTimeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        cancel();
        throw new ReadTimeoutException(url.toString(), readTimeout, e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) throw r;
        throw new ConnectionException(String.valueOf(e.getCause().getMessage()), url.toString(), true, e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancel();
        throw new ConnectionException("interrupted", url.toString(), true, e);
      }
    }

    /** The response body as it arrives (after {@link #awaitHead()}). */
    InputStream body() {
      return stream.body;
    }

    /** The trailer fields; complete once {@link #body()} has ended. */
    Headers trailers() {
      return stream.trailers;
    }

    /** Abandons the stream: RST_STREAM CANCEL if still open; waits on it fail with {@code why}. */
    void abort(RuntimeException why) {
      fail(stream, why, new IOException(why.getMessage(), why));
      cancel();
    }

    /** Abandons what is left of the stream: RST_STREAM CANCEL if it is still open. */
    void cancel() {
      H2Connection.this.cancel(stream);
    }
  }

  /** Registers the next stream; the caller holds the write lock and reserved a slot ({@code opening}). */
  private Stream openStream(Url url, long readMillis) {
    lock.lock();
    try {
      opening--;
      if (!isUsable()) {
        changed.signalAll();
        throw notProcessed(url, "the connection is going away");
      }
      Stream stream = new Stream(nextStreamId, peer.initialWindowSize(), readMillis, url);
      nextStreamId += 2;
      streams.put(stream.id, stream);
      return stream;
    } finally {
      lock.unlock();
    }
  }

  private static RemoteDisconnectedException notProcessed(Url url, String why) {
    return new RemoteDisconnectedException("HTTP/2 request not processed: " + why, url == null ? "" : url.toString(),
        false, null);
  }

  private void sendData(Stream stream, byte[] body, int offset, int length, boolean end, Url url, Duration wait) {
    int off = offset;
    int limit = offset + length;
    do {
      int n;
      lock.lock();
      try {
        long left = wait.isZero() ? Long.MAX_VALUE : wait.toNanos();
        while (true) {
          if (stream.failure != null) throw stream.failure;
          if (stream.discardBody) return; // the answer is complete: the server does not want the rest
          if (closed) throw new ConnectionException("the HTTP/2 connection closed", url.toString(), true, null);
          if (off == limit) {
            n = 0;
            break;
          }
          long available = Math.min(stream.send.available(), sendWindow.available());
          if (available > 0) {
            n = (int) Math.min(Math.min(limit - off, frames.maxFrameSize()), available);
            stream.send.take(n);
            sendWindow.take(n);
            break;
          }
          if (left <= 0) throw new ReadTimeoutException(url.toString(), wait, null);
          left = changed.awaitNanos(left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConnectionException("interrupted", url.toString(), true, e);
      } finally {
        lock.unlock();
      }
      writeLock.lock();
      try {
        frames.writeData(stream.id, body, off, n, end && off + n == limit);
        flush();
      } catch (IOException e) {
        close();
        throw Failures.translate(e, Failures.Phase.SEND_REQUEST, url.toString(), wait);
      } finally {
        writeLock.unlock();
      }
      off += n;
    } while (off < limit);
  }

  private void cancel(Stream stream) {
    reset(stream, ErrorCode.CANCEL);
  }

  /** Ends {@code stream} with RST_STREAM {@code code} if it is still open. */
  private void reset(Stream stream, ErrorCode code) {
    boolean open;
    lock.lock();
    try {
      open = streams.remove(stream.id) != null;
      if (open) streamGoneLocked();
    } finally {
      lock.unlock();
    }
    if (open) {
      if (!closed) writeQuietly(w -> w.writeRstStream(stream.id, code));
      stream.head.completeExceptionally(new ConnectionException("HTTP/2 stream " + stream.id + " cancelled", stream.url.toString(), true, null));
      afterStreamEnd();
    }
  }

  /** A stream left the map (under the lock): wake waiters, note when the connection went idle. */
  private void streamGoneLocked() {
    if (streams.isEmpty() && opening == 0) idleSinceNanos = System.nanoTime();
    changed.signalAll();
  }

  /** After a stream ended (no lock held): a draining connection closes with its last stream; the pool hears. */
  private void afterStreamEnd() {
    boolean drained;
    lock.lock();
    try {
      drained = goingAway && !closed && streams.isEmpty() && opening == 0;
    } finally {
      lock.unlock();
    }
    if (drained) shutdown();
    onChange.run();
  }

  private void fail(Stream stream, RuntimeException headFailure, Exception bodyFailure) {
    lock.lock();
    try {
      if (stream.failure == null) stream.failure = headFailure;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    stream.head.completeExceptionally(headFailure);
    if (stream.body != null) stream.body.fail(bodyFailure);
  }

  /** The body's reader took {@code n} bytes: credit back per the window policy. */
  private void consumed(Stream stream, int n) {
    int forConnection;
    int forStream;
    lock.lock();
    try {
      forConnection = receiveWindow.consumed(n);
      forStream = stream.ended ? 0 : stream.receive.consumed(n);
    } finally {
      lock.unlock();
    }
    if (forConnection > 0 || forStream > 0) {
      writeQuietly(w -> {
        if (forConnection > 0) w.writeWindowUpdate(0, forConnection);
        if (forStream > 0) w.writeWindowUpdate(stream.id, forStream);
      });
    }
  }

  private interface Write {
    void to(FrameWriter w);
  }

  private void writeQuietly(Write write) {
    writeLock.lock();
    try {
      write.to(frames);
      flush();
    } catch (IOException e) {
      close();
    } finally {
      writeLock.unlock();
    }
  }

  private void flush() throws IOException {
    out.write(frames.drain());
    out.flush();
  }

  // ---- the reader

  private void readLoop() {
    FrameReader reader = FrameReader.forClient();
    byte[] buffer = new byte[16 * 1024];
    Frame.Headers blockStart = null;
    ByteArrayOutputStream block = null;
    try {
      while (!closed) {
        Optional<Frame> next;
        while ((next = reader.next()).isPresent()) {
          Frame frame = next.get();
          switch (frame) {
            case Frame.Headers h -> {
              blockStart = h;
              block = new ByteArrayOutputStream();
              block.write(h.fragment(), 0, h.fragment().length);
              if (h.endHeaders()) onHeaders(h, block.toByteArray());
            }
            case Frame.Continuation c -> {
              block.write(c.fragment(), 0, c.fragment().length);
              if (c.endHeaders()) onHeaders(blockStart, block.toByteArray());
            }
            case Frame.Data d -> onData(d);
            case Frame.Settings s -> onSettings(s);
            case Frame.Ping p -> {
              if (!p.ack()) writeQuietly(w -> w.writePingAck(p.opaqueData()));
            }
            case Frame.WindowUpdate w -> onWindowUpdate(w);
            case Frame.RstStream r -> onReset(r);
            case Frame.GoAway g -> onGoAway(g);
            case Frame.PushPromise p ->
                throw H2Exception.connectionError(ErrorCode.PROTOCOL_ERROR, "PUSH_PROMISE though push is disabled");
            case Frame.Priority p -> {}
            case Frame.Unknown u -> {}
          }
        }
        int n = in.read(buffer);
        if (n < 0) break;
        reader.feed(buffer, 0, n);
      }
    } catch (H2Exception e) {
      if (e.isConnectionError()) writeQuietly(w -> w.writeGoAway(lastProcessed(), e.errorCode(), ""));
    } catch (IOException | RuntimeException e) {
      // the connection is lost
    } finally {
      failAll(new IOException("the HTTP/2 connection closed"));
      close();
    }
  }

  private int lastProcessed() {
    return 0; // push is disabled: we never process a stream the server opened
  }

  private Stream stream(int id) {
    lock.lock();
    try {
      return streams.get(id);
    } finally {
      lock.unlock();
    }
  }

  private void onHeaders(Frame.Headers h, byte[] block) {
    List<HeaderField> fields = decoder.decode(block, 0, block.length); // always: the table must follow
    Stream stream = stream(h.streamId());
    if (stream == null) return; // cancelled by us
    if (stream.head.isDone()) {
      onTrailers(stream, h.endStream(), fields);
      return;
    }
    FieldValidator validator = FieldValidator.forResponse(stream.id);
    try {
      for (HeaderField f : fields) validator.add(f.name(), f.value());
      H2ResponseHead head = validator.response();
      if (head.isInformational()) return; // a 1xx is followed by the final head
      stream.body = new BodyQueue(stream.readTimeoutMillis, n -> consumed(stream, n));
      stream.head.complete(head);
      if (h.endStream()) endStream(stream);
    } catch (H2Exception e) {
      malformed(stream, new HttpProtocolException("malformed HTTP/2 response: " + e.getMessage(),
          stream.url.toString(), e));
    }
  }

  /**
   * Trailers (section 8.1: a HEADERS frame with END_STREAM after the body): kept for the body's
   * reader when well formed. Malformed ones (section 8.1.1: pseudo-header fields, upper case,
   * connection-specific fields; or no END_STREAM, section 8.1) fail the response instead of
   * ending it.
   */
  private void onTrailers(Stream stream, boolean endStream, List<HeaderField> fields) {
    FieldValidator validator = FieldValidator.forTrailers(stream.id);
    try {
      if (!endStream) throw H2Exception.streamError(stream.id, ErrorCode.PROTOCOL_ERROR, "trailers without END_STREAM");
      for (HeaderField f : fields) validator.add(f.name(), f.value());
      stream.trailers = FieldSyntax.allowedTrailers(validator.trailers());
    } catch (H2Exception e) {
      malformed(stream, new HttpProtocolException("malformed HTTP/2 trailers: " + e.getMessage(),
          stream.url.toString(), e));
      return;
    }
    endStream(stream);
  }

  /**
   * Section 8.1.1: a malformed response is a stream error of type PROTOCOL_ERROR: the stream is
   * reset with that code and the caller's waits fail with {@code failure}.
   */
  private void malformed(Stream stream, HttpProtocolException failure) {
    fail(stream, failure, failure);
    reset(stream, ErrorCode.PROTOCOL_ERROR);
  }

  private void endStream(Stream stream) {
    boolean removed;
    lock.lock();
    try {
      stream.ended = true;
      stream.discardBody = true; // section 8.1: the response may end before the request body does
      removed = streams.remove(stream.id) != null;
      streamGoneLocked();
    } finally {
      lock.unlock();
    }
    if (stream.body != null) stream.body.end();
    if (removed) afterStreamEnd();
  }

  private void onData(Frame.Data d) {
    int returnNow;
    Stream stream;
    lock.lock();
    try {
      receiveWindow.received(d.flowControlledLength());
      stream = streams.get(d.streamId());
      if (stream == null || stream.body == null) {
        returnNow = receiveWindow.consumed(d.flowControlledLength()); // cancelled: give it back
      } else {
        stream.receive.received(d.flowControlledLength());
        returnNow = d.padding() > 0 ? receiveWindow.consumed(d.padding()) : 0;
      }
    } finally {
      lock.unlock();
    }
    if (returnNow > 0) writeQuietly(w -> w.writeWindowUpdate(0, returnNow));
    if (stream == null || stream.body == null) return;
    stream.body.offer(d.data());
    if (d.endStream()) endStream(stream);
  }

  private void onSettings(Frame.Settings s) {
    if (s.ack()) return;
    lock.lock();
    try {
      Settings before = peer;
      peer = peer.apply(s.settings());
      long delta = (long) peer.initialWindowSize() - before.initialWindowSize();
      for (Stream stream : streams.values()) stream.send.adjust(delta);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    writeQuietly(w -> {
      if (s.settings().isSet(SettingsParameter.MAX_FRAME_SIZE)) w.maxFrameSize(peer.maxFrameSize());
      if (s.settings().isSet(SettingsParameter.HEADER_TABLE_SIZE)) encoder.peerMaxTableSize(peer.headerTableSize());
      w.writeSettingsAck();
    });
    peerSettings.complete(null);
    onChange.run();
  }

  private void onWindowUpdate(Frame.WindowUpdate w) {
    lock.lock();
    try {
      if (w.streamId() == 0) {
        sendWindow.increase(w.increment());
      } else {
        Stream stream = streams.get(w.streamId());
        if (stream != null) stream.send.increase(w.increment());
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void onReset(Frame.RstStream r) {
    Stream stream;
    lock.lock();
    try {
      stream = streams.remove(r.streamId());
      if (stream != null) streamGoneLocked();
    } finally {
      lock.unlock();
    }
    if (stream == null) return;
    if (r.error() == ErrorCode.NO_ERROR && stream.head.isDone() && !stream.head.isCompletedExceptionally()) {
      // Section 8.1: a complete response, then NO_ERROR: stop sending the request body.
      lock.lock();
      try {
        stream.discardBody = true;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    } else {
      // Section 8.7: REFUSED_STREAM means the server did nothing with the request.
      RuntimeException failure = r.error() == ErrorCode.REFUSED_STREAM
          ? notProcessed(stream.url, "stream " + r.streamId() + " refused")
          : new dev.courier.error.ConnectionResetException("HTTP/2 stream " + r.streamId() + " reset by the server: "
              + r.error(), stream.url.toString(), true, null);
      fail(stream, failure, new IOException("HTTP/2 stream reset: " + r.error()));
    }
    afterStreamEnd();
  }

  private void onGoAway(Frame.GoAway g) {
    List<Stream> unprocessed = new ArrayList<>();
    lock.lock();
    try {
      goingAway = true;
      lastStreamId = g.lastStreamId();
      for (Stream s : streams.values()) if (s.id > lastStreamId) unprocessed.add(s);
      for (Stream s : unprocessed) streams.remove(s.id);
      streamGoneLocked();
    } finally {
      lock.unlock();
    }
    // Section 6.8: streams above last-stream-id were never processed: safe to send again.
    for (Stream s : unprocessed) {
      fail(s, notProcessed(s.url, "GOAWAY with last stream " + g.lastStreamId()),
          new IOException("HTTP/2 GOAWAY before the stream was processed"));
    }
    afterStreamEnd();
  }

  private void failAll(IOException cause) {
    List<Stream> all;
    lock.lock();
    try {
      all = new ArrayList<>(streams.values());
      streams.clear();
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    peerSettings.completeExceptionally(cause);
    for (Stream s : all) {
      fail(s, new RemoteDisconnectedException("the HTTP/2 connection closed", s.url.toString(), true, cause), cause);
    }
    onChange.run();
  }

  /** Closes the connection; streams in flight fail. */
  @Override
  public void close() {
    if (closed && !connection.isOpen()) return;
    closed = true;
    try {
      connection.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public String toString() {
    return "H2Connection[" + connection + (goingAway ? ", going away" : "") + (closed ? ", closed" : "") + "]";
  }
}

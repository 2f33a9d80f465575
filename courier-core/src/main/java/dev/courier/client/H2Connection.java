package dev.courier.client;

import dev.courier.error.ConnectionException;
import dev.courier.error.HttpProtocolException;
import dev.courier.error.RemoteDisconnectedException;
import dev.courier.http.Headers;
import dev.courier.http.Url;
import dev.courier.http.h2.ErrorCode;
import dev.courier.http.h2.H2Fields;
import dev.courier.http.h2.H2ResponseHead;
import dev.courier.http.h2.HeaderField;
import dev.courier.http.h2.Settings;
import dev.courier.http.h2.SettingsParameter;
import dev.courier.net.Connection;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One HTTP/2 connection of the client (RFC 9113), the low-level API beside {@link HttpConnection}:
 * many requests at once, each on its own stream, over one {@link Connection} that negotiated
 * {@code h2} with ALPN, or a plaintext one for h2c with prior knowledge (section 3.3).
 *
 * <p>Theory of operation. {@link #open} sends the preface and our SETTINGS and starts a reader on
 * a virtual thread ({@code H2ClientReader}); {@link #send} opens a stream, writes HEADERS and the
 * body (waiting for flow control credit), and waits for the response head; the body is read as
 * DATA arrives, and the credit goes back as it is read. Frames leave under one write lock
 * ({@code H2ClientWriter}: HPACK blocks in the order they were encoded); the streams, their slots
 * and the windows live under another ({@code H2ClientStreams}), never held while writing. This
 * class holds them together and ends streams: each ending wakes the pool and may close a
 * draining connection. A request the server never processed (refused with REFUSED_STREAM, or above
 * a GOAWAY's last-stream-id) fails with {@code mayHaveReachedServer() == false}: safe to retry on
 * another connection. After GOAWAY no new stream is opened ({@link #isUsable()} turns false); the
 * streams the server will still answer finish, and the connection closes when the last one ends.
 *
 * <p>The session's pool ({@code H2Pool}) shares one connection between callers: it reserves a
 * stream slot ({@link #tryReserve()}), then the caller drives its {@code H2Call}: HEADERS, the body
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
  private static final long FOREVER_MILLIS = Long.MAX_VALUE / 1_000_000;

  private final Connection connection;
  private final String scheme;
  private final Duration timeout;
  private final H2ClientWriter writer;
  private final H2ClientStreams streams;
  private final CompletableFuture<Void> peerSettings = new CompletableFuture<>();
  private volatile Runnable onChange = () -> {};

  private H2Connection(Connection connection, String scheme, Duration timeout) throws IOException {
    this.connection = connection;
    this.scheme = scheme;
    this.timeout = timeout;
    this.writer = new H2ClientWriter(connection.output(), this::close, scheme.equals("https"));
    this.streams = new H2ClientStreams(writer);
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
    writer.preface(Settings.DEFAULTS
        .with(SettingsParameter.ENABLE_PUSH, 0)
        .with(SettingsParameter.INITIAL_WINDOW_SIZE, H2ClientStreams.STREAM_WINDOW), streams.initialConnectionUpdate());
    H2ClientReader reader = new H2ClientReader(this, streams, writer, connection);
    // The reader is the kind of thread that opened the connection. From a platform thread (a
    // program's main thread, say) it is a platform daemon thread, as OkHttp's reader: a virtual
    // thread that waits on a socket starts the JDK's poller, which sits in native code for the
    // rest of the run, and at exit HotSpot waits up to 300 ms for threads in native code, so a
    // program that made one HTTP/2 request took 0.3 s longer to end. From a virtual thread it is
    // virtual: waking virtual callers from a carrier costs less (a platform reader cost about 10%
    // more CPU per request with 64 virtual callers on one connection), and such a program uses
    // the poller already. Either ends when the connection closes.
    Thread.Builder kind = Thread.currentThread().isVirtual() ? Thread.ofVirtual() : Thread.ofPlatform().daemon();
    kind.name("courier-h2-reader").start(reader);
  }

  /** Whether new requests may go on this connection (open, and no GOAWAY received). */
  public boolean isUsable() {
    return streams.isUsable();
  }

  /** How many more streams the server allows at once now (SETTINGS_MAX_CONCURRENT_STREAMS). */
  public int availableStreams() {
    return streams.available();
  }

  /**
   * Sends a request and waits for its response head. {@code body} may be null; {@code headers}
   * are sent with lower-case names, connection-specific fields left out.
   *
   * @throws RemoteDisconnectedException with {@code mayHaveReachedServer() == false} when the
   *     server refused the stream or went away before processing it: safe to retry elsewhere
   */
  public H2Response send(String method, Url url, Headers headers, byte[] body) {
    streams.awaitSlot(url, timeout);
    boolean hasBody = body != null && body.length > 0;
    Headers sent = hasBody && !headers.contains("content-length")
        ? headers.newBuilder().add("content-length", Integer.toString(body.length)).build() : headers;
    H2Call call = start(method, url, sent, !hasBody, timeout);
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
   * Runs {@code action} with true as the server's first SETTINGS arrive, on the reader thread and
   * so before it reads the frames after them (a response among them); with false when the
   * connection is lost first or they do not come in {@code wait}.
   */
  void whenPeerSettings(Duration wait, Consumer<Boolean> action) {
    peerSettings.orTimeout(wait.toNanos(), TimeUnit.NANOSECONDS)
        .whenComplete((ignored, failure) -> action.accept(failure == null));
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
    return streams.tryReserve();
  }

  /** Gives back a slot taken with {@link #tryReserve()} that will not be used. */
  void unreserve() {
    streams.unreserve();
    afterStreamEnd();
  }

  /** Streams open or reserved now. */
  int activeStreams() {
    return streams.active();
  }

  /**
   * Takes no more streams if none is open or reserved and none has been for {@code idleNanos}:
   * true when retired (the caller then {@link #shutdown()}s it).
   */
  boolean retireIfIdle(long nowNanos, long idleNanos) {
    return streams.retireIfIdle(nowNanos, idleNanos);
  }

  /** Takes no new stream and closes (with GOAWAY) when the streams in flight have ended. */
  void drainAndClose() {
    if (streams.drain()) shutdown();
  }

  /** Says goodbye with GOAWAY (NO_ERROR, RFC 9113 section 6.8) and closes; streams in flight fail. */
  void shutdown() {
    if (!streams.isClosed()) writer.goAway(ErrorCode.NO_ERROR);
    close();
  }

  /**
   * Opens a stream on a slot reserved before and writes its HEADERS ({@code endStream}: no body
   * follows). Reads of this call wait at most {@code readTimeout} (zero: no limit).
   *
   * @throws RemoteDisconnectedException ({@code mayHaveReachedServer() == false}) when the
   *     connection went away meanwhile; {@link ConnectionException} when writing failed
   */
  H2Call start(String method, Url url, Headers headers, boolean endStream, Duration readTimeout) {
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
    H2ClientStream stream;
    try {
      stream = writer.headers(() -> streams.open(url, readMillis), fields, endStream);
    } catch (IOException e) {
      close();
      throw Failures.translate(e, Failures.Phase.SEND_REQUEST, url.toString(), readTimeout);
    }
    return new H2Call(this, streams, writer, stream, readTimeout);
  }

  // ---- how streams end (the reader's and the calls')

  /** Abandons {@code stream}: RST_STREAM CANCEL if it is still open. */
  void cancel(H2ClientStream stream) {
    reset(stream, ErrorCode.CANCEL);
  }

  /**
   * A stream error (RFC 9113 section 5.4.2; a malformed response is one of type PROTOCOL_ERROR,
   * section 8.1.1): the stream is reset with {@code code} and the caller's waits fail with
   * {@code failure}. The reset goes out before the caller hears: a caller woken first would
   * abandon the stream itself, and the server would read CANCEL instead of {@code code}.
   */
  void reset(H2ClientStream stream, ErrorCode code, HttpProtocolException failure) {
    boolean open = streams.remove(stream.id()) != null;
    if (open && !streams.isClosed()) writer.rstStream(stream.id(), code);
    fail(stream, failure, failure);
    if (open) afterStreamEnd();
  }

  /** Ends {@code stream} with RST_STREAM {@code code} if it is still open. */
  private void reset(H2ClientStream stream, ErrorCode code) {
    if (streams.remove(stream.id()) == null) return;
    if (!streams.isClosed()) writer.rstStream(stream.id(), code);
    stream.head().completeExceptionally(new ConnectionException("HTTP/2 stream " + stream.id() + " cancelled",
        stream.url().toString(), true, null));
    afterStreamEnd();
  }

  /** The server ended the stream (END_STREAM): its body ends. */
  void ended(H2ClientStream stream) {
    boolean removed = streams.ended(stream);
    if (stream.body() != null) stream.body().end();
    if (removed) afterStreamEnd();
  }

  /** {@code stream} ended early: its head and body waits fail. */
  void fail(H2ClientStream stream, RuntimeException headFailure, Exception bodyFailure) {
    streams.fail(stream, headFailure);
    stream.head().completeExceptionally(headFailure);
    if (stream.body() != null) stream.body().fail(bodyFailure);
  }

  /** After a stream ended (no lock held): a draining connection closes with its last stream; the pool hears. */
  void afterStreamEnd() {
    if (streams.drained()) shutdown();
    onChange.run();
  }

  /** The reader saw the server's SETTINGS: the pool may share the connection now. */
  void peerSettingsArrived() {
    peerSettings.complete(null);
    onChange.run();
  }

  /** The reader ended: every stream still open fails with {@code cause}, and the connection closes. */
  void lost(IOException cause) {
    List<H2ClientStream> all = streams.closeAll();
    peerSettings.completeExceptionally(cause);
    for (H2ClientStream s : all) {
      fail(s, new RemoteDisconnectedException("the HTTP/2 connection closed", s.url().toString(), true, cause), cause);
    }
    onChange.run();
    close();
  }

  /**
   * Gives up on a connection whose server never started HTTP/2 (no SETTINGS in time): each stream
   * fails with a {@link ConnectionException} saying so, then the connection closes.
   */
  void abandonUnsettled(Duration waited) {
    for (H2ClientStream s : streams.closeAll()) {
      ConnectionException e = new ConnectionException("the server chose HTTP/2 by ALPN but sent no SETTINGS frame"
          + " within the connect timeout (" + waited.toMillis() + " ms)", s.url().toString(), true, null);
      fail(s, e, e);
    }
    close();
  }

  /** Closes the connection; streams in flight fail. */
  @Override
  public void close() {
    if (streams.isClosed() && !connection.isOpen()) return;
    streams.markClosed();
    try {
      connection.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public String toString() {
    return "H2Connection[" + connection + (streams.isGoingAway() ? ", going away" : "")
        + (streams.isClosed() ? ", closed" : "") + "]";
  }
}

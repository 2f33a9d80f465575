package dev.courier.server;

import dev.courier.http.wire.Closed;
import dev.courier.http.wire.Http1Parser;
import dev.courier.http.wire.HttpCodecException;
import dev.courier.http.wire.HttpEvent;
import dev.courier.http.wire.NeedMoreData;
import dev.courier.http.wire.RequestHead;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocket;

/**
 * One connection: read a head, build the request, call the handler, finish the request body,
 * write the response; again while the connection persists. On the blocking path (chosen, or HTTP/2
 * over TLS) {@link #run} does it all on the connection's own virtual thread; on the
 * selector-driven path ({@link SelectorPath}, after {@link #park}) the connection waits between
 * requests without a thread. Either way each exchange is a {@link ServerExchange}, and a
 * connection that opens with the HTTP/2 preface ({@link H2cPreface}) or chooses h2 by ALPN becomes
 * an {@link H2ServerConnection}.
 *
 * <p>TLS. The connection's virtual thread shakes hands first ({@link TlsOpening}), on an SSLEngine
 * ({@link TlsChannel}) when the server has read loops: a client that chose h2 by ALPN gets HTTP/2,
 * any other waits for its requests on the selector-driven path like a plaintext connection.
 * Without loops the JDK's TLS socket serves both on this thread.
 *
 * <p>HTTP/2. On a server with read loops an HTTP/2 connection (h2 by ALPN, or h2c after the
 * preface) keeps its channel non-blocking and parks on a loop while no stream is at work ({@link
 * H2LoopPath}); without loops it reads on its own thread for its whole life.
 *
 * <p>Theory of operation. All parsing is the codec's ({@link Http1Parser}); this class only moves
 * bytes and enforces time. Reads carry a deadline computed from the phase ({@link
 * ConnectionDeadlines}, enforced by the server's reaper): the head deadline (total, from the first
 * byte, so trickling bytes cannot extend it), the idle keep-alive timeout between requests, the
 * body timeout while a handler reads.
 *
 * <pre>
 *   IDLE --(a byte of a request arrives)--> ACTIVE --(response sent, waiting again)--> IDLE
 *   IDLE --(shutdown: closeIfIdle)--> CLOSED        any --(forceClose, error, end)--> CLOSED
 * </pre>
 *
 * <p>The selector-driven path uses PARKED_IDLE, PARKED_HEAD and READY instead of IDLE (see
 * {@link SelectorPath}). A shutdown closes IDLE and PARKED_IDLE connections at once and lets
 * ACTIVE ones finish their exchange; the compare-and-set on the state decides the race between a
 * shutdown and a request just arriving.
 *
 * <p>Threads. The state and the deadlines are read and written from any thread (shutdown, reaper,
 * loop). The other mutable fields belong to whoever serves the connection: its own thread on the
 * blocking path; on the selector-driven path {@link #park} sets them before the registration and
 * only the thread running an exchange touches them after, until {@link #serveH2AfterLoop}.
 */
final class ServerConnection implements Runnable {
  /** Where the connection is between requests; see the diagrams above and in {@link SelectorPath}. */
  enum State {
    /** Waiting for a request on its thread: a shutdown may close it at once. */
    IDLE,
    /** Waiting for a request on the {@link ReadyLoop}, without a thread: a shutdown may close it at once. */
    PARKED_IDLE,
    /** Part of a request head received, waiting on the loop for the rest without a thread. */
    PARKED_HEAD,
    /** Reading a request, running the handler or writing the response: a shutdown waits. */
    ACTIVE,
    /** As ACTIVE, and the loop saw the channel ready (and stopped watching it): the thread reads or writes again. */
    READY,
    /** Closed or closing: nothing more is read or written. */
    CLOSED
  }

  private final HttpServer server;
  private final ServerConfig config;
  private final ResponseHeads heads;
  private final SocketChannel channel;
  private final InetSocketAddress remote;
  private final InetSocketAddress local;
  private final long acceptedAt = System.nanoTime();
  private final AtomicReference<State> state = new AtomicReference<>(State.IDLE);
  private final ConnectionDeadlines deadlines;
  /**
   * Made when the connection may speak HTTP/1.1: plaintext at once (it may yet send the h2c
   * preface), TLS once ALPN did not choose h2, so that an HTTP/2 connection over TLS never holds one.
   */
  private Http1Parser parser;
  /**
   * Pipelined requests are read one socket read at a time, and only when the parser has nothing
   * left to give: the parser holds at most this read plus one head (bounded by the codec's
   * limits), and answers wait in {@link SocketOutput}'s buffer and then in blocking
   * writes. A client that pipelines without reading its answers is thereby stopped by TCP flow
   * control, then cut by the write timeout or the minimum write rate. Only the blocking path has
   * one here; the selector-driven path's is {@link SelectorPath}'s, made when a thread first reads.
   */
  private byte[] readBuffer;
  static final int READ_BUFFER_SIZE = 16 * 1024;
  private Socket socket;
  /** TLS driven by an engine on the selector-driven path; null otherwise. Closed by any thread. */
  private volatile TlsChannel tls;
  private InputStream in;
  private SocketOutput out;
  private ServerExchange exchanges;
  /** TLS chose {@code h2} by ALPN: the connection speaks HTTP/2 from the start. */
  private boolean alpnH2;
  /** The HTTP/2 connection this one became, once it did; read by a shutdown. */
  private volatile H2ServerConnection h2;
  /** The selector-driven path, or null on the blocking path (TLS, or chosen) and after an h2c handover. */
  private SelectorPath selector;
  /** HTTP/2's selector-driven path, once an HTTP/2 connection on a server with read loops made one. */
  private volatile H2LoopPath h2Loop;

  /** A connection of {@code server}, which it tells when it closes, with that server's settings. */
  ServerConnection(HttpServer server, ServerConfig config, ResponseHeads heads, SocketChannel channel)
      throws IOException {
    this.server = server;
    this.config = config;
    this.heads = heads;
    this.channel = channel;
    this.remote = (InetSocketAddress) channel.getRemoteAddress();
    this.local = (InetSocketAddress) channel.getLocalAddress();
    if (server.tls() == null) makeParser();
    this.deadlines = new ConnectionDeadlines(config);
  }

  private void makeParser() {
    parser = Http1Parser.forRequests(config.limits());
    parser.borrowBuffersFrom(WorkingBuffers.ARRAYS); // given back between requests on the selector-driven path
  }

  /** The client's address, for the per-address connection cap. */
  java.net.InetAddress peer() {
    return remote.getAddress();
  }

  State state() {
    return state.get();
  }

  boolean moveState(State from, State to) {
    return state.compareAndSet(from, to);
  }

  void setState(State to) {
    state.set(to);
  }

  /** Closes the connection if it waits for a request (shutdown); in-flight exchanges go on. */
  void closeIfIdle() {
    if (state.compareAndSet(State.IDLE, State.CLOSED)) forceClose();
    if (state.compareAndSet(State.PARKED_IDLE, State.CLOSED)) {
      forceClose();
      server.connectionClosed(this); // no thread will
    }
    H2ServerConnection multiplexed = h2;
    if (multiplexed != null) multiplexed.shutdown(); // GOAWAY; its streams finish first
  }

  void forceClose() {
    State previous = state.getAndSet(State.CLOSED);
    TlsChannel engineTls = tls;
    if (engineTls != null) HttpServer.closeQuietly(engineTls); // close_notify, when the socket takes it
    if (socket != null) HttpServer.closeQuietly(socket);
    HttpServer.closeQuietly(channel);
    SelectorPath path = selector;
    if (path != null) path.closed(previous);
    H2LoopPath multiplexedPath = h2Loop;
    if (multiplexedPath != null) multiplexedPath.closed();
  }

  /**
   * Whether the connection holds a working buffer now. One parked on the selector-driven path
   * between requests holds none, nor does an HTTP/2 one with no stream open; one on the blocking
   * HTTP/1.1 path always counts as holding.
   */
  boolean holdsBuffers() {
    H2ServerConnection multiplexed = h2;
    TlsChannel engineTls = tls;
    // HTTP/2 has no HTTP/1.1 read buffer (serveH2 dropped it); over an engine, the engine's buffers count too.
    if (multiplexed != null) return multiplexed.holdsBuffers() || engineTls != null && engineTls.holdsBuffers();
    SelectorPath path = selector;
    return path == null || path.holdsBuffers();
  }

  /** Whether the connection is HTTP/2, parked on a read loop with no thread while streams work. */
  boolean parkedAtWork() {
    H2LoopPath multiplexedPath = h2Loop;
    H2ServerConnection multiplexed = h2;
    return multiplexedPath != null && multiplexed != null && multiplexedPath.parked() && multiplexed.atWork();
  }

  /**
   * Whether the connection waits on a read loop with no thread and nothing at work: parked between
   * requests, or HTTP/2 parked with no stream at work (one parks with streams at work too).
   */
  boolean parkedIdle() {
    H2LoopPath multiplexedPath = h2Loop;
    if (multiplexedPath == null) return state.get() == State.PARKED_IDLE;
    H2ServerConnection multiplexed = h2;
    return multiplexedPath.parked() && (multiplexed == null || !multiplexed.atWork());
  }

  /** Called by the server's reaper: ends a read or a write whose deadline has passed. */
  void expireIfLate(long now) {
    if (deadlines.writeLate(now)) {
      // The client stopped reading, or reads too slowly (slow-read attack or a dead peer):
      // nothing more can be said.
      forceClose();
      return;
    }
    if (deadlines.expireReadIfLate(now)) {
      try {
        channel.shutdownInput(); // wakes the blocked read with end-of-stream
      } catch (IOException e) {
        forceClose();
      }
    }
  }

  @Override
  public void run() {
    boolean handedOver = false;
    try {
      handedOver = open();
      if (!handedOver) handedOver = serve();
    } catch (IOException | UncheckedIOException e) {
      // the peer went away or the socket was closed under us: nothing to answer
    } catch (RuntimeException e) {
      logFailure(e);
    } finally {
      if (!handedOver) closeAfterServing();
    }
  }

  /** The serving thread's last act: flush what is buffered, close, tell the server. */
  void closeAfterServing() {
    try {
      if (out != null && state.get() != State.CLOSED) out.flush();
    } catch (IOException e) {
      // closing anyway
    }
    forceClose();
    server.connectionClosed(this);
  }

  void logFailure(RuntimeException e) {
    HttpServer.log().log(System.Logger.Level.ERROR, "connection from " + remote + " failed", e);
  }

  /**
   * Starts serving on the selector-driven path: the channel goes non-blocking and is registered
   * with the server's next loop; requests run on the server's dispatcher. Called by the acceptor.
   */
  void park() throws IOException {
    selectorPath().start(exchanges, firstHeadDeadline());
  }

  /** Moves the connection, non-blocking from here on, to the selector-driven path. */
  private SelectorPath selectorPath() throws IOException {
    channel.configureBlocking(false);
    socket = channel.socket();
    TlsChannel engineTls = tls;
    SelectorPath path = new SelectorPath(this, server, config, channel, engineTls, parser, deadlines, server.nextLoop(),
        server.dispatcher(), server.parseOnLoop());
    selector = path;
    out = path.output();
    ResponseWriter responses = new ResponseWriter(out, heads);
    exchanges = new ServerExchange(this, server, config, parser, outputShutdown(), out, responses, remote, local);
    return path;
  }

  /**
   * On the thread of an h2c connection that left the HTTP/1.1 selector-driven path (its key
   * cancelled, its channel still non-blocking): HTTP/2 goes on on the loops. True when the
   * connection parked there: the thread that ends it later closes it.
   */
  boolean serveH2AfterLoop(byte[] initial) throws IOException {
    // HTTP/1.1's parts go: an idle HTTP/2 connection would keep them (and through them the old
    // path's output and cancelled key) for its life, about 1 KB.
    selector = null;
    exchanges = null;
    parser = null;
    return serveH2(initial);
  }

  /** Opens the connection: true when it went to the selector-driven path (TLS), whose threads serve it from here. */
  private boolean open() throws IOException {
    if (server.tls() == null) {
      Socket plain = channel.socket();
      socket = plain;
      readBuffer = new byte[READ_BUFFER_SIZE];
      in = plain.getInputStream();
      out = new SocketOutput(plain.getOutputStream(), channel, deadlines.writeClock());
      ResponseWriter responses = new ResponseWriter(out, heads);
      exchanges = new ServerExchange(this, server, config, parser, socket::shutdownOutput, out, responses, remote, local);
      return false;
    }
    // The handshake counts against the first head's deadline, in total (a ClientHello sent a byte
    // at a time must not extend it). The reaper ends the handshake at the deadline by shutting the
    // TCP input beneath TLS, as it ends every read of this class (see readSocket).
    long handshakeDeadline = firstHeadDeadline();
    if (remainingMillis(handshakeDeadline) <= 0) throw new SocketTimeoutException("no time left for the TLS handshake");
    deadlines.readBy(handshakeDeadline);
    TlsOpening.Opened opened;
    try {
      opened = TlsOpening.shakeHands(server.tls(), channel, remote, config.http2(), server.hasReadLoops());
    } catch (IOException e) {
      if (deadlines.expired()) throw new SocketTimeoutException("TLS handshake timed out");
      throw e;
    } finally {
      deadlines.clearRead();
    }
    alpnH2 = opened.h2();
    if (!alpnH2) makeParser();
    SSLSocket ssl = opened.socket();
    if (ssl == null) {
      tls = opened.engine(); // from here a close sends close_notify through it
      if (!alpnH2) {
        selectorPath().startAfterHandshake(exchanges, firstHeadDeadline());
        if (server.isStopping()) closeIfIdle();
        return true;
      }
      return false; // HTTP/2 starts on this thread, then goes on on the loops (serveH2)
    }
    socket = ssl;
    in = ssl.getInputStream();
    out = new SocketOutput(ssl.getOutputStream(), null, deadlines.writeClock());
    // HTTP/2 reads into buffers of its own, lent while streams are open (H2ServerConnection), and
    // answers through its own writers: HTTP/1.1's here would stay with an idle connection for its life.
    if (alpnH2) return false;
    readBuffer = new byte[READ_BUFFER_SIZE];
    ResponseWriter responses = new ResponseWriter(out, heads);
    exchanges = new ServerExchange(this, server, config, parser, ssl::shutdownOutput, out, responses, remote, local);
    return false;
  }

  /** Serves the connection on this thread: true when it went to the loops meanwhile (HTTP/2 parked). */
  private boolean serve() throws IOException {
    if (alpnH2) return serveH2(new byte[0]);
    if (config.http2() && config.sslContext() == null && !sniffPreface()) return false;
    boolean first = true;
    while (true) {
      RequestHead head;
      try {
        head = readHead(first);
      } catch (HttpCodecException e) {
        exchanges.sendError(e.status(), e.getMessage());
        return false;
      } catch (HeadTimeout e) {
        exchanges.sendError(408, "the request head did not arrive in time");
        return false;
      }
      if (head == null) return false;
      first = false;
      state.set(State.ACTIVE);
      if (!exchanges.exchange(head)) return false;
      if (server.isStopping()) return false;
    }
  }

  /**
   * Reads the first bytes of a plaintext connection on the blocking path: the HTTP/2 preface makes
   * it an HTTP/2 connection (served here), anything else goes to the HTTP/1.1 parser.
   *
   * @return true when HTTP/1.1 goes on, false when the connection is done
   */
  private boolean sniffPreface() throws IOException {
    long headDeadline = firstHeadDeadline();
    ByteArrayOutputStream seen = new ByteArrayOutputStream(64);
    while (true) {
      int timeout = remainingMillis(headDeadline);
      int n;
      try {
        if (timeout <= 0) throw new SocketTimeoutException();
        n = readSocket(timeout);
      } catch (SocketTimeoutException e) {
        if (seen.size() == 0) return false; // connected, never spoke: close without a word
        break; // the parser answers the partial head with 408
      }
      if (state.get() == State.IDLE && !state.compareAndSet(State.IDLE, State.ACTIVE)) return false;
      if (n < 0) {
        if (seen.size() == 0) return false;
        break;
      }
      seen.write(readBuffer, 0, n);
      if (!H2cPreface.startsLike(seen.toByteArray(), seen.size())) break;
      if (seen.size() >= H2cPreface.BYTES.length) {
        serveH2(seen.toByteArray());
        return false;
      }
    }
    byte[] bytes = seen.toByteArray();
    parser.feed(bytes, 0, bytes.length);
    return true;
  }

  /**
   * Hands the connection to HTTP/2 with the bytes already read. On a server with read loops its
   * channel is non-blocking from here on and the connection parks on a loop while idle ({@link
   * H2LoopPath}): true when it did, and the thread that ends it later closes it. False when it has
   * ended on this thread: the caller closes it.
   */
  private boolean serveH2(byte[] initial) throws IOException {
    state.set(State.ACTIVE);
    readBuffer = null; // the preface was copied out of it; HTTP/2 reads into buffers of its own
    H2LoopPath loopPath = null;
    if (server.hasReadLoops()) {
      channel.configureBlocking(false);
      socket = channel.socket();
      loopPath = new H2LoopPath(this, server, channel, tls, server.nextLoop(), server.dispatcher(), deadlines);
      in = null;
      out = loopPath.output();
      h2Loop = loopPath;
      if (state.get() == State.CLOSED) loopPath.closed(); // a forceClose that came before the path was seen
    }
    H2ServerConnection connection = new H2ServerConnection(config, socket, channel.socket(), outputShutdown(), in,
        loopPath, out, remote, local, initial, server.streamWorkers(), server.h2Routing(), server.watchdog());
    h2 = connection;
    if (server.isStopping()) connection.shutdown();
    return !connection.serve();
  }

  /**
   * How the connection's output ends: over an engine with close_notify first (RFC 8446 section
   * 6.1), through the engine; else through the socket (an SSLSocket sends its own close_notify).
   */
  private java.io.Closeable outputShutdown() {
    TlsChannel engineTls = tls;
    return engineTls != null ? engineTls::shutdownOutput : socket::shutdownOutput;
  }

  /** Thrown when the head deadline passes with part of a head received. */
  static final class HeadTimeout extends Exception {
    private static final long serialVersionUID = 1L;

    HeadTimeout() {
      super(null, null, false, false);
    }
  }

  /** The next request head, or null when the connection ends between requests. */
  private RequestHead readHead(boolean first) throws IOException, HeadTimeout {
    long deadline = first ? firstHeadDeadline() : 0;
    while (true) {
      HttpEvent event = parser.next();
      if (event instanceof RequestHead head) return head;
      if (event instanceof Closed) return null;
      if (!(event instanceof NeedMoreData)) continue; // leftovers of an abandoned body: skipped
      boolean idle = parser.isIdle();
      int timeout;
      if (idle && deadline == 0) {
        out.flush(); // answers to pipelined requests leave before we wait
        if (server.isStopping()) return null;
        if (!state.compareAndSet(State.ACTIVE, State.IDLE)) return null;
        timeout = (int) Math.min(Integer.MAX_VALUE, config.idleTimeoutMillis());
      } else {
        if (deadline == 0) deadline = System.nanoTime() + millisToNanos(config.headTimeoutMillis());
        timeout = remainingMillis(deadline);
        if (timeout <= 0) throw new HeadTimeout();
      }
      int n;
      try {
        n = readSocket(timeout);
      } catch (SocketTimeoutException e) {
        if (idle && parser.isIdle() && !first) return null; // idle keep-alive timeout: just close
        if (first && idle) return null; // connected, never spoke: close without a word
        throw new HeadTimeout();
      }
      if (state.get() == State.IDLE && !state.compareAndSet(State.IDLE, State.ACTIVE)) return null; // closed by shutdown
      if (n < 0) {
        parser.endOfInput();
      } else {
        parser.feed(readBuffer, 0, n);
        if (deadline == 0) deadline = System.nanoTime() + millisToNanos(config.headTimeoutMillis());
      }
    }
  }

  /** For the request body: one read with a timeout, fed to the parser; the count, or -1 at the end. */
  int readIntoParser(int timeoutMillis) throws IOException {
    if (selector != null) {
      flushBeforeWaiting();
      return selector.readIntoParser(timeoutMillis);
    }
    int n = readSocket(timeoutMillis);
    feedRead(parser, readBuffer, n);
    return n;
  }

  /**
   * For the request body: one read with a timeout straight into the handler's array, of bytes
   * the parser said are body ({@link Http1Parser#directBodyWindow()}); the count, or -1 at the end.
   */
  int readDirect(byte[] into, int offset, int length, int timeoutMillis) throws IOException {
    if (selector != null) {
      flushBeforeWaiting();
      return selector.readDirect(into, offset, length, timeoutMillis);
    }
    return readSocket(into, offset, length, timeoutMillis);
  }

  /** Gives the parser what one read brought: {@code n} bytes of {@code buffer}, or the end when {@code n} is -1. */
  static void feedRead(Http1Parser parser, byte[] buffer, int n) {
    if (n < 0) {
      parser.endOfInput();
    } else {
      parser.feed(buffer, 0, n);
    }
  }

  /**
   * One read with a timeout. Every connection publishes a deadline, which the server's reaper
   * enforces by shutting the input down (the read then ends): a timed park per read costs a timer
   * task on virtual threads, a deadline costs one volatile write. The socket never has an
   * SO_TIMEOUT, on TLS neither: the input shut is the TCP socket's beneath TLS, the blocked TLS read
   * ends, and TLS keeps its output, so the 408 of a late head still goes out and the close still
   * sends close_notify ({@code TlsServerTimeoutsTest}). On TLS a timed read cost a fifth of the
   * server's CPU per keep-alive request (docs/benchmarks.md).
   */
  private int readSocket(int timeoutMillis) throws IOException {
    return readSocket(readBuffer, 0, readBuffer.length, timeoutMillis);
  }

  private int readSocket(byte[] into, int offset, int length, int timeoutMillis) throws IOException {
    flushBeforeWaiting();
    deadlines.readBy(System.nanoTime() + Math.max(1, timeoutMillis) * 1_000_000L);
    int n;
    try {
      n = in.read(into, offset, length);
    } catch (IOException e) {
      if (deadlines.expired()) throw new SocketTimeoutException("read timed out");
      throw e;
    } finally {
      deadlines.clearRead();
    }
    if (n < 0 && deadlines.expired()) throw new SocketTimeoutException("read timed out");
    return n;
  }

  /**
   * Never wait for the client while holding its answers: a pipelined client that sends its next
   * request in pieces, or waits for an answer before the rest of a body, would otherwise stall.
   */
  private void flushBeforeWaiting() throws IOException {
    if (out.hasBuffered()) out.flush();
  }

  /** When the first head must be complete: the head timeout from the accept (the TLS handshake included). */
  private long firstHeadDeadline() {
    return acceptedAt + millisToNanos(config.headTimeoutMillis());
  }

  private static long millisToNanos(long millis) {
    return millis * 1_000_000L;
  }

  private static int remainingMillis(long deadlineNanos) {
    long left = (deadlineNanos - System.nanoTime()) / 1_000_000L;
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, left));
  }
}

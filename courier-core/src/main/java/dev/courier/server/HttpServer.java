package dev.courier.server;

import dev.courier.http.Headers;
import dev.courier.http.wire.Http1Writer;
import dev.courier.http.wire.HttpVersion;
import dev.courier.http.wire.Limits;
import dev.courier.net.TlsContexts;
import dev.courier.net.TlsIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * An embedded HTTP/1.1 server: plain blocking handler code at event-loop cost, strict parsing.
 *
 * <p>An HTTP/1.1 connection waiting for its next request holds no thread: it is parked on a
 * selector loop, which reads and parses the head and then runs the exchange on a virtual thread
 * (see {@link ReadyLoop}). Over TLS the handshake runs on the connection's virtual thread first,
 * and the loop reads through an {@code SSLEngine}; an HTTP/2 connection over TLS keeps its thread
 * for its whole life. {@code -Dcourier.server.readPath=blocking} gives every connection a thread
 * of its own, as before.
 * A request whose body came with its head is answered on the loop itself, without the hand-off,
 * when its handler was declared {@linkplain Handler#nonBlocking non-blocking}, and by default also
 * when it was not: a watchdog moves the loop to a new thread if such a handler blocks, and then
 * sends ordinary handlers to virtual threads for a while (see {@link Builder#handlersOnLoop}).
 * Over HTTP/2 a request without a body is answered the same way on its connection's reader thread
 * (the loop's own thread when the connection was idle). The first loop accepts the connections
 * too, and deals them to {@link Builder#readLoops} loops in turn (half the processors by default).
 *
 * <p>It speaks HTTP/1.0 and 1.1 with keep-alive and pipelining (answers in order),
 * {@code Expect: 100-continue}, chunked request bodies, streamed responses (chunked when the
 * length is unknown) and {@code HEAD}; it adds {@code Date} (from its {@link Builder#clock}) and its
 * own {@code Server} field. Every response head is written by the codec's {@link
 * dev.courier.http.wire.Http1Writer}. A protocol error
 * is answered with the codec's status (400, 413, 414, 431, 501, 505) and the connection closed; a
 * handler's exception is logged and answered 500, and the server keeps serving.
 *
 * <table>
 *   <caption>Limits and timeouts, defaults and reasons</caption>
 *   <tr><th>Setting</th><th>Default</th><th>Why</th></tr>
 *   <tr><td>{@link Builder#limits} (codec)</td><td>{@link Limits#defaults()}, body
 *       {@value #DEFAULT_MAX_BODY_SIZE} bytes</td><td>line, header and body bounds answered with
 *       414/431/413 before anything is buffered</td></tr>
 *   <tr><td>{@link Builder#headTimeout}</td><td>20 s</td><td>total time to receive a request head
 *       (slow-loris); nginx's {@code client_header_timeout} is 60 s, Go's advice 10-30 s</td></tr>
 *   <tr><td>{@link Builder#idleTimeout}</td><td>60 s</td><td>an idle keep-alive connection; longer
 *       than browsers' own (Chrome keeps 300 s, closes first rarely matters)</td></tr>
 *   <tr><td>{@link Builder#bodyTimeout}</td><td>30 s</td><td>longest pause while reading a request
 *       body; a stalled upload (RUDY) loses its connection</td></tr>
 *   <tr><td>{@link Builder#minBodyRate}</td><td>1024 bytes/s</td><td>slowest average a request
 *       body may arrive at after its first {@code bodyTimeout}: one byte every few seconds (slow
 *       POST) would otherwise hold a connection forever without ever pausing long enough; a phone
 *       on a bad link still sends far more (nginx has no rate, Kestrel asks 240 bytes/s)</td></tr>
 *   <tr><td>{@link Builder#bodyDeadline}</td><td>10 min</td><td>total time to read one request
 *       body, whatever its rate: the default 64 MiB body then needs about 110 KiB/s</td></tr>
 *   <tr><td>{@link Builder#drainTimeout}</td><td>5 s</td><td>total time to read away a body the
 *       handler left unread (up to {@code maxDrain}) to keep the connection; past it the
 *       connection closes instead</td></tr>
 *   <tr><td>{@link Builder#writeTimeout}</td><td>60 s</td><td>longest one write of at most 64 KiB
 *       may block, so it measures progress, not the whole body: a client that stops reading (slow
 *       read) loses its connection instead of holding a thread and a file open, one that reads
 *       slowly but steadily gets a body of any size</td></tr>
 *   <tr><td>{@link Builder#minWriteRate}</td><td>1024 bytes/s over 30 s</td><td>slowest average a
 *       client may take a response at, counting only time the server is blocked writing: a client
 *       that takes a few bytes before each write timeout (slow read) would otherwise hold a
 *       connection, a thread and a file forever; progress is seen when the kernel frees a third of
 *       the send buffer, so a window far shorter than the write timeout would cut honest slow links</td></tr>
 *   <tr><td>{@link Builder#maxConnections}</td><td>10 000</td><td>open connections; more are
 *       answered 503 and closed, so memory and file descriptors stay bounded</td></tr>
 *   <tr><td>{@link Builder#maxConnectionsPerAddress}</td><td>256</td><td>open connections from one
 *       client address; more are answered 503 and closed, so one client cannot take all of
 *       {@code maxConnections} (a browser opens 6 per host; a NAT or proxy in front of many users
 *       needs more: raise it there)</td></tr>
 *   <tr><td>{@link Builder#maxDrain}</td><td>256 KiB</td><td>unread request body the server reads
 *       away to keep a connection alive; more and it closes instead</td></tr>
 *   <tr><td>{@link Builder#trustedProxies}</td><td>none</td><td>reverse proxies whose {@code
 *       Forwarded} / {@code X-Forwarded-*} fields set {@link ServerRequest#clientAddress()}, the
 *       scheme and the authority; from anyone else those fields are the client's word and ignored</td></tr>
 *   <tr><td>{@link Builder#clock}</td><td>{@link InstantSource#system()}</td><td>the wall clock of
 *       {@code Date} and access-log times; a fixed one makes both reproducible in tests</td></tr>
 * </table>
 *
 * <pre>{@code
 * try (HttpServer server = HttpServer.builder()
 *     .bind("127.0.0.1").port(0)
 *     .handler(request -> ServerResponse.ok("Hello, World!"))
 *     .start()) {
 *   System.out.println("listening on " + server.url());
 * }
 * }</pre>
 */
public final class HttpServer implements AutoCloseable {
  /** Default request body limit: 64 MiB, large for an API, small enough not to fill a disk or heap. */
  public static final long DEFAULT_MAX_BODY_SIZE = 64L << 20;

  private static final System.Logger LOG = System.getLogger("dev.courier.server");

  private final ServerConfig config;
  private final ResponseHeads heads;
  private final ServerTls tls; // null for plain HTTP
  private final Executor executor;
  private final ServerSocketChannel listener;
  private final InetSocketAddress address;
  private final Semaphore connectionPermits;
  private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
  /** Open connections per client address, for {@code maxConnectionsPerAddress}; absent means 0. */
  private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition drained = lock.newCondition();
  /** The thread that accepts connections when there are no read loops; else null. */
  private final Thread acceptor;
  /** Accepts connections on the first read loop when there are loops; else null. */
  private final LoopAcceptor loopAcceptor;
  private final Thread reaper;
  /** How often read deadlines are checked: timeouts fire up to this late. */
  private static final long REAPER_TICK_MILLIS = 100;
  /** How long accepting pauses after an accept failed, rather than spin on a failure that lasts. */
  static final Duration ACCEPT_PAUSE = Duration.ofMillis(50);
  private volatile boolean stopping;
  private volatile boolean stopped;
  /** The selector loops of HTTP/1.1 connections (plaintext, and TLS after its handshake), or null on the blocking path. */
  private final ReadyLoop[] loops;
  /** Runs exchanges dispatched by the loops. */
  private final Executor dispatcher;
  /** The dispatcher when it is ours (no executor configured), to end its idle workers on stop. */
  private final Workers workers;
  private final boolean parseOnLoop;
  /** Watches the loops when any handler may run on them; else null. */
  private final LoopWatchdog watchdog;
  /** Which requests the loops answer themselves; null: none. */
  private final LoopRouting loopRouting;
  /** Which bodiless HTTP/2 requests a connection's reader answers itself; null: none. */
  private final LoopRouting h2Routing;
  private final AtomicInteger nextLoop = new AtomicInteger();

  private HttpServer(ServerConfig config, ReadPath readPath, boolean handlersOnLoop, int readLoops) throws IOException {
    this.config = config;
    this.heads = new ResponseHeads(config.serverHeader(), config.clock(), config.protocol());
    this.tls = ServerTls.of(config.sslContext());
    this.connectionPermits = new Semaphore(config.maxConnections());
    if (config.executor() != null) {
      this.executor = config.executor();
    } else {
      ThreadFactory factory = Thread.ofVirtual().name("courier-http-", 0).factory();
      this.executor = task -> factory.newThread(task).start();
    }
    this.listener = ServerSocketChannel.open();
    try {
      listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      listener.bind(new InetSocketAddress(config.bindAddress(), config.port()), config.backlog());
    } catch (IOException e) {
      listener.close();
      throw new IOException("cannot listen on " + config.bindAddress().getHostAddress() + ":" + config.port()
          + ": " + e.getMessage(), e);
    }
    this.address = (InetSocketAddress) listener.getLocalAddress();
    // The reaper runs until stop, so it is the thread that keeps the JVM alive unless the server is
    // a daemon (the read loops are daemons: one taken over from a blocked handler stays with it).
    this.reaper = Thread.ofPlatform().name("courier-timeouts-" + address.getPort()).daemon(config.daemon())
        .unstarted(this::reapLoop);
    if (readPath == ReadPath.BLOCKING) {
      this.loops = null;
      this.dispatcher = null;
      this.workers = null;
      this.parseOnLoop = false;
      this.loopRouting = null;
      // No loops, but HTTP/2 connections' readers may still answer handlers themselves, watched.
      LoopRouting declared = LoopRouting.of(config.handler());
      this.watchdog = handlersOnLoop || declared != null
          ? new LoopWatchdog(new ReadyLoop[0], "courier-loop-watch-" + address.getPort())
          : null;
      this.h2Routing = handlersOnLoop ? LoopRouting.whileTrusted(declared, watchdog) : declared;
    } else {
      // Unnamed virtual threads: a name is a string each.
      ThreadFactory factory = Thread.ofVirtual().factory();
      if (config.executor() != null) {
        this.workers = null;
        this.dispatcher = config.executor();
      } else if (Boolean.parseBoolean(System.getProperty("courier.server.threadPerExchange", "false"))) {
        this.workers = null; // for comparison: a new virtual thread per dispatched exchange
        this.dispatcher = task -> factory.newThread(task).start();
      } else {
        this.workers = new Workers(factory, 1024);
        this.dispatcher = workers;
      }
      this.parseOnLoop = readPath == ReadPath.SELECTOR;
      this.loops = new ReadyLoop[readLoops];
      for (int i = 0; i < loops.length; i++) loops[i] = new ReadyLoop("courier-read-" + address.getPort() + "-" + i);
      LoopRouting declared = parseOnLoop ? LoopRouting.of(config.handler()) : null;
      // Watched whenever a handler may run on a loop: one wrongly declared non-blocking is caught too.
      this.watchdog = parseOnLoop && (handlersOnLoop || declared != null)
          ? new LoopWatchdog(loops, "courier-loop-watch-" + address.getPort())
          : null;
      this.loopRouting = parseOnLoop && handlersOnLoop ? LoopRouting.whileTrusted(declared, watchdog) : declared;
      // HTTP/2 readers (h2c leaves the selector for a thread) follow the loops' rule; with
      // SELECTOR_DISPATCH, which runs no handler on a loop, only declared handlers, unwatched.
      this.h2Routing = parseOnLoop ? loopRouting : LoopRouting.of(config.handler());
    }
    if (loops == null) {
      this.acceptor = Thread.ofPlatform().name("courier-accept-" + address.getPort()).daemon(config.daemon())
          .unstarted(this::acceptLoop);
      this.loopAcceptor = null;
    } else {
      this.acceptor = null;
      this.loopAcceptor = new LoopAcceptor(listener, loops[0], this::startConnection);
    }
  }

  /**
   * Which bodiless HTTP/2 requests a connection's reader answers itself (see {@link
   * H2ServerConnection}); null when none.
   */
  LoopRouting h2Routing() {
    return h2Routing;
  }

  /** Watches the loops and HTTP/2 readers that run handlers; null when no handler runs there. */
  LoopWatchdog watchdog() {
    return watchdog;
  }

  /** The TLS every connection gets, with its parameters made once; null for plain HTTP. */
  ServerTls tls() {
    return tls;
  }

  /** Whether HTTP/1.1 connections wait on read loops (else each has a thread). */
  boolean hasReadLoops() {
    return loops != null;
  }

  /** The loop for the next connection, in turn; only when {@link #hasReadLoops}. From any thread. */
  ReadyLoop nextLoop() {
    return loops[Math.floorMod(nextLoop.getAndIncrement(), loops.length)];
  }

  /** Runs the exchanges the loops hand off; only when {@link #hasReadLoops}. */
  Executor dispatcher() {
    return dispatcher;
  }

  /** Whether the loops read and parse heads themselves (else they only see readiness). */
  boolean parseOnLoop() {
    return parseOnLoop;
  }

  /** Which requests whose body is here the read loops answer themselves; null when none. */
  LoopRouting loopRouting() {
    return loopRouting;
  }

  /**
   * How HTTP/1.1 connections wait for their requests, plaintext and TLS alike (a TLS connection
   * shakes hands on its own thread first). HTTP/2 over TLS always runs on its connection's thread.
   */
  enum ReadPath {
    /**
     * Between requests a connection is parked on a selector without a thread; the selector reads
     * and parses the head, then runs the exchange on a virtual thread.
     */
    SELECTOR,
    /** As SELECTOR, but the selector only sees readiness: the virtual thread reads and parses. */
    SELECTOR_DISPATCH,
    /** One virtual thread per connection, blocked in reads between requests. */
    BLOCKING;

    /** From {@code -Dcourier.server.readPath=selector|selector-dispatch|blocking}, default selector. */
    static ReadPath fromSystemProperty() {
      String value = System.getProperty("courier.server.readPath", "selector");
      return switch (value) {
        case "blocking" -> BLOCKING;
        case "selector-dispatch" -> SELECTOR_DISPATCH;
        default -> SELECTOR;
      };
    }
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The port the server listens on (the one picked when {@code port(0)} was asked). */
  public int port() {
    return address.getPort();
  }

  /** The address the server listens on. */
  public InetSocketAddress address() {
    return address;
  }

  /** {@code http://127.0.0.1:8000/} or {@code https://...}: where a client reaches this server. */
  public String url() {
    InetAddress host = address.getAddress();
    String name = host.isAnyLocalAddress() ? "127.0.0.1" : host.getHostAddress();
    if (name.contains(":")) name = "[" + name + "]";
    return config.scheme() + "://" + name + ":" + port() + "/";
  }

  /** The number of open connections. */
  public int connectionCount() {
    return connections.size();
  }

  /** Open connections holding a working buffer now (see {@link WorkingBuffers}): what idle ones keep, for tests. */
  int connectionsHoldingBuffers() {
    return (int) connections.stream().filter(ServerConnection::holdsBuffers).count();
  }

  /** HTTP/2 connections parked on a read loop, with no thread, while streams work. For tests. */
  int connectionsParkedAtWork() {
    return (int) connections.stream().filter(ServerConnection::parkedAtWork).count();
  }

  /** How many read loops deal with the connections (0 on the blocking path). For tests. */
  int readLoopCount() {
    return loops == null ? 0 : loops.length;
  }

  /**
   * Open connections waiting on a read loop with no thread: HTTP/1.1 ones parked between requests,
   * HTTP/2 ones with no stream at work. For tests.
   */
  int connectionsParkedIdle() {
    return (int) connections.stream().filter(ServerConnection::parkedIdle).count();
  }

  /** The accepting thread's loop, when the server has no read loops (else {@link LoopAcceptor} accepts). */
  private void acceptLoop() {
    while (!stopping) {
      SocketChannel channel;
      try {
        channel = listener.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (stopping) return;
        acceptFailed(e);
        pause();
        continue;
      }
      startConnection(channel);
    }
  }

  /**
   * Admits a connection just accepted (or refuses it, over a limit) and starts it: parked on a read
   * loop, or on a thread of its own. Called by the accepting thread or {@link LoopAcceptor}.
   */
  private void startConnection(SocketChannel channel) {
    if (!connectionPermits.tryAcquire()) {
      refuse(channel);
      return;
    }
    ServerConnection connection = null;
    try {
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      connection = new ServerConnection(this, config, heads, channel);
      if (!admit(connection.peer())) {
        connectionPermits.release();
        refuse(channel);
        return;
      }
      connections.add(connection);
      if (loops != null && config.sslContext() == null) {
        connection.park();
        if (stopping) connection.closeIfIdle();
      } else {
        // TLS shakes hands on the connection's own thread, which then parks it on a loop (HTTP/1.1)
        // or serves HTTP/2 (see ServerConnection).
        if (stopping) connection.closeIfIdle();
        executor.execute(connection);
      }
    } catch (RuntimeException | IOException e) {
      LOG.log(System.Logger.Level.WARNING, "could not start a connection: " + e);
      closeQuietly(channel);
      if (connection != null && connections.remove(connection)) release(connection.peer());
      connectionPermits.release();
    }
  }

  /** Counts a connection from {@code peer}; false when that address already has its most. */
  private boolean admit(InetAddress peer) {
    boolean[] admitted = {false};
    perAddress.compute(peer, (address, open) -> {
      int count = open == null ? 0 : open;
      if (count >= config.maxConnectionsPerAddress()) return open;
      admitted[0] = true;
      return count + 1;
    });
    return admitted[0];
  }

  private void release(InetAddress peer) {
    perAddress.computeIfPresent(peer, (address, open) -> open <= 1 ? null : open - 1);
  }

  /** Enforces read deadlines of plain connections (see ServerConnection.readSocket). */
  private void reapLoop() {
    while (!stopped) {
      try {
        Thread.sleep(REAPER_TICK_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      for (ServerConnection c : connections) c.expireIfLate(now);
      if (loopAcceptor != null) loopAcceptor.resumeIfDue(now);
    }
  }

  /** The answer to a connection over {@code maxConnections}, written by the codec's writer. */
  private static final byte[] BUSY = busy();

  private static byte[] busy() {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try {
      Http1Writer.forResponses().writeResponseHead(ResponseHeads.statusLine(503),
          Http1Writer.fieldLine("Retry-After", "1"), Headers.empty(), "GET", HttpVersion.HTTP_1_1, 0, false, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array stream does not fail
    }
    return bytes.toByteArray();
  }

  private static void refuse(SocketChannel channel) {
    try {
      channel.configureBlocking(false);
      channel.write(java.nio.ByteBuffer.wrap(BUSY)); // fits a fresh socket's send buffer; never blocks
    } catch (IOException e) {
      // the client went away; nothing to tell it
    }
    closeQuietly(channel);
  }

  /** Logs an accept that failed (out of file descriptors, say); the caller then pauses accepting for {@link #ACCEPT_PAUSE}. */
  static void acceptFailed(IOException e) {
    LOG.log(System.Logger.Level.WARNING, "accept failed: " + e.getMessage());
  }

  private static void pause() {
    try {
      Thread.sleep(ACCEPT_PAUSE); // e.g. out of file descriptors: don't spin
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * What runs HTTP/2 streams' handlers: the server's own workers when it has them, so a stream
   * reuses a parked virtual thread instead of starting one (and the JDK's bookkeeping of a new
   * thread); else null, and each stream starts its own.
   */
  Executor streamWorkers() {
    return workers;
  }

  /** True once {@link #stop} began: connections finish their exchange and close. */
  boolean isStopping() {
    return stopping;
  }

  /** Called by each connection when it has closed. */
  void connectionClosed(ServerConnection connection) {
    if (connections.remove(connection)) {
      release(connection.peer());
      connectionPermits.release();
      if (stopping) {
        lock.lock();
        try {
          drained.signalAll();
        } finally {
          lock.unlock();
        }
      }
    }
  }

  /**
   * Stops gracefully: stops accepting, closes idle connections at once, lets exchanges in flight
   * finish (each is answered with {@code Connection: close}) for up to {@code grace}, then closes
   * whatever is left.
   *
   * @return true when every exchange finished within the grace period
   */
  public boolean stop(Duration grace) {
    stopping = true;
    closeQuietly(listener);
    if (loopAcceptor != null) loopAcceptor.awaitClosed();
    for (ServerConnection c : connections) c.closeIfIdle();
    long deadline = System.nanoTime() + grace.toNanos();
    boolean clean = true;
    lock.lock();
    try {
      while (!connections.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          clean = false;
          break;
        }
        drained.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
        for (ServerConnection c : connections) c.closeIfIdle();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      clean = false;
    } finally {
      lock.unlock();
    }
    for (ServerConnection c : connections) c.forceClose();
    stopped = true;
    if (loops != null) {
      for (ReadyLoop loop : loops) loop.stop();
    }
    if (workers != null) workers.stop();
    if (watchdog != null) watchdog.stop();
    reaper.interrupt();
    try {
      if (acceptor != null) acceptor.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return clean;
  }

  /** Stops with a 5 second grace period. */
  @Override
  public void close() {
    stop(Duration.ofSeconds(5));
  }

  static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  static System.Logger log() {
    return LOG;
  }

  /** Builds and starts an {@link HttpServer}. */
  public static final class Builder {
    private InetAddress bindAddress = InetAddress.getLoopbackAddress();
    private int port = 8000;
    private int backlog = 1024;
    private Handler handler;
    private Limits limits = Limits.defaults().withMaxBodySize(DEFAULT_MAX_BODY_SIZE);
    private Duration headTimeout = Duration.ofSeconds(20);
    private Duration idleTimeout = Duration.ofSeconds(60);
    private Duration bodyTimeout = Duration.ofSeconds(30);
    private Duration bodyDeadline = Duration.ofMinutes(10);
    private long minBodyRate = 1024;
    private Duration drainTimeout = Duration.ofSeconds(5);
    private Duration writeTimeout = Duration.ofSeconds(60);
    private long minWriteRate = 1024;
    private Duration writeRateWindow = Duration.ofSeconds(30);
    private int maxConnections = 10_000;
    private int maxConnectionsPerAddress = 256;
    private long maxDrain = 256 * 1024;
    private String serverHeader = "Courier";
    private AccessLog accessLog = AccessLog.off();
    private SSLContext sslContext;
    private InstantSource clock = InstantSource.system();
    private Executor executor;
    private boolean daemon;
    private boolean compressResponses;
    private HttpVersion protocol = HttpVersion.HTTP_1_1;
    private TrustedProxies trustedProxies = TrustedProxies.NONE;
    private boolean http2 = true;
    private dev.courier.http.h2.H2Limits h2Limits = dev.courier.http.h2.H2Limits.defaults();
    private ReadPath readPath = ReadPath.fromSystemProperty();
    /** Null until set: on unless an executor is configured (whose user expects handlers on it). */
    private Boolean handlersOnLoop;
    private int readLoops = defaultReadLoops();

    private Builder() {}

    /** How plaintext connections wait for requests (default from {@code courier.server.readPath}); for tests and benchmarks. */
    Builder readPath(ReadPath path) {
      this.readPath = Objects.requireNonNull(path, "path");
      return this;
    }

    /** The local address to listen on (default 127.0.0.1: only this machine can connect). */
    public Builder bind(InetAddress address) {
      this.bindAddress = Objects.requireNonNull(address, "address");
      return this;
    }

    /** The local address to listen on by name or literal, e.g. {@code "0.0.0.0"} for every interface. */
    public Builder bind(String address) {
      try {
        return bind(InetAddress.getByName(address));
      } catch (IOException e) {
        throw new IllegalArgumentException("not a local address: " + address, e);
      }
    }

    /** The port (default 8000); 0 picks a free one, readable with {@link HttpServer#port()}. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
      this.port = port;
      return this;
    }

    /** The listen backlog (default 1024). */
    public Builder backlog(int backlog) {
      this.backlog = backlog;
      return this;
    }

    /** What answers every request (required). */
    public Builder handler(Handler handler) {
      this.handler = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /** The codec's limits, body size included (see the table above). */
    public Builder limits(Limits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** The largest request body accepted; larger ones are answered 413. */
    public Builder maxBodySize(long bytes) {
      this.limits = limits.withMaxBodySize(bytes);
      return this;
    }

    /** Total time allowed to receive one request head (slow-loris defence). */
    public Builder headTimeout(Duration timeout) {
      this.headTimeout = positive(timeout);
      return this;
    }

    /** How long an idle keep-alive connection stays open. */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = positive(timeout);
      return this;
    }

    /** The longest pause allowed while reading a request body. */
    public Builder bodyTimeout(Duration timeout) {
      this.bodyTimeout = positive(timeout);
      return this;
    }

    /** Total time allowed to read one request body, from the handler's first read; then 408 and close. */
    public Builder bodyDeadline(Duration timeout) {
      this.bodyDeadline = positive(timeout);
      return this;
    }

    /**
     * The slowest average, in bytes per second, a request body may arrive at once its first
     * {@link #bodyTimeout} is over (then 408 and close); 0 for no minimum.
     *
     * <pre>{@code
     * HttpServer.builder().minBodyRate(4096).bodyTimeout(Duration.ofSeconds(10));
     * }</pre>
     */
    public Builder minBodyRate(long bytesPerSecond) {
      if (bytesPerSecond < 0) throw new IllegalArgumentException("minBodyRate must not be negative");
      this.minBodyRate = bytesPerSecond;
      return this;
    }

    /** Total time allowed to read away a request body the handler left unread; then the connection closes. */
    public Builder drainTimeout(Duration timeout) {
      this.drainTimeout = positive(timeout);
      return this;
    }

    /** The longest one write of at most 64 KiB may block (the client stopped reading); then the connection closes. */
    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = positive(timeout);
      return this;
    }

    /**
     * The slowest average, in bytes per second, a client may take a response at, measured over
     * each {@code window} of time the server spends blocked writing to it; slower and the
     * connection closes. 0 for no minimum (the write timeout still applies to each write).
     *
     * <pre>{@code
     * HttpServer.builder().minWriteRate(4096, Duration.ofSeconds(20));
     * }</pre>
     */
    public Builder minWriteRate(long bytesPerSecond, Duration window) {
      if (bytesPerSecond < 0) throw new IllegalArgumentException("minWriteRate must not be negative");
      this.writeRateWindow = positive(window);
      this.minWriteRate = bytesPerSecond;
      return this;
    }

    /** The most connections open at once; more are answered 503 and closed. */
    public Builder maxConnections(int max) {
      if (max < 1) throw new IllegalArgumentException("maxConnections must be positive");
      this.maxConnections = max;
      return this;
    }

    /** The most connections open at once from one client address; more are answered 503 and closed. */
    public Builder maxConnectionsPerAddress(int max) {
      if (max < 1) throw new IllegalArgumentException("maxConnectionsPerAddress must be positive");
      this.maxConnectionsPerAddress = max;
      return this;
    }

    /** How much unread request body is read away to keep a connection alive (else it closes). */
    public Builder maxDrain(long bytes) {
      this.maxDrain = bytes;
      return this;
    }

    /** The {@code Server} header value (default {@code Courier}); empty to send none. */
    public Builder serverHeader(String value) {
      if (!value.isEmpty()) dev.courier.http.FieldSyntax.requireFieldValue("Server", value);
      this.serverHeader = value;
      return this;
    }

    /** Where to log each exchange (default: nowhere). */
    public Builder accessLog(AccessLog log) {
      this.accessLog = Objects.requireNonNull(log, "log");
      return this;
    }

    /** Serves HTTPS with this context. */
    public Builder tls(SSLContext context) {
      this.sslContext = Objects.requireNonNull(context, "context");
      return this;
    }

    /** Serves HTTPS with the key and certificate chain in {@code keyStore}. */
    public Builder tls(KeyStore keyStore, char[] password) {
      try {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return tls(context);
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException("unusable key store: " + e.getMessage(), e);
      }
    }

    /** Serves HTTPS with a PEM certificate chain and its PEM private key (PKCS#8, PKCS#1 or SEC 1). */
    public Builder tls(Path certificateChainPem, Path privateKeyPem) {
      try {
        return tls(TlsContexts.server(certificateChainPem, privateKeyPem));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + certificateChainPem + " or " + privateKeyPem + ": "
            + e.getMessage(), e);
      }
    }

    /** Serves HTTPS with the first key entry of the PKCS#12 file {@code keyStore}. */
    public Builder tls(Path keyStore, char[] password) {
      try {
        return tls(TlsContexts.server(TlsIdentity.fromPkcs12(keyStore, password)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + keyStore + ": " + e.getMessage(), e);
      }
    }

    /**
     * The wall clock of the {@code Date} field and of access-log times (default {@link
     * InstantSource#system()}); timeouts are measured apart from it, so a clock that jumps never
     * cuts a connection short.
     *
     * <pre>{@code
     * HttpServer.builder().clock(InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z")));
     * }</pre>
     */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Runs connections with {@code executor} (default: virtual threads). An HTTP/1.1 connection
     * is handed to it each time a request arrives and returns to the selector when idle (over TLS
     * also once for its handshake); an HTTP/2 connection over TLS is handed to it once, for its life. A bounded pool caps concurrency; work beyond
     * it waits in its queue.
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Whether the server's threads are daemons (default false: a running server keeps the JVM
     * alive until {@link HttpServer#stop}).
     */
    public Builder daemon(boolean daemon) {
      this.daemon = daemon;
      return this;
    }

    /**
     * Gzips text, JSON, JavaScript, XML and SVG responses of 1 KiB or more for clients whose
     * Accept-Encoding takes gzip (default off; {@code courier serve} turns it on). Never a range,
     * never a response already encoded; see {@link ResponseCompression} for every rule.
     *
     * <pre>{@code
     * HttpServer.builder().handler(FileHandler.of(root)).compressResponses(true).start();
     * }</pre>
     */
    public Builder compressResponses(boolean compress) {
      this.compressResponses = compress;
      return this;
    }

    /**
     * The version this server answers with: {@code HTTP_1_1} (default), or {@code HTTP_1_0} as
     * {@code python -m http.server --protocol HTTP/1.0} does by default: every response says
     * HTTP/1.0, a body of unknown length ends with the close, and the connection closes after each
     * response.
     */
    public Builder protocolVersion(HttpVersion version) {
      this.protocol = Objects.requireNonNull(version, "version");
      return this;
    }

    /**
     * The reverse proxies, by IP address or CIDR range, whose {@code Forwarded} (RFC 7239) or
     * {@code X-Forwarded-For} / {@code -Proto} / {@code -Host} fields are believed (default none).
     * A request from one of them gets its {@link ServerRequest#clientAddress()}, {@link
     * ServerRequest#scheme()} and {@link ServerRequest#authority()} from those fields, read from the
     * right until the first address that is not a trusted proxy; from anyone else they are ignored.
     *
     * <pre>{@code
     * HttpServer.builder().trustedProxies(List.of("127.0.0.1", "10.0.0.0/8"));
     * }</pre>
     *
     * @throws IllegalArgumentException naming an entry that is not an IP literal or CIDR range
     */
    public Builder trustedProxies(java.util.List<String> addressesOrRanges) {
      this.trustedProxies = TrustedProxies.of(addressesOrRanges);
      return this;
    }

    /**
     * Whether to speak HTTP/2 (default true): offered with ALPN {@code h2} on TLS, and taken on
     * plaintext when a client opens with the HTTP/2 preface (h2c with prior knowledge, RFC 9113
     * section 3.3). {@code Upgrade: h2c} is never honoured. Handlers see the same requests either
     * way, with {@link ServerRequest#version()} {@code HTTP/2}.
     *
     * <pre>{@code
     * HttpServer.builder().tls(cert, key).http2(false);   // HTTP/1.1 only
     * }</pre>
     */
    public Builder http2(boolean enabled) {
      this.http2 = enabled;
      return this;
    }

    /**
     * Whether a handler that was not declared {@linkplain Handler#nonBlocking non-blocking} may
     * still answer plaintext HTTP/1.1 requests on the read loop, and HTTP/2 requests on their
     * connection's reader thread, without the hand-off to a virtual thread (default true, unless an
     * {@link #executor} is configured: then handlers run on it). Only a request whose body, if any,
     * came with its head runs there (over HTTP/2: one without a body). A
     * watchdog looks at the loops every ten milliseconds: when a handler blocks there (caught
     * after ten to twenty milliseconds waiting, or 50 ms computing), the loop goes on on a new thread and the stuck
     * one keeps only its connection, and ordinary handlers run on virtual threads for a second,
     * twice as long after each such catch, up to five minutes. So a handler that blocks costs the
     * other connections of its loop up to twenty milliseconds now and then, and one that never blocks
     * is answered as fast as a declared one. Turn it off when a handler must run on a virtual
     * thread, or when every handler blocks (a proxy, a database front).
     *
     * <pre>{@code
     * HttpServer.builder().handler(jdbcBackedHandler).handlersOnLoop(false).start();
     * }</pre>
     */
    public Builder handlersOnLoop(boolean allowed) {
      this.handlersOnLoop = allowed;
      return this;
    }

    /**
     * How many read loops share the connections (default: half the available processors, at least
     * one; {@code -Dcourier.server.readLoops=N} changes the default). A read loop is a selector and
     * one platform thread: it reads and parses every connection dealt to it (in turn, as they are
     * accepted), decrypts their TLS, and answers there the requests whose handlers may run on it
     * ({@link #handlersOnLoop}), HTTP/2 ones included, so one loop caps that work at one core. The
     * default leaves the other half of the processors to the virtual threads that run handlers
     * which block, read bodies and shake hands; a server whose handlers never block may give the
     * loops every processor, and should when they compute for long (compressing responses on the
     * fly, large JSON): one loop's core then caps the rate.
     *
     * <pre>{@code
     * HttpServer.builder().handler(inMemoryHandler)
     *     .readLoops(Runtime.getRuntime().availableProcessors()).start();
     * }</pre>
     *
     * @throws IllegalArgumentException when {@code loops} is less than 1
     */
    public Builder readLoops(int loops) {
      if (loops < 1) throw new IllegalArgumentException("readLoops must be at least 1: " + loops);
      this.readLoops = loops;
      return this;
    }

    /** Half the processors, at least one, unless {@code courier.server.readLoops} says otherwise. */
    private static int defaultReadLoops() {
      int half = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
      return Math.max(1, Integer.getInteger("courier.server.readLoops", half));
    }

    /** The limits of each HTTP/2 connection (streams, windows, floods); see {@link dev.courier.http.h2.H2Limits}. */
    public Builder http2Limits(dev.courier.http.h2.H2Limits limits) {
      this.h2Limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** Binds and starts accepting; the server is listening when this returns. */
    public HttpServer start() throws IOException {
      boolean onLoop = handlersOnLoop != null ? handlersOnLoop : executor == null;
      HttpServer server = new HttpServer(config(), readPath, onLoop, readLoops);

      if (server.loops != null) {
        for (ReadyLoop loop : server.loops) loop.start();
        server.loopAcceptor.start();
      } else {
        server.acceptor.start();
      }
      server.reaper.start();
      if (server.watchdog != null) server.watchdog.start();
      return server;
    }

    /** The settings as they stand; the handler is required. */
    ServerConfig config() {
      Handler h = compressResponses && handler != null ? new ResponseCompression(handler) : handler;
      return new ServerConfig(bindAddress, port, backlog, h, limits, headTimeout.toMillis(),
          idleTimeout.toMillis(), bodyTimeout.toMillis(), bodyDeadline.toMillis(), minBodyRate,
          drainTimeout.toMillis(), writeTimeout.toMillis(), minWriteRate, writeRateWindow.toMillis(), maxConnections, maxConnectionsPerAddress, maxDrain,
          serverHeader, accessLog, sslContext, clock, executor, daemon, protocol, trustedProxies, http2, h2Limits,
          new SharedWindowBudget(h2Limits.windowBudget()));
    }

    private static Duration positive(Duration d) {
      if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("timeout must be positive: " + d);
      return d;
    }
  }
}

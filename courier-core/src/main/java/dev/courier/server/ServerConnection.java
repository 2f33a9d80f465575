package dev.courier.server;

import dev.courier.http.Headers;
import dev.courier.http.wire.BodyChunk;
import dev.courier.http.wire.BodyFraming;
import dev.courier.http.wire.Closed;
import dev.courier.http.wire.EndOfMessage;
import dev.courier.http.wire.Http1Parser;
import dev.courier.http.wire.Http1Writer;
import dev.courier.http.wire.HttpCodecException;
import dev.courier.http.wire.HttpEvent;
import dev.courier.http.wire.NeedMoreData;
import dev.courier.http.wire.RequestHead;
import dev.courier.http.wire.ResponseHead;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One connection's loop, on its own (virtual) thread: read a head, build the request, call the
 * handler, finish the request body, write the response; again while the connection persists.
 *
 * <p>Theory of operation. All parsing is the codec's ({@link Http1Parser}); this class only moves
 * bytes and enforces time. Reads carry a socket timeout computed from the phase: the head
 * deadline (total, from the first byte, so trickling bytes cannot extend it), the idle keep-alive
 * timeout between requests, the body timeout while a handler reads. Responses are buffered and
 * flushed when no further pipelined request is already waiting, so pipelined requests are answered
 * in order with few writes. After a protocol error the parser is dead, so the error response is
 * the last thing written before the close (RFC 9112 section 9.3.2).
 *
 * <pre>
 *   IDLE --(a byte of a request arrives)--> ACTIVE --(response sent, waiting again)--> IDLE
 *   IDLE --(shutdown: closeIfIdle)--> CLOSED        any --(forceClose, error, end)--> CLOSED
 * </pre>
 *
 * <p>A shutdown closes IDLE connections at once and lets ACTIVE ones finish their exchange; the
 * compare-and-set on the state decides the race between a shutdown and a request just arriving.
 */
final class ServerConnection implements Runnable {
  /** Where the connection is between requests; see the diagram above. */
  private enum State {
    /** Waiting for a request: a shutdown may close it at once. */
    IDLE,
    /** Reading a request, running the handler or writing the response: a shutdown waits. */
    ACTIVE,
    /** Closed or closing: nothing more is read or written. */
    CLOSED
  }

  /** The interim answer to {@code Expect: 100-continue}, written by the codec's writer. */
  private static final byte[] CONTINUE = interim(100, "Continue");

  /** The body of a request without one: always at its end, shared (closing it changes nothing). */
  private static final InputStream NO_BODY = new InputStream() {
    @Override
    public int read() {
      return -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      return len == 0 ? 0 : -1;
    }
  };

  private final HttpServer server;
  private final ServerConfig config;
  private final ResponseHeads heads;
  private final SocketChannel channel;
  private final InetSocketAddress remote;
  private final InetSocketAddress local;
  private final long acceptedAt = System.nanoTime();
  private final AtomicReference<State> state = new AtomicReference<>(State.IDLE);
  private final Http1Parser parser;
  /**
   * Pipelined requests are read one socket read at a time, and only when the parser has nothing
   * left to give: the parser holds at most this read plus one head (bounded by the codec's
   * limits), and answers wait in {@link SocketOutput}'s 16 KiB buffer and then in blocking
   * writes. A client that pipelines without reading its answers is thereby stopped by TCP flow
   * control, then cut by the write timeout or the minimum write rate.
   */
  private final byte[] readBuffer = new byte[16 * 1024];
  private Socket socket;
  private InputStream in;
  private SocketOutput out;
  private ResponseWriter responses;
  private int currentTimeout = -1;
  /** TLS chose {@code h2} by ALPN: the connection speaks HTTP/2 from the start. */
  private boolean alpnH2;
  /** The HTTP/2 connection this one became, once it did. */
  private volatile H2ServerConnection h2;

  /** A connection of {@code server}, which it tells when it closes, with that server's settings. */
  ServerConnection(HttpServer server, ServerConfig config, ResponseHeads heads, SocketChannel channel)
      throws IOException {
    this.server = server;
    this.config = config;
    this.heads = heads;
    this.channel = channel;
    this.remote = (InetSocketAddress) channel.getRemoteAddress();
    this.local = (InetSocketAddress) channel.getLocalAddress();
    this.parser = Http1Parser.forRequests(config.limits());
    this.writeRate = config.minWriteRate() > 0
        ? new WriteRate(config.minWriteRate(), millisToNanos(config.writeRateWindowMillis()))
        : null;
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

  /** The client's address, for the per-address connection cap. */
  java.net.InetAddress peer() {
    return remote.getAddress();
  }

  /** Closes the connection if it waits for a request (shutdown); in-flight exchanges go on. */
  void closeIfIdle() {
    if (state.compareAndSet(State.IDLE, State.CLOSED)) forceClose();
    H2ServerConnection multiplexed = h2;
    if (multiplexed != null) multiplexed.shutdown(); // GOAWAY; its streams finish first
  }

  void forceClose() {
    state.set(State.CLOSED);
    if (socket != null) HttpServer.closeQuietly(socket);
    HttpServer.closeQuietly(channel);
  }

  @Override
  public void run() {
    try {
      open();
      serve();
    } catch (IOException | UncheckedIOException e) {
      // the peer went away or the socket was closed under us: nothing to answer
    } catch (RuntimeException e) {
      HttpServer.log().log(System.Logger.Level.ERROR, "connection from " + remote + " failed", e);
    } finally {
      try {
        if (out != null && state.get() != State.CLOSED) out.flush();
      } catch (IOException e) {
        // closing anyway
      }
      forceClose();
      server.connectionClosed(this);
    }
  }

  private void open() throws IOException {
    Socket plain = channel.socket();
    SSLContext sslContext = config.sslContext();
    if (sslContext == null) {
      socket = plain;
      in = plain.getInputStream();
      out = new SocketOutput(plain.getOutputStream(), channel, writeClock);
      responses = new ResponseWriter(out, heads);
      return;
    }
    SSLSocket ssl = (SSLSocket) sslContext.getSocketFactory()
        .createSocket(plain, remote.getHostString(), remote.getPort(), true);
    socket = ssl;
    ssl.setUseClientMode(false);
    javax.net.ssl.SSLParameters parameters = dev.courier.net.TlsContexts.serverParameters(sslContext);
    // RFC 9113 section 3.2: h2 over TLS is chosen with ALPN; ours first, so h2 wins when offered.
    if (config.http2()) parameters.setApplicationProtocols(new String[] {"h2", "http/1.1"});
    ssl.setSSLParameters(parameters);
    // The handshake counts against the first head's deadline, in total: a socket timeout alone
    // bounds each read, and a ClientHello sent a byte at a time would never trip it. The reaper
    // ends the handshake at the deadline, as it ends a plain read; the socket timeout stays as a
    // second bound and is never 0 (which means none).
    long handshakeDeadline = acceptedAt + millisToNanos(config.headTimeoutMillis());
    int left = remainingMillis(handshakeDeadline);
    if (left <= 0) throw new SocketTimeoutException("no time left for the TLS handshake");
    setTimeout(left);
    deadline = handshakeDeadline;
    try {
      ssl.startHandshake();
    } catch (IOException e) {
      if (expired) throw new SocketTimeoutException("TLS handshake timed out");
      throw e;
    } finally {
      deadline = Long.MAX_VALUE;
    }
    in = ssl.getInputStream();
    out = new SocketOutput(ssl.getOutputStream(), null, writeClock);
    alpnH2 = "h2".equals(ssl.getApplicationProtocol());
    responses = new ResponseWriter(out, heads);
  }

  private void serve() throws IOException {
    if (alpnH2) {
      serveH2(new byte[0]);
      return;
    }
    if (config.http2() && config.sslContext() == null && !sniffPreface()) return;
    boolean first = true;
    while (true) {
      RequestHead head;
      try {
        head = readHead(first);
      } catch (HttpCodecException e) {
        sendError(e.status(), e.getMessage());
        return;
      } catch (HeadTimeout e) {
        sendError(408, "the request head did not arrive in time");
        return;
      }
      if (head == null) return;
      first = false;
      if (!exchange(head)) return;
      if (server.isStopping()) return;
    }
  }

  /** RFC 9113 section 3.4: the client preface that opens h2c with prior knowledge (section 3.3). */
  private static final byte[] H2_PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * Reads the first bytes of a plaintext connection: the HTTP/2 preface makes it an HTTP/2
   * connection (served here), anything else goes to the HTTP/1.1 parser.
   *
   * @return true when HTTP/1.1 goes on, false when the connection is done
   */
  private boolean sniffPreface() throws IOException {
    long headDeadline = acceptedAt + millisToNanos(config.headTimeoutMillis());
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
      if (!startsLikePreface(seen)) break;
      if (seen.size() >= H2_PREFACE.length) {
        serveH2(seen.toByteArray());
        return false;
      }
    }
    byte[] bytes = seen.toByteArray();
    parser.feed(bytes, 0, bytes.length);
    return true;
  }

  private static boolean startsLikePreface(ByteArrayOutputStream seen) {
    byte[] b = seen.toByteArray();
    for (int i = 0, n = Math.min(b.length, H2_PREFACE.length); i < n; i++) {
      if (b[i] != H2_PREFACE[i]) return false;
    }
    return true;
  }

  /** Hands the connection to HTTP/2 with the bytes already read; returns when it has ended. */
  private void serveH2(byte[] initial) throws IOException {
    state.set(State.ACTIVE);
    H2ServerConnection connection = new H2ServerConnection(server, config, socket, in, out, remote, local, initial);
    h2 = connection;
    if (server.isStopping()) connection.shutdown();
    connection.serve();
  }

  /** Thrown when the head deadline passes with part of a head received. */
  private static final class HeadTimeout extends Exception {
    private static final long serialVersionUID = 1L;

    HeadTimeout() {
      super(null, null, false, false);
    }
  }

  /** The next request head, or null when the connection ends between requests. */
  private RequestHead readHead(boolean first) throws IOException, HeadTimeout {
    long deadline = first ? acceptedAt + millisToNanos(config.headTimeoutMillis()) : 0;
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

  /**
   * One read with a timeout. Every connection publishes a deadline, which the server's reaper
   * enforces by shutting the input down (the read then ends): a timed park per read costs a timer task on virtual threads, a
   * deadline costs one volatile write.
   */
  private int readSocket(int timeoutMillis) throws IOException {
    // Never wait for the client while holding its answers: a pipelined client that sends its next
    // request in pieces, or waits for an answer before the rest of a body, would otherwise stall.
    if (out.hasBuffered()) out.flush();
    // TLS also keeps the socket timeout: a record trickled in pieces is several socket reads,
    // each with it, so the reaper's deadline is the bound that holds.
    if (socket instanceof SSLSocket) setTimeout(Math.max(1, timeoutMillis));
    deadline = System.nanoTime() + Math.max(1, timeoutMillis) * 1_000_000L;
    int n;
    try {
      n = in.read(readBuffer, 0, readBuffer.length);
    } catch (IOException e) {
      if (expired) throw new SocketTimeoutException("read timed out");
      throw e;
    } finally {
      deadline = Long.MAX_VALUE;
    }
    if (n < 0 && expired) throw new SocketTimeoutException("read timed out");
    return n;
  }

  private volatile long deadline = Long.MAX_VALUE;
  private volatile boolean expired;
  private volatile long writeDeadline = Long.MAX_VALUE;

  /** The minimum response rate, or null when there is none. */
  private final WriteRate writeRate;

  /**
   * Each blocking write must finish within the write timeout, and all of them together keep the
   * minimum rate (see {@link WriteRate}), or the connection is closed.
   */
  private final SocketOutput.WriteClock writeClock = new SocketOutput.WriteClock() {
    @Override
    public void begin(long bytes) {
      long now = System.nanoTime();
      if (writeRate != null) writeRate.begin(now, bytes);
      writeDeadline = now + config.writeTimeoutMillis() * 1_000_000L;
    }

    @Override
    public void end() {
      writeDeadline = Long.MAX_VALUE;
      if (writeRate != null) writeRate.end(System.nanoTime());
    }
  };

  /** Called by the server's reaper: ends a read or a write whose deadline has passed. */
  void expireIfLate(long now) {
    if (writeDeadline - now < 0 || (writeRate != null && writeRate.tooSlow(now))) {
      // The client stopped reading, or reads too slowly (slow-read attack or a dead peer):
      // nothing more can be said.
      forceClose();
      return;
    }
    if (deadline - now < 0 && !expired) {
      expired = true;
      try {
        channel.shutdownInput(); // wakes the blocked read with end-of-stream
      } catch (IOException e) {
        forceClose();
      }
    }
  }

  private void setTimeout(int millis) throws IOException {
    if (millis != currentTimeout) {
      socket.setSoTimeout(millis);
      currentTimeout = millis;
    }
  }

  /** One request and its response; false when the connection must close afterwards. */
  private boolean exchange(RequestHead head) throws IOException {
    state.set(State.ACTIVE);
    logClient = null;
    AccessLog accessLog = config.accessLog();
    String requestLine = accessLog.enabled()
        ? head.method() + " " + head.target() + " " + head.version().text()
        : "";
    if (parser.isTunnel() || head.method().equals("CONNECT")) {
      // An origin server opens no tunnels (RFC 9110 section 9.3.6 is for proxies).
      return respondAndClose(head, requestLine, ErrorPages.html(501, "CONNECT is not supported"));
    }
    if (head.hasUnknownExpectation()) {
      // RFC 9110 section 10.1.1: an expectation we cannot meet is a 417; the body was never read.
      return respondAndClose(head, requestLine, ErrorPages.html(417, "only 100-continue is understood"));
    }
    BodyFraming framing = parser.framing();
    RequestBody body = framing.kind() == BodyFraming.Kind.NONE ? null : new RequestBody(head.expectsContinue());
    ServerRequest request;
    // Forwarding fields count only from a configured proxy: from anyone else, the client's word.
    ForwardedHeaders.View view = ForwardedHeaders.View.of(config.trustedProxies(), remote.getAddress(), head.headers());
    try {
      request = ServerRequest.received(head.method(), head.target(), head.version(), head.headers(),
          view.scheme(config.scheme()), remote, local, body == null ? NO_BODY : body,
          framing.kind() == BodyFraming.Kind.FIXED ? framing.length() : (body == null ? 0 : -1));
      view.applyTo(request);
      logClient = request.clientAddress();
    } catch (IllegalArgumentException e) {
      // A target the codec's syntax lets through but Url refuses (RFC 9112 section 3.2: 400).
      return respondAndClose(head, requestLine, ErrorPages.html(400, e.getMessage()));
    }

    ServerResponse response;
    boolean keepAlive = parser.keepAlive();
    if (head.isAsteriskForm()) {
      // OPTIONS * asks about the server, not a resource (RFC 9110 section 9.3.7).
      response = head.method().equals("OPTIONS")
          ? ServerResponse.of(204)
          : ErrorPages.html(400, "'*' is only for OPTIONS");
    } else {
      try {
        response = config.handler().handle(request);
        if (response == null) throw new NullPointerException("handler returned null for " + requestLine);
      } catch (HttpResponseException e) {
        response = ErrorPages.response(e.statusCode(), request, e.getMessage());
      } catch (HttpCodecException e) {
        // the body broke framing or a limit: answer, then close (the parser is unusable)
        return respondAndClose(head, requestLine, ErrorPages.response(e.status(), request, e.getMessage()));
      } catch (SocketTimeoutException e) {
        return respondAndClose(head, requestLine, ErrorPages.response(408, request, "the request body stalled"));
      } catch (UncheckedIOException e) {
        if (e.getCause() instanceof SocketTimeoutException) {
          return respondAndClose(head, requestLine, ErrorPages.response(408, request, "the request body stalled"));
        }
        if (body != null && body.failed) return false; // the client went away mid-body
        response = internalError(request, e);
      } catch (IOException e) {
        if (body != null && body.failed) return false;
        response = internalError(request, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (Exception | StackOverflowError e) {
        response = internalError(request, e);
      }
    }
    if (asksToClose(response)) keepAlive = false;
    if (server.isStopping()) keepAlive = false;
    // A streamed response may still read the request body while it writes (an echo, a proxy):
    // the body is finished after it. Otherwise before, so the head can announce a close.
    boolean lazy = response.body() instanceof ServerResponseBody.Writer || response.body() instanceof ServerResponseBody.Stream;
    if (body != null && !lazy && keepAlive && !body.finish()) keepAlive = false;
    if (body != null && lazy) body.sendContinueIfAwaited();
    boolean stillAlive = writeResponse(head, response, keepAlive);
    if (body != null && lazy && stillAlive && !body.finish()) stillAlive = false;
    log(requestLine, response.statusCode());
    return stillAlive;
  }

  private static boolean asksToClose(ServerResponse response) {
    var headers = response.headers();
    for (int i = 0, n = headers.size(); i < n; i++) {
      if (headers.name(i).equalsIgnoreCase("Connection")) {
        for (String token : headers.value(i).split(",")) {
          if (token.trim().equalsIgnoreCase("close")) return true;
        }
      }
    }
    return false;
  }

  private ServerResponse internalError(ServerRequest request, Throwable e) {
    HttpServer.log().log(System.Logger.Level.ERROR, "handler failed on " + request, e);
    return ErrorPages.response(500, request, "");
  }

  private boolean respondAndClose(RequestHead head, String requestLine, ServerResponse response) throws IOException {
    writeResponse(head, response, false);
    log(requestLine, response.statusCode());
    return false;
  }

  /** The client of the exchange being logged: a trusted proxy's word, or null for the peer. */
  private java.net.InetAddress logClient;

  private void log(String requestLine, int status) {
    AccessLog accessLog = config.accessLog();
    if (accessLog.enabled()) {
      accessLog.log(logClient != null ? logClient : remote.getAddress(), null, config.clock().instant(), requestLine, status, responses.bodyBytes());
    }
  }

  /** An error answered before or without a request (bad head, timeout), then the close. */
  private void sendError(int status, String message) {
    try {
      writeResponse(null, ErrorPages.html(status, message), false);
      out.flush();
      log("-", status);
      // Let the client read the answer before the close resets the connection (unread input).
      socket.shutdownOutput();
    } catch (IOException e) {
      // the client is gone
    }
  }

  /** Writes the response; false when the connection must close (asked for, or framing broke). */
  private boolean writeResponse(RequestHead head, ServerResponse response, boolean keepAlive) throws IOException {
    ServerResponseBody body = response.body();
    try {
      return responses.write(head, response, keepAlive);
    } finally {
      try {
        body.close();
      } catch (IOException e) {
        // the response is already sent or abandoned
      }
      if (!keepAlive || parser.buffered() == 0) out.flush();
    }
  }

  private static long millisToNanos(long millis) {
    return millis * 1_000_000L;
  }

  private static int remainingMillis(long deadlineNanos) {
    long left = (deadlineNanos - System.nanoTime()) / 1_000_000L;
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, left));
  }

  /**
   * The request body as the handler reads it: events pulled from the parser, socket reads with
   * the body timeout, {@code 100 Continue} sent before the first read when the client waits for it.
   *
   * <p>Each read waits at most the body timeout (a pause), and all reads together are bounded
   * from the first one: by the body deadline, by the minimum rate (after the first body timeout,
   * each byte received buys {@code 1 / minBodyRate} seconds more), and while draining by the
   * drain timeout. A client trickling a byte every few seconds never pauses long enough for the
   * first bound, and is cut by the others.
   */
  final class RequestBody extends InputStream {
    private boolean expectContinue;
    private byte[] chunk;
    private int chunkPos;
    private boolean done;
    private boolean failed; // the socket failed while the handler read: the client is gone
    private boolean started;
    private long startedAt; // System.nanoTime() of the first socket read
    private long received; // bytes read from the socket since
    private boolean draining;
    private long drainUntil; // System.nanoTime() deadline while draining

    RequestBody(boolean expectContinue) {
      this.expectContinue = expectContinue;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) return 0;
      while (true) {
        if (chunk != null && chunkPos < chunk.length) {
          int n = Math.min(len, chunk.length - chunkPos);
          System.arraycopy(chunk, chunkPos, b, off, n);
          chunkPos += n;
          return n;
        }
        if (done) return -1;
        if (!advance()) return -1;
      }
    }

    @Override
    public int available() {
      return chunk == null ? 0 : chunk.length - chunkPos;
    }

    /** Pulls the next event; false at the end of the body. */
    private boolean advance() throws IOException {
      HttpEvent event = parser.next();
      switch (event) {
        case BodyChunk c -> {
          chunk = c.data();
          chunkPos = 0;
          return true;
        }
        case EndOfMessage end -> {
          done = true;
          return false;
        }
        case NeedMoreData more -> {
          sendContinueIfAwaited();
          long wait = waitMillis();
          if (wait <= 0) {
            failed = true;
            throw new SocketTimeoutException("the request body is too slow");
          }
          int n;
          try {
            n = readSocket((int) Math.min(Integer.MAX_VALUE, wait));
          } catch (SocketTimeoutException e) {
            failed = true;
            throw e;
          } catch (IOException e) {
            failed = true;
            throw e;
          }
          if (n < 0) {
            parser.endOfInput();
          } else {
            parser.feed(readBuffer, 0, n);
                received += n;
          }
          return true;
        }
        default -> {
          return true; // trailers: never merged into the head (RFC 9110 section 6.5.1)
        }
      }
    }

    /** How long the next read may wait: the body timeout, cut to what the total bounds leave. */
    private long waitMillis() {
      long now = System.nanoTime();
      if (!started) {
        started = true;
        startedAt = now;
      }
      long elapsed = now - startedAt;
      long left = millisToNanos(config.bodyDeadlineMillis()) - elapsed;
      long rate = config.minBodyRate();
      if (rate > 0) {
        long earned = (received / rate) * 1_000_000_000L + (received % rate) * 1_000_000_000L / rate;
        left = Math.min(left, millisToNanos(config.bodyTimeoutMillis()) + earned - elapsed);
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
      drainUntil = System.nanoTime() + millisToNanos(config.drainTimeoutMillis());
      try {
        while (!done) {
          if (chunk != null) {
            drained += chunk.length - chunkPos;
            chunk = null;
          }
          if (drained > config.maxDrain()) return false;
          advance();
        }
        return true;
      } catch (IOException | HttpCodecException e) {
        return false;
      }
    }
  }

}

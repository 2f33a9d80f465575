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
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One connection: read a head, build the request, call the handler, finish the request body,
 * write the response; again while the connection persists. On the blocking path (TLS, or chosen)
 * {@link #run} does it all on the connection's own virtual thread; on the selector-driven path
 * (see {@link ReadyLoop} and the section below {@link #park}) the connection waits between
 * requests without a thread and each run of {@link #resume} serves what has arrived.
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

  // The selector-driven path (plaintext): see park(), ready() and resume().
  /** The loop watching the channel, or null on the blocking path (TLS, or chosen). */
  private ReadyLoop loop;
  /** Set by whichever comes first: the registration's return or the loop's first readiness. */
  private volatile SelectionKey key;
  private Executor executor;
  /** Whether the loop reads and parses a head itself before dispatching (else the thread reads). */
  private boolean parseOnLoop;
  private ByteBuffer readView;
  private final Runnable resumeTask = this::resume;
  /** The thread parked in {@link #await}, to unpark when the channel is ready or closes. */
  private volatile Thread waiter;
  /** Owned by the running thread: the key's interest is OP_READ (no re-arm needed to park). */
  private boolean armedForRead;
  /** The thread should read before parking: the loop dispatched without reading, or saw bytes. */
  private boolean readFirst;
  /** Set by nextHeadOrPark when the connection went back to the loop. */
  private boolean parkedNow;
  /** System.nanoTime() by which the head being received must be complete; 0 between heads. */
  private long headDeadline;
  /** What the loop found before dispatching: a RequestHead, an HttpCodecException, TIMED_OUT or H2C. */
  private Object pending;
  /** Bytes of the HTTP/2 preface matched so far on a fresh plaintext connection, -1 once decided. */
  private int sniffed = -1;
  private static final Object TIMED_OUT = new Object();
  private static final Object H2C = new Object();

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
    if (state.compareAndSet(State.PARKED_IDLE, State.CLOSED)) {
      forceClose();
      server.connectionClosed(this); // no thread will
    }
    H2ServerConnection multiplexed = h2;
    if (multiplexed != null) multiplexed.shutdown(); // GOAWAY; its streams finish first
  }

  void forceClose() {
    State previous = state.getAndSet(State.CLOSED);
    if (socket != null) HttpServer.closeQuietly(socket);
    HttpServer.closeQuietly(channel);
    if (loop != null) {
      loop.wakeup(); // the loop drops the key; the descriptor is closed then
      if (previous == State.PARKED_IDLE || previous == State.PARKED_HEAD) {
        server.connectionClosed(this); // parked: no thread will
      } else {
        unparkWaiter();
      }
    }
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

  // ---- The selector-driven path -------------------------------------------------------------
  //
  // A plaintext connection's channel is non-blocking and registered with a ReadyLoop for its
  // whole life. Between requests it is PARKED (no thread); the loop reads what arrives and, once
  // a head is complete, CASes it to ACTIVE and runs resume() on a virtual thread, which serves
  // that request and every one already buffered, then parks the connection again and ends. A
  // thread that must wait mid-exchange (body bytes, a full send buffer) parks itself in await();
  // the loop clears the key's interest and marks the state READY before unparking it, so the
  // thread always knows when it must re-arm the key. Only the loop moves PARKED to ACTIVE; only
  // the running thread moves ACTIVE or READY to PARKED; anyone may move any state to CLOSED.

  /**
   * Starts serving on the selector-driven path: the channel goes non-blocking and is registered
   * with {@code loop}; requests run on threads from {@code executor}. Called by the acceptor.
   */
  void park(ReadyLoop loop, Executor executor, boolean parseOnLoop) throws IOException {
    this.loop = loop;
    this.executor = executor;
    this.parseOnLoop = parseOnLoop;
    channel.configureBlocking(false);
    socket = channel.socket();
    readView = ByteBuffer.wrap(readBuffer);
    out = new SocketOutput(channel, () -> await(SelectionKey.OP_WRITE), writeClock);
    responses = new ResponseWriter(out, heads);
    headDeadline = acceptedAt + millisToNanos(config.headTimeoutMillis());
    deadline = headDeadline;
    if (config.http2()) sniffed = 0;
    armedForRead = true;
    state.set(State.PARKED_IDLE);
    key = loop.register(channel, this);
  }

  /** On the loop's thread: the channel is ready for what its key asked. */
  void ready(SelectionKey k) {
    if (key == null) key = k; // the loop may see the channel ready before register() returned
    while (true) {
      State s = state.get();
      switch (s) {
        case ACTIVE, READY -> {
          // A thread owns the connection: stop watching before marking READY, so that a thread
          // that re-arms the key after seeing READY is never undone by this clear.
          k.interestOps(0);
          if (s == State.READY || state.compareAndSet(State.ACTIVE, State.READY)) {
            unparkWaiter();
            return;
          }
        }
        case PARKED_IDLE, PARKED_HEAD -> {
          readParked(k, s);
          return;
        }
        default -> {
          k.cancel();
          return;
        }
      }
    }
  }

  void unparkWaiter() {
    Thread t = waiter;
    if (t != null) java.util.concurrent.locks.LockSupport.unpark(t);
  }

  /** On the loop's thread: bytes (or the end) arrived on a parked connection. */
  private void readParked(SelectionKey k, State s) {
    if (!parseOnLoop) {
      k.interestOps(0); // the thread reads; level-triggered readiness would repeat until it does
      armedForRead = false;
      readFirst = true;
      dispatch(s);
      return;
    }
    // ready() may have cleared the interest just as the thread parked the connection: re-arm it
    // here (applied at this loop's next select), or the thread about to run would believe it armed.
    if (k.interestOps() != SelectionKey.OP_READ) k.interestOps(SelectionKey.OP_READ);
    int n;
    try {
      readView.clear();
      n = channel.read(readView);
    } catch (IOException e) {
      closeParked();
      return;
    }
    if (n == 0) return; // a readiness left over from an earlier wait
    if (n < 0 && expired) {
      if (s == State.PARKED_IDLE) {
        closeParked(); // idle keep-alive timeout, or connected and never spoke: close without a word
      } else {
        pending = TIMED_OUT;
        dispatch(s);
      }
      return;
    }
    if (s == State.PARKED_IDLE && n > 0) {
      if (!state.compareAndSet(State.PARKED_IDLE, State.PARKED_HEAD)) return; // closed by a shutdown
      s = State.PARKED_HEAD;
      if (headDeadline == 0) headDeadline = System.nanoTime() + millisToNanos(config.headTimeoutMillis());
      deadline = headDeadline;
    }
    try {
      if (n < 0) {
        parser.endOfInput();
      } else if (sniffed >= 0) {
        if (sniff(n)) {
          pending = H2C;
          dispatch(s);
          return;
        }
      } else {
        parser.feed(readBuffer, 0, n);
      }
      while (true) {
        HttpEvent event = parser.next();
        if (event instanceof RequestHead head) {
          pending = head;
          dispatch(s);
          return;
        }
        if (event instanceof Closed) {
          closeParked();
          return;
        }
        if (event instanceof NeedMoreData) return; // the rest of the head is awaited here; the reaper enforces its deadline
      }
    } catch (HttpCodecException e) {
      pending = e;
      dispatch(s);
    }
  }

  /**
   * Matches the first bytes of a fresh plaintext connection against the HTTP/2 preface (RFC 9113
   * section 3.4); anything else goes to the HTTP/1.1 parser, the matched part first.
   *
   * @return true when the whole preface arrived: the connection becomes HTTP/2
   */
  private boolean sniff(int n) {
    int i = 0;
    while (i < n && sniffed + i < H2_PREFACE.length && readBuffer[i] == H2_PREFACE[sniffed + i]) i++;
    if (sniffed + i == H2_PREFACE.length) {
      h2Initial = new byte[H2_PREFACE.length + n - i];
      System.arraycopy(H2_PREFACE, 0, h2Initial, 0, H2_PREFACE.length);
      System.arraycopy(readBuffer, i, h2Initial, H2_PREFACE.length, n - i);
      sniffed = -1;
      return true;
    }
    if (i == n) {
      sniffed += n; // still a prefix of the preface: wait for more
      return false;
    }
    if (sniffed > 0) parser.feed(H2_PREFACE, 0, sniffed);
    sniffed = -1;
    parser.feed(readBuffer, 0, n);
    return false;
  }

  /** The bytes of an h2c connection read before the handover, preface first. */
  private byte[] h2Initial;

  /** On the loop's thread: a parked connection moves to a thread that serves it. */
  private void dispatch(State from) {
    if (!state.compareAndSet(from, State.ACTIVE)) return; // closed meanwhile (shutdown, reaper)
    deadline = Long.MAX_VALUE;
    try {
      executor.execute(resumeTask);
    } catch (RuntimeException e) {
      HttpServer.log().log(System.Logger.Level.WARNING, "could not run a connection: " + e);
      forceClose();
      server.connectionClosed(this);
    }
  }

  /** On the loop's thread: a parked connection ends (peer closed, idle timeout, read failure). */
  private void closeParked() {
    forceClose();
    server.connectionClosed(this);
  }

  /** On a virtual thread: serves what the loop found, then every request after it, until it parks or closes. */
  private void resume() {
    boolean parked = false;
    try {
      parked = serveParked();
    } catch (IOException | UncheckedIOException e) {
      // the peer went away or the socket was closed under us: nothing to answer
    } catch (RuntimeException e) {
      HttpServer.log().log(System.Logger.Level.ERROR, "connection from " + remote + " failed", e);
    } finally {
      if (!parked) {
        try {
          if (state.get() != State.CLOSED) out.flush();
        } catch (IOException e) {
          // closing anyway
        }
        forceClose();
        server.connectionClosed(this);
      }
    }
  }

  /** @return true when the connection went back to the loop (this thread must not touch it again) */
  private boolean serveParked() throws IOException {
    while (true) {
      Object found = pending;
      pending = null;
      if (found == H2C) {
        handOverToH2();
        return false;
      }
      RequestHead head;
      try {
        if (found == TIMED_OUT) throw new HeadTimeout();
        if (found instanceof HttpCodecException e) throw e;
        head = found instanceof RequestHead h ? h : nextHeadOrPark();
      } catch (HttpCodecException e) {
        sendError(e.status(), e.getMessage());
        return false;
      } catch (HeadTimeout e) {
        sendError(408, "the request head did not arrive in time");
        return false;
      }
      if (head == null) {
        if (pending == H2C) continue;
        return parkedNow;
      }
      headDeadline = 0;
      if (!exchange(head)) return false;
      if (server.isStopping()) return false;
    }
  }

  /**
   * The next head from what is buffered or readable now; null when the connection ends, or when it
   * went back to the loop to wait ({@link #parkedNow} then true).
   */
  private RequestHead nextHeadOrPark() throws IOException, HeadTimeout {
    parkedNow = false;
    while (true) {
      HttpEvent event = parser.next();
      if (event instanceof RequestHead head) return head;
      if (event instanceof Closed) return null;
      if (!(event instanceof NeedMoreData)) continue; // leftovers of an abandoned body: skipped
      if (out.hasBuffered()) out.flush(); // answers to pipelined requests leave before we wait
      boolean idle = parser.isIdle();
      if (idle && server.isStopping()) return null;
      if (headDeadline != 0 && System.nanoTime() - headDeadline > 0) {
        if (idle) return null;
        throw new HeadTimeout();
      }
      int n = 0;
      if (readFirst || state.compareAndSet(State.READY, State.ACTIVE)) {
        if (!readFirst) armedForRead = false; // the loop cleared the key's interest
        readFirst = false;
        n = readOnce();
      }
      if (n == 0) {
        if (parkOnLoop(idle)) {
          parkedNow = true;
          return null;
        }
        continue; // bytes arrived while parking: read them here
      }
      if (n < 0) {
        if (expired) {
          if (idle) return null;
          throw new HeadTimeout();
        }
        parser.endOfInput();
      } else {
        if (sniffed < 0) {
          parser.feed(readBuffer, 0, n);
        } else if (sniff(n)) {
          pending = H2C;
          return null; // serveParked hands over; parkedNow stays false
        }
        if (headDeadline == 0) headDeadline = System.nanoTime() + millisToNanos(config.headTimeoutMillis());
      }
    }
  }

  private int readOnce() throws IOException {
    readView.clear();
    return channel.read(readView);
  }

  /**
   * Hands the connection to the loop until bytes arrive (the key is re-armed for reading if a
   * wait changed it). False when the loop saw bytes meanwhile: the caller reads them itself.
   */
  private boolean parkOnLoop(boolean idle) {
    boolean rearmed = false;
    if (!armedForRead) {
      try {
        interest(SelectionKey.OP_READ);
      } catch (java.nio.channels.ClosedChannelException e) {
        throw new UncheckedIOException(e);
      }
      armedForRead = true;
      rearmed = true;
    }
    // Bytes of the next head may have come with an earlier read (pipelining): its clock starts now.
    if (!idle && headDeadline == 0) headDeadline = System.nanoTime() + millisToNanos(config.headTimeoutMillis());
    long until = idle && headDeadline == 0
        ? System.nanoTime() + millisToNanos(config.idleTimeoutMillis())
        : headDeadline;
    deadline = until;
    if (!state.compareAndSet(State.ACTIVE, idle && headDeadline == 0 ? State.PARKED_IDLE : State.PARKED_HEAD)) {
      deadline = Long.MAX_VALUE;
      if (state.compareAndSet(State.READY, State.ACTIVE)) {
        armedForRead = false;
        readFirst = true;
        return false;
      }
      throw new UncheckedIOException(new java.nio.channels.ClosedChannelException());
    }
    if (rearmed) loop.wakeup(); // after this the thread must not touch the connection
    return true;
  }

  /**
   * Parks this thread until the loop sees the channel ready for {@code op}, mid-exchange.
   *
   * @throws java.nio.channels.ClosedChannelException when the connection closed meanwhile (a
   *     write timeout, a shutdown's end)
   */
  private void await(int op) throws IOException {
    waiter = Thread.currentThread();
    try {
      if (!state.compareAndSet(State.READY, State.ACTIVE)) {
        interest(op);
        loop.wakeup();
        while (state.get() == State.ACTIVE) java.util.concurrent.locks.LockSupport.park(this);
        if (!state.compareAndSet(State.READY, State.ACTIVE)) throw new java.nio.channels.ClosedChannelException();
      }
      armedForRead = false; // the loop cleared the interest before marking READY
    } finally {
      waiter = null;
    }
  }

  /** Sets the key's interest; a key cancelled by a concurrent close is a closed connection. */
  private void interest(int op) throws java.nio.channels.ClosedChannelException {
    try {
      key.interestOps(op);
    } catch (java.nio.channels.CancelledKeyException e) {
      throw new java.nio.channels.ClosedChannelException();
    }
  }

  /** A read on the non-blocking channel that waits (parked) for up to {@code timeoutMillis}. */
  private int readNonBlocking(int timeoutMillis) throws IOException {
    deadline = System.nanoTime() + Math.max(1, timeoutMillis) * 1_000_000L;
    try {
      while (true) {
        int n = readOnce();
        if (n < 0 && expired) throw new SocketTimeoutException("read timed out");
        if (n != 0) return n;
        if (expired) throw new SocketTimeoutException("read timed out");
        await(SelectionKey.OP_READ);
      }
    } finally {
      deadline = Long.MAX_VALUE;
    }
  }

  /** An h2c preface arrived on the selector-driven path: back to a blocking channel, then HTTP/2. */
  private void handOverToH2() throws IOException {
    key.cancel();
    waiter = Thread.currentThread();
    try {
      loop.awaitDeregistered(this, channel);
    } finally {
      waiter = null;
    }
    channel.configureBlocking(true);
    loop = null; // from here on the blocking path's rules hold
    in = socket.getInputStream();
    out = new SocketOutput(socket.getOutputStream(), channel, writeClock);
    responses = new ResponseWriter(out, heads);
    byte[] initial = h2Initial;
    h2Initial = null;
    serveH2(initial);
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
    if (loop != null) return readNonBlocking(timeoutMillis);
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
    if (loop == null) state.set(State.ACTIVE); // on the loop's path the thread's state is already ACTIVE or READY
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

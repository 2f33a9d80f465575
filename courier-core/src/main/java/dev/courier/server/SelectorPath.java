package dev.courier.server;

import dev.courier.http.wire.BodyFraming;
import dev.courier.http.wire.Closed;
import dev.courier.http.wire.Http1Parser;
import dev.courier.http.wire.HttpCodecException;
import dev.courier.http.wire.HttpEvent;
import dev.courier.http.wire.NeedMoreData;
import dev.courier.http.wire.RequestHead;
import dev.courier.server.ServerConnection.State;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

/**
 * The selector-driven read path of one HTTP/1.1 {@link ServerConnection}: its channel is
 * non-blocking and registered with a {@link ReadyLoop} for its whole life. Over TLS the bytes read
 * and written go through a {@link TlsChannel}, whose handshake ran before on the connection's own
 * thread; a TLS read may leave whole records buffered that the socket will not announce again, so
 * the path never parks while the TLS channel holds any ({@link #parkOnLoop}, {@link #readParked}).
 *
 * <p>Theory of operation. Between requests the connection is PARKED (no thread); the loop reads
 * what arrives ({@link #ready}, {@link #readParked}) and, once a head is complete, CASes the state
 * to ACTIVE and runs {@link #resume} on a virtual thread ({@link #dispatch}), which serves that
 * request and every one already buffered, then parks the connection again ({@link #parkOnLoop})
 * and ends. A thread that must wait mid-exchange (body bytes, a full send buffer) parks itself in
 * {@link #await}; the loop clears the key's interest and marks the state READY before unparking
 * it, so the thread always knows when it must re-arm the key.
 *
 * <p>A request the server's {@link LoopRouting} admits (its handler declared non-blocking, see
 * {@link Handler#nonBlocking}, or any handler while the {@link LoopWatchdog} trusts them) is run by
 * the loop itself ({@link #serveOnLoop}) when the request's body, if any, is buffered whole: the
 * loop is then the running thread, from ACTIVE back to PARKED, and hands the connection to a
 * thread (still ACTIVE, with a marker in {@link #pending}) only when something would have to wait.
 * When the watchdog takes the loop over from a thread stuck in a handler, that thread stays the
 * connection's running thread and finishes it as any thread would, while the loop's new thread
 * may mark the connection READY meanwhile (bytes came): {@link #parkOnLoop} then fails and a
 * thread reads them.
 *
 * <pre>
 *   PARKED_IDLE --(bytes)--> PARKED_HEAD --(head complete, error, timeout)--> ACTIVE   (loop)
 *   ACTIVE --(served on the loop, nothing left to send)--> PARKED_IDLE or PARKED_HEAD  (loop)
 *   ACTIVE --(await: the loop saw the channel ready)--> READY --(thread goes on)--> ACTIVE
 *   ACTIVE or READY --(nothing buffered: parkOnLoop)--> PARKED_IDLE or PARKED_HEAD   (thread)
 *   any --(forceClose: shutdown, reaper, error, end)--> CLOSED                        (anyone)
 * </pre>
 *
 * <p>Only the loop moves PARKED to ACTIVE; only the running thread moves ACTIVE or READY to
 * PARKED; anyone may move any state to CLOSED. Who owns the plain fields below follows from it:
 * the loop while PARKED, the running thread while ACTIVE or READY. Each hand-over is a
 * compare-and-set of the connection's atomic state (and for the loop-to-thread direction also the
 * executor's submission), so every plain write before it is seen by the side that takes over.
 * Only {@link #key} and {@link #waiter} are read across that line, and are volatile.
 */
final class SelectorPath implements ReadyLoop.Registrant {
  /** What the loop found before dispatching, besides a head or a codec error. */
  private static final Object TIMED_OUT = new Object();
  private static final Object H2C = new Object();
  /** Left by the loop for a thread: write the answer a non-blocking handler gave (not from memory). */
  private static final Object RESPOND = new Object();
  /** Left by the loop for a thread: send what the socket did not take, then serve on. */
  private static final Object FLUSH = new Object();
  /** Left by the loop for a thread: send what the socket did not take, then close. */
  private static final Object FLUSH_CLOSE = new Object();
  /** What the loop does after serving on its own thread: close the connection at once. */
  private static final Object CLOSE = new Object();

  private final ServerConnection connection;
  private final HttpServer server;
  private final ServerConfig config;
  private final SocketChannel channel;
  /** Where reads come from: the channel, or TLS over it. */
  private final ByteChannel input;
  /** TLS over the channel, or null on plaintext. */
  private final TlsChannel tls;
  private final Http1Parser parser;
  /**
   * A thread's reads land here: one of the {@link WorkingBuffers}, taken when a thread first
   * reads and given back when the connection parks (a connection answered on the loop never takes one).
   */
  private byte[] readBuffer;
  private ByteBuffer readView;
  private final ConnectionDeadlines deadlines;
  private final ReadyLoop loop;
  private final Executor executor;
  /** Whether the loop reads and parses a head itself before dispatching (else the thread reads). */
  private final boolean parseOnLoop;
  /** Which requests, whose body is here, the loop runs itself ({@link #serveOnLoop}); null: none. */
  private final LoopRouting inline;
  private final SocketOutput out;
  private final Runnable resumeTask = this::resume;
  /** Writes the exchanges; set once by {@link #start}, before the registration. */
  private ServerExchange exchanges;
  /** Matches the h2c preface on a fresh connection; null when HTTP/2 is off. */
  private H2cPreface preface;

  /** Set by whichever comes first: the registration's return or the loop's first readiness. */
  private volatile SelectionKey key;
  /** The thread parked in {@link #await}, to unpark when the channel is ready or closes. */
  private volatile Thread waiter;
  /** The key's interest is OP_READ (no re-arm needed to park). */
  private boolean armedForRead;
  /** The thread should read before parking: the loop dispatched without reading, or saw bytes. */
  private boolean readFirst;
  /** Set by nextHeadOrPark when the connection went back to the loop. */
  private boolean parkedNow;
  /** System.nanoTime() by which the head being received must be complete; 0 between heads. */
  private long headDeadline;
  /** What the loop found before dispatching: a RequestHead, an HttpCodecException, TIMED_OUT or H2C. */
  private Object pending;

  SelectorPath(ServerConnection connection, HttpServer server, ServerConfig config, SocketChannel channel,
      TlsChannel tls, Http1Parser parser, ConnectionDeadlines deadlines, ReadyLoop loop, Executor executor,
      boolean parseOnLoop) {
    this.connection = connection;
    this.server = server;
    this.config = config;
    this.channel = channel;
    this.tls = tls;
    this.input = tls != null ? tls : channel;
    this.parser = parser;
    this.deadlines = deadlines;
    this.loop = loop;
    this.executor = executor;
    this.parseOnLoop = parseOnLoop;
    this.inline = parseOnLoop ? server.loopRouting() : null;
    this.out = tls != null
        ? new SocketOutput(tls, () -> await(SelectionKey.OP_WRITE), deadlines.writeClock(), true)
        : new SocketOutput(channel, () -> await(SelectionKey.OP_WRITE), deadlines.writeClock());
  }

  /** The connection's output while on this path: a write that cannot go on waits in {@link #await}. */
  SocketOutput output() {
    return out;
  }

  /**
   * Parks the fresh connection on the loop, waiting for its first head by {@code headDeadline}.
   * Called by the acceptor, with the channel already non-blocking.
   */
  void start(ServerExchange exchanges, long headDeadline) throws IOException {
    this.exchanges = exchanges;
    this.headDeadline = headDeadline;
    deadlines.readBy(headDeadline);
    if (config.http2() && tls == null) preface = new H2cPreface(); // over TLS, h2 is chosen by ALPN only
    armedForRead = true;
    if (!connection.moveState(State.IDLE, State.PARKED_IDLE)) throw new ClosedChannelException(); // a shutdown came first
    key = loop.register(channel, this);
  }

  /**
   * On the thread that shook hands: parks the TLS connection on the loop like {@link #start}, or,
   * when the client's first records came with its last handshake bytes (the TLS channel holds
   * them, the socket will not announce them), reads them and serves them on this thread first.
   */
  void startAfterHandshake(ServerExchange exchanges, long headDeadline) throws IOException {
    if (!tls.hasBufferedInput()) {
      tls.releaseBuffers(); // the handshake's: a connection that waits for its first request holds none
      start(exchanges, headDeadline);
      return;
    }
    this.exchanges = exchanges;
    this.headDeadline = headDeadline;
    armedForRead = true;
    // One read, into the read buffer that the connection gives back when it parks.
    int n = readOnce();
    ServerConnection.feedRead(parser, readBuffer, n);
    if (!connection.moveState(State.IDLE, State.ACTIVE)) throw new ClosedChannelException();
    key = loop.register(channel, this);
    resume();
  }

  /**
   * On the loop's thread: the channel is ready for what its key asked. {@code io} is the loop
   * thread's direct buffer, for this thread's use only.
   */
  @Override
  public void ready(SelectionKey k, ByteBuffer io) {
    if (key == null) key = k; // the loop may see the channel ready before register() returned
    while (true) {
      State s = connection.state();
      switch (s) {
        case ACTIVE, READY -> {
          // A thread owns the connection: stop watching before marking READY, so that a thread
          // that re-arms the key after seeing READY is never undone by this clear.
          k.interestOps(0);
          if (s == State.READY || connection.moveState(State.ACTIVE, State.READY)) {
            unparkWaiter();
            return;
          }
        }
        case PARKED_IDLE, PARKED_HEAD -> {
          readParked(k, s, io);
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
    if (t != null) LockSupport.unpark(t);
  }

  /** The connection was closed from {@code previous} (any thread): whoever waits must learn it. */
  void closed(State previous) {
    loop.wakeup(); // the loop drops the key; the descriptor is closed then
    if (previous == State.PARKED_IDLE || previous == State.PARKED_HEAD) {
      server.connectionClosed(connection); // parked: no thread will
    } else {
      unparkWaiter();
    }
  }

  /** On the loop's thread, when the connection failed there: closes it. */
  @Override
  public void forceClose() {
    connection.forceClose();
  }

  /** On the loop's thread: bytes (or the end) arrived on a parked connection. */
  private void readParked(SelectionKey k, State s, ByteBuffer io) {
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
      io.clear();
      n = input.read(io);
    } catch (IOException e) {
      closeParked();
      return;
    }
    if (n == 0) return; // a readiness left over from an earlier wait
    if (n < 0 && deadlines.expired()) {
      if (s == State.PARKED_IDLE) {
        closeParked(); // idle keep-alive timeout, or connected and never spoke: close without a word
      } else {
        pending = TIMED_OUT;
        dispatch(s);
      }
      return;
    }
    if (s == State.PARKED_IDLE && n > 0) {
      if (!connection.moveState(State.PARKED_IDLE, State.PARKED_HEAD)) return; // closed by a shutdown
      s = State.PARKED_HEAD;
    }
    try {
      if (n < 0) {
        parser.endOfInput();
      } else if (preface != null && preface.undecided()) {
        byte[] first = new byte[n]; // once per connection: the bytes that may open with the h2c preface
        io.get(0, first, 0, n);
        if (preface.offer(first, n, parser)) {
          pending = H2C;
          dispatch(s);
          return;
        }
      } else {
        parser.feed(io.flip());
      }
      while (true) {
        HttpEvent event = parser.next();
        if (event instanceof RequestHead head) {
          if (servesOnLoop(head)) {
            serveOnLoop(s, head, io);
          } else {
            pending = head;
            dispatch(s);
          }
          return;
        }
        if (event instanceof Closed) {
          closeParked();
          return;
        }
        if (event instanceof NeedMoreData) {
          if (tls != null && tls.hasBufferedInput()) {
            // More whole records wait in TLS, which the socket will not announce again.
            io.clear();
            int more = tls.read(io);
            if (more < 0) {
              parser.endOfInput();
            } else {
              parser.feed(io.flip());
            }
            continue;
          }
          // The rest of the head is awaited here; the reaper enforces its deadline, which runs
          // from the head's first bytes. Set only now: a head that came whole (the usual case)
          // never waits here, and its exchange clears the deadline anyway.
          if (headDeadline == 0) headDeadline = System.nanoTime() + millisToNanos(config.headTimeoutMillis());
          deadlines.readBy(headDeadline);
          return;
        }
      }
    } catch (HttpCodecException e) {
      pending = e;
      dispatch(s);
    } catch (IOException e) {
      closeParked(); // a TLS record that failed to decrypt
    }
  }

  /** On the loop's thread: a parked connection moves to a thread that serves it. */
  private void dispatch(State from) {
    if (!connection.moveState(from, State.ACTIVE)) return; // closed meanwhile (shutdown, reaper)
    deadlines.clearRead();
    handOff();
  }

  /**
   * Whether the loop may serve the request whose head the parser just gave: the handler is
   * declared non-blocking, and the request has no body or a Content-Length body already buffered
   * whole (reading it never waits). A chunked body, one still arriving, or one the client holds
   * back for {@code 100 Continue} goes to a thread.
   */
  private boolean servesOnLoop(RequestHead head) {
    if (inline == null || !inline.runsOnLoop(head.method(), head.target())) return false;
    BodyFraming framing = parser.framing();
    return framing.kind() == BodyFraming.Kind.NONE
        || framing.kind() == BodyFraming.Kind.FIXED && framing.length() <= parser.buffered() && !head.expectsContinue();
  }

  /**
   * On the loop's thread: serves a request itself (the handler is declared non-blocking and the
   * request's body, if any, is buffered whole), and every such request buffered after it, then parks the
   * connection again, all without a hand-off to a virtual thread. Nothing here waits: the output
   * keeps what the socket does not take ({@link SocketOutput#onLoop}), and the connection then
   * goes to a thread, as it does for an answer the loop does not write (a stream, a large file),
   * a request with a body, or anything left to send before a close.
   */
  private void serveOnLoop(State from, RequestHead first, ByteBuffer io) {
    if (!connection.moveState(from, State.ACTIVE)) return; // closed meanwhile (shutdown, reaper)
    deadlines.clearRead();
    Object next;
    out.onLoop(io);
    try {
      next = serveHeadsOnLoop(first);
      if (next == CLOSE) {
        out.flush();
        if (out.hasSpilled()) next = FLUSH_CLOSE;
      }
    } catch (IOException | UncheckedIOException e) {
      next = CLOSE; // the peer went away or the socket was closed under us: nothing to answer
    } catch (RuntimeException | Error e) {
      // never let one connection end the loop that every parked connection waits on
      HttpServer.log().log(System.Logger.Level.ERROR, "connection failed on the read loop", e);
      next = CLOSE;
    } finally {
      out.onLoop(null); // before any other thread may take the connection
      // A handler that interrupted its thread (or was answered so) must not leave the loop's
      // selector returning at once forever: the flag belonged to the exchange, which has ended.
      Thread.interrupted();
    }
    if (next == CLOSE) {
      connection.forceClose();
      server.connectionClosed(connection);
      releaseBuffers();
    } else if (next != null) {
      pending = next;
      handOff();
    }
  }

  /**
   * The loop's part of {@link #serveOnLoop}: null when the connection went back to the loop, else
   * what is left: {@link #CLOSE}, or for a thread a marker or a request head (with a body).
   */
  private Object serveHeadsOnLoop(RequestHead first) throws IOException {
    RequestHead head = first;
    while (true) {
      headDeadline = 0;
      if (!exchanges.handle(head)) return CLOSE;
      if (!exchanges.answerWithoutWaiting()) return RESPOND;
      if (!exchanges.respond() || server.isStopping()) return CLOSE;
      if (out.hasSpilled()) return FLUSH;
      head = null;
      while (head == null) {
        HttpEvent event;
        try {
          event = parser.next();
        } catch (HttpCodecException e) {
          return e; // a bad head after answered ones: a thread answers it after theirs, then closes
        }
        if (event instanceof RequestHead h) {
          if (!servesOnLoop(h)) return h;
          head = h;
        } else if (event instanceof Closed) {
          return CLOSE;
        } else if (event instanceof NeedMoreData) {
          if (out.hasBuffered()) out.flush(); // answers to pipelined requests leave before we wait
          if (out.hasSpilled()) return FLUSH;
          boolean idle = parser.isIdle();
          if (idle && server.isStopping()) return CLOSE;
          // The key is armed for reading (nothing here changed it), so parking never asks the loop
          // to wake, and bytes that came meanwhile are reported by the next select. It fails only
          // when the loop was taken over while this thread ran a handler and the loop's new thread
          // saw bytes meanwhile: a thread reads them.
          if (!parkOnLoop(idle)) return FLUSH;
          return null;
        }
      }
    }
  }

  /** On the loop's thread: hands a connection that stays ACTIVE to a thread, which starts with {@link #pending}. */
  private void handOff() {
    try {
      executor.execute(resumeTask);
    } catch (RuntimeException e) {
      HttpServer.log().log(System.Logger.Level.WARNING, "could not run a connection: " + e);
      connection.forceClose();
      server.connectionClosed(connection);
    }
  }

  /** On the loop's thread: a parked connection ends (peer closed, idle timeout, read failure). */
  private void closeParked() {
    connection.forceClose();
    server.connectionClosed(connection);
  }

  /** On a virtual thread: serves what the loop found, then every request after it, until it parks or closes. */
  private void resume() {
    boolean parked = false;
    try {
      parked = serveParked();
    } catch (IOException | UncheckedIOException e) {
      // the peer went away or the socket was closed under us: nothing to answer
    } catch (RuntimeException e) {
      connection.logFailure(e);
    } finally {
      if (!parked) {
        connection.closeAfterServing();
        releaseBuffers(); // this thread still owns them: the next connection's, not the collector's
      }
    }
  }

  /** @return true when the connection went back to the loop (this thread must not touch it again) */
  private boolean serveParked() throws IOException {
    while (true) {
      Object found = pending;
      pending = null;
      if (found == H2C) return handOverToH2();
      if (found == FLUSH_CLOSE) return false; // closeAfterServing sends what the loop kept
      if (found == FLUSH) {
        out.flush();
        continue;
      }
      if (found == RESPOND) {
        if (!exchanges.respond() || server.isStopping()) return false;
        continue;
      }
      RequestHead head;
      try {
        if (found == TIMED_OUT) throw new ServerConnection.HeadTimeout();
        if (found instanceof HttpCodecException e) throw e;
        head = found instanceof RequestHead h ? h : nextHeadOrPark();
      } catch (HttpCodecException e) {
        exchanges.sendError(e.status(), e.getMessage());
        return false;
      } catch (ServerConnection.HeadTimeout e) {
        exchanges.sendError(408, "the request head did not arrive in time");
        return false;
      }
      if (head == null) {
        if (pending == H2C) continue;
        return parkedNow;
      }
      headDeadline = 0;
      if (!exchanges.exchange(head)) return false;
      if (server.isStopping()) return false;
    }
  }

  /**
   * The next head from what is buffered or readable now; null when the connection ends, or when it
   * went back to the loop to wait ({@link #parkedNow} then true).
   */
  private RequestHead nextHeadOrPark() throws IOException, ServerConnection.HeadTimeout {
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
        throw new ServerConnection.HeadTimeout();
      }
      int n = 0;
      if (readFirst || connection.moveState(State.READY, State.ACTIVE)) {
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
        if (deadlines.expired()) {
          if (idle) return null;
          throw new ServerConnection.HeadTimeout();
        }
        parser.endOfInput();
      } else {
        if (preface == null || !preface.undecided()) {
          parser.feed(readBuffer, 0, n);
        } else if (preface.offer(readBuffer, n, parser)) {
          pending = H2C;
          return null; // serveParked hands over; parkedNow stays false
        }
        if (headDeadline == 0) headDeadline = System.nanoTime() + millisToNanos(config.headTimeoutMillis());
      }
    }
  }

  private int readOnce() throws IOException {
    if (readView == null) {
      readView = WorkingBuffers.SHARED.take();
      readBuffer = readView.array();
    }
    readView.clear();
    return input.read(readView);
  }

  /**
   * Hands the connection to the loop until bytes arrive (the key is re-armed for reading if a
   * wait changed it). False when the loop saw bytes meanwhile: the caller reads them itself.
   */
  private boolean parkOnLoop(boolean idle) {
    if (tls != null && tls.hasBufferedInput()) {
      readFirst = true; // whole TLS records are here already: the socket would never announce them
      return false;
    }
    boolean rearmed = false;
    if (!armedForRead) {
      try {
        interest(SelectionKey.OP_READ);
      } catch (ClosedChannelException e) {
        throw new UncheckedIOException(e);
      }
      armedForRead = true;
      rearmed = true;
    }
    releaseBuffers();
    // Bytes of the next head may have come with an earlier read (pipelining): its clock starts now.
    if (!idle && headDeadline == 0) headDeadline = System.nanoTime() + millisToNanos(config.headTimeoutMillis());
    long until = idle && headDeadline == 0
        ? System.nanoTime() + millisToNanos(config.idleTimeoutMillis())
        : headDeadline;
    deadlines.readBy(until);
    if (!connection.moveState(State.ACTIVE, idle && headDeadline == 0 ? State.PARKED_IDLE : State.PARKED_HEAD)) {
      deadlines.clearRead();
      if (connection.moveState(State.READY, State.ACTIVE)) {
        armedForRead = false;
        readFirst = true;
        return false;
      }
      throw new UncheckedIOException(new ClosedChannelException());
    }
    if (rearmed) loop.wakeup(); // after this the thread must not touch the connection
    return true;
  }

  /**
   * Gives the read and output buffers back before the connection parks, TLS's, and the codec's
   * head arrays: the parser has copied what was read (it keeps its buffer while it holds part of
   * a head), and the output is empty (a caller flushes first; a rest the socket did not take
   * keeps its buffer, as a partial TLS record does). An idle connection holds none.
   */
  private void releaseBuffers() {
    if (readView != null) {
      WorkingBuffers.SHARED.give(readView);
      readView = null;
      readBuffer = null;
    }
    out.releaseBuffer();
    if (tls != null) tls.releaseBuffers();
    parser.releaseBuffer();
    if (exchanges != null) exchanges.responses().releaseScratch();
  }

  /** Whether the connection holds a working buffer now: never while it is parked between requests. */
  boolean holdsBuffers() {
    return readView != null || out.holdsBuffer() || tls != null && tls.holdsBuffers() || parser.holdsBuffer()
        || exchanges != null && exchanges.responses().holdsScratch();
  }

  /**
   * Parks this thread until the loop sees the channel ready for {@code op}, mid-exchange.
   *
   * @throws ClosedChannelException when the connection closed meanwhile (a write timeout, a
   *     shutdown's end)
   */
  private void await(int op) throws IOException {
    waiter = Thread.currentThread();
    try {
      if (!connection.moveState(State.READY, State.ACTIVE)) {
        interest(op);
        loop.wakeup();
        while (connection.state() == State.ACTIVE) LockSupport.park(this);
        if (!connection.moveState(State.READY, State.ACTIVE)) throw new ClosedChannelException();
      }
      armedForRead = false; // the loop cleared the interest before marking READY
    } finally {
      waiter = null;
    }
  }

  /** Sets the key's interest; a key cancelled by a concurrent close is a closed connection. */
  private void interest(int op) throws ClosedChannelException {
    try {
      key.interestOps(op);
    } catch (CancelledKeyException e) {
      throw new ClosedChannelException();
    }
  }

  /**
   * On the running thread, mid-exchange: a read on the non-blocking channel that waits (parked)
   * for up to {@code timeoutMillis}, enforced by the reaper as on the blocking path.
   */
  int readIntoParser(int timeoutMillis) throws IOException {
    int n = readNonBlocking(null, timeoutMillis);
    ServerConnection.feedRead(parser, readBuffer, n);
    return n;
  }

  /** As {@link #readIntoParser}, but into {@code into}: request body bytes the parser has let pass. */
  int readDirect(byte[] into, int offset, int length, int timeoutMillis) throws IOException {
    return readNonBlocking(ByteBuffer.wrap(into, offset, length), timeoutMillis);
  }

  /** One read into {@code target}, or the working buffer when it is null, parking until bytes come. */
  private int readNonBlocking(ByteBuffer target, int timeoutMillis) throws IOException {
    deadlines.readBy(System.nanoTime() + Math.max(1, timeoutMillis) * 1_000_000L);
    try {
      while (true) {
        int n = target == null ? readOnce() : input.read(target);
        if (n < 0 && deadlines.expired()) throw new SocketTimeoutException("read timed out");
        if (n != 0) return n;
        if (deadlines.expired()) throw new SocketTimeoutException("read timed out");
        await(SelectionKey.OP_READ);
      }
    } finally {
      deadlines.clearRead();
    }
  }

  /**
   * An h2c preface arrived: HTTP/2 on this thread, with its own registration ({@link H2LoopPath}),
   * made once this one is gone. True when the HTTP/2 connection parked on a loop (its reader closes it).
   */
  private boolean handOverToH2() throws IOException {
    key.cancel();
    waiter = Thread.currentThread();
    try {
      loop.awaitDeregistered(this, channel);
    } finally {
      waiter = null;
    }
    releaseBuffers();
    return connection.serveH2AfterLoop(preface.takeInitial());
  }

  private static long millisToNanos(long millis) {
    return millis * 1_000_000L;
  }
}

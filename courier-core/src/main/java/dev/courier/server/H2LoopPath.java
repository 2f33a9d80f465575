package dev.courier.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The selector-driven side of one {@link H2ServerConnection}: its channel is non-blocking and
 * registered with a {@link ReadyLoop} for its whole life, as an HTTP/1.1 connection's is ({@link
 * SelectorPath}), plaintext or under a {@link TlsChannel}. An HTTP/2 connection with nothing
 * half-read parks here without any thread, whether its streams work or not; when bytes arrive,
 * the loop's own thread goes on reading where the last reader stopped (the reader keeps all its
 * state in fields, as it does for a takeover), answers what it can without waiting, wakes the
 * handlers its DATA is for, and parks the connection again: a request at a time costs no hand-off
 * between threads, and a request body no reader thread. Whatever would wait (bytes the socket did
 * not take, a frame half-read, the connection's end) goes on on a virtual thread ({@link
 * #startReader}). An idle connection so holds no thread stack, which was most of its memory.
 *
 * <p>Theory of operation. The reader (one thread at a time) reads without blocking. When a read
 * brings nothing it either parks the connection ({@link #park}: its thread ends) or waits for
 * readability ({@link #awaitReadable}: a frame or field block is half-read). The one
 * thread writing the connection's output ({@link H2Output} lets only one write at a time) waits
 * for writability in {@link #awaitWritable}. Read deadlines are the reaper's, as on HTTP/1.1 ({@link
 * ConnectionDeadlines}): past one it shuts the input, and the reader that then reads the end of
 * the stream learns from {@link #expired} that it was a timeout.
 *
 * <pre>
 *   RUNNING --(loop saw bytes, cleared OP_READ)--> READY --(reader goes on)--> RUNNING
 *   RUNNING --(nothing to read: awaitReadable)--> WAITING --(loop saw bytes)--> READY
 *   WAITING --(the last stream finished: poke)--> RUNNING     (the reader looks again, may park)
 *   RUNNING --(nothing half-read: park)--> PARKED --(loop saw bytes: it reads on as the reader)--> RUNNING
 *   any --(closed: shutdown, reaper, error, end)--> CLOSED
 * </pre>
 *
 * <p>Only the loop clears the key's OP_READ interest, always before it moves a state to READY; so
 * a reader that finds READY knows it must arm the key again before it waits, and one that was
 * poked or resumed from a park (RUNNING) knows the key is still armed. For a parked connection the
 * loop reads the bytes itself ({@link #readForParked}) and leaves the key armed, as the HTTP/1.1
 * path does, so a connection that parks after every request costs no interest change. Plain
 * fields are the reader's; the state's compare-and-set (and the executor's submission, for a
 * reader the loop starts) hands them over.
 */
final class H2LoopPath implements ReadyLoop.Registrant {
  private enum ReadState { RUNNING, READY, WAITING, PARKED, CLOSED }

  private final ServerConnection connection;
  private final HttpServer server;
  private final SocketChannel channel;
  /** TLS over the channel, or null on plaintext. */
  private final TlsChannel tls;
  /** Where reads come from: the channel, or TLS over it. */
  private final ByteChannel input;
  private final ReadyLoop loop;
  private final Executor executor;
  private final ConnectionDeadlines deadlines;
  private final SocketOutput output;
  private final AtomicReference<ReadState> state = new AtomicReference<>(ReadState.RUNNING);
  /** Set by the first of: the registration's return, the loop's first readiness. */
  private volatile SelectionKey key;
  private volatile Thread readWaiter;
  private volatile Thread writeWaiter;
  /** Set by the loop when the channel became writable for the waiting writer. */
  private volatile boolean writable;
  /** Set when the last stream at work finished: a reader waiting for bytes looks again (it may park). */
  private volatile boolean poked;
  /** The reader's: the key's interest holds OP_READ. */
  private boolean armedForRead;
  /**
   * Set by the loop when its thread resumes a parked connection it saw readable: the reader must
   * read before it may park again (the readiness may be the end of the stream or bytes of a TLS
   * record not yet whole), or it would park on a readiness that never goes away.
   */
  private boolean readFirst;
  /** The reader's read buffer, one of the {@link WorkingBuffers}: lent while it reads, given back at a park. */
  private ByteBuffer readBuffer;
  /** Run on the loop's thread when bytes come for a parked connection, with the loop's direct buffer. */
  private Consumer<ByteBuffer> resumeOnLoop;
  /** Run on a virtual thread when the reader must go on where the loop's thread may not wait. */
  private Runnable resume;
  /** Ends the HTTP/2 connection closed while parked: no reader would. */
  private Runnable endParked;

  H2LoopPath(ServerConnection connection, HttpServer server, SocketChannel channel, TlsChannel tls,
      ReadyLoop loop, Executor executor, ConnectionDeadlines deadlines) {
    this.connection = connection;
    this.server = server;
    this.channel = channel;
    this.tls = tls;
    this.input = tls != null ? tls : channel;
    this.loop = loop;
    this.executor = executor;
    this.deadlines = deadlines;
    this.output = tls != null
        ? new SocketOutput(tls, this::awaitWritable, deadlines.writeClock(), false)
        : new SocketOutput(channel, this::awaitWritable, deadlines.writeClock());
  }

  /** The connection's output: a write the socket cannot take waits in {@link #awaitWritable}. */
  SocketOutput output() {
    return output;
  }

  /** Whether the connection runs over TLS (an engine beneath {@link #output}). */
  boolean overTls() {
    return tls != null;
  }

  /**
   * Registers the channel (non-blocking already) with the loop, reading first, on the reader's
   * thread before its first read. {@code resumeOnLoop} runs on the loop's thread when bytes come
   * for the parked connection, {@code resume} on a new virtual thread when the reader must go on
   * where the loop may not wait ({@link #startReader}); {@code endParked} ends the HTTP/2
   * connection when it is closed while parked.
   */
  void start(Consumer<ByteBuffer> resumeOnLoop, Runnable resume, Runnable endParked) throws IOException {
    this.resumeOnLoop = resumeOnLoop;
    this.resume = resume;
    this.endParked = endParked;
    armedForRead = true;
    SelectionKey registered = loop.register(channel, this);
    if (key == null) key = registered;
  }

  /**
   * One read into the reader's buffer that does not wait: the count (the bytes are at the start of
   * {@link #readArray}), 0 when nothing has come, -1 at the end of the stream.
   */
  int read() throws IOException {
    if (readBuffer == null) readBuffer = WorkingBuffers.SHARED.take();
    readBuffer.clear();
    return input.read(readBuffer);
  }

  /** The array the last {@link #read} filled. */
  byte[] readArray() {
    return readBuffer.array();
  }

  /** Gives the read buffer back: the connection parks, or ends. The reader's. */
  void releaseReadBuffer() {
    if (readBuffer == null) return;
    WorkingBuffers.SHARED.give(readBuffer);
    readBuffer = null;
  }

  /** Whether the reader holds its read buffer now (a hint from another thread). */
  boolean holdsReadBuffer() {
    return readBuffer != null;
  }

  /** Whole TLS records wait unread: the socket will not announce them, so read before waiting. */
  boolean hasBufferedInput() {
    return tls != null && tls.hasBufferedInput();
  }

  /**
   * Whether the reader may park without reading first: the key asks for reading (so the loop
   * reports any bytes that come), and the loop did not just resume it for a readiness unread.
   */
  boolean mayParkUnread() {
    if (readFirst) {
      readFirst = false;
      return false;
    }
    return armedForRead;
  }

  /** Whether the reaper ended a wait at its deadline: an end of stream since then is a timeout. */
  boolean expired() {
    return deadlines.expired();
  }

  /** Before the reader decides how to wait: forgets an earlier stream's poke (see {@link #poke}). */
  void clearPoke() {
    poked = false;
  }

  /**
   * Parks the connection until bytes come, or {@code deadlineNanos} passes (the reaper then shuts
   * the input, and the reader started for it reads the end): true when parked, and the calling
   * thread must not touch the connection again; false when bytes came meanwhile (read them). The
   * caller gave its buffers back first.
   */
  boolean park(long deadlineNanos) throws IOException {
    if (hasBufferedInput()) return false;
    if (tls != null) tls.releaseBuffers();
    releaseReadBuffer();
    deadlines.readBy(deadlineNanos);
    boolean wake = arm();
    if (!state.compareAndSet(ReadState.RUNNING, ReadState.PARKED)) {
      deadlines.clearRead();
      goOn();
      return false;
    }
    if (wake) loop.wakeup(); // from here on only the state's compare-and-set may touch the connection
    // The last stream ended as this parked (its poke found the reader RUNNING): look again, or
    // a connection parked at work with no deadline would stay parked idle with none.
    if (poked && state.compareAndSet(ReadState.PARKED, ReadState.RUNNING)) {
      deadlines.clearRead();
      return false;
    }
    return true;
  }

  /** On the reader that goes on after a park, before it reads: the park's deadline goes. */
  void resumed() {
    deadlines.clearRead();
  }

  /**
   * Waits until the channel is readable, a finishing stream pokes the reader, or the connection
   * closes (then throws); past {@code deadlineNanos} (Long.MAX_VALUE: none) the reaper shuts the
   * input, which makes it readable. True when the loop saw bytes, false when poked.
   */
  boolean awaitReadable(long deadlineNanos) throws IOException {
    if (deadlineNanos != Long.MAX_VALUE) deadlines.readBy(deadlineNanos);
    readWaiter = Thread.currentThread();
    try {
      boolean wake = arm();
      if (state.compareAndSet(ReadState.RUNNING, ReadState.WAITING)) {
        if (wake) loop.wakeup();
        if (poked) state.compareAndSet(ReadState.WAITING, ReadState.RUNNING); // a stream ended as this began
        while (state.get() == ReadState.WAITING) LockSupport.park(this);
      }
      return goOn();
    } finally {
      readWaiter = null;
      deadlines.clearRead();
    }
  }

  /**
   * On a stream's thread (not the reader's), once no stream is at work: a reader waiting for bytes
   * looks again, and parks the connection if it may. True when the connection was parked (it parked
   * while the stream worked): it is RUNNING now, and the caller hands it to a reader that looks
   * again ({@link #startReader}), so that it parks idle, under the idle timeout.
   */
  boolean poke() {
    poked = true;
    if (state.compareAndSet(ReadState.WAITING, ReadState.RUNNING)) {
      LockSupport.unpark(readWaiter);
      return false;
    }
    if (!state.compareAndSet(ReadState.PARKED, ReadState.RUNNING)) return false;
    deadlines.clearRead();
    return true;
  }

  /** Arms the key for reading if the loop cleared it: true when the loop must wake to apply it. */
  private boolean arm() throws ClosedChannelException {
    if (armedForRead) return false;
    interestOr(SelectionKey.OP_READ);
    armedForRead = true;
    return true;
  }

  /** After a wait or a failed park: true when the loop saw bytes (and cleared OP_READ), false when poked. */
  private boolean goOn() throws ClosedChannelException {
    while (true) {
      ReadState s = state.get();
      if (s == ReadState.CLOSED) throw new ClosedChannelException();
      if (s == ReadState.RUNNING) return false;
      if (s == ReadState.READY && state.compareAndSet(ReadState.READY, ReadState.RUNNING)) {
        armedForRead = false;
        return true;
      }
    }
  }

  /** The output's wait: parks the one writing thread until the loop sees the channel writable. */
  private void awaitWritable() throws IOException {
    writable = false;
    writeWaiter = Thread.currentThread();
    try {
      interestOr(SelectionKey.OP_WRITE);
      loop.wakeup();
      while (!writable) {
        if (state.get() == ReadState.CLOSED) throw new ClosedChannelException();
        LockSupport.park(this);
      }
    } finally {
      writeWaiter = null;
    }
  }

  private void interestOr(int op) throws ClosedChannelException {
    try {
      key.interestOpsOr(op);
    } catch (CancelledKeyException e) {
      throw new ClosedChannelException();
    }
  }

  /** On the loop's thread: the channel is ready for what the key asked. */
  @Override
  public void ready(SelectionKey k, ByteBuffer io) {
    if (key == null) key = k;
    int ready = k.readyOps();
    if ((ready & SelectionKey.OP_WRITE) != 0) {
      k.interestOpsAnd(~SelectionKey.OP_WRITE);
      writable = true;
      Thread w = writeWaiter;
      if (w != null) LockSupport.unpark(w);
    }
    if ((ready & SelectionKey.OP_READ) == 0) return;
    boolean cleared = false;
    while (true) {
      ReadState s = state.get();
      switch (s) {
        case PARKED -> {
          if (cleared) k.interestOpsOr(SelectionKey.OP_READ); // the reader parked as this cleared it
          readForParked(io);
          return;
        }
        case RUNNING, WAITING -> {
          // Level-triggered: else every select reports it until the reader reads. Cleared before
          // READY is set, so that the reader who sees READY knows to arm the key again.
          if (!cleared) k.interestOpsAnd(~SelectionKey.OP_READ);
          cleared = true;
          if (state.compareAndSet(s, ReadState.READY)) {
            if (s == ReadState.WAITING) LockSupport.unpark(readWaiter);
            return;
          }
        }
        default -> {
          return; // READY: the reader reads anyway; CLOSED: its closer accounts for it
        }
      }
    }
  }

  /**
   * On the loop's thread, for a parked connection that the loop saw readable: the loop's thread
   * becomes its reader and reads first (the end of the stream too), with the key left armed for
   * reading, so the reader parks again without asking the loop to wake (a wake-up and two
   * interest changes per request otherwise).
   */
  private void readForParked(ByteBuffer io) {
    if (!state.compareAndSet(ReadState.PARKED, ReadState.RUNNING)) return; // closed meanwhile: its closer ended it
    readFirst = true;
    resumeOnLoop.accept(io);
  }

  /** Whether the calling thread is the loop's, which must never wait for a connection. */
  boolean onLoopThread() {
    return Thread.currentThread() == loop.owner();
  }

  /**
   * The reader goes on on a virtual thread (the state stays RUNNING): on the loop's thread, which
   * read on for a parked connection and reached something that would wait; or on a stream's, whose
   * {@link #poke} resumed a connection parked at work.
   */
  void startReader() {
    try {
      executor.execute(resume);
    } catch (RejectedExecutionException e) {
      HttpServer.log().log(System.Logger.Level.WARNING, "could not run an HTTP/2 connection: " + e);
      connection.forceClose(); // RUNNING: closed() leaves the end to us
      endParked.run();
    }
  }

  /**
   * The connection was closed (any thread): a parked one is ended here, since no reader will be;
   * a waiting reader or writer wakes and fails.
   */
  void closed() {
    ReadState previous = state.getAndSet(ReadState.CLOSED);
    loop.wakeup(); // the loop drops the key; the descriptor is closed then
    Thread w = writeWaiter;
    if (w != null) LockSupport.unpark(w);
    if (previous == ReadState.PARKED) {
      endParked.run();
    } else {
      Thread r = readWaiter;
      if (r != null) LockSupport.unpark(r);
    }
  }

  /** Closes the connection (HTTP/2's graceful end, or its failure on the loop). */
  @Override
  public void forceClose() {
    connection.forceClose();
  }

  /** The connection's last act on a thread that is not the one it started on: flush, close, tell the server. */
  void closeAfterServing() {
    connection.closeAfterServing();
  }

  /** Whether the connection is parked now, with no thread: for tests. */
  boolean parked() {
    return state.get() == ReadState.PARKED;
  }

  /** Tells the server that a connection closed while parked is gone. */
  void parkedConnectionClosed() {
    server.connectionClosed(connection);
  }

  /**
   * After a GOAWAY for an error, with the output shut: reads away what the client still sends,
   * up to {@code maxBytes} or for {@code nanos}, so that closing does not reset the connection
   * before the client read the GOAWAY (see {@link H2ServerGoAway#lingerAfterGoAway}).
   */
  void readAway(long maxBytes, long nanos) {
    long until = System.nanoTime() + nanos;
    long total = 0;
    try {
      while (total < maxBytes) {
        int n = read();
        if (n < 0) return;
        if (n == 0) {
          if (hasBufferedInput()) continue;
          if (expired() || System.nanoTime() - until >= 0) return;
          awaitReadable(until);
          continue;
        }
        total += n;
      }
    } catch (IOException e) {
      // closed, reset or timed out: close anyway
    } finally {
      releaseReadBuffer();
    }
  }
}

package dev.courier.server;

import dev.courier.http.h2.ErrorCode;
import dev.courier.http.h2.FloodCounter;
import dev.courier.http.h2.Frame;
import dev.courier.http.h2.FrameReader;
import dev.courier.http.h2.H2Exception;
import dev.courier.http.h2.H2Limits;
import dev.courier.http.h2.Settings;
import dev.courier.http.h2.SettingsParameter;
import dev.courier.http.wire.HttpCodecException;
import dev.courier.internal.BodyQueue;
import dev.courier.internal.BodyWakes;
import dev.courier.internal.ConnectionPayloads;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/2 connection of the server (RFC 9113), chosen by ALPN {@code h2} on TLS or by the
 * client preface on plaintext (h2c with prior knowledge, section 3.3).
 *
 * <p>Theory of operation. One reader loop (the connection's thread, this class) feeds socket bytes
 * into the codec's {@link FrameReader} and handles each frame: field blocks go to
 * {@link H2RequestHeaders}, which opens streams; it queues request DATA, applies SETTINGS and
 * WINDOW_UPDATE, answers PING, and ends the connection (GOAWAY, idle and SETTINGS timeouts,
 * graceful shutdown, through {@link H2ServerGoAway}). Each stream's handler runs on its own
 * virtual thread ({@link H2ServerStream}) and answers through {@link H2ResponseSender}; every
 * frame leaves through {@link H2Output}'s lock. The reader never waits for a handler's body:
 * request bodies are bounded by the receive windows, not by threads.
 *
 * <p>Handlers on the reader. A request that ended with its HEADERS, whose handler the server's
 * {@link LoopRouting} admits (declared non-blocking, or any while the {@link LoopWatchdog} trusts
 * handlers), is answered by the reader itself once that frame is handled, with no hand-off to a
 * thread: a numbered run ({@link #runs}, odd while under way) that the watchdog looks at. When the
 * handler blocks, the watchdog takes the run ({@link #takeOver}) and a new virtual thread goes on
 * reading from the next frame: everything a reader keeps (the frame reader and its buffered
 * bytes, the read buffer, the HPACK decoder in {@link H2RequestHeaders}, the deadlines) is in
 * fields. The old thread, when its handler returns, loses the run's compare-and-set, sends its
 * answer as a stream's thread does and stops reading; {@link #flushUnlessReader} follows {@code
 * readerThread}, which the takeover moved. Ordinary handlers then go to threads for a while, as
 * on the HTTP/1.1 loops.
 *
 * <p>Parking. On a server with read loops the channel is non-blocking for the connection's life
 * ({@link H2LoopPath}): when a read brings nothing while no frame or field block is half-read,
 * the reader gives its buffers back and parks the connection on the loop, and its thread ends,
 * whether streams work or not (with streams at work and only the idle timeout to bound it, the
 * park has no deadline). When bytes come the loop's own thread goes on reading from the fields,
 * as a takeover's reader does ({@link #resumeOnLoop}): it answers what it can without waiting,
 * queues DATA for the handlers and wakes them, and parks the connection again, so a connection
 * used one request at a time costs no hand-off between threads and a request body no reader
 * thread; whatever would wait (bytes the socket did not take, a frame half-read, the end) goes on
 * on a virtual thread ({@link #resumeAfterHandOff}). With a frame half-read the reader waits for
 * readability instead, and a stream that finishes pokes it to look again. The thread that called {@link #serve} leaves at
 * its first park ({@link #servingThread} then null), and whichever reader ends the connection
 * closes it. Read deadlines are then the server's reaper's, which shuts the input; on the blocking
 * path they are {@link H2ReadDeadline}'s.
 *
 * <p>Locks: {@link H2ServerStreams}' lock guards streams, windows and states; the output's lock
 * guards the socket and the HPACK encoder. The first is never held while taking the second, so a
 * blocked socket write cannot stop the reader from handing out credit.
 *
 * <p>Errors: a stream error (section 5.4.2) resets that stream; a connection error (section 5.4.1)
 * sends GOAWAY with its code and the last stream processed, then closes. Floods of cheap frames
 * and rapid reset are counted ({@link FloodCounter}) and end with GOAWAY ENHANCE_YOUR_CALM.
 */
final class H2ServerConnection implements LoopWatchdog.Watched {
  private static final int READ_BUFFER = 16 * 1024;
  /** What a read takes in while no stream is open: the next request's HEADERS, as a rule. */
  private static final int IDLE_READ = 512;
  /** The threads that go on reading after a takeover. */
  private static final ThreadFactory READERS = Thread.ofVirtual().name("courier-h2-reader").factory();

  /**
   * How a reader's pass ends: the connection ended, another thread took over reading, it parked,
   * or the loop's thread reached something that would wait and left the rest to a virtual thread.
   */
  private enum ReaderExit { ENDED, TAKEN_OVER, PARKED, HANDED_OFF }

  /** What {@link #read} returns when the connection parked on its loop. */
  private static final int PARKED = -2;
  /** What {@link #readOnLoop} returns on the loop's thread where a reader would wait. */
  private static final int HAND_OFF = -3;

  private final ServerConfig config;
  private final H2Limits limits;
  private final Socket socket;
  /** The blocking input; null on the selector-driven path ({@link #loop}). */
  private final InputStream in;
  /** The selector-driven path, where the connection parks while idle; null on the blocking path. */
  private final H2LoopPath loop;
  private final H2Output output;
  private final InetSocketAddress remote;
  private final InetSocketAddress local;
  private final byte[] initial;
  private final H2ServerStreams streams;
  /** DATA payload arrays, reused while streams are at work (see {@link ConnectionPayloads}). */
  private final ConnectionPayloads payloads = new ConnectionPayloads();
  private final BodyWakes bodyWakes = new BodyWakes();
  private final H2RequestHeaders requests;
  private final H2ResponseSender responses;
  private final FloodCounter resets;
  private final FloodCounter controlFrames;
  private final FloodCounter emptyFrames;
  private final H2ServerGoAway ending;
  /** Watches the handlers this connection's reader runs; null when it runs none. */
  private final LoopWatchdog watchdog;
  private LoopWatchdog.Watch watch;
  /** Odd while the reader runs a handler; moved on by the reader, or by a takeover (see {@link #takeOver}). */
  private final AtomicLong runs = new AtomicLong();
  /**
   * The thread reading now: it flushes what it appended before each read. A takeover changes it;
   * null while the connection is parked.
   */
  private volatile Thread readerThread;
  /** The blocking reader's read timeout, kept without SO_TIMEOUT; null on the loop (the reaper keeps it). */
  private final H2ReadDeadline readDeadline;
  private final long idleNanos;
  /**
   * The thread that called {@link #serve}; its caller closes the socket once it returns. Null once
   * it returned because the connection parked: the reader that ends the connection then closes it.
   */
  private volatile Thread servingThread;
  /** Counted down by the reader that ends the connection; the thread that called {@link #serve} waits for it. */
  private final CountDownLatch ended = new CountDownLatch(1);

  // The reader's state from here on: each reader leaves it to the one that takes over.
  private FrameReader reader;
  /**
   * Borrowed from {@link WorkingBuffers#ARRAYS} while streams are open, given back (with the frame
   * reader's) while none is: an idle connection reads into {@link #idleBuffer} and holds no buffer.
   */
  private byte[] buffer;
  /** Made when first read into; on the loops the path's read buffer serves instead ({@link H2LoopPath#read}). */
  private byte[] idleBuffer;
  /** The last read brought less than {@link #idleBuffer} holds: the traffic is light. */
  private boolean lastReadSmall = true;
  /** Section 6.5.3: our SETTINGS must be acknowledged by then (System.nanoTime), reader thread only. */
  private long settingsDeadline;
  private boolean settingsAcked;
  /** Nothing arrived since then: past the idle timeout with no stream open, the connection ends. */
  private long lastRead;
  /** Left by the loop's thread for the reader it hands off to: bytes the socket did not take. */
  private boolean keptOnLoop;
  /** Left by the loop's thread for the reader it hands off to: the input's end, read there. */
  private boolean endReadOnLoop;
  /** Left by the loop's thread for the reader it hands off to: the failure it met, thrown again there. */
  private Throwable failedOnLoop;

  /**
   * Over {@code socket}, whose TCP socket is {@code transport} (the same one on plaintext and under
   * an {@code SSLEngine}, the one beneath an {@code SSLSocket}); {@code outputShutdown} ends the
   * output (with close_notify first under TLS).
   */
  H2ServerConnection(ServerConfig config, Socket socket, Socket transport, java.io.Closeable outputShutdown,
      InputStream in, H2LoopPath loop, SocketOutput out, InetSocketAddress remote, InetSocketAddress local,
      byte[] initial, Executor streamWorkers, LoopRouting inline, LoopWatchdog watchdog) {
    this.config = config;
    this.limits = config.h2Limits();
    this.socket = socket;
    this.in = in;
    this.loop = loop;
    this.output = new H2Output(out, config.writeTimeoutMillis(),
        socket instanceof SSLSocket || loop != null && loop.overTls());
    this.remote = remote;
    this.local = local;
    this.initial = initial;
    this.streams = new H2ServerStreams(limits, config.h2WindowBudget(), config.limits().maxBodySize(), output);
    this.resets = new FloodCounter(limits.maxResets(), limits.resetWindowNanos());
    this.controlFrames = new FloodCounter(limits.maxControlFrames(), limits.windowNanos());
    this.emptyFrames = new FloodCounter(limits.maxEmptyFrames(), limits.windowNanos());
    this.requests = new H2RequestHeaders(this, streams, output, config, emptyFrames, streamWorkers, inline);
    this.watchdog = inline != null ? watchdog : null;
    this.responses = new H2ResponseSender(this, streams, output, config, remote);
    this.ending = new H2ServerGoAway(socket, outputShutdown, in, loop, output, streams);
    this.idleNanos = TimeUnit.MILLISECONDS.toNanos(config.idleTimeoutMillis());
    this.readDeadline = loop != null ? null
        : new H2ReadDeadline(transport, socket instanceof SSLSocket ? this::goAwayForTimeout : null,
            streams::active, idleNanos);
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

  /** Where the stream threads send their responses. */
  H2ResponseSender responses() {
    return responses;
  }

  /** Our SETTINGS (section 6.5.2): no push, our stream limit, windows and header list size. */
  private Settings ourSettings() {
    return Settings.DEFAULTS
        .with(SettingsParameter.ENABLE_PUSH, 0)
        .with(SettingsParameter.MAX_CONCURRENT_STREAMS, limits.maxConcurrentStreams())
        .with(SettingsParameter.INITIAL_WINDOW_SIZE, limits.streamWindow())
        .with(SettingsParameter.MAX_HEADER_LIST_SIZE, limits.maxHeaderListSize());
  }

  /**
   * Runs the connection until it ends (true: the caller closes the socket), or until it parks on
   * its loop (false: the reader that ends it later closes it).
   */
  boolean serve() throws IOException {
    servingThread = Thread.currentThread();
    readerThread = servingThread;
    reader = FrameReader.forServer().maxHeaderBlockSize(limits.maxHeaderBlockBytes())
        .dataArraysFrom(payloads::take);
    reader.borrowBuffersFrom(WorkingBuffers.ARRAYS);
    // Section 3.4: the server's preface is a SETTINGS frame, sent without waiting for the client's.
    streams.settingsSent();
    output.settings(ourSettings());
    output.windowUpdate(0, streams.initialConnectionUpdate());
    lastRead = System.nanoTime();
    settingsDeadline = lastRead + TimeUnit.MILLISECONDS.toNanos(config.headTimeoutMillis());
    reader.feed(initial, 0, initial.length);
    socket.setSoTimeout(0); // the read deadlines are kept by H2ReadDeadline, or on the loop by the reaper
    if (watchdog != null) watch = watchdog.watch(this);
    if (loop != null) loop.start(this::resumeOnLoop, this::resumeAfterHandOff, this::endParked);
    ReaderExit exit = readLoop(null);
    if (exit == ReaderExit.ENDED) return true;
    if (exit == ReaderExit.PARKED) return false;
    // Taken over while it ran a handler: the caller closes the socket once this returns, so not
    // before the reader that took over has ended the connection.
    boolean interrupted = false;
    while (true) {
      try {
        ended.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
    return true;
  }

  /**
   * Reads and handles frames until the connection ends, until a takeover made another thread the
   * reader while this one ran a handler (this thread has answered its stream and must not touch
   * the reader's state again), or until the connection parked on its loop (nor then). With {@code
   * loopIo} (the loop's direct buffer) this is the loop's thread, which never waits: where a reader
   * would, it hands the rest to a virtual thread ({@link ReaderExit#HANDED_OFF}), failures too.
   */
  private ReaderExit readLoop(ByteBuffer loopIo) throws IOException {
    ReaderExit exit = ReaderExit.ENDED;
    try {
      exit = readFrames(loopIo);
      return exit;
    } catch (H2Exception e) {
      if (loopIo != null) return exit = handOffFailure(e);
      if (!e.isConnectionError()) throw new IllegalStateException("stream error escaped", e);
      ending.goAway(e.errorCode(), e.getMessage());
      ending.lingerAfterGoAway();
      return ReaderExit.ENDED;
    } catch (Throwable t) {
      if (loopIo == null) throw t;
      return exit = handOffFailure(t);
    } finally {
      if (exit == ReaderExit.ENDED) {
        end();
        Thread serving = servingThread;
        if (serving == null) {
          loop.closeAfterServing(); // the thread that called serve() left when the connection parked
        } else if (Thread.currentThread() != serving) {
          // A reader that took over closes the socket itself: the thread that called serve() (the
          // caller closes after it) may stay in its handler for good, and the peer must not wait.
          closeSocketQuietly();
        }
        ended.countDown();
      }
    }
  }

  /** {@link #readLoop}'s work: how the pass ended, or the failure that ends the connection. */
  private ReaderExit readFrames(ByteBuffer loopIo) throws IOException {
    if (keptOnLoop) { // handed off by the loop's thread: what it met there comes first
      keptOnLoop = false;
      output.sendKept();
    }
    if (failedOnLoop != null) throwHandedFailure();
    while (true) {
      Optional<Frame> frame;
      while ((frame = next(reader)).isPresent()) {
        handle(frame.get());
        H2ServerStream inline = requests.takeInline();
        if (inline != null) bodyWakes.wakeAll(); // its handler may read a while
        if (inline != null && !runInline(inline)) return ReaderExit.TAKEN_OVER;
      }
      bodyWakes.wakeIfBatchFull();
      // What this thread appended (SETTINGS ACK, PING ACK, WINDOW_UPDATE, the answers of
      // handlers run here...) leaves in one write before it waits: one per batch read.
      if (loopIo == null) {
        output.flushFromReader();
      } else if (!output.flushOnLoop(loopIo)) {
        keptOnLoop = true;
        return ReaderExit.HANDED_OFF;
      }
      if (streams.isDead() || (streams.isGoingAway() && streams.active() == 0 && !ending.shutdownGoAwayPending())) {
        return loopIo == null ? ReaderExit.ENDED : ReaderExit.HANDED_OFF; // ending may wait for the socket
      }
      byte[] into = loop != null ? null : readBuffer();
      if (loop == null) bodyWakes.wakeAll(); // a blocking read may wait
      int n = loop != null ? readOnLoop(loopIo) : read(into);
      if (n == PARKED) return ReaderExit.PARKED;
      if (n == HAND_OFF) return ReaderExit.HANDED_OFF;
      if (n < 0) return ReaderExit.ENDED;
      reader.feed(loop != null ? loop.readArray() : into, 0, n);
      bodyWakes.tookIn(n);
      lastReadSmall = n < IDLE_READ;
    }
  }

  /** On the loop's thread: {@code failure} is the reader's to meet, on the thread it hands off to. */
  private ReaderExit handOffFailure(Throwable failure) {
    failedOnLoop = failure;
    return ReaderExit.HANDED_OFF;
  }

  /** On the reader the loop's thread handed off to: the failure met there, as if met here. */
  private void throwHandedFailure() throws IOException {
    Throwable failure = failedOnLoop;
    failedOnLoop = null;
    switch (failure) {
      case IOException e -> throw e;
      case RuntimeException e -> throw e;
      case Error e -> throw e;
      default -> throw new IllegalStateException(failure);
    }
  }

  /** The connection is over: its streams fail, its output closes. */
  private void end() {
    bodyWakes.wakeAll(); // the streams' failures wake their handlers anyway: this lets them go
    payloads.idle();
    if (loop != null) loop.releaseReadBuffer();
    if (watch != null) watchdog.unwatch(watch);
    streams.die();
    failAll(new IOException("the HTTP/2 connection closed"));
    output.close();
  }

  /** The loop's: the connection was closed while parked, with no reader to end it. */
  private void endParked() {
    end();
    loop.parkedConnectionClosed();
    ended.countDown();
  }

  /**
   * On the loop's thread, for a parked connection that bytes came for: it reads and answers them
   * itself, with no hand-off to another thread, and parks the connection again; anything that
   * would wait goes on on a virtual thread ({@link #resumeAfterHandOff}). A handler that blocks
   * here is the loop's {@link LoopWatchdog}'s, which takes the loop over, and this connection's
   * reading too ({@link #takeOver}).
   */
  private void resumeOnLoop(ByteBuffer io) {
    readerThread = Thread.currentThread();
    loop.resumed();
    ReaderExit exit;
    try {
      exit = readLoop(io);
    } catch (IOException e) {
      exit = ReaderExit.ENDED; // not thrown with the loop's buffer: failures are handed off
    }
    if (exit == ReaderExit.HANDED_OFF) {
      bodyWakes.wakeAll(); // none is owed while no stream works; cheap when so
      loop.startReader();
    }
  }

  /** On the virtual thread the loop's thread handed a resumed connection's reading to. */
  private void resumeAfterHandOff() {
    readerThread = Thread.currentThread();
    goOnReading();
  }

  /**
   * Where the next read goes: with no stream open, no frame begun and light traffic, {@link
   * #idleBuffer}, the large buffers given back (the output's too); else the read buffer, borrowed
   * again if it was. Under load (handlers run on the reader end their streams before it reads
   * again) the large reads keep the read buffer: small reads would cost more system calls.
   */
  private byte[] readBuffer() {
    if (lastReadSmall && reader.buffered() == 0 && streams.activeHint() == 0) {
      releaseBuffers();
      if (idleBuffer == null) idleBuffer = new byte[IDLE_READ];
      return idleBuffer;
    }
    if (buffer == null) buffer = WorkingBuffers.ARRAYS.borrow(READ_BUFFER);
    return buffer;
  }

  /** Gives the lent buffers back: the frame reader's, the output's and the read buffer. */
  private void releaseBuffers() {
    reader.releaseBuffer();
    output.releaseBuffers();
    if (buffer != null) WorkingBuffers.ARRAYS.giveBack(buffer);
    buffer = null;
  }

  /**
   * Whether the connection holds a lent buffer now: an idle one (no stream open, the last read
   * small) holds none. Read from another thread, so only a hint while the connection works.
   */
  boolean holdsBuffers() {
    FrameReader frames = reader;
    return buffer != null || (frames != null && frames.holdsBuffer()) || output.holdsBuffers()
        || loop != null && loop.holdsReadBuffer();
  }

  /**
   * Runs {@code stream}'s handler on this thread, the reader, as one watched run: true when this
   * thread is still the reader after it, false when the watchdog saw the handler block and a new
   * thread took over reading meanwhile. Then this one sends the response as a stream's own thread
   * does (waiting for credit and flushing itself), and stops reading. The compare-and-set of the
   * run decides: either the handler's return or the takeover wins, never both.
   */
  private boolean runInline(H2ServerStream stream) throws IOException {
    long run = runs.get() + 1; // only the reader moves an even count
    runs.setRelease(run);
    ServerResponse response;
    try {
      response = stream.respondOnReader();
    } catch (Throwable t) { // an Error: respond() answers every exception
      if (runs.compareAndSet(run, run + 1)) throw t; // still the reader: the connection ends, as before
      HttpServer.log().log(System.Logger.Level.ERROR, "handler failed on stream " + stream.id(), t);
      answerAfterTakeover(stream, null); // no response: reset INTERNAL_ERROR
      return false;
    }
    if (runs.compareAndSet(run, run + 1)) {
      stream.answer(response, requests.streamWorkers());
      return true;
    }
    answerAfterTakeover(stream, response);
    return false;
  }

  /**
   * A handler run on the reader returned after a takeover: this thread sends its answer as a
   * stream's own thread would ({@code response} null: none, the stream is reset), and flushes it,
   * since the new reader may already wait in a read (and this thread may still take itself for
   * the reader: the takeover sets readerThread after its CAS). On a loop's thread that still owns
   * its loop (the reader was taken over, the loop not yet), a stream worker does both: the socket
   * may make them wait.
   */
  private void answerAfterTakeover(H2ServerStream stream, ServerResponse response) {
    Runnable answer = () -> {
      if (response != null) {
        stream.answer(response, null);
      } else {
        finished(stream);
      }
      flushQuietly();
    };
    if (loop != null && loop.onLoopThread()) {
      requests.streamWorkers().execute(answer);
    } else {
      answer.run();
    }
  }

  private void closeSocketQuietly() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  private void flushQuietly() {
    try {
      output.flush();
    } catch (IOException e) {
      // the connection is lost; the reader finds out
    }
  }

  @Override
  public long runs() {
    return runs.getAcquire();
  }

  @Override
  public Thread owner() {
    return readerThread;
  }

  /**
   * Called by the watchdog, which saw the handler of {@code run} under way too long: if it still
   * is, a new virtual thread goes on reading from where the stuck one stopped (the frame reader
   * with its buffered bytes, the HPACK decoder, the deadlines: all in fields), and the stuck
   * thread keeps only its stream. Its writes happened before its run began (release), which the
   * watchdog read (acquire) before starting the new thread: the state is handed on whole.
   */
  @Override
  public boolean takeOver(long run, Runnable before) {
    if (!runs.compareAndSet(run, run + 1)) return false;
    before.run();
    Thread next = READERS.newThread(this::goOnReading);
    readerThread = next;
    next.start();
    return true;
  }

  /** A reader after a takeover or a park: reads until the connection ends, parks, or is taken over in turn. */
  private void goOnReading() {
    try {
      readLoop(null);
    } catch (IOException e) {
      // the connection is lost; readLoop closed it
    } catch (RuntimeException e) {
      HttpServer.log().log(System.Logger.Level.ERROR, "HTTP/2 connection failed", e);
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
    long until = readDeadline();
    try {
      int n = readWithin(buffer, until - System.nanoTime(), until == lastRead + idleNanos);
      lastRead = System.nanoTime();
      return n;
    } catch (SocketTimeoutException e) {
      // A deadline passed with no stream at work, and the input is shut: the connection ends.
      // Under TLS the watchdog's thread sent the GOAWAY already, and the TLS layer has closed.
      if (readDeadline.sentGoAway()) return -1;
      H2Exception error = deadlineError();
      if (error != null) throw error;
      ending.goAway(ErrorCode.NO_ERROR, "idle");
      return -1;
    }
  }

  /**
   * The read of the selector-driven path, with the bounds of {@link #read}: bytes, -1 at the end
   * (after a GOAWAY when a deadline passed), or {@link #PARKED} when the connection went back to
   * its loop: no frame begun, so the reader needs no thread until bytes come (with streams at work
   * only the idle timeout would bound the wait, and it waits on, as the blocking reader does). With
   * a frame half-read it waits for readability; a stream that finishes pokes it to look again.
   */
  private int readOnLoop(ByteBuffer loopIo) throws IOException {
    if (endReadOnLoop) { // handed off by the loop's thread, which read the end
      endReadOnLoop = false;
      return loop.expired() ? timedOut() : -1;
    }
    boolean readNothing = false;
    while (true) {
      // With the key armed the loop reports whatever comes (level-triggered), so an idle reader
      // parks without a read that would find nothing: one system call less per request.
      if ((readNothing || loop.mayParkUnread()) && !loop.hasBufferedInput() && mayPark()) {
        bodyWakes.wakeAll();
        if (park(readDeadline())) return PARKED;
        readNothing = false; // bytes came meanwhile: read them
      }
      int n = loop.read();
      if (n > 0) {
        lastRead = System.nanoTime();
        return n;
      }
      if (n < 0 && loopIo != null) {
        endReadOnLoop = true; // its GOAWAY and the end may wait for the socket
        return HAND_OFF;
      }
      if (n < 0) return loop.expired() ? timedOut() : -1;
      if (loop.hasBufferedInput()) continue;
      loop.clearPoke();
      if (mayPark()) {
        readNothing = true;
        continue;
      }
      long until = readDeadline();
      boolean idleOnly = until == lastRead + idleNanos;
      // Streams at work extend the idle timeout: only our SETTINGS' acknowledgement bounds the wait.
      long waitUntil = idleOnly && streams.active() > 0 ? Long.MAX_VALUE : until;
      if (mayParkAtWork()) {
        // Streams at work, no frame half-read: the loop reads what comes (a WINDOW_UPDATE, DATA
        // for a handler, a RST_STREAM) on its own thread, so no thread waits here for the client.
        bodyWakes.wakeAll();
        if (park(waitUntil)) return PARKED;
        lastRead = System.nanoTime(); // bytes came meanwhile (read them), or the last stream's end starts the idle time
        continue;
      }
      if (loopIo != null) return HAND_OFF; // the loop's thread never waits for one connection
      bodyWakes.wakeAll(); // before the reader waits: nothing is owed while it does
      boolean cameBytes = loop.awaitReadable(waitUntil);
      if (!cameBytes) lastRead = System.nanoTime(); // the last stream's end starts the idle time
    }
  }

  /** Whether the reader may give its thread up: no stream at work, no frame or field block half-read. */
  private boolean mayPark() {
    return mayParkAtWork() && streams.active() == 0;
  }

  /**
   * Whether the reader may give its thread up while streams work: no frame or field block
   * half-read, whose deadline a reader keeps. What comes next is the loop's to read.
   */
  private boolean mayParkAtWork() {
    return reader.buffered() == 0 && !requests.inProgress();
  }

  /** Whether a stream is at work now (a hint from another thread). */
  boolean atWork() {
    return streams.activeHint() > 0;
  }

  /**
   * When the reader's wait must end: the idle timeout from the last read, sooner while our SETTINGS
   * is unacknowledged (section 6.5.3) or a field block is open (section 6.10).
   */
  private long readDeadline() {
    long until = lastRead + idleNanos;
    if (!settingsAcked) until = Math.min(until, settingsDeadline);
    if (requests.inProgress()) until = Math.min(until, requests.deadline());
    return until;
  }

  /**
   * Parks the connection on its loop with its buffers given back, until bytes come or {@code
   * deadlineNanos} passes (Long.MAX_VALUE: none): true when parked (this thread must not touch the
   * connection again), false when bytes came meanwhile.
   */
  private boolean park(long deadlineNanos) throws IOException {
    releaseBuffers(); // and the loop's read buffer, as it parks
    // The thread that called serve() leaves when the connection parks: from then on the reader
    // that ends the connection closes it. Set before the park, which hands it on.
    boolean serving = Thread.currentThread() == servingThread;
    if (serving) servingThread = null;
    // No thread reads a parked connection, and this one may next run a stream's handler (the
    // server's workers reuse their threads; a connection parks with streams at work): left as the
    // reader, that handler's answers and WINDOW_UPDATEs would wait for a flush that never comes.
    readerThread = null;
    if (loop.park(deadlineNanos)) return true;
    readerThread = Thread.currentThread();
    if (serving) servingThread = Thread.currentThread();
    return false;
  }

  /** A deadline passed and the reaper shut the input: the GOAWAY it calls for, then the end. */
  private int timedOut() throws IOException {
    H2Exception error = deadlineError();
    if (error != null) throw error;
    ending.goAway(ErrorCode.NO_ERROR, "idle");
    return -1;
  }

  /**
   * One socket read that waits at most {@code waitNanos}, else throws {@link
   * SocketTimeoutException}; {@code idleOnly} when the idle timeout is the bound, which streams at
   * work extend. The socket reads without a timeout, watched by {@link H2ReadDeadline}: a timed
   * read costs a timer on a virtual thread.
   */
  private int readWithin(byte[] buffer, long waitNanos, boolean idleOnly) throws IOException {
    readDeadline.arm(waitNanos, idleOnly);
    int n = -1;
    IOException failed = null;
    try {
      n = in.read(buffer, 0, buffer.length);
    } catch (IOException e) {
      failed = e;
    } finally {
      // Disarmed however the read ended: an armed deadline left behind would shut a later read.
      if (readDeadline.disarm()) failed = new SocketTimeoutException("read timed out");
    }
    if (failed != null) throw failed;
    return n;
  }

  /**
   * The connection error a passed read deadline calls for: SETTINGS not acknowledged (section
   * 6.5.3) or a field block not completed (a slowloris, section 6.10); null when it was the idle
   * timeout (GOAWAY NO_ERROR). Read by the reader, or by the watchdog's thread while the reader
   * waits (its fields were written before the deadline was armed, a volatile write).
   */
  private H2Exception deadlineError() {
    long now = System.nanoTime();
    if (!settingsAcked && now - settingsDeadline >= 0) {
      return H2Exception.connectionError(ErrorCode.SETTINGS_TIMEOUT, "SETTINGS not acknowledged in time");
    }
    if (requests.inProgress() && now - requests.deadline() >= 0) {
      return H2Exception.connectionError(ErrorCode.ENHANCE_YOUR_CALM, "field block not completed in time");
    }
    return null;
  }

  /** Under TLS, on a thread of the watchdog's: the GOAWAY of a passed read deadline, before the input is shut. */
  private void goAwayForTimeout() {
    H2Exception error = deadlineError();
    if (error != null) {
      ending.goAway(error.errorCode(), error.getMessage());
    } else {
      ending.goAway(ErrorCode.NO_ERROR, "idle");
    }
  }

  /** Sends what a thread other than the reader appended (the reader flushes before it reads). */
  void flushUnlessReader() throws IOException {
    if (Thread.currentThread() != readerThread) output.flush();
  }

  private void handle(Frame frame) throws IOException {
    try {
      switch (frame) {
        case Frame.Headers h -> requests.onHeaders(h);
        case Frame.Continuation c -> requests.onContinuation(c);
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
            controlFrames.count(System.nanoTime(), "PING");
            output.pingAck(p.opaqueData());
          }
        }
        case Frame.GoAway g -> streams.stopAccepting(); // the client opens no more streams; ours finish
        case Frame.WindowUpdate w -> streams.windowUpdate(w.streamId(), w.increment());
        case Frame.Unknown u -> {} // section 5.5: extension frames are ignored
      }
    } catch (H2Exception e) {
      if (e.isConnectionError()) throw e;
      resetStream(e.streamId(), e.errorCode());
    }
  }

  private void onData(Frame.Data d) {
    H2ServerStream stream = streams.dataArrived(d);
    if (stream == null) return;
    if (d.data().length == 0 && !d.endStream()) emptyFrames.count(System.nanoTime(), "empty DATA");
    streams.dataAccepted(stream, d);
    long max = config.limits().maxBodySize();
    BodyQueue body = stream.bodyQueue(); // null only when HEADERS ended the stream (dataArrived refused DATA then)
    if (stream.bodyReceived() > max) {
      stream.failBody(new HttpCodecException(413, "the request body is larger than " + max));
    } else if (body != null) {
      bodyWakes.offer(body, d.data(), d.endStream());
    }
    if (d.endStream()) requests.endOfRequest(stream);
  }

  private void onSettings(Frame.Settings s) {
    if (s.ack()) {
      streams.settingsAcknowledged();
      settingsAcked = true;
      return;
    }
    controlFrames.count(System.nanoTime(), "SETTINGS");
    Settings update = s.settings();
    Settings peer = streams.applySettings(update);
    if (update.isSet(SettingsParameter.MAX_FRAME_SIZE)) output.maxFrameSize(peer.maxFrameSize());
    if (update.isSet(SettingsParameter.HEADER_TABLE_SIZE)) output.peerHeaderTableSize(peer.headerTableSize());
    output.settingsAck();
  }

  private void onReset(Frame.RstStream r) {
    H2ServerStream stream = streams.peerReset(r.streamId());
    if (stream == null) return;
    stream.failBody(new IOException("the client reset stream " + r.streamId()));
    // CVE-2023-44487: a client cancelling streams whose responses are still being made makes
    // the server start work it then throws away. Count those; past the limit, GOAWAY.
    if (!stream.responded()) resets.count(System.nanoTime(), "RST_STREAM");
  }

  /**
   * The handler took {@code n} bytes of {@code stream}'s body: the credit goes back when the
   * window policy says so, at once (the reader may be waiting for the very DATA it lets the client send).
   */
  void consumed(H2ServerStream stream, int n) {
    try {
      if (streams.consumed(stream, n)) flushUnlessReader();
    } catch (IOException e) {
      // the connection is lost; the reader finds out
    }
  }

  /** The handler of {@code stream} takes its whole body, {@code expected} bytes at most: its window opens to it. */
  void readingWhole(H2ServerStream stream, long expected) {
    try {
      if (streams.readingWhole(stream, expected)) flushUnlessReader();
    } catch (IOException e) {
      // the connection is lost; the reader finds out
    }
  }

  /** A stream error: RST_STREAM, the stream forgotten, its handler's reads and writes failed. */
  void resetStream(int id, ErrorCode code) throws IOException {
    H2ServerStream stream = streams.weReset(id);
    if (stream != null) stream.failBody(new IOException("stream " + id + " reset: " + code));
    output.rstStream(id, code);
    flushUnlessReader();
  }

  void resetQuietly(H2ServerStream stream, ErrorCode code) {
    try {
      resetStream(stream.id(), code);
    } catch (IOException e) {
      // the connection is lost
    }
  }

  /** The handler of {@code stream} is done: reset it if the client is still sending (section 8.1). */
  void finished(H2ServerStream stream) {
    if (streams.finished(stream)) {
      output.rstStream(stream.id(), stream.responded() ? ErrorCode.NO_ERROR : ErrorCode.INTERNAL_ERROR);
      try {
        flushUnlessReader();
      } catch (IOException e) {
        // lost
      }
    }
    // On the loop's thread the reader ends a draining connection once it left the loop (see
    // readFrames): closing it here might wait for the socket.
    if (loop == null || !loop.onLoopThread()) ending.streamFinished();
    if (streams.active() == 0) {
      payloads.idle(); // an idle connection keeps no payload array
      // A reader waiting for bytes with streams at work may park once none is; one that parked
      // while this stream worked, with no deadline, must park again under the idle timeout, which
      // starts now. The reader's own streams need no poke: it looks before it reads again.
      if (loop != null && Thread.currentThread() != readerThread && loop.poke()) {
        lastRead = System.nanoTime(); // the connection is this thread's until the reader starts
        loop.startReader();
      }
    }
  }

  /** Where this connection's DATA payloads are copied to, and given back once read. */
  ConnectionPayloads payloads() {
    return payloads;
  }

  /**
   * Graceful shutdown (the server stops): GOAWAY NO_ERROR with the last stream we accepted;
   * streams in flight finish, then the connection closes. Idempotent.
   */
  void shutdown() {
    ending.shutdown();
  }

  private void failAll(IOException cause) {
    for (H2ServerStream s : streams.all()) {
      s.markReset();
      s.failBody(cause);
    }
  }
}

package dev.courier.server;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * TLS over a socket channel, driven by an {@link SSLEngine}, so that a connection over TLS
 * (HTTP/1.1 or HTTP/2) can wait for its requests on a {@link ReadyLoop} without a thread, as a
 * plaintext one does.
 * {@link #read} and {@link #write} take and give plaintext; on a non-blocking channel they never
 * wait: a read returns 0 until a whole record has come, and a write encrypts what it takes at once
 * and keeps the part of the record the socket did not take, which {@link #flushPending} sends
 * later ({@link #hasPendingOutput} says whether any is left).
 *
 * <p>Theory of operation. Three buffers: ciphertext read but not yet decrypted ({@code netIn}, a
 * partial record stays there until the rest comes), plaintext decrypted but not yet given
 * ({@code appIn}, empty and unallocated unless a record was larger than the caller's buffer: a
 * record is decrypted straight into the caller's), ciphertext encrypted but not yet written
 * ({@code netOut}). {@code netIn} and {@code netOut} are {@link WorkingBuffers}, lent while they
 * hold bytes: a read or write that leaves one empty gives it back ({@link #releaseBuffers} does for
 * the handshake's {@code netIn}), so an idle connection holds neither (null until the next read or
 * write takes one). A read decrypts one
 * record at a time and reads the socket only when no whole record is buffered, so a caller that
 * stops reading before the socket is drained must look at {@link #hasBufferedInput} before it
 * waits for readiness. The handshake runs first, in blocking mode, on the connection's own
 * virtual thread ({@link #handshake}): its public-key work never runs on a loop.
 *
 * <p>Threads. The connection's owner (the loop or the thread serving it) reads and writes; a
 * close may come from any thread (shutdown, the reaper). Writes and the close share a lock, so a
 * close_notify never lands inside another record; reads need none ({@link SSLEngine} allows wrap
 * and unwrap at once).
 *
 * <p>Renegotiation is refused, as nginx does: after the first handshake a new one (TLS 1.2's
 * ClientHello on an open connection) ends the connection, so a client cannot make the server's
 * loop do public-key work on demand. TLS 1.3's post-handshake messages (a KeyUpdate, RFC 8446
 * section 4.6.3) need no task and are answered.
 */
final class TlsChannel implements ByteChannel {
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final SocketChannel channel;
  private final SSLEngine engine;
  private final ReentrantLock writing = new ReentrantLock();
  /** Ciphertext read, not yet decrypted; kept for filling (position = bytes held); null while idle. */
  private ByteBuffer netIn;
  /** Plaintext decrypted, not yet given; kept for draining. */
  private ByteBuffer appIn;
  /** Ciphertext encrypted, not yet written; kept for draining (guarded by {@link #writing}); null while idle. */
  private ByteBuffer netOut;
  private boolean handshaken;
  /** The peer's close_notify came, or its TCP stream ended. */
  private boolean inputEnded;

  TlsChannel(SocketChannel channel, SSLEngine engine) {
    this.channel = channel;
    this.engine = engine;
    // Records are decrypted into the caller's buffer, so appIn is empty until one is larger than it.
    this.appIn = ByteBuffer.allocate(0);
  }

  /** A TLS record's header: type, version, length (RFC 8446 section 5.1). */
  private static final int RECORD_HEADER = 5;

  /**
   * Shakes hands on the blocking channel. A late handshake ends when the reaper shuts the channel's
   * input, as every read of the server does. A ClientHello larger than a buffer (a long ALPN list,
   * a large session ticket) grows it.
   */
  void handshake() throws IOException {
    netIn = WorkingBuffers.SHARED.take();
    engine.beginHandshake();
    try {
      while (true) {
        HandshakeStatus status = engine.getHandshakeStatus();
        switch (status) {
          case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
            SSLEngineResult result = unwrap();
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) throw new EOFException("TLS closed during the handshake");
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW && fill() < 0) {
              throw new EOFException("the client closed during the TLS handshake");
            }
          }
          case NEED_WRAP -> {
            wrapAndSend(EMPTY);
            if (engine.isOutboundDone()) throw new SSLException("TLS handshake ended by an alert");
          }
          case NEED_TASK -> runTasks();
          default -> {
            handshaken = true;
            return;
          }
        }
      }
    } catch (SSLException e) {
      sendAlertQuietly(); // the engine queued the alert that tells the client why
      throw e;
    }
  }

  /**
   * Gives back what reading holds without bytes: {@code netIn} after the handshake (a read gives
   * it back itself), and {@code appIn} grown for a large record. {@code netOut} needs nothing
   * here: it goes back whenever all of it was sent ({@link #sendPending}). By the connection's
   * owner, which alone reads; no lock, so parking costs none.
   */
  void releaseBuffers() {
    releaseInputIfEmpty();
    if (appIn.capacity() > 0 && !appIn.hasRemaining()) appIn = ByteBuffer.allocate(0);
  }

  /** {@code netIn} back to the pool when no partial record waits in it. */
  private void releaseInputIfEmpty() {
    if (netIn != null && netIn.position() == 0) {
      release(netIn);
      netIn = null;
    }
  }

  /** The protocol ALPN chose in the handshake, "" when none was (as {@link SSLEngine#getApplicationProtocol}). */
  String applicationProtocol() {
    return engine.getApplicationProtocol();
  }

  /** Whether any working buffer is held now; an idle connection's channel holds none. */
  boolean holdsBuffers() {
    writing.lock();
    try {
      return netIn != null || netOut != null || appIn.capacity() > 0;
    } finally {
      writing.unlock();
    }
  }

  /** Back to the pool, unless it grew past the pool's size for a large record: the collector takes that one. */
  private static void release(ByteBuffer buffer) {
    if (buffer.capacity() == WorkingBuffers.SIZE) WorkingBuffers.SHARED.give(buffer);
  }

  /** True when encrypted bytes wait in {@code netOut} (guarded by {@link #writing}). */
  private boolean outputWaits() {
    return netOut != null && netOut.hasRemaining();
  }

  /**
   * Plaintext into {@code dst}: what one record holds (or what fits), 0 when no whole record has
   * come yet, -1 once the peer closed (its close_notify, or the end of its TCP stream).
   */
  @Override
  public int read(ByteBuffer dst) throws IOException {
    try {
      return readRecords(dst);
    } finally {
      // Empty: back to the pool at once, not at the park. A connection dispatched to a thread
      // would otherwise hold it while it waits its turn (256 of them outran the pool).
      releaseInputIfEmpty();
    }
  }

  private int readRecords(ByteBuffer dst) throws IOException {
    // At most one socket read per call: a peer that streams records without data (or a body
    // faster than it is read) must not hold a loop that serves other connections too.
    boolean filled = false;
    while (true) {
      if (appIn.hasRemaining()) return give(dst);
      if (inputEnded) return -1;
      if (netIn != null && netIn.position() > 0) { // the engine checks each record's header as soon as it is here
        int before = dst.position();
        SSLEngineResult result = unwrap(dst);
        // A record larger than dst: appIn takes it whole and gives it in parts.
        if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) result = unwrap();
        if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
          inputEnded = true;
          continue;
        }
        if (result.getStatus() == SSLEngineResult.Status.OK) {
          afterHandshake(result.getHandshakeStatus());
          if (dst.position() > before) return dst.position() - before;
          continue;
        }
      }
      if (filled || fill() <= 0) return inputEnded ? -1 : 0; // no whole record left: wait for the socket
      filled = true;
    }
  }

  /**
   * True when plaintext, or a whole record, waits here unread: a read would give bytes without the
   * socket. A partial record is not counted: its rest comes with the socket's next readiness.
   */
  boolean hasBufferedInput() {
    if (appIn.hasRemaining()) return true;
    if (netIn == null) return false;
    int held = netIn.position();
    if (held < RECORD_HEADER || inputEnded) return false;
    int length = (netIn.get(3) & 0xff) << 8 | netIn.get(4) & 0xff;
    return held >= RECORD_HEADER + length;
  }

  /**
   * Encrypts up to one record of {@code src} and sends what the socket takes; returns the
   * plaintext bytes taken. Returns 0 while ciphertext of an earlier write is still unsent.
   */
  @Override
  public int write(ByteBuffer src) throws IOException {
    writing.lock();
    try {
      if (outputWaits() && !sendPending()) return 0;
      int before = src.position();
      wrapAndSend(src);
      if (engine.isOutboundDone()) throw new ClosedChannelException();
      return src.position() - before;
    } finally {
      writing.unlock();
    }
  }

  /** True when encrypted bytes wait for the socket: {@link #flushPending} sends them. */
  boolean hasPendingOutput() {
    writing.lock();
    try {
      return outputWaits();
    } finally {
      writing.unlock();
    }
  }

  /** Sends what earlier writes left; true when nothing is left. */
  boolean flushPending() throws IOException {
    writing.lock();
    try {
      return sendPending();
    } finally {
      writing.unlock();
    }
  }

  /**
   * Ends the output with close_notify (RFC 8446 section 6.1), then the TCP output when the socket
   * took it all; what it did not take, {@link #close} tries again.
   */
  void shutdownOutput() throws IOException {
    writing.lock();
    try {
      if (outputWaits() && !sendPending()) return;
      engine.closeOutbound();
      wrapAndSend(EMPTY);
      if (!outputWaits()) channel.shutdownOutput();
    } finally {
      writing.unlock();
    }
  }

  @Override
  public boolean isOpen() {
    return channel.isOpen();
  }

  /**
   * Sends close_notify when it can without waiting (no write under way, the socket takes it), then
   * closes the channel. From any thread.
   */
  @Override
  public void close() throws IOException {
    if (writing.tryLock()) {
      try {
        if (handshaken && !channel.isBlocking() && channel.isOpen() && !engine.isOutboundDone()
            && (!outputWaits() || sendPending())) {
          engine.closeOutbound();
          wrapAndSend(EMPTY);
        }
      } catch (IOException | RuntimeException e) {
        // closing anyway
      } finally {
        writing.unlock();
      }
    }
    channel.close();
  }

  private int give(ByteBuffer dst) {
    int n = Math.min(dst.remaining(), appIn.remaining());
    dst.put(dst.position(), appIn, appIn.position(), n).position(dst.position() + n);
    appIn.position(appIn.position() + n);
    return n;
  }

  /** Reads the socket into {@code netIn}; its count, -1 at the end of the stream. */
  private int fill() throws IOException {
    if (netIn == null) netIn = WorkingBuffers.SHARED.take();
    if (!netIn.hasRemaining()) grow(); // a record larger than the session first said
    int n = channel.read(netIn);
    if (n < 0) inputEnded = true;
    return n;
  }

  private void grow() {
    ByteBuffer smaller = netIn;
    int size = Math.max(smaller.capacity() * 2, engine.getSession().getPacketBufferSize());
    netIn = ByteBuffer.allocate(size).put(smaller.flip());
    release(smaller);
  }

  /** Decrypts the next record in {@code netIn} into {@code dst}, if it fits. */
  private SSLEngineResult unwrap(ByteBuffer dst) throws SSLException {
    netIn.flip();
    try {
      return engine.unwrap(netIn, dst);
    } finally {
      netIn.compact();
    }
  }

  /** Decrypts the next record in {@code netIn} into {@code appIn}, grown to fit it. */
  private SSLEngineResult unwrap() throws SSLException {
    while (true) {
      netIn.flip();
      appIn.compact(); // keeps plaintext not yet given (none in a read, which decrypts only when empty)
      SSLEngineResult result;
      try {
        result = engine.unwrap(netIn, appIn);
      } finally {
        netIn.compact();
        appIn.flip();
      }
      if (result.getStatus() != SSLEngineResult.Status.BUFFER_OVERFLOW) return result;
      ByteBuffer larger = ByteBuffer.allocate(Math.max(appIn.capacity() * 2, engine.getSession().getApplicationBufferSize()));
      appIn = larger.put(appIn).flip();
    }
  }

  /** A read on an established connection met a handshake message: answer it, or refuse a new handshake. */
  private void afterHandshake(HandshakeStatus status) throws IOException {
    if (status == HandshakeStatus.NEED_TASK) throw new SSLException("TLS renegotiation is refused");
    if (status == HandshakeStatus.NEED_WRAP) {
      writing.lock();
      try {
        // A KeyUpdate asking for ours (RFC 8446 section 4.6.3): it goes out ahead of later data.
        if (!outputWaits() || sendPending()) wrapAndSend(EMPTY);
      } finally {
        writing.unlock();
      }
    }
  }

  /** Encrypts from {@code src} into an empty {@code netOut} and sends what the socket takes. */
  private void wrapAndSend(ByteBuffer src) throws IOException {
    if (netOut == null) netOut = WorkingBuffers.SHARED.take();
    while (true) {
      netOut.clear();
      SSLEngineResult result;
      try {
        result = engine.wrap(src, netOut);
      } finally {
        netOut.flip();
      }
      if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
        release(netOut); // empty: the engine wrote nothing
        netOut = ByteBuffer.allocate(Math.max(netOut.capacity() * 2, engine.getSession().getPacketBufferSize())).limit(0);
        continue;
      }
      if (handshaken && result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
        throw new SSLException("TLS renegotiation is refused");
      }
      sendPending();
      return;
    }
  }

  /**
   * Writes {@code netOut} as far as the socket takes it; true when all of it went, and then
   * {@code netOut} is back in the pool.
   */
  private boolean sendPending() throws IOException {
    while (outputWaits()) {
      if (channel.write(netOut) == 0) return false;
    }
    if (netOut != null) {
      release(netOut);
      netOut = null;
    }
    return true;
  }

  /**
   * The handshakes that may do their public-key work (the engine's delegated tasks: key agreement,
   * the CertificateVerify signature) at once, in this JVM: half the processors, at least one, taken
   * in arrival order. Each handshake runs on a virtual thread, and a burst of new connections would
   * otherwise fill every carrier with about a millisecond of work each, while the continuations
   * that serve requests (a first request after its handshake, an exchange on a worker) waited in
   * the same queue behind them. Measured with wrk opening 256 connections at once (5 s runs, two
   * cores): p99 latency 126–182 ms without the bound, 26–32 ms with it, nginx 13–47 ms in the same
   * runs. Only computation is bounded, never a wait for the client, so a slow client cannot hold
   * a slot.
   */
  private static final Semaphore PUBLIC_KEY_WORK =
      new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors() / 2), true);

  private void runTasks() {
    PUBLIC_KEY_WORK.acquireUninterruptibly();
    try {
      for (Runnable task; (task = engine.getDelegatedTask()) != null; ) task.run();
    } finally {
      PUBLIC_KEY_WORK.release();
    }
  }

  private void sendAlertQuietly() {
    try {
      writing.lock();
      try {
        if (!outputWaits()) wrapAndSend(EMPTY);
      } finally {
        writing.unlock();
      }
    } catch (IOException | RuntimeException e) {
      // the alert is a courtesy
    }
  }
}

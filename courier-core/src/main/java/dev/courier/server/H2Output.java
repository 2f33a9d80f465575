package dev.courier.server;

import dev.courier.http.h2.ErrorCode;
import dev.courier.http.h2.FrameWriter;
import dev.courier.http.h2.HeaderField;
import dev.courier.http.h2.HpackEncoder;
import dev.courier.http.h2.Settings;
import dev.courier.internal.TlsRecords;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one way frames leave an HTTP/2 connection, batched: threads append frames to one buffer
 * under a short lock, and one thread at a time (the first to find nobody sending) takes the
 * whole buffer and writes it to the socket with the lock released, then takes what others
 * appended meanwhile, until the buffer is empty. Under load the frames of many streams leave in
 * one write; a lone small response (HEADERS and DATA appended, then one flush) costs one write.
 *
 * <p>Order: frames leave in the order they were appended, and HPACK blocks are encoded under the
 * same lock as they are appended, so the peer's decoder sees them in the order we encoded them
 * (RFC 7541 section 2.2).
 *
 * <p>Back-pressure: while one thread is writing, the others append and return without waiting,
 * unless the buffer already holds more than {@link #MAX_BUFFERED} bytes; then a stream thread
 * waits (at most the write timeout) for the writer to take it, so a client that reads slowly
 * holds at most that much memory. The reader thread never waits here: it only appends small
 * control frames, and must stay free to read WINDOW_UPDATE and RST_STREAM. A write that blocks is
 * timed by {@link SocketOutput}'s clock (write timeout and minimum rate), which closes the
 * connection: the writer then fails, and everyone after it sees {@link #broken()}.
 *
 * <p>A {@link ReentrantLock}, never {@code synchronized}, and never held across a socket write.
 */
final class H2Output {
  /** Bytes that may wait in the buffer while another thread writes: a few frames. */
  static final int MAX_BUFFERED = 64 * 1024;
  /** The most the reader thread writes itself before it reads again (see {@link #flushFromReader}). */
  static final int READER_WRITE = 16 * 1024;
  private static final ThreadFactory WRITERS = Thread.ofVirtual().name("courier-h2-writer").factory();

  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled when the writer took bytes out of the buffer, or gave up writing. */
  private final Condition taken = lock.newCondition();
  private final FrameWriter frames = new FrameWriter();
  /** Encodes under {@code lock}: its blocks are appended in the order they were made. */
  private final HpackEncoder encoder = new HpackEncoder();
  private final OutputStream out;
  private final long waitNanos;
  /** Frames go through TLS: DATA frames are cut to fit one record and written a whole record at a time. */
  private final boolean overTls;
  /**
   * The writer's: only the thread that set {@code writing} touches it. Borrowed from {@link
   * WorkingBuffers#ARRAYS} and given back with the socket output's buffer when the connection goes
   * idle ({@link #releaseBuffers}), so an idle connection holds neither; a chunk grown for large
   * batches (up to twice {@link #MAX_BUFFERED}) is dropped then, not kept for the connection's life.
   */
  private byte[] chunk;
  /** A thread is writing the buffer to the socket (under {@code lock}). */
  private boolean writing;
  /** The buffer's size after the last append or drain: read without the lock, as a hint only. */
  private volatile int pending;
  private volatile boolean broken;
  private IOException failure;

  /**
   * Frames go to {@code out}; a stream thread waits at most {@code writeTimeoutMillis} for room.
   * {@code overTls} sizes DATA frames and the writer's slices to whole TLS records ({@link
   * #dataFrameSize}).
   */
  H2Output(OutputStream out, long writeTimeoutMillis, boolean overTls) {
    this.out = out;
    this.overTls = overTls;
    this.waitNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, writeTimeoutMillis));
    frames.borrowBuffersFrom(WorkingBuffers.ARRAYS); // given back with the others while idle
  }

  /** Whether a write failed: the connection is lost. */
  boolean broken() {
    return broken;
  }

  /** The peer's SETTINGS_MAX_FRAME_SIZE changed. */
  void maxFrameSize(int size) {
    lock.lock();
    try {
      frames.maxFrameSize(size);
    } finally {
      lock.unlock();
    }
  }

  int maxFrameSize() {
    lock.lock();
    try {
      return frames.maxFrameSize();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The most payload one DATA frame carries: the peer's SETTINGS_MAX_FRAME_SIZE, and over TLS at
   * most what makes the frame, with its header, one full record ({@link
   * TlsRecords#H2_DATA_PAYLOAD}). A 16,384-byte payload made each frame a full record and a
   * 26-byte one, with a cipher set-up and a socket write each.
   */
  int dataFrameSize() {
    return TlsRecords.h2DataFrameSize(maxFrameSize(), overTls);
  }

  /** The peer's SETTINGS_HEADER_TABLE_SIZE changed (RFC 7541 section 4.2). */
  void peerHeaderTableSize(long size) {
    lock.lock();
    try {
      encoder.peerMaxTableSize(size);
    } finally {
      lock.unlock();
    }
  }

  // ---- control frames: appended; the reader thread sends them with flush() before it reads

  void settings(Settings settings) {
    lock.lock();
    try {
      frames.writeSettings(settings);
    } finally {
      lock.unlock();
    }
  }

  void settingsAck() {
    lock.lock();
    try {
      frames.writeSettingsAck();
    } finally {
      lock.unlock();
    }
  }

  void pingAck(long data) {
    lock.lock();
    try {
      frames.writePingAck(data);
    } finally {
      lock.unlock();
    }
  }

  void windowUpdate(int streamId, int increment) {
    if (increment <= 0) return;
    lock.lock();
    try {
      frames.writeWindowUpdate(streamId, increment);
    } finally {
      lock.unlock();
    }
  }

  void rstStream(int streamId, ErrorCode code) {
    lock.lock();
    try {
      frames.writeRstStream(streamId, code);
    } finally {
      lock.unlock();
    }
  }

  void goAway(int lastStreamId, ErrorCode code, String debug) {
    lock.lock();
    try {
      frames.writeGoAway(lastStreamId, code, debug);
    } finally {
      lock.unlock();
    }
  }

  // ---- stream frames: appended by stream threads, which may wait for room

  /** A field block of {@code fields}, encoded and appended in one step (see the class comment). */
  void headers(int streamId, List<HeaderField> fields, boolean endStream) throws IOException {
    lock.lock();
    try {
      awaitRoom();
      byte[] block = encoder.encode(fields);
      frames.writeHeaders(streamId, block, 0, block.length, endStream);
      pending = frames.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * A whole response, HEADERS and its DATA (END_STREAM on the last frame, on HEADERS when
   * {@code len} is 0), encoded and appended in one step, and without waiting for room: its credit
   * is taken already, and its caller looked at {@link #hasRoom} first (a racy look, so the buffer
   * may pass {@link #MAX_BUFFERED} by a few such answers, never more).
   */
  void response(int streamId, List<HeaderField> fields, byte[] b, int off, int len) throws IOException {
    lock.lock();
    try {
      if (broken) throw lost();
      byte[] block = encoder.encode(fields);
      frames.writeHeaders(streamId, block, 0, block.length, len == 0);
      if (len > 0) frames.writeData(streamId, b, off, len, true);
      pending = frames.size();
    } finally {
      lock.unlock();
    }
  }

  /** Whether the buffer has room for a small answer now (a hint: read without the lock). */
  boolean hasRoom() {
    return pending < MAX_BUFFERED && !broken;
  }

  /** DATA already granted by flow control (split at the max frame size). */
  void data(int streamId, byte[] b, int off, int len, boolean endStream) throws IOException {
    lock.lock();
    try {
      awaitRoom();
      frames.writeData(streamId, b, off, len, endStream);
      pending = frames.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sends the buffer when it holds {@link #MAX_BUFFERED} bytes or more: a stream appending a large
   * body in one call keeps at most that much here, and meets the socket's back-pressure itself.
   */
  void flushIfFull() throws IOException {
    lock.lock();
    try {
      if (frames.size() < MAX_BUFFERED) return;
    } finally {
      lock.unlock();
    }
    flush();
  }

  /** Waits while another thread writes and the buffer is full; the caller holds the lock. */
  private void awaitRoom() throws IOException {
    long left = waitNanos;
    while (writing && frames.size() >= MAX_BUFFERED) {
      if (broken) break;
      left = awaitTaken(left);
    }
    if (broken) throw lost();
  }

  /** Waits up to {@code left} ns for the writing thread to take frames; the caller holds the lock. */
  private long awaitTaken(long left) throws IOException {
    if (left <= 0) throw new SocketTimeoutException("the HTTP/2 connection's output stayed full");
    try {
      return taken.awaitNanos(left);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting to write");
    }
  }

  private IOException lost() {
    return new IOException("the HTTP/2 connection is lost", failure);
  }

  /**
   * Sends what the buffer holds, unless another thread is sending already: that one sends it
   * before it stops (it looks for more under the lock it clears its flag under).
   */
  void flush() throws IOException {
    lock.lock();
    try {
      if (broken) throw lost();
      if (writing || frames.isEmpty()) return;
      writing = true;
    } finally {
      lock.unlock();
    }
    writeAll();
  }

  /**
   * The reader thread's flush before it reads. A small batch (control frames, a few answers of
   * non-blocking handlers) it writes itself, in one write for every stream it served in its pass;
   * a larger one goes to a new virtual thread, so a peer that reads slowly keeps the reader from
   * reading (WINDOW_UPDATE, RST_STREAM, PING) for one small write at most.
   */
  void flushFromReader() throws IOException {
    lock.lock();
    try {
      if (broken) throw lost();
      if (writing || frames.isEmpty()) return;
      writing = true;
      if (frames.size() > READER_WRITE) {
        WRITERS.newThread(this::writeInBackground).start();
        return;
      }
    } finally {
      lock.unlock();
    }
    writeAll();
  }

  /**
   * The reader's flush on the read loop's own thread ({@link H2LoopPath}), which must never wait:
   * what the socket takes now leaves, and the socket output keeps the rest ({@link
   * SocketOutput#onLoop}). False when it kept any: a thread must send it with {@link #sendKept}
   * before the connection parks. When another thread is writing, that one takes these frames with
   * its own.
   */
  boolean flushOnLoop(ByteBuffer loopDirectBuffer) throws IOException {
    lock.lock();
    try {
      if (broken) throw lost();
      if (writing || frames.isEmpty()) return true;
      writing = true;
    } finally {
      lock.unlock();
    }
    SocketOutput socket = (SocketOutput) out; // the loop's connections write through one
    socket.onLoop(loopDirectBuffer);
    try {
      return !writeAll(false);
    } finally {
      socket.onLoop(null);
    }
  }

  /**
   * Sends what the socket output kept while the loop's thread wrote ({@link #flushOnLoop}), and
   * anything appended since, waiting for the socket as any write does.
   */
  void sendKept() throws IOException {
    takeWritingAfterOthers(true);
    writeAll(true);
  }

  /**
   * Waits (at most the write timeout) until no other thread writes, then makes this one the
   * writer: false, with nothing taken, when nothing was appended and {@code evenIfEmpty} is off.
   */
  private boolean takeWritingAfterOthers(boolean evenIfEmpty) throws IOException {
    lock.lock();
    try {
      long left = waitNanos;
      while (writing) left = awaitTaken(left);
      if (broken) throw lost();
      if (frames.isEmpty() && !evenIfEmpty) return false;
      writing = true;
      return true;
    } finally {
      lock.unlock();
    }
  }

  private void writeInBackground() {
    try {
      writeAll();
    } catch (IOException | RuntimeException e) {
      // broken is set: the reader and the streams see the connection lost
    }
  }

  /**
   * Sends everything appended so far and waits until it is written, by this thread or the one
   * writing: before the connection's output is shut (GOAWAY must not be cut off).
   */
  void flushAndWait() throws IOException {
    if (takeWritingAfterOthers(false)) writeAll();
  }

  /**
   * The connection ended: nothing more is written, and this waits (at most the write timeout)
   * for a write in progress to end, so that the socket's stream is no longer used by two threads.
   */
  void close() {
    lock.lock();
    try {
      broken = true;
      long left = waitNanos;
      while (writing && left > 0) left = taken.awaitNanos(left);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Gives the writer's buffers back while nothing is written or waits to be: the reader calls it
   * before it waits with no stream open. A writer at work keeps them (the next idle wait tries again).
   */
  void releaseBuffers() {
    lock.lock();
    try {
      if (writing || !frames.isEmpty()) return;
      frames.releaseBuffer();
      if (out instanceof SocketOutput socketOutput) socketOutput.releaseBuffer();
      if (chunk != null) {
        WorkingBuffers.ARRAYS.giveBack(chunk); // a grown one is left to the collector there
        chunk = null;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Whether the writer holds a lent buffer now (its frames', its chunk or the socket output's); an
   * idle connection's holds none.
   */
  boolean holdsBuffers() {
    lock.lock();
    try {
      return chunk != null || frames.holdsBuffer()
          || (out instanceof SocketOutput socketOutput && socketOutput.holdsBuffer());
    } finally {
      lock.unlock();
    }
  }

  private void writeAll() throws IOException {
    writeAll(false);
  }

  /**
   * The writer's loop: the buffer to the socket, a slice at a time, until it stays empty; with
   * {@code flushFirst}, what the socket output holds leaves first. True when the socket output
   * kept bytes back (only on the loop's thread, see {@link #flushOnLoop}), read while this thread
   * still writes.
   */
  private boolean writeAll(boolean flushFirst) throws IOException {
    try {
      if (flushFirst) out.flush();
      while (true) {
        int n;
        lock.lock();
        try {
          if (frames.isEmpty()) {
            boolean kept = out instanceof SocketOutput socket && socket.hasSpilled();
            writing = false;
            taken.signalAll();
            return kept;
          }
          int size = frames.size();
          if (chunk == null) chunk = WorkingBuffers.ARRAYS.borrow(WorkingBuffers.SIZE);
          if (chunk.length < size && chunk.length < MAX_BUFFERED * 2) {
            WorkingBuffers.ARRAYS.giveBack(chunk);
            chunk = new byte[Math.min(MAX_BUFFERED * 2, Integer.highestOneBit(size - 1) << 1)];
          }
          // Over TLS a slice that leaves more behind ends on a record's edge ({@link #dataFrameSize}).
          int slice = overTls && size > chunk.length
              ? chunk.length - chunk.length % TlsRecords.PLAINTEXT : chunk.length;
          n = frames.drainTo(chunk, 0, slice);
          pending = frames.size();
          taken.signalAll();
        } finally {
          lock.unlock();
        }
        out.write(chunk, 0, n);
        // One flush per batch: only when nothing more arrived while this slice was written.
        lock.lock();
        boolean more;
        try {
          more = !frames.isEmpty();
        } finally {
          lock.unlock();
        }
        if (!more) out.flush();
      }
    } catch (IOException | RuntimeException e) {
      lock.lock();
      try {
        broken = true;
        writing = false;
        if (e instanceof IOException io && failure == null) failure = io;
        taken.signalAll();
      } finally {
        lock.unlock();
      }
      throw e;
    }
  }
}

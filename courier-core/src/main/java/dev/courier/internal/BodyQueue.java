package dev.courier.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;

/**
 * The body of one HTTP/2 stream as its reader sees it (a server handler reading a request, a
 * client reading a response): DATA payloads queued by the connection's reader thread, taken by
 * the stream's own thread.
 *
 * <p>The queue never holds more than the stream's receive window (RFC 9113 section 5.2): bytes
 * taken are reported to {@code consumed}, which gives the credit back with WINDOW_UPDATE. A reader
 * that stops reading stops the credit, so the peer stops sending; the connection's reader thread
 * never waits for a stream. Each read waits at most the timeout; a reset stream or a lost
 * connection fails the read. The timeout is kept by the {@link WaitWatchdog}, not by a timed wait.
 *
 * <pre>{@code
 * BodyQueue body = new BodyQueue(30_000, n -> connection.consumed(stream, n));
 * body.offer(data.data()); body.end();                 // the connection's reader
 * byte[] all = body.readAllBytes();                    // the stream's thread
 * }</pre>
 */
public final class BodyQueue extends InputStream {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition ready = lock.newCondition();
  private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
  private final long timeoutNanos;
  private final IntConsumer consumed;
  private LongConsumer readingWhole; // told once, when the reader says it takes the whole body
  private final PayloadPool arrays; // where payloads go once read; null: left to the collector
  private byte[] current;
  private int pos;
  private boolean ended;
  private Exception failure;
  /** The stream's thread waits in {@link #read} for a payload. */
  private boolean readerWaits;
  /** A payload came for a waiting reader that was not woken yet ({@link #offerQuietly}). */
  private boolean wakeOwed;
  /** The reader's wait deadline, made at its first wait (most bodies are queued before they are read). */
  private WaitWatchdog.Deadline stall;

  /** A body whose reads wait at most {@code timeoutMillis}; {@code consumed} hears of bytes taken. */
  public BodyQueue(long timeoutMillis, IntConsumer consumed) {
    this(timeoutMillis, consumed, null);
  }

  /**
   * As {@link #BodyQueue(long, IntConsumer)}; {@code readingWhole} (may be null) hears once of a
   * reader that takes the whole body up to the cap it gives ({@link #readingWhole(long)}).
   */
  public BodyQueue(long timeoutMillis, IntConsumer consumed, LongConsumer readingWhole) {
    this(timeoutMillis, consumed, readingWhole, null);
  }

  /**
   * As {@link #BodyQueue(long, IntConsumer, LongConsumer)}; each payload array, once all of it was
   * read (or the body failed before it was), goes back to {@code arrays} (may be null), so the
   * arrays offered must be this queue's alone.
   */
  public BodyQueue(long timeoutMillis, IntConsumer consumed, LongConsumer readingWhole, PayloadPool arrays) {
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    this.consumed = consumed;
    this.readingWhole = readingWhole;
    this.arrays = arrays;
  }

  /**
   * The reader takes the whole body, up to {@code cap} bytes, as it comes: the stream's window may
   * open to it at once (the reader holds it all anyway). The first call counts.
   */
  public void readingWhole(long cap) {
    LongConsumer told = readingWhole;
    readingWhole = null;
    if (told != null) told.accept(cap);
  }

  /** The reader thread: a DATA payload arrived; the queue owns the array from now on. */
  public void offer(byte[] data) {
    if (data.length == 0) return;
    lock.lock();
    try {
      if (failure == null) {
        chunks.add(data);
      } else {
        spent(data);
      }
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * As {@link #offer}, but a stream thread waiting for bytes is not woken now: true when the caller
   * (the connection's reader) owes it {@link #wakeReader()}, which it must call before it waits for
   * the socket itself. Each wake costs a hand-off between carrier threads; one per batch of DATA
   * frames, not one per frame, is what a reader that decrypts record after record can afford.
   */
  public boolean offerQuietly(byte[] data) {
    if (data.length == 0) return false;
    lock.lock();
    try {
      if (failure != null) {
        spent(data);
        return false;
      }
      chunks.add(data);
      if (!readerWaits || wakeOwed) return false;
      wakeOwed = true;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Wakes a stream thread that {@link #offerQuietly} left waiting with bytes to read. */
  public void wakeReader() {
    lock.lock();
    try {
      if (!wakeOwed) return;
      wakeOwed = false;
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The reader thread: END_STREAM arrived. */
  public void end() {
    lock.lock();
    try {
      ended = true;
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The stream was reset or the connection lost, or the body broke a limit: reads throw {@code cause}. */
  public void fail(Exception cause) {
    lock.lock();
    try {
      if (failure == null && !(ended && chunks.isEmpty() && current == null)) failure = cause;
      for (byte[] unread = chunks.poll(); unread != null; unread = chunks.poll()) spent(unread);
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The watchdog's call when a read waited past the timeout: the reader wakes and sees it. */
  private void wake() {
    lock.lock();
    try {
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** An array this queue no longer reads, back to where payloads come from (lock held). */
  private void spent(byte[] array) {
    if (arrays != null) arrays.giveBack(array);
  }

  /** Whether END_STREAM arrived (the handler may not have read everything). */
  public boolean ended() {
    lock.lock();
    try {
      return ended;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) return 0;
    int n;
    boolean watched = false;
    lock.lock();
    try {
      while (current == null || pos == current.length) {
        current = chunks.poll();
        pos = 0;
        if (current != null) continue;
        if (failure instanceof IOException e) throw new IOException(e.getMessage(), e);
        if (failure instanceof RuntimeException e) throw e;
        if (ended) return -1;
        if (watched ? stall.expired() : timeoutNanos <= 0) throw new SocketTimeoutException("the body stalled");
        if (!watched) {
          // An untimed wait that the watchdog ends: a timed one would cost a timer on a virtual thread.
          if (stall == null) stall = WaitWatchdog.deadline(this::wake);
          stall.arm(timeoutNanos);
          watched = true;
        }
        readerWaits = true;
        try {
          ready.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted while reading the body");
        } finally {
          readerWaits = false;
        }
      }
      n = Math.min(len, current.length - pos);
      System.arraycopy(current, pos, b, off, n);
      pos += n;
      if (pos == current.length) {
        spent(current);
        current = null;
      }
    } finally {
      lock.unlock();
      if (watched) stall.disarm();
    }
    consumed.accept(n);
    return n;
  }

  @Override
  public int available() {
    lock.lock();
    try {
      return current == null ? 0 : current.length - pos;
    } finally {
      lock.unlock();
    }
  }
}

package dev.courier.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded pipe from the thread running a {@link BaseRequestHandler} (which writes its response
 * body to {@link #sink()}) to the connection's thread (which copies {@link #source()} to the socket).
 *
 * <p>Bounded, so a handler writing a large body waits for the client instead of filling memory.
 * Closing the sink is the end of the body; {@link #fail} makes the reader's next read throw (the
 * handler failed after its head went out, so the framing is broken and the connection must close).
 * Closing the source (the server does when the response is sent or abandoned, HEAD included) makes
 * the handler's next write throw, then waits until the handler has returned: the request body it
 * may still be reading belongs to the connection again only after that.
 *
 * <p>{@link java.io.PipedInputStream} is not used: it synchronizes on itself around blocking waits
 * (pinning a virtual thread's carrier on Java 21) and polls once a second.
 */
final class HandlerPipe {
  private static final int CAPACITY = 64 * 1024;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final byte[] ring = new byte[CAPACITY];
  private int head; // next byte to read
  private int count; // bytes buffered
  private boolean writerClosed;
  private boolean readerClosed;
  private boolean handlerDone;
  private Throwable failure;
  private final boolean discardWhenClosed;

  /**
   * A pipe; with {@code discardWhenClosed} (a HEAD request, whose body the server never reads)
   * writes after the reader closed are dropped rather than refused.
   */
  HandlerPipe(boolean discardWhenClosed) {
    this.discardWhenClosed = discardWhenClosed;
  }

  /** The handler's end. */
  OutputStream sink() {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        put(b, off, len);
      }

      @Override
      public void close() {
        closeWriter();
      }
    };
  }

  /** The connection's end. */
  InputStream source() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        return take(b, off, len);
      }

      @Override
      public void close() throws IOException {
        closeReader();
      }
    };
  }

  private void put(byte[] b, int off, int len) throws IOException {
    lock.lock();
    try {
      while (len > 0) {
        if (readerClosed && discardWhenClosed) return;
        if (readerClosed) throw new IOException("the response was closed (sent, abandoned, or the client left)");
        if (writerClosed) throw new IOException("wfile is closed");
        if (count == CAPACITY) {
          changed.awaitUninterruptibly();
          continue;
        }
        int tail = (head + count) % CAPACITY;
        int n = Math.min(len, Math.min(CAPACITY - count, CAPACITY - tail));
        System.arraycopy(b, off, ring, tail, n);
        count += n;
        off += n;
        len -= n;
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  private int take(byte[] b, int off, int len) throws IOException {
    if (len == 0) return 0;
    lock.lock();
    try {
      while (count == 0) {
        if (failure != null) throw new IOException("the handler failed after sending its head", failure);
        if (writerClosed || readerClosed) return -1;
        changed.awaitUninterruptibly();
      }
      int n = Math.min(len, Math.min(count, CAPACITY - head));
      System.arraycopy(ring, head, b, off, n);
      head = (head + n) % CAPACITY;
      count -= n;
      changed.signalAll();
      return n;
    } finally {
      lock.unlock();
    }
  }

  /** The end of the body. */
  void closeWriter() {
    lock.lock();
    try {
      writerClosed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The handler failed: the reader gets an error once what was written is read. */
  void fail(Throwable cause) {
    lock.lock();
    try {
      if (failure == null) failure = cause;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The handler's method has returned (normally or not). */
  void handlerDone() {
    lock.lock();
    try {
      handlerDone = true;
      writerClosed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void closeReader() {
    lock.lock();
    try {
      readerClosed = true;
      changed.signalAll();
      while (!handlerDone) changed.awaitUninterruptibly();
    } finally {
      lock.unlock();
    }
  }
}

package dev.courier.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;

/**
 * The buffered byte sink of one connection. Heads and small bodies are gathered in one array and
 * leave in one write; file regions go straight from the page cache to the socket with
 * {@link FileChannel#transferTo} when the connection is a plain {@link SocketChannel} (sendfile on
 * Linux), else through the buffer.
 */
final class SocketOutput extends OutputStream {
  /** Buffer size: holds a typical head plus a small body, so most responses cost one write. */
  static final int BUFFER_SIZE = 16 * 1024;

  /** Marks the start and end of each blocking write so a stalled reader can be timed out. */
  interface WriteClock {
    void begin();

    void end();
  }

  private final OutputStream out;
  private final SocketChannel channel; // null for TLS
  private final WriteClock clock;
  private final byte[] buf = new byte[BUFFER_SIZE];
  private int count;

  SocketOutput(OutputStream out, SocketChannel channel, WriteClock clock) {
    this.out = out;
    this.channel = channel;
    this.clock = clock;
  }

  @Override
  public void write(int b) throws IOException {
    if (count == buf.length) drain();
    buf[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (len <= buf.length - count) {
      System.arraycopy(b, off, buf, count, len);
      count += len;
      return;
    }
    drain();
    if (len >= buf.length) {
      clock.begin();
      try {
        out.write(b, off, len);
      } finally {
        clock.end();
      }
    } else {
      System.arraycopy(b, off, buf, count, len);
      count += len;
    }
  }

  /**
   * Sends {@code length} bytes of {@code file} from {@code position}.
   *
   * @throws IOException also when the file ends early (it shrank): the framing is then broken
   *     and the caller must close the connection
   */
  void transferFrom(FileChannel file, long position, long length) throws IOException {
    if (channel != null && length >= ZERO_COPY_THRESHOLD) {
      drain();
      clock.begin();
      try {
        if (Thread.currentThread().isVirtual()) {
          sendOnPlatformThread(file, position, length);
        } else {
          sendFile(file, position, length);
        }
      } finally {
        clock.end();
      }
      return;
    }
    ByteBuffer view = ByteBuffer.wrap(buf);
    long remaining = length;
    while (remaining > 0) {
      if (count == buf.length) drain();
      view.limit((int) Math.min(buf.length, count + remaining)).position(count);
      int n = file.read(view, position);
      if (n < 0) throw new IOException("file shrank while being sent");
      count += n;
      position += n;
      remaining -= n;
    }
  }

  /** Below this, a region is copied through the buffer: one write beats a write plus a sendfile. */
  static final int ZERO_COPY_THRESHOLD = 64 * 1024;

  /**
   * Threads that run sendfile for virtual threads. FileChannel.transferTo to a socket blocks the
   * carrier thread in sendfile (measured on JDK 25: the whole region in one blocking call on the
   * carrier), which would stall every other connection on that carrier while a slow client reads;
   * on a platform thread only the sender waits. Bounded: {@value #FILE_SENDERS} concurrent
   * transfers, more queue.
   */
  private static final int FILE_SENDERS = 64;

  private static final java.util.concurrent.ThreadPoolExecutor SENDERS;

  static {
    SENDERS = new java.util.concurrent.ThreadPoolExecutor(FILE_SENDERS, FILE_SENDERS, 30,
        java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(),
        Thread.ofPlatform().name("courier-sendfile-", 0).daemon(true).factory());
    SENDERS.allowCoreThreadTimeOut(true);
  }

  private void sendOnPlatformThread(FileChannel file, long position, long length) throws IOException {
    java.util.concurrent.Future<?> done = SENDERS.submit(() -> {
      sendFile(file, position, length);
      return null;
    });
    try {
      done.get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof IOException io) throw io;
      throw new IOException("sendfile failed", e.getCause());
    } catch (InterruptedException e) {
      done.cancel(true);
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while sending a file");
    }
  }

  private void sendFile(FileChannel file, long position, long length) throws IOException {
    long end = position + length;
    while (position < end) {
      long n = file.transferTo(position, end - position, channel);
      if (n <= 0 && position >= file.size()) throw new IOException("file shrank while being sent");
      position += Math.max(0, n);
    }
  }

  /** Pushes buffered bytes to the socket without flushing a TLS record layer's own buffer. */
  private void drain() throws IOException {
    if (count > 0) {
      clock.begin();
      try {
        out.write(buf, 0, count);
      } finally {
        clock.end();
      }
      count = 0;
    }
  }

  @Override
  public void flush() throws IOException {
    drain();
    clock.begin();
    try {
      out.flush();
    } finally {
      clock.end();
    }
  }

  @Override
  public void close() throws IOException {
    flush();
  }
}

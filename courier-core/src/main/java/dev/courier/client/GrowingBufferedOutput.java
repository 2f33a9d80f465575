package dev.courier.client;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * A buffered stream whose array starts small and doubles as writes need it, up to a most, where
 * {@link java.io.BufferedOutputStream} makes its whole array when it is made (JDK 25 does so even
 * without a size). A request head and a small body rarely need a kilobyte, and a connection used
 * for one request (the server closes it, or a client per call) should not make an 8 KiB array.
 * Writes behave as BufferedOutputStream's: a write of at least the most goes straight through,
 * anything else waits in the array until it is full or flushed.
 *
 * <pre>{@code
 * OutputStream out = new GrowingBufferedOutput(socket.getOutputStream(), 512, 8192);
 * out.write(head);   // kept, in an array of 512 bytes or as large as the head needs
 * out.flush();       // one write to the socket
 * }</pre>
 */
final class GrowingBufferedOutput extends OutputStream {
  private final OutputStream out;
  private final int most;
  private byte[] buf;
  private int count;

  /** Buffers for {@code out} in an array of {@code first} bytes growing to {@code most}. */
  GrowingBufferedOutput(OutputStream out, int first, int most) {
    if (first < 1 || first > most) throw new IllegalArgumentException("sizes: " + first + ", " + most);
    this.out = Objects.requireNonNull(out, "out");
    this.most = most;
    this.buf = new byte[first];
  }

  @Override
  public void write(int b) throws IOException {
    if (count == buf.length) makeRoom(1);
    buf[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len >= most) {
      flushBuffer();
      out.write(b, off, len);
      return;
    }
    if (len > buf.length - count) makeRoom(len);
    System.arraycopy(b, off, buf, count, len);
    count += len;
  }

  /** Room for {@code len} (less than {@link #most}) more bytes: a larger array, else an empty one. */
  private void makeRoom(int len) throws IOException {
    int needed = count + len;
    if (needed > most) {
      flushBuffer();
      needed = len;
    }
    if (needed > buf.length) buf = Arrays.copyOf(buf, Math.min(most, Math.max(needed, buf.length * 2)));
  }

  private void flushBuffer() throws IOException {
    if (count > 0) {
      out.write(buf, 0, count);
      count = 0;
    }
  }

  @Override
  public void flush() throws IOException {
    flushBuffer();
    out.flush();
  }

  @Override
  public void close() throws IOException {
    try (out) {
      flush();
    }
  }
}

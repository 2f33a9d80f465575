package dev.courier.internal;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * {@code transferTo} for the body streams of both sides, in reads of up to {@link #MAX_BUFFER}:
 * the JDK's default reads 16 KiB at a time, and a body stream's large read is one system call
 * straight into the buffer, so fewer, larger reads cost less.
 *
 * <p>The buffer is lent, not made, when the sink is one of the JDK's that neither keeps the array
 * it is given nor writes into it: {@link FileOutputStream}, {@link ByteArrayOutputStream} and
 * {@link OutputStream#nullOutputStream()}, each by exact class (a subclass may do anything), the
 * rule the JDK's own {@code ByteArrayInputStream.transferTo} follows before it hands out its array.
 * Any other sink, which might keep a reference and read it after the next transfer filled it again,
 * gets a buffer of its own, of the body's size when that is known and smaller. A 1 MiB upload saved
 * to a file allocated its 64 KiB buffer each time.
 *
 * <pre>{@code
 * public long transferTo(OutputStream out) throws IOException {   // in a body stream
 *   return LargeTransfer.copy(this, out, contentLength);           // -1 when unknown
 * }
 * }</pre>
 */
public final class LargeTransfer {
  /** The largest buffer a transfer reads into; the size of every lent one ({@link LentBuffers}). */
  public static final int MAX_BUFFER = LentBuffers.SIZE;

  private static final Class<?> NULL_SINK = OutputStream.nullOutputStream().getClass();

  private LargeTransfer() {}

  /**
   * Reads {@code in} to its end into {@code out}; returns the bytes copied. {@code length} is the
   * number of bytes left when known, else -1.
   */
  public static long copy(InputStream in, OutputStream out, long length) throws IOException {
    Objects.requireNonNull(out, "out");
    if (!keepsNothing(out)) return copy(in, out, new byte[ownSize(length)]);
    byte[] lent = LentBuffers.take();
    if (lent == null) return copy(in, out, new byte[ownSize(length)]); // more transfers at once than buffers kept
    try {
      return copy(in, out, lent);
    } finally {
      LentBuffers.give(lent); // what it held is never read again: each transfer writes only what it read into it
    }
  }

  /** Whether {@code out} is a JDK sink that keeps no reference to the arrays it is given nor writes into them. */
  static boolean keepsNothing(OutputStream out) {
    Class<?> type = out.getClass();
    return type == FileOutputStream.class || type == ByteArrayOutputStream.class || type == NULL_SINK;
  }

  private static int ownSize(long length) {
    return length >= 0 ? (int) Math.max(1, Math.min(MAX_BUFFER, length)) : MAX_BUFFER;
  }

  private static long copy(InputStream in, OutputStream out, byte[] buffer) throws IOException {
    long total = 0;
    int n;
    while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
      out.write(buffer, 0, n);
      total += n;
    }
    return total;
  }
}

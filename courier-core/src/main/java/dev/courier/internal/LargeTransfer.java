package dev.courier.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * {@code transferTo} for the body streams of both sides, in reads of up to {@link #MAX_BUFFER}:
 * the JDK's default reads 16 KiB at a time, and a body stream's large read is one system call
 * straight into the buffer, so fewer, larger reads cost less. A body of known length smaller than
 * that gets a buffer of its own size.
 *
 * <pre>{@code
 * public long transferTo(OutputStream out) throws IOException {   // in a body stream
 *   return LargeTransfer.copy(this, out, contentLength);           // -1 when unknown
 * }
 * }</pre>
 */
public final class LargeTransfer {
  /** The largest buffer a transfer reads into. */
  public static final int MAX_BUFFER = 64 * 1024;

  private LargeTransfer() {}

  /**
   * Reads {@code in} to its end into {@code out}; returns the bytes copied. {@code length} is the
   * number of bytes left when known, else -1.
   */
  public static long copy(InputStream in, OutputStream out, long length) throws IOException {
    Objects.requireNonNull(out, "out");
    byte[] buffer = new byte[length >= 0 ? (int) Math.max(1, Math.min(MAX_BUFFER, length)) : MAX_BUFFER];
    long total = 0;
    int n;
    while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
      out.write(buffer, 0, n);
      total += n;
    }
    return total;
  }
}

package dev.courier.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body's source that must reach the length its head announced: ending sooner is the
 * source's failure (a file truncated after its size was read), reported the same way over HTTP/1.1
 * and HTTP/2. A short body under a {@code Content-Length} is incomplete, never a whole request
 * (RFC 9112 section 6.3; RFC 9113 section 8.1.1), so the send stops and the connection or stream is
 * dropped rather than ended.
 */
final class AnnouncedLengthSource extends FilterInputStream {
  private final long announced;
  private long read;

  private AnnouncedLengthSource(InputStream in, long announced) {
    super(in);
    this.announced = announced;
  }

  /** {@code in} checked against {@code length}; as it is when the length is unknown (-1). */
  static InputStream of(InputStream in, long length) {
    return length < 0 ? in : new AnnouncedLengthSource(in, length);
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b < 0) return ended();
    read++;
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n < 0) return ended();
    read += n;
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = in.skip(n);
    read += skipped;
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false; // a reset would make the count wrong
  }

  private int ended() throws IOException {
    if (read < announced) {
      throw new IOException("the body stream ended after " + read + " of the " + announced + " bytes announced");
    }
    return -1;
  }
}

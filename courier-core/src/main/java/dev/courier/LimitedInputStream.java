package dev.courier;

import dev.courier.error.BodyTooLargeException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Passes bytes through and throws {@link BodyTooLargeException} once more than {@code limit} pass. */
final class LimitedInputStream extends FilterInputStream {
  private final long limit;
  private final String what;
  private final String url;
  private long count;

  LimitedInputStream(InputStream in, long limit, String what, String url) {
    this(in, limit, what, url, 0);
  }

  /** As above, when {@code counted} bytes already passed before this stream. */
  LimitedInputStream(InputStream in, long limit, String what, String url, long counted) {
    super(in);
    this.limit = limit;
    this.what = what;
    this.url = url;
    this.count = counted;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) count(1);
    return b;
  }

  @Override
  public int read(byte[] buffer, int off, int len) throws IOException {
    int n = in.read(buffer, off, len);
    if (n > 0) count(n);
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = in.skip(n);
    if (skipped > 0) count(skipped);
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void count(long n) {
    count += n;
    if (count > limit) throw new BodyTooLargeException(what, limit, url);
  }
}

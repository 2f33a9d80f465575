package dev.courier.testing;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * Lets at most {@code bytes} through, flushed, per {@code period}: a slow link for {@link
 * MockResponse.Builder#throttle}. Framing bytes of a chunked body count like data.
 */
final class ThrottledOutputStream extends FilterOutputStream {
  private final long bytes;
  private final long periodMillis;
  private long sentInPeriod;

  ThrottledOutputStream(OutputStream out, long bytes, Duration period) {
    super(out);
    this.bytes = bytes;
    this.periodMillis = period.toMillis();
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] data, int offset, int length) throws IOException {
    while (length > 0) {
      if (sentInPeriod == bytes) {
        out.flush();
        pause();
        sentInPeriod = 0;
      }
      int n = (int) Math.min(length, bytes - sentInPeriod);
      out.write(data, offset, n);
      offset += n;
      length -= n;
      sentInPeriod += n;
    }
  }

  private void pause() throws IOException {
    try {
      ResponsePlayer.sleep(periodMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while throttling", e);
    }
  }
}

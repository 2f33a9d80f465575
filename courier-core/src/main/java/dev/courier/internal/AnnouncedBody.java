package dev.courier.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A body of announced length (Content-Length) read whole into one array, on either side. A length
 * up to {@link #TRUSTED_LENGTH} gets its exact array at once; a longer one starts there and doubles
 * as bytes arrive, never past the announced size, so the last array is exactly full. The announced
 * length is one header line the peer chose: one that announces 60 MB and sends nothing holds at
 * most {@link #TRUSTED_LENGTH} of ours (Jetty's client trusts up to 2 MiB the same way).
 *
 * <pre>{@code
 * byte[] body = AnnouncedBody.read(in, contentLength);
 * boolean whole = body.length == contentLength;   // shorter: the stream ended first
 * }</pre>
 */
public final class AnnouncedBody {
  /** The largest announced length given its array before its bytes come. */
  public static final int TRUSTED_LENGTH = 1024 * 1024;

  private AnnouncedBody() {}

  /**
   * Up to {@code announced} bytes of {@code in}: an array of exactly that length when they all
   * came, a shorter one when the stream ended first. Reads nothing past {@code announced}.
   */
  public static byte[] read(InputStream in, int announced) throws IOException {
    byte[] buffer = new byte[Math.min(announced, TRUSTED_LENGTH)];
    int n = 0;
    while (n < announced) {
      if (n == buffer.length) {
        buffer = Arrays.copyOf(buffer, (int) Math.min(announced, 2L * n));
      }
      int read = in.read(buffer, n, buffer.length - n);
      if (read < 0) {
        return Arrays.copyOf(buffer, n);
      }
      n += read;
    }
    return buffer;
  }
}

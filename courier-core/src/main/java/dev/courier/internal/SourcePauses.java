package dev.courier.internal;

import java.io.IOException;
import java.io.InputStream;

/**
 * When a request body read from a stream should be flushed: its read came back short and the
 * stream has no more bytes at hand ({@link InputStream#available} is 0), as a pipe or a live feed
 * does before it blocks. What it gave then goes out at once, as requests sends each chunk of a
 * generator, instead of waiting in a buffer for more; a file always reads whole blocks, so it
 * never pays the {@code available()} call.
 *
 * <pre>{@code
 * int n = in.read(buffer, 0, want);
 * out.write(buffer, 0, n);
 * if (more && SourcePauses.pausedAfter(in, n, want)) out.flush();
 * }</pre>
 */
public final class SourcePauses {
  private SourcePauses() {}

  /** Whether a read of {@code got} bytes out of {@code wanted} left {@code in} with nothing at hand. */
  public static boolean pausedAfter(InputStream in, int got, int wanted) throws IOException {
    return got < wanted && in.available() <= 0;
  }
}

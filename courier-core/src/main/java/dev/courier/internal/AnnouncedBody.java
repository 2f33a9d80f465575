package dev.courier.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A body of announced length (Content-Length) read whole into one array, on either side. A length
 * up to {@link #TRUSTED_LENGTH} gets its exact array at once. A longer one is read into blocks of
 * that size until a quarter of it has come, then into one array of the announced size, which the
 * blocks are copied into: the announced length is one header line the peer chose, so one that
 * announces 60 MB and sends nothing holds at most {@link #TRUSTED_LENGTH} of ours (Jetty's client
 * trusts up to 2 MiB the same way), and one that sends {@code r} bytes at most about {@code 5r}.
 * A body that comes whole allocates 1.25 times its size at most (doubling an array as bytes arrive
 * allocated twice its size and copied it once).
 *
 * <pre>{@code
 * byte[] body = AnnouncedBody.read(in, contentLength);
 * boolean whole = body.length == contentLength;   // shorter: the stream ended first
 * }</pre>
 */
public final class AnnouncedBody {
  /** The largest announced length given its array before its bytes come; the size of a block. */
  public static final int TRUSTED_LENGTH = 1024 * 1024;

  /** The whole array is made once the bytes received, times this, reach the announced length. */
  private static final int TRUST_FACTOR = 4;

  private AnnouncedBody() {}

  /**
   * Up to {@code announced} bytes of {@code in}: an array of exactly that length when they all
   * came, a shorter one when the stream ended first. Reads nothing past {@code announced}.
   */
  public static byte[] read(InputStream in, int announced) throws IOException {
    if (announced <= TRUSTED_LENGTH) return filled(new byte[announced], 0, in);
    List<byte[]> blocks = new ArrayList<>();
    long received = 0;
    while (received * TRUST_FACTOR < announced) {
      byte[] block = new byte[(int) Math.min(TRUSTED_LENGTH, announced - received)];
      int n = in.readNBytes(block, 0, block.length);
      blocks.add(block);
      received += n;
      if (n < block.length) { // ended early
        byte[] all = new byte[(int) received];
        copyInto(blocks, all);
        return all;
      }
    }
    byte[] whole = new byte[announced];
    return filled(whole, copyInto(blocks, whole), in);
  }

  /** {@code array} with its bytes from {@code from} on read from {@code in}, cut short if it ends. */
  private static byte[] filled(byte[] array, int from, InputStream in) throws IOException {
    int n = from + in.readNBytes(array, from, array.length - from);
    return n == array.length ? array : Arrays.copyOf(array, n);
  }

  /**
   * Copies {@code blocks}, every one full but perhaps the last, into the start of {@code target}
   * as far as it reaches; returns the bytes copied.
   */
  private static int copyInto(List<byte[]> blocks, byte[] target) {
    int at = 0;
    for (byte[] block : blocks) {
      int n = Math.min(block.length, target.length - at);
      System.arraycopy(block, 0, target, at, n);
      at += n;
    }
    return at;
  }
}

package dev.courier.server;

import dev.courier.internal.FreeSlots;
import dev.courier.internal.LentBuffers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Gzips a body held in memory in one call, into an array of exactly the member's length (RFC
 * 1952): what {@link ResponseCompression} does with a handler's bytes, so that the answer goes
 * with a Content-Length and in one write, on the thread that made it, instead of as a chunked
 * stream compressed while it is written (which moved the exchange to a virtual thread, and made
 * a deflater, 270 KB of native memory set up and freed again, for each response).
 *
 * <pre>{@code
 * byte[] member = WholeGzip.compress(json);   // 7.6 KB of JSON: about 1.3 KB
 * }</pre>
 *
 * <p>Deflaters are kept between calls ({@link FreeSlots}, a few per process, each reset before it
 * is kept); the 64 KiB scratch arrays, for the output and for a file's bytes, are {@link
 * LentBuffers}'. Each is the caller's only within one call.
 */
final class WholeGzip {
  /**
   * The largest body compressed whole: 64 KiB, about a millisecond of zlib's level 6. It is
   * compressed where the handler ran, often the read loop, whose other connections wait meanwhile;
   * a longer body streams from a virtual thread, and its first bytes leave sooner.
   */
  static final int LARGEST = 64 * 1024;

  /** zlib's level 6, its own default and the JDK's: what the streamed bodies use too. */
  static final int LEVEL = 6;

  /**
   * The member's header (RFC 1952, Section 2.3): deflate (CM 8), no flags, no time, no extra
   * flags, OS unknown (255).
   */
  static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  /** The member's trailer: CRC-32 and ISIZE, little-endian (Section 2.3.1). */
  static final int TRAILER = 8;
  /** A scratch array's size: {@link LentBuffers}' arrays, lent for one call. */
  private static final int SCRATCH = LentBuffers.SIZE;

  /** Deflaters kept: each holds about 270 KB outside the heap, so a handful, not one per thread. */
  private static final int KEPT = Math.max(2, Math.min(16, 2 * Runtime.getRuntime().availableProcessors()));

  private static final FreeSlots<Deflater> DEFLATERS = new FreeSlots<>(KEPT);

  private WholeGzip() {}

  /** The gzip member of {@code data}: header, raw deflate, CRC-32 and length (Section 2.3.1). */
  static byte[] compress(byte[] data) {
    return compress(data, data.length);
  }

  /**
   * The gzip member of {@code length} bytes of {@code file} from {@code offset}, read into an array
   * kept between calls when they fit one (64 KiB), else into their own.
   *
   * @throws IOException when the file cannot be read, or ends before {@code length} bytes (it
   *     shrank), before anything is sent
   */
  static byte[] compress(FileChannel file, long offset, int length) throws IOException {
    byte[] lent = length <= SCRATCH ? LentBuffers.take() : null;
    byte[] input = lent != null ? lent : new byte[length];
    try {
      ByteBuffer into = ByteBuffer.wrap(input, 0, length);
      while (into.hasRemaining()) {
        if (file.read(into, offset + into.position()) < 0) throw new IOException("file shrank while being read");
      }
      return compress(input, length);
    } finally {
      if (lent != null) LentBuffers.give(lent);
    }
  }

  /** The gzip member of the first {@code length} bytes of {@code data}. */
  private static byte[] compress(byte[] data, int length) {
    Deflater deflater = DEFLATERS.take();
    if (deflater == null) deflater = new Deflater(LEVEL, true);
    byte[] lent = LentBuffers.take();
    byte[] scratch = lent != null ? lent : new byte[SCRATCH];
    try {
      deflater.setInput(data, 0, length);
      deflater.finish();
      // Most answers compress into the scratch array at once; a longer output gathers in a stream.
      int n = deflater.deflate(scratch, 0, scratch.length);
      java.io.ByteArrayOutputStream more = null;
      while (!deflater.finished()) {
        if (more == null) more = new java.io.ByteArrayOutputStream(2 * SCRATCH);
        more.write(scratch, 0, n);
        n = deflater.deflate(scratch, 0, scratch.length);
      }
      int deflated = (more == null ? 0 : more.size()) + n;
      byte[] member = Arrays.copyOf(HEADER, HEADER.length + deflated + TRAILER);
      int at = HEADER.length;
      if (more != null) {
        byte[] earlier = more.toByteArray();
        System.arraycopy(earlier, 0, member, at, earlier.length);
        at += earlier.length;
      }
      System.arraycopy(scratch, 0, member, at, n);
      at += n;
      CRC32 crc = new CRC32();
      crc.update(data, 0, length);
      writeTrailer(member, at, crc, length);
      return member;
    } finally {
      if (lent != null) LentBuffers.give(lent);
      deflater.reset();
      if (!DEFLATERS.give(deflater)) deflater.end();
    }
  }

  /**
   * Writes the trailer of a member whose uncompressed bytes had checksum {@code crc} and numbered
   * {@code size} into {@code into} at {@code at}: the CRC-32, then ISIZE, the size modulo 2^32.
   */
  static void writeTrailer(byte[] into, int at, CRC32 crc, long size) {
    writeIntLe(into, at, (int) crc.getValue());
    writeIntLe(into, at + 4, (int) size);
  }

  private static void writeIntLe(byte[] into, int at, int value) {
    into[at] = (byte) value;
    into[at + 1] = (byte) (value >>> 8);
    into[at + 2] = (byte) (value >>> 16);
    into[at + 3] = (byte) (value >>> 24);
  }
}

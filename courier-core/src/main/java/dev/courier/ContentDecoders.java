package dev.courier;

import dev.courier.error.ContentDecodingException;
import dev.courier.error.CourierException;
import dev.courier.error.HttpProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Content-Encoding decoding (RFC 9110, Section 8.4): gzip and deflate always, br and zstd when
 * their libraries ({@code org.brotli:dec}, {@code com.github.luben:zstd-jni}) are on the class
 * path. Decoding is lazy (each read inflates only what it returns, plus one block) and the decoded
 * size is capped, so a small compressed body cannot fill the heap (urllib3 CVE-2025-66471).
 *
 * <p>A response with a coding we do not know is returned undecoded, its headers untouched. More
 * than {@link #MAX_CODINGS} stacked codings are refused (urllib3 CVE-2025-66418).
 */
final class ContentDecoders {
  /** Most stacked codings accepted in one Content-Encoding; real servers use one. */
  static final int MAX_CODINGS = 5;

  private static final Constructor<?> BROTLI = constructor("org.brotli.dec.BrotliInputStream");
  private static final Constructor<?> ZSTD = zstd();
  private static final String ACCEPT_ENCODING =
      "gzip, deflate" + (BROTLI != null ? ", br" : "") + (ZSTD != null ? ", zstd" : "");

  private ContentDecoders() {}

  /** The {@code Accept-Encoding} value naming exactly the codings we can decode. */
  static String acceptEncoding() {
    return ACCEPT_ENCODING;
  }

  static boolean brotliAvailable() {
    return BROTLI != null;
  }

  static boolean zstdAvailable() {
    return ZSTD != null;
  }

  /** True when every coding in {@code codings} can be decoded here. */
  static boolean canDecode(List<String> codings) {
    for (String c : codings) {
      if (!supported(c.toLowerCase(Locale.ROOT))) return false;
    }
    return true;
  }

  /**
   * The decoded body, or empty when a coding is unknown (the caller then hands out the raw body).
   * Codings are undone last-applied first.
   *
   * @throws HttpProtocolException when there are more than {@link #MAX_CODINGS} codings
   * @throws ContentDecodingException when a decoder cannot start (a gzip body without its header)
   */
  static Optional<InputStream> decode(InputStream raw, List<String> codings, long maxDecoded, String url) {
    return decode(raw, codings, maxDecoded, url, -1);
  }

  /**
   * As {@link #decode(InputStream, List, long, String)}, for a raw body of {@code rawLength} bytes
   * (-1: unknown), which sizes the decoders' input buffers: a body of 1,300 bytes needs no 32 KiB
   * one.
   */
  static Optional<InputStream> decode(InputStream raw, List<String> codings, long maxDecoded, String url,
      long rawLength) {
    List<String> effective = effective(codings);
    if (effective.isEmpty()) return Optional.of(raw);
    if (effective.size() > MAX_CODINGS) {
      throw new HttpProtocolException("response has " + effective.size() + " content codings, more than "
          + MAX_CODINGS, url, null);
    }
    if (!canDecode(effective)) return Optional.empty();
    InputStream in = raw;
    for (int i = effective.size() - 1; i >= 0; i--) {
      String coding = effective.get(i);
      try {
        in = new Contained(decoder(coding, in, rawLength), coding, url);
      } catch (IOException e) {
        throw new ContentDecodingException("corrupt " + coding + " response body", url, e);
      }
    }
    return Optional.of(new LimitedInputStream(in, maxDecoded, "decoded response body", url));
  }

  /** The codings to undo, in lower case, without {@code identity}. */
  private static List<String> effective(List<String> codings) {
    return codings.stream()
        .map(c -> c.toLowerCase(Locale.ROOT))
        .filter(c -> !c.equals("identity"))
        .toList();
  }

  /**
   * The decoded length a whole raw body {@code raw} announces, or -1 when it announces none: for a
   * body in gzip alone, the ISIZE field of its last member's trailer (RFC 1952, Section 2.3.1: the
   * input's length modulo 2^32, little-endian, in the last four bytes). The sender chose it, so it is
   * a hint to size an array with, never a limit: a body in several members (Section 2.2) announces
   * only its last, and a hostile one anything.
   */
  static long announcedDecodedLength(byte[] raw, List<String> codings) {
    if (raw.length < GZIP_SMALLEST || codings.size() != 1) return -1;
    String coding = codings.get(0);
    if (!coding.equalsIgnoreCase("gzip") && !coding.equalsIgnoreCase("x-gzip")) return -1;
    int at = raw.length - 4;
    return (raw[at] & 0xffL) | (raw[at + 1] & 0xffL) << 8 | (raw[at + 2] & 0xffL) << 16 | (raw[at + 3] & 0xffL) << 24;
  }

  /** The shortest gzip member: a 10-byte header, an empty deflate block (2 bytes) and an 8-byte trailer. */
  private static final int GZIP_SMALLEST = 20;

  /**
   * A decoder whose own failures are all {@link ContentDecodingException}s ("corrupt gzip
   * response body"): the JDK's decoders throw {@code ZipException} and {@code EOFException},
   * third-party ones may throw unchecked exceptions on garbage, which must not escape as crashes
   * (Okio CVE-2023-3635). Failures of the connection underneath ({@link CourierException}s) pass
   * through unchanged.
   */
  private static final class Contained extends java.io.FilterInputStream {
    private final String coding;
    private final String url;

    Contained(InputStream in, String coding, String url) {
      super(in);
      this.coding = coding;
      this.url = url;
    }

    @Override
    public int read() {
      try {
        return in.read();
      } catch (CourierException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        throw corrupt(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) {
      try {
        return in.read(b, off, len);
      } catch (CourierException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        throw corrupt(e);
      }
    }

    private ContentDecodingException corrupt(Exception e) {
      return new ContentDecodingException("corrupt " + coding + " response body", url, e);
    }
  }

  private static boolean supported(String coding) {
    return switch (coding) {
      case "identity", "gzip", "x-gzip", "deflate" -> true;
      case "br" -> BROTLI != null;
      case "zstd" -> ZSTD != null;
      default -> false;
    };
  }

  /**
   * How much compressed input gzip and deflate take per read: the connection's body reads go
   * straight from the socket into this buffer, so a larger one means fewer system calls (an 8 KiB
   * one read 8 MiB of compressed JSON in 1,024 calls).
   */
  private static final int COMPRESSED_READ = 32 * 1024;

  /** The first input buffer of a body of unknown length; it grows to {@link #COMPRESSED_READ} once a read fills it. */
  private static final int FIRST_READ = 8 * 1024;

  /**
   * The first input buffer for a raw body of {@code rawLength} bytes: the whole body when it is
   * shorter than {@link #COMPRESSED_READ} (most compressed API answers are a few KB, and a 32 KiB
   * array for each was most of what such a response allocated).
   */
  private static int firstRead(long rawLength) {
    return rawLength < 0 ? FIRST_READ : (int) Math.max(1, Math.min(COMPRESSED_READ, rawLength));
  }

  /**
   * The input buffer for the next read: {@code buf} itself, or a larger one when the last read
   * ({@code len} bytes) filled it: a long stream soon reads {@link #COMPRESSED_READ} at a time.
   */
  private static byte[] nextBuffer(byte[] buf, int len) {
    if (len < buf.length || buf.length >= COMPRESSED_READ) return buf;
    return new byte[Math.min(COMPRESSED_READ, buf.length * 4)];
  }

  private static InputStream decoder(String coding, InputStream in, long rawLength) throws IOException {
    return switch (coding) {
      case "gzip", "x-gzip" -> new GzipStream(in, firstRead(rawLength));
      case "deflate" -> deflate(in, firstRead(rawLength));
      case "br" -> instantiate(BROTLI, in);
      case "zstd" -> instantiate(ZSTD, in);
      default -> throw new IllegalStateException(coding);
    };
  }

  /**
   * "deflate" is meant to be zlib-wrapped (RFC 9110, Section 8.4.1.2) but some servers send raw
   * deflate; browsers accept both, so do we: a zlib header is recognised by its first two bytes
   * (CM = 8, and the 16-bit header a multiple of 31, RFC 1950 Section 2.2).
   */
  private static InputStream deflate(InputStream in, int firstRead) throws IOException {
    PushbackInputStream buffered = new PushbackInputStream(in, 2); // two bytes to look at, not an 8 KiB buffer
    int b0 = buffered.read();
    int b1 = b0 < 0 ? -1 : buffered.read();
    if (b1 >= 0) buffered.unread(b1);
    if (b0 >= 0) buffered.unread(b0);
    boolean zlib = b0 >= 0 && b1 >= 0 && (b0 & 0x0f) == 8 && ((b0 << 8) | b1) % 31 == 0;
    Inflater inflater = new Inflater(!zlib);
    return new InflaterInputStream(buffered, inflater, firstRead) {
      private boolean closed;

      @Override
      protected void fill() throws IOException {
        buf = nextBuffer(buf, len); // the inflater has taken all of the last input: a new array is safe
        super.fill();
      }

      @Override
      public void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
          super.close();
        } finally {
          inflater.end(); // a caller-supplied Inflater is not ended by InflaterInputStream
        }
      }
    };
  }

  /** gzip whose input buffer grows as {@link #nextBuffer} says. */
  private static final class GzipStream extends GZIPInputStream {
    GzipStream(InputStream in, int firstRead) throws IOException {
      super(in, firstRead);
    }

    @Override
    protected void fill() throws IOException {
      buf = nextBuffer(buf, len); // the inflater has taken all of the last input: a new array is safe
      super.fill();
    }
  }

  private static InputStream instantiate(Constructor<?> constructor, InputStream in) throws IOException {
    try {
      return (InputStream) constructor.newInstance(in);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof IOException io) throw io;
      if (e.getCause() instanceof CourierException failure) throw failure; // the connection's, not the data's
      java.util.zip.ZipException z = new java.util.zip.ZipException("corrupt compressed data: " + e.getCause());
      z.initCause(e.getCause());
      throw z;
    } catch (ReflectiveOperationException e) {
      throw new IOException("cannot start decoder", e);
    }
  }

  private static Constructor<?> constructor(String className) {
    try {
      return Class.forName(className).getConstructor(InputStream.class);
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }

  /** zstd-jni needs its native library too: present only when it loads on this platform. */
  private static Constructor<?> zstd() {
    Constructor<?> c = constructor("com.github.luben.zstd.ZstdInputStream");
    if (c == null) return null;
    try {
      Class.forName("com.github.luben.zstd.util.Native").getMethod("load").invoke(null);
      return c;
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }
}

package dev.courier;

import dev.courier.error.ContentDecodingException;
import dev.courier.error.CourierException;
import dev.courier.error.HttpProtocolException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
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
    List<String> effective = codings.stream()
        .map(c -> c.toLowerCase(Locale.ROOT))
        .filter(c -> !c.equals("identity"))
        .toList();
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
        in = new Contained(decoder(coding, in), coding, url);
      } catch (IOException e) {
        throw new ContentDecodingException("corrupt " + coding + " response body", url, e);
      }
    }
    return Optional.of(new LimitedInputStream(in, maxDecoded, "decoded response body", url));
  }

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

  private static InputStream decoder(String coding, InputStream in) throws IOException {
    return switch (coding) {
      case "gzip", "x-gzip" -> new GZIPInputStream(in, COMPRESSED_READ);
      case "deflate" -> deflate(in);
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
  private static InputStream deflate(InputStream in) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, 8192);
    buffered.mark(2);
    int b0 = buffered.read();
    int b1 = buffered.read();
    buffered.reset();
    boolean zlib = b0 >= 0 && b1 >= 0 && (b0 & 0x0f) == 8 && ((b0 << 8) | b1) % 31 == 0;
    Inflater inflater = new Inflater(!zlib);
    return new InflaterInputStream(buffered, inflater, COMPRESSED_READ) {
      private boolean closed;

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

package dev.courier;

import dev.courier.client.ClientDefaults;
import dev.courier.http.FieldSyntax;
import dev.courier.http.MediaType;
import dev.courier.internal.SourcePauses;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** The built-in {@link Body} implementations. */
final class Bodies {
  static final Body EMPTY = new BytesBody(new byte[0], null);

  private Bodies() {}

  static String guessContentType(String fileName) {
    return MediaType.forFileName(fileName).orElse(MediaType.APPLICATION_OCTET_STREAM).toString();
  }

  static String checkContentType(String contentType) {
    return FieldSyntax.requireFieldValue("Content-Type", contentType);
  }

  static String checkNullableContentType(String contentType) {
    return contentType == null ? null : checkContentType(contentType);
  }

  /** Bytes held in memory; replayable. */
  record BytesBody(byte[] bytes, String type) implements Body {
    @Override
    public Optional<String> contentType() {
      return Optional.ofNullable(type);
    }

    @Override
    public long contentLength() {
      return bytes.length;
    }

    @Override
    public boolean isReplayable() {
      return true;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
      out.write(bytes);
    }

    @Override
    public String toString() {
      return "Body[" + bytes.length + " bytes" + (type == null ? "" : ", " + type) + "]";
    }
  }

  /** A file opened anew for every write; replayable. Fails if the file changed length. */
  record FileBody(Path path, long length, String type) implements Body {
    @Override
    public Optional<String> contentType() {
      return Optional.ofNullable(type);
    }

    @Override
    public long contentLength() {
      return length;
    }

    @Override
    public boolean isReplayable() {
      return true;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
      try (InputStream in = Files.newInputStream(path)) {
        copyBody(in, out, length, path.toString());
      }
    }
  }

  /** A stream read once. */
  static final class StreamBody implements Body {
    private final InputStream in;
    private final long length;
    private final String type;
    private final AtomicBoolean used = new AtomicBoolean();

    StreamBody(InputStream in, long length, String type) {
      this.in = in;
      this.length = length;
      this.type = type;
    }

    @Override
    public Optional<String> contentType() {
      return Optional.ofNullable(type);
    }

    @Override
    public long contentLength() {
      return length;
    }

    @Override
    public boolean isReplayable() {
      return false;
    }

    /** The stream itself, for a sender that reads it (once, as {@link #writeTo}); the caller closes it. */
    InputStream open() {
      if (used.getAndSet(true)) {
        throw new IllegalStateException("this stream body was already sent once and cannot be replayed");
      }
      return in;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
      try (InputStream in = open()) {
        copyBody(in, out, length, "stream body");
      }
    }
  }

  /**
   * Copies exactly {@code length} bytes, or to the end when {@code length} is negative; a source
   * that ends early is an error, never a short body. A live source's bytes are flushed when it
   * pauses ({@link SourcePauses}).
   */
  static void copyBody(InputStream in, OutputStream out, long length, String what) throws IOException {
    byte[] buffer = new byte[(int) (length < 0 ? ClientDefaults.BODY_BLOCK_SIZE
        : Math.min(ClientDefaults.BODY_BLOCK_SIZE, Math.max(length, 1)))];
    long left = length < 0 ? Long.MAX_VALUE : length;
    while (left > 0) {
      int want = (int) Math.min(buffer.length, left);
      int n = in.read(buffer, 0, want);
      if (n < 0) {
        if (length < 0) return;
        throw new IOException(what + " ended after " + (length - left) + " of " + length + " bytes");
      }
      out.write(buffer, 0, n);
      left -= n;
      if (left > 0 && SourcePauses.pausedAfter(in, n, want)) out.flush();
    }
  }
}

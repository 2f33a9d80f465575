package dev.courier.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The content of a {@link ServerResponse}: nothing, bytes, a stream, a region of a file (sent
 * with zero-copy transfer when the connection allows it) or a writer that streams. The server
 * closes streams and files once sent or abandoned.
 *
 * <pre>{@code
 * ServerResponseBody.of("hello");
 * ServerResponseBody.file(FileChannel.open(path), 0, size);
 * ServerResponseBody.writer(out -> out.write(bytes));          // length unknown: chunked on HTTP/1.1
 * }</pre>
 */
public sealed interface ServerResponseBody extends AutoCloseable {
  /** The length in bytes, or -1 when unknown until written. */
  long length();

  /** Releases what the body holds (stream, file); idempotent. */
  @Override
  default void close() throws IOException {}

  /** No content. */
  static ServerResponseBody empty() {
    return Empty.INSTANCE;
  }

  /** These bytes (not copied: don't change the array afterwards). */
  static ServerResponseBody of(byte[] bytes) {
    return new Bytes(bytes);
  }

  /** This text in UTF-8. */
  static ServerResponseBody of(String text) {
    return new Bytes(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A stream of {@code length} bytes, or -1 when unknown; closed by the server. */
  static ServerResponseBody of(InputStream stream, long length) {
    return new Stream(stream, length);
  }

  /** {@code length} bytes of {@code file} from {@code offset}; the channel is closed by the server. */
  static ServerResponseBody file(FileChannel file, long offset, long length) {
    return new FileRegion(file, offset, length);
  }

  /** A body written by {@code writer}; its length is unknown. */
  static ServerResponseBody writer(BodyWriter writer) {
    return new Writer(writer, -1);
  }

  /** A body of exactly {@code length} bytes written by {@code writer}. */
  static ServerResponseBody writer(long length, BodyWriter writer) {
    return new Writer(writer, length);
  }

  /** No content. */
  enum Empty implements ServerResponseBody {
    INSTANCE;

    @Override
    public long length() {
      return 0;
    }
  }

  /** Bytes in memory. */
  record Bytes(byte[] data) implements ServerResponseBody {
    public Bytes {
      Objects.requireNonNull(data, "data");
    }

    @Override
    public long length() {
      return data.length;
    }
  }

  /** A stream of known ({@code >= 0}) or unknown ({@code -1}) length. */
  record Stream(InputStream stream, long length) implements ServerResponseBody {
    public Stream {
      Objects.requireNonNull(stream, "stream");
      if (length < -1) throw new IllegalArgumentException("length must be >= -1: " + length);
    }

    @Override
    public void close() throws IOException {
      stream.close();
    }
  }

  /** A region of a file. */
  record FileRegion(FileChannel channel, long offset, long length) implements ServerResponseBody {
    public FileRegion {
      Objects.requireNonNull(channel, "channel");
      if (offset < 0 || length < 0) throw new IllegalArgumentException("negative offset or length");
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /** A body produced by a {@link BodyWriter}. */
  record Writer(BodyWriter writer, long length) implements ServerResponseBody {
    public Writer {
      Objects.requireNonNull(writer, "writer");
      if (length < -1) throw new IllegalArgumentException("length must be >= -1: " + length);
    }
  }
}

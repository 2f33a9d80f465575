package dev.courier.server;

import java.io.IOException;
import java.io.OutputStream;

/** The streams a {@link BodyWriter} writes to: framed as chunked, as a fixed length, or not at all. */
final class BodyOutputs {
  private BodyOutputs() {}

  /**
   * Chunked transfer coding (RFC 9112 section 7.1): buffers writes into chunks of up to
   * {@link #CHUNK} bytes; {@link #finish()} writes the last chunk.
   */
  static final class Chunked extends OutputStream {
    /** Largest chunk: big enough that the size line is noise, small enough to stream. */
    static final int CHUNK = 8 * 1024;
    private final SocketOutput out;
    private final byte[] buf = new byte[CHUNK];
    private int count;
    long bodyBytes;

    Chunked(SocketOutput out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      if (count == buf.length) emit();
      buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (count == buf.length) emit();
        int n = Math.min(len, buf.length - count);
        System.arraycopy(b, off, buf, count, n);
        count += n;
        off += n;
        len -= n;
      }
    }

    private void emit() throws IOException {
      if (count == 0) return;
      out.writeLatin1(Integer.toHexString(count));
      out.write('\r');
      out.write('\n');
      out.write(buf, 0, count);
      out.write('\r');
      out.write('\n');
      bodyBytes += count;
      count = 0;
    }

    @Override
    public void flush() throws IOException {
      emit();
      out.flush();
    }

    void finish() throws IOException {
      emit();
      out.write(LAST_CHUNK);
    }

    @Override
    public void close() {
      // the server finishes the body; a writer closing its stream must not end the message
    }
  }

  private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};

  /** Exactly {@code length} bytes; more is refused at once, fewer is detected by {@link #finish()}. */
  static final class Fixed extends OutputStream {
    private final SocketOutput out;
    private final long length;
    long bodyBytes;

    Fixed(SocketOutput out, long length) {
      this.out = out;
      this.length = length;
    }

    @Override
    public void write(int b) throws IOException {
      if (bodyBytes + 1 > length) throw new IOException("body longer than its declared " + length + " bytes");
      out.write(b);
      bodyBytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (bodyBytes + len > length) throw new IOException("body longer than its declared " + length + " bytes");
      out.write(b, off, len);
      bodyBytes += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    void finish() throws IOException {
      if (bodyBytes != length) {
        throw new IOException("body shorter (" + bodyBytes + ") than its declared " + length + " bytes");
      }
    }

    @Override
    public void close() {}
  }

  /** Until the connection closes (HTTP/1.0 without a length): bytes as they are. */
  static final class UntilClose extends OutputStream {
    private final SocketOutput out;
    long bodyBytes;

    UntilClose(SocketOutput out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      bodyBytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      bodyBytes += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() {}
  }

  /** Discards (HEAD, 204, 304): the writer runs for its side effects, nothing is sent. */
  static final class Discard extends OutputStream {
    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}

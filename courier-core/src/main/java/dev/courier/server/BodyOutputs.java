package dev.courier.server;

import dev.courier.http.FieldSyntax;
import dev.courier.http.Headers;
import dev.courier.http.wire.ChunkedEncoder;
import dev.courier.http.wire.Http1Writer;
import java.io.IOException;
import java.io.OutputStream;

/** The streams a {@link BodyWriter} writes to: framed as chunked, as a fixed length, or not at all. */
final class BodyOutputs {
  private BodyOutputs() {}

  /** The last chunk, {@code 0 CRLF}, that the trailer section follows. */
  private static final byte[] LAST_CHUNK = {'0', '\r', '\n'};
  private static final byte[] CRLF = {'\r', '\n'};

  /**
   * Ends a chunked body with the last chunk and {@code trailers} as its trailer section (RFC 9112
   * section 7.1.2). A field that frames, routes or describes the message ({@link
   * FieldSyntax#allowedInTrailers}) is refused before anything is written: the body then stays
   * unterminated and the connection closes, so the client sees an incomplete message rather than
   * one with a forged field (as an HTTP/2 stream is reset).
   *
   * @throws IllegalArgumentException for a field not allowed in trailers
   */
  static void writeLastChunk(SocketOutput out, Headers trailers) throws IOException {
    for (int i = 0, n = trailers.size(); i < n; i++) {
      if (!FieldSyntax.allowedInTrailers(trailers.name(i))) {
        throw new IllegalArgumentException(trailers.name(i) + " is not allowed in trailers");
      }
    }
    out.write(LAST_CHUNK);
    for (int i = 0, n = trailers.size(); i < n; i++) out.write(Http1Writer.fieldLine(trailers.name(i), trailers.value(i)));
    out.write(CRLF);
  }

  /**
   * Chunked transfer coding (RFC 9112 section 7.1): buffers writes into chunks of up to {@link
   * #CHUNK} bytes; {@link #finish()} writes the last chunk. The chunk syntax comes from {@link
   * ChunkedEncoder}: each chunk is framed in place (size line before the data, CRLF after it) and
   * leaves in one write.
   *
   * <p>The buffer belongs to the connection ({@link ResponseWriter}) and serves
   * each streamed response on it in turn, so a keep-alive connection allocates it once. Once
   * finished, this stream refuses writes and flushes with {@link IllegalStateException}: a writer
   * that kept it past its response cannot touch the buffer or the socket of the next one.
   */
  static final class Chunked extends OutputStream {
    /** Largest chunk: big enough that the size line is noise, small enough to stream. */
    static final int CHUNK = 8 * 1024;
    /** Where the data starts in the buffer: room for the longest size line before it. */
    private static final int DATA = ChunkedEncoder.MAX_SIZE_LINE;
    /** Buffer length: the longest size line, a full chunk and the CRLF after it. */
    static final int BUFFER_SIZE = DATA + CHUNK + ChunkedEncoder.DATA_END;
    private final SocketOutput out;
    private final byte[] buf;
    private int count;
    private volatile boolean finished; // volatile: a writer may have handed the stream to another thread
    private long bodyBytes;

    /** Body bytes written so far (chunk syntax not counted). */
    long bodyBytes() {
      return bodyBytes;
    }

    /** A stream over {@code buf} ({@link #BUFFER_SIZE} bytes, its content irrelevant), lent for one body. */
    Chunked(SocketOutput out, byte[] buf) {
      if (buf.length != BUFFER_SIZE) throw new IllegalArgumentException("chunk buffer of " + buf.length + " bytes");
      this.out = out;
      this.buf = buf;
    }

    @Override
    public void write(int b) throws IOException {
      ensureOpen();
      if (count == CHUNK) emit();
      buf[DATA + count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      ensureOpen();
      while (len > 0) {
        if (count == CHUNK) emit();
        int n = Math.min(len, CHUNK - count);
        System.arraycopy(b, off, buf, DATA + count, n);
        count += n;
        off += n;
        len -= n;
      }
    }

    private void emit() throws IOException {
      if (count == 0) return;
      int start = DATA - ChunkedEncoder.sizeLineLength(count);
      ChunkedEncoder.writeSizeLine(count, buf, start);
      int end = ChunkedEncoder.writeDataEnd(buf, DATA + count);
      out.write(buf, start, end - start);
      bodyBytes += count;
      count = 0;
    }

    @Override
    public void flush() throws IOException {
      ensureOpen();
      emit();
      out.flush();
    }

    /** Sends what is buffered and the last chunk; the stream is unusable afterwards, even if this throws. */
    void finish() throws IOException {
      ensureOpen();
      try {
        emit();
        out.write(buf, 0, ChunkedEncoder.writeBodyEnd(buf, 0));
      } finally {
        finished = true;
      }
    }

    /** Sends what is buffered, then the last chunk with {@code trailers} (see {@link BodyOutputs#writeLastChunk}). */
    void finish(Headers trailers) throws IOException {
      ensureOpen();
      try {
        emit();
        writeLastChunk(out, trailers);
      } finally {
        finished = true;
      }
    }

    /** Ends this stream's use of the buffer without sending anything (the body failed). */
    void retire() {
      finished = true;
    }

    private void ensureOpen() {
      if (finished) throw new IllegalStateException("the response this stream belonged to is complete");
    }

    @Override
    public void close() {
      // the server finishes the body; a writer closing its stream must not end the message
    }
  }

  /** Exactly {@code length} bytes; more is refused at once, fewer is detected by {@link #finish()}. */
  static final class Fixed extends OutputStream {
    private final SocketOutput out;
    private final long length;
    private long bodyBytes;

    /** Body bytes written so far (chunk syntax not counted). */
    long bodyBytes() {
      return bodyBytes;
    }

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
    private long bodyBytes;

    /** Body bytes written so far (chunk syntax not counted). */
    long bodyBytes() {
      return bodyBytes;
    }

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
}

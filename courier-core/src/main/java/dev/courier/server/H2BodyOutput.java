package dev.courier.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * A response body on one {@link H2ServerStream} as DATA frames of up to 16 KiB (over TLS, of what
 * fills one record: {@link H2Output#dataFrameSize}), each sent under flow control by {@link
 * H2ResponseSender#data}. A handler's {@code close} does not end the
 * response: the stream ends it with {@link #end}, so a writer that fails mid-way never looks
 * complete. Used by the stream's own thread only.
 */
final class H2BodyOutput extends OutputStream {
  private final H2ResponseSender sender;
  private final H2ServerStream stream;
  private final byte[] buf = new byte[16 * 1024];
  /** How much of {@code buf} one frame takes: a piece cut from a file or gathered from writes. */
  private final int piece;
  private int count;
  private boolean closed;

  H2BodyOutput(H2ResponseSender sender, H2ServerStream stream) {
    this.sender = sender;
    this.stream = stream;
    this.piece = Math.min(buf.length, sender.dataFrameSize());
  }

  @Override
  public void write(int b) throws IOException {
    if (closed) throw new IOException("the response body is closed");
    if (count >= piece) flushBuffer();
    buf[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (closed) throw new IOException("the response body is closed");
    while (len > 0) {
      if (count >= piece) flushBuffer();
      int n = Math.min(len, piece - count);
      System.arraycopy(b, off, buf, count, n);
      count += n;
      off += n;
      len -= n;
    }
  }

  /**
   * Sends {@code length} bytes of {@code channel} from {@code position}, read straight into the
   * frame buffer; the last piece stays buffered so that {@link #end} sends it with END_STREAM.
   */
  void transferFrom(FileChannel channel, long position, long length) throws IOException {
    flush();
    ByteBuffer buffer = ByteBuffer.wrap(buf);
    long left = length;
    while (left > 0) {
      buffer.clear().limit((int) Math.min(piece, left));
      int n = channel.read(buffer, position);
      if (n < 0) throw new IOException("the file ended early");
      count = n;
      if (n == left) break; // the last piece leaves with end(), END_STREAM on it unless trailers follow
      flushBuffer();
      position += n;
      left -= n;
    }
  }

  @Override
  public void flush() throws IOException {
    if (count > 0) flushBuffer();
  }

  private void flushBuffer() throws IOException {
    sender.data(stream, buf, 0, count, false);
    count = 0;
  }

  /** A handler closing the stream does not end the response: the server does, with {@link #end}. */
  @Override
  public void close() throws IOException {
    flush();
  }

  /** Sends what is buffered, with END_STREAM when {@code endStream} (else trailers follow). */
  void end(boolean endStream) throws IOException {
    if (closed) return;
    closed = true;
    if (count > 0 || endStream) sender.data(stream, buf, 0, count, endStream);
    count = 0;
  }
}

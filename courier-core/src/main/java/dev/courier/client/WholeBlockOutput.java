package dev.courier.client;

import dev.courier.internal.TlsRecords;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A buffered stream that hands what is beneath it whole blocks: small writes wait until they fill
 * one, and of a large write whole blocks go straight from the caller's array, only the tail kept.
 * A block is what leaves in one piece: over TLS one record's plaintext ({@link
 * TlsRecords#PLAINTEXT}; the JDK's TLS socket seals each write as records of its own), on an
 * HTTP/2 stream one DATA frame (the client writes and flushes each frame alone). Each piece costs a
 * system call, a cipher set-up and the server's decryption: an 8 KiB buffer left as 8 KiB records,
 * 16 KiB copies as a full record or frame and a 17- or 26-byte one, a body written in small pieces
 * as a frame per piece.
 *
 * <pre>{@code
 * OutputStream out = WholeBlockOutput.tlsRecords(tlsSocket.getOutputStream());
 * out.write(head);          // kept
 * out.write(body);          // the head and the body's first bytes as one record, then whole records
 * out.flush();              // the tail, as the last record
 * }</pre>
 */
final class WholeBlockOutput extends OutputStream {
  /** Where whole blocks (and a flushed tail) go. */
  private interface Sink {
    void send(byte[] b, int off, int len) throws IOException;

    default void flush() throws IOException {}
  }

  private final Sink sink;
  private final byte[] buf;
  private int count;

  private WholeBlockOutput(int blockSize, Sink sink) {
    this.sink = sink;
    this.buf = new byte[blockSize];
  }

  /** Whole TLS records into {@code tls}, the output of a TLS socket. */
  static WholeBlockOutput tlsRecords(OutputStream tls) {
    Objects.requireNonNull(tls, "tls");
    return new WholeBlockOutput(TlsRecords.PLAINTEXT, new Sink() {
      @Override
      public void send(byte[] b, int off, int len) throws IOException {
        tls.write(b, off, len);
      }

      @Override
      public void flush() throws IOException {
        tls.flush();
      }
    });
  }

  /** Whole DATA frames of {@code call}'s stream ({@link H2Call#dataFrameSize}); never throws IOException. */
  static WholeBlockOutput dataFrames(H2Call call) {
    return new WholeBlockOutput(call.dataFrameSize(), call::write);
  }

  /** The most bytes one write beneath carries when the buffer is sent. */
  int blockSize() {
    return buf.length;
  }

  @Override
  public void write(int b) throws IOException {
    if (count == buf.length) drain();
    buf[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    int room = buf.length - count;
    if (len < room) {
      System.arraycopy(b, off, buf, count, len);
      count += len;
      return;
    }
    System.arraycopy(b, off, buf, count, room); // tops the buffer up to a whole block
    count = buf.length;
    drain();
    off += room;
    len -= room;
    int whole = len - len % buf.length;
    if (whole > 0) sink.send(b, off, whole);
    System.arraycopy(b, off + whole, buf, 0, len - whole);
    count = len - whole;
  }

  /** Sends what waits, then flushes beneath. */
  @Override
  public void flush() throws IOException {
    drain();
    sink.flush();
  }

  private void drain() throws IOException {
    if (count > 0) {
      sink.send(buf, 0, count);
      count = 0;
    }
  }
}

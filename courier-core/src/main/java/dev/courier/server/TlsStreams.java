package dev.courier.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Blocking streams over a {@link TlsChannel} whose channel stays blocking ({@link
 * TlsChannel#stayBlocking}): what an HTTP/2 connection over TLS reads and writes on its own
 * thread. The reader and a writer may work at once (the channel's reads need no lock, its writes
 * take one).
 */
final class TlsStreams {
  private TlsStreams() {}

  /** Plaintext from {@code tls}; a read blocks until a whole record has come. */
  static InputStream input(TlsChannel tls) {
    return new Input(tls);
  }

  /** Plaintext to {@code tls}, encrypted and sent before a write returns; nothing is buffered here. */
  static OutputStream output(TlsChannel tls) {
    return new Output(tls);
  }

  private static final class Input extends InputStream {
    private final TlsChannel tls;
    /** The last array read into, and a view over it, kept: the reader alternates between two arrays. */
    private byte[] viewed;
    private ByteBuffer view;

    Input(TlsChannel tls) {
      this.tls = tls;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) return 0;
      // A read into a small array is one that may wait long (HTTP/2's idle read): a record too large
      // for the last small array left a grown one behind, which must not wait with it.
      if (len <= TlsChannel.LIGHT_READ) tls.releaseBuffers();
      if (b != viewed) {
        viewed = b;
        view = ByteBuffer.wrap(b);
      }
      view.limit(off + len).position(off);
      while (true) {
        int n = tls.read(view); // 0: a partial record came; the next read waits for its rest
        if (n != 0) return n;
      }
    }
  }

  private static final class Output extends OutputStream {
    private final TlsChannel tls;

    Output(TlsChannel tls) {
      this.tls = tls;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      ByteBuffer source = ByteBuffer.wrap(b, off, len);
      while (source.hasRemaining()) tls.write(source); // a record at a time, each sent whole (blocking)
    }
  }
}

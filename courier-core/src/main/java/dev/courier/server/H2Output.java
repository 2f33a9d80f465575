package dev.courier.server;

import dev.courier.http.h2.ErrorCode;
import dev.courier.http.h2.FrameWriter;
import dev.courier.http.h2.Settings;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one way frames leave an HTTP/2 connection: every write takes the write lock, appends
 * frames to the codec's {@link FrameWriter} and sends them, so frames of concurrent streams
 * never interleave inside each other and HPACK blocks leave in the order they were encoded
 * (RFC 7541 section 2.2: the decoder's dynamic table follows the order of the blocks).
 *
 * <p>A write that blocks (the client stopped reading) holds the lock; the server's write timeout
 * ({@link SocketOutput}) ends it by closing the connection. A {@link ReentrantLock}, never
 * {@code synchronized}, so a virtual thread blocked in the socket does not pin its carrier.
 */
final class H2Output {
  private final ReentrantLock lock = new ReentrantLock();
  private final FrameWriter frames = new FrameWriter();
  private final OutputStream out;
  private final byte[] chunk = new byte[16 * 1024];
  private volatile boolean broken;

  H2Output(OutputStream out) {
    this.out = out;
  }

  /** The lock the HPACK encoder is used under, with the frames its blocks go into. */
  ReentrantLock lock() {
    return lock;
  }

  /** Whether a write failed: the connection is lost. */
  boolean broken() {
    return broken;
  }

  /** The peer's SETTINGS_MAX_FRAME_SIZE changed. */
  void maxFrameSize(int size) {
    lock.lock();
    try {
      frames.maxFrameSize(size);
    } finally {
      lock.unlock();
    }
  }

  int maxFrameSize() {
    return frames.maxFrameSize();
  }

  void settings(Settings settings) throws IOException {
    lock.lock();
    try {
      frames.writeSettings(settings);
      send();
    } finally {
      lock.unlock();
    }
  }

  void settingsAck() throws IOException {
    lock.lock();
    try {
      frames.writeSettingsAck();
      send();
    } finally {
      lock.unlock();
    }
  }

  void pingAck(long data) throws IOException {
    lock.lock();
    try {
      frames.writePingAck(data);
      send();
    } finally {
      lock.unlock();
    }
  }

  void windowUpdate(int streamId, int increment) throws IOException {
    if (increment <= 0) return;
    lock.lock();
    try {
      frames.writeWindowUpdate(streamId, increment);
      send();
    } finally {
      lock.unlock();
    }
  }

  void rstStream(int streamId, ErrorCode code) throws IOException {
    lock.lock();
    try {
      frames.writeRstStream(streamId, code);
      send();
    } finally {
      lock.unlock();
    }
  }

  void goAway(int lastStreamId, ErrorCode code, String debug) throws IOException {
    lock.lock();
    try {
      frames.writeGoAway(lastStreamId, code, debug);
      send();
    } finally {
      lock.unlock();
    }
  }

  /** A field block; the caller holds the lock while it encodes and calls this (see the class comment). */
  void headers(int streamId, byte[] block, boolean endStream) throws IOException {
    if (!lock.isHeldByCurrentThread()) throw new IllegalStateException("encode and write under the lock");
    frames.writeHeaders(streamId, block, 0, block.length, endStream);
    send();
  }

  /** DATA already granted by flow control ({@code len} at most the max frame size, or split). */
  void data(int streamId, byte[] b, int off, int len, boolean endStream) throws IOException {
    lock.lock();
    try {
      frames.writeData(streamId, b, off, len, endStream);
      send();
    } finally {
      lock.unlock();
    }
  }

  private void send() throws IOException {
    try {
      while (!frames.isEmpty()) {
        int n = frames.drainTo(chunk, 0, chunk.length);
        out.write(chunk, 0, n);
      }
      out.flush();
    } catch (IOException | RuntimeException e) {
      broken = true;
      throw e;
    }
  }
}

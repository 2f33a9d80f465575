package dev.courier.internal;

import java.util.ArrayDeque;

/**
 * The DATA payload arrays of one HTTP/2 connection while it has streams at work. When the
 * connection's reader runs ahead of a body's reader (a burst from a client far away, a body let in
 * at once) more arrays are out at once than the process's shared slots hold ({@link
 * PayloadArrays}), and each one more was made new for a single frame: 60% of what the server
 * allocated per MiB of HTTP/2 uploads 40 ms away. A connection keeps the arrays given back to it,
 * as many as were out at once (its receive window bounds that; at most {@link #MAX_KEPT} of each
 * length), and hands them out again before it falls back on the shared slots. Once it has no
 * stream at work it keeps none ({@link #idle}): they go to the shared slots as far as those have
 * room, the rest to the collector, so an idle connection holds no payload array.
 *
 * <p>Thread-safe: the connection's reader takes, the bodies' readers give back.
 *
 * <pre>{@code
 * ConnectionPayloads arrays = new ConnectionPayloads();
 * frameReader.dataArraysFrom(arrays::take);          // the connection's reader
 * new BodyQueue(timeout, consumed, null, arrays);     // each stream's body gives them back
 * arrays.idle();                                      // the last stream ended: keep none
 * }</pre>
 */
public final class ConnectionPayloads implements PayloadPool {
  /** The most free arrays of one length kept: 2,048 full frames are 32 MiB, the widest window. */
  static final int MAX_KEPT = 2048;
  // Made at the first array given back and dropped when idle: an idle connection holds neither.
  private ArrayDeque<byte[]> fullFrames;
  private ArrayDeque<byte[]> nginxChunks;

  @Override
  public byte[] take(int length) {
    byte[] array = null;
    synchronized (this) {
      ArrayDeque<byte[]> own = kept(length);
      if (own != null) array = own.pollLast(); // the one given back last: warm in the cache
    }
    return array != null ? array : PayloadArrays.SHARED.take(length);
  }

  @Override
  public void giveBack(byte[] array) {
    int length = array.length;
    if (length != PayloadArrays.FULL_FRAME && length != PayloadArrays.NGINX_CHUNK) return; // the collector's
    synchronized (this) {
      if (fullFrames == null) {
        fullFrames = new ArrayDeque<>();
        nginxChunks = new ArrayDeque<>();
      }
      ArrayDeque<byte[]> own = kept(length);
      if (own.size() < MAX_KEPT) {
        own.addLast(array);
        return;
      }
    }
    PayloadArrays.SHARED.giveBack(array);
  }

  /**
   * No stream is at work (or the connection closed): the kept arrays go to the shared slots as far
   * as they have room, the rest to the collector. One given back later is kept until the next call.
   */
  public void idle() {
    ArrayDeque<byte[]> full;
    ArrayDeque<byte[]> chunks;
    synchronized (this) {
      full = fullFrames;
      chunks = nginxChunks;
      fullFrames = null;
      nginxChunks = null;
    }
    if (full == null) return;
    for (byte[] array : full) PayloadArrays.SHARED.giveBack(array);
    for (byte[] array : chunks) PayloadArrays.SHARED.giveBack(array);
  }

  /** Free arrays kept now. */
  public synchronized int kept() {
    return fullFrames == null ? 0 : fullFrames.size() + nginxChunks.size();
  }

  /** The kept arrays of {@code length}; null for a length not kept or before any came back. */
  private ArrayDeque<byte[]> kept(int length) {
    return length == PayloadArrays.FULL_FRAME ? fullFrames : length == PayloadArrays.NGINX_CHUNK ? nginxChunks : null;
  }
}

package dev.courier.server;

import dev.courier.internal.FreeSlots;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A few direct buffers of {@link #SIZE} bytes, shared by every connection of the process, each lent
 * for one non-blocking write: a response head and the first bytes of a file leave in one full
 * segment (see {@link SocketOutput#transferFrom}). Lending never waits: when every buffer is out the
 * caller gets none and sends the way it did without. Native memory is therefore bounded by
 * {@link #SLOTS} buffers whatever the number of connections, and a buffer is never held while a
 * client is waited for.
 *
 * <p>The free buffers are {@link FreeSlots}: lock-free, and the same few buffers (warm in the
 * cache) serve again and again.
 */
final class SegmentBuffers {
  /**
   * Bytes per buffer: at least the loopback interface's MSS (65,483 bytes with timestamps), so a
   * head and the file's first bytes make one full segment even there, like nginx's TCP_CORK.
   */
  static final int SIZE = 64 * 1024;
  /** Buffers at most: enough for every carrier thread to hold one at once, with room to spare. */
  static final int SLOTS = Math.max(8, 2 * Runtime.getRuntime().availableProcessors());

  private static final FreeSlots<ByteBuffer> FREE = new FreeSlots<>(SLOTS);
  private static final AtomicInteger MADE = new AtomicInteger();

  private SegmentBuffers() {}

  /** A cleared buffer of {@link #SIZE} bytes, or null when all are lent out. */
  static ByteBuffer take() {
    ByteBuffer b = FREE.take();
    if (b != null) return b.clear();
    // None free: make one while fewer than SLOTS exist (the count is reserved first, so it holds).
    for (int made = MADE.get(); made < SLOTS; made = MADE.get()) {
      if (MADE.compareAndSet(made, made + 1)) return ByteBuffer.allocateDirect(SIZE);
    }
    return null;
  }

  /** Gives back a buffer {@link #take} lent; the caller must not touch it afterwards. */
  static void give(ByteBuffer buffer) {
    // Every slot looked full as it passed (other borrowers gave back meanwhile): drop this buffer
    // and its count, so a later take may make another.
    if (!FREE.give(buffer)) MADE.decrementAndGet();
  }
}

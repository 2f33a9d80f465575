package dev.courier.server;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Heap buffers of {@link #SIZE} bytes that a connection holds only while it works: its output
 * buffer ({@link SocketOutput}), its thread's read buffer ({@link SelectorPath}) and its TLS
 * records ({@link TlsChannel}) are taken when an exchange needs them and given back empty, so an
 * idle keep-alive connection holds none. With a buffer each for life, 1,000 idle connections held
 * 21.7 KB of heap apiece (47.7 KB over TLS) against Netty's 2.6 KB (7.9 KB), whose buffers are
 * pooled and lent the same way; a few warm buffers now serve every connection.
 *
 * <p>Lending never waits and never fails: when none is free a new one is made, and one given back
 * to a full pool is left to the collector, so a pool keeps at most its number of slots whatever
 * the load. A borrower reads a buffer's array only up to what it wrote itself, so what an earlier
 * borrower left there is never sent or parsed. Lock-free: a borrower owns a buffer once it has
 * emptied its slot by compare-and-set. Taking and giving back both start from slot 0, so the same
 * few buffers, warm in the cache, serve again and again.
 */
final class WorkingBuffers {
  /**
   * Bytes per buffer: a typical head and small body, a read of the socket, or a TLS record with
   * its overhead (the JDK's engine asks for 16,709 bytes to encrypt into, whatever the record's size).
   */
  static final int SIZE = 17 * 1024;
  /**
   * The pool every connection of the process uses. Each running thread holds at most three
   * buffers (its output, its read, its TLS record) and only while it runs: room for every carrier
   * many times over.
   */
  static final WorkingBuffers SHARED = new WorkingBuffers(Math.max(32, 8 * Runtime.getRuntime().availableProcessors()));

  private final AtomicReferenceArray<ByteBuffer> free;

  /** A pool that keeps at most {@code slots} buffers. */
  WorkingBuffers(int slots) {
    this.free = new AtomicReferenceArray<>(slots);
  }

  /**
   * A cleared heap buffer of {@link #SIZE} bytes over an array (its {@code array()}), with
   * whatever an earlier borrower left in it.
   */
  ByteBuffer take() {
    for (int i = 0; i < free.length(); i++) {
      ByteBuffer b = free.get(i);
      if (b != null && free.compareAndSet(i, b, null)) return b.clear();
    }
    return ByteBuffer.allocate(SIZE);
  }

  /** Gives back a buffer {@link #take} lent; the caller must not touch it afterwards. */
  void give(ByteBuffer buffer) {
    for (int i = 0; i < free.length(); i++) {
      if (free.get(i) == null && free.compareAndSet(i, null, buffer)) return;
    }
    // Full: the collector takes this one.
  }
}

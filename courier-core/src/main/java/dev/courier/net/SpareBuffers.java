package dev.courier.net;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The read-ahead buffers that server TLS sockets lend while their reads are light ({@link
 * ReadAheadSocket#lendingWhileLight}): a few warm arrays serve every connection that is busy at the
 * moment, instead of one kept by each connection, idle or not. Never waits and never fails: with
 * none spare a new one is made, and one given back to a full pool is left to the collector.
 * Lock-free: a borrower owns an array once it has emptied its slot by compare-and-set.
 */
final class SpareBuffers {
  private static final AtomicReferenceArray<byte[]> SPARE =
      new AtomicReferenceArray<>(Math.max(32, 8 * Runtime.getRuntime().availableProcessors()));

  private SpareBuffers() {}

  /** An array of {@link ReadAheadSocket#BUFFER_SIZE} bytes, holding whatever its last borrower left. */
  static byte[] borrow() {
    for (int i = 0; i < SPARE.length(); i++) {
      byte[] array = SPARE.get(i);
      if (array != null && SPARE.compareAndSet(i, array, null)) return array;
    }
    return new byte[ReadAheadSocket.BUFFER_SIZE];
  }

  /** Takes back an array {@link #borrow} lent; the caller must not touch it afterwards. */
  static void giveBack(byte[] array) {
    for (int i = 0; i < SPARE.length(); i++) {
      if (SPARE.get(i) == null && SPARE.compareAndSet(i, null, array)) return;
    }
  }
}

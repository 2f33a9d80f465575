package dev.courier.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * 64 KiB arrays lent for the length of one call and given back after it, shared by the code that
 * needs such an array only while it runs (a body's transfer, a whole gzip member): at most {@link
 * #KEPT} are ever made, so each finds a free slot again; when all are out, {@link #take} says so
 * and the caller makes its own.
 *
 * <pre>{@code
 * byte[] lent = LentBuffers.take();
 * byte[] buffer = lent != null ? lent : new byte[size];
 * try {
 *   use(buffer);
 * } finally {
 *   if (lent != null) LentBuffers.give(lent);   // nothing reads it after this
 * }
 * }</pre>
 */
public final class LentBuffers {
  /** The size of every lent array. */
  public static final int SIZE = 64 * 1024;

  /** How many are kept for lending: 1 MiB of them on 2 to 4 cores. */
  private static final int KEPT = Math.max(16, 4 * Runtime.getRuntime().availableProcessors());
  private static final FreeSlots<byte[]> FREE = new FreeSlots<>(KEPT);
  /** Arrays made for lending so far: never more than {@link #KEPT}. */
  private static final AtomicInteger MADE = new AtomicInteger();

  private LentBuffers() {}

  /** A free array of {@link #SIZE} bytes, now the caller's until {@link #give}; null when all are out. */
  public static byte[] take() {
    byte[] lent = FREE.take();
    if (lent != null) return lent;
    if (MADE.get() >= KEPT || MADE.incrementAndGet() > KEPT) return null; // more lent at once than kept
    return new byte[SIZE];
  }

  /** Gives back an array {@link #take} lent; the caller no longer reads or writes it. */
  public static void give(byte[] lent) {
    FREE.give(lent);
  }
}

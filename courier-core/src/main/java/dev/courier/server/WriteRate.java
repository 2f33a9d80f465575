package dev.courier.server;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The minimum response rate of one connection: while the server is blocked writing, the client
 * must take at least {@code minRate} bytes per second, measured over windows of {@code window}
 * nanoseconds of blocked time. The per-write timeout alone bounds a write that makes no progress;
 * a client that takes a little before each timeout (slow read) would otherwise hold a connection,
 * a thread and often a file for as long as it likes.
 *
 * <p>Only time spent blocked in writes counts: a handler that computes slowly, or a connection
 * idle between requests, costs the client nothing. Bytes count when the write that carried them
 * returns; a write still blocked is counted as if it had just finished (its partial progress is
 * unknown), so a client that keeps the rate is never cut, and one that does not is cut at most
 * {@code size / minRate} after the window. A window that kept the rate starts the next one afresh.
 *
 * <p>The connection's thread calls {@link #begin} and {@link #end} around each blocking write; the
 * server's reaper calls {@link #tooSlow} every tick. A lock keeps the reaper from seeing half an
 * update (a reset window's time with the old bytes); it guards arithmetic only, never I/O.
 */
final class WriteRate {
  private final long minRate;
  private final long window;
  private final ReentrantLock lock = new ReentrantLock();
  private long blocked; // nanoseconds in finished writes of this window
  private long bytes; // bytes of finished writes in this window
  private long startedAt; // System.nanoTime() when the write in progress began
  private long size = -1; // bytes of the write in progress; -1 for none

  /** A meter for {@code minRate} bytes per second over {@code windowNanos} of blocked writing. */
  WriteRate(long minRate, long windowNanos) {
    if (minRate <= 0 || windowNanos <= 0) throw new IllegalArgumentException("rate and window must be positive");
    this.minRate = minRate;
    this.window = windowNanos;
  }

  /** A write of {@code bytes} begins at {@code now}. */
  void begin(long now, long bytes) {
    lock.lock();
    try {
      startedAt = now;
      size = bytes;
    } finally {
      lock.unlock();
    }
  }

  /** The write begun last ended at {@code now}, all of its bytes taken. */
  void end(long now) {
    lock.lock();
    try {
      if (size < 0) return;
      blocked += now - startedAt;
      bytes += size;
      size = -1;
      if (blocked >= window && !slow(now)) {
        blocked = 0;
        bytes = 0;
      }
    } finally {
      lock.unlock();
    }
  }

  /** True when a full window of blocked writing carried less than the minimum rate. */
  boolean tooSlow(long now) {
    lock.lock();
    try {
      return slow(now);
    } finally {
      lock.unlock();
    }
  }

  private boolean slow(long now) {
    long time = blocked + (size < 0 ? 0 : now - startedAt);
    if (time < window) return false;
    long taken = bytes + Math.max(0, size);
    // taken / (time / 1e9) < minRate, without overflow for any realistic window
    return taken < minRate * (double) time / 1_000_000_000L;
  }
}

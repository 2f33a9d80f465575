package dev.courier.server;

import dev.courier.http.h2.WindowBudget;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link WindowBudget} one server's HTTP/2 connections share ({@link
 * dev.courier.http.h2.H2Limits#windowBudget}): their reader and handler threads take and give
 * credit at once, so it counts with one atomic number.
 */
final class SharedWindowBudget implements WindowBudget {
  private final long size;
  private final AtomicLong left;

  /** A budget of {@code bytes} (0: no window grows past its first size). */
  SharedWindowBudget(long bytes) {
    if (bytes < 0) throw new IllegalArgumentException("negative budget: " + bytes);
    this.size = bytes;
    this.left = new AtomicLong(bytes);
  }

  @Override
  public long take(long wanted) {
    if (wanted <= 0) return 0;
    while (true) {
      long now = left.get();
      long granted = Math.min(now, wanted);
      if (granted == 0 || left.compareAndSet(now, now - granted)) return granted;
    }
  }

  /** Never past the size, whatever the caller counted: a miscount must not raise the bound. */
  @Override
  public void give(long bytes) {
    if (bytes <= 0) return;
    left.accumulateAndGet(bytes, (now, given) -> Math.min(size, now + given));
  }

  /** The credit not taken now. */
  long available() {
    return left.get();
  }

  @Override
  public String toString() {
    return "SharedWindowBudget[" + left.get() + " of " + size + " left]";
  }
}

package dev.courier.http.h2;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The receive-window credit that all HTTP/2 connections of one server may hold beyond their first
 * connection windows, shared among them. A connection's window past its first size (grown by the
 * round trip, or widened at once for a large upload) is taken from here and given back when that
 * upload ends or the connection closes. What a connection can make the server buffer is its
 * window (RFC 9113 section 5.2.2), so the whole server's buffered request bodies stay within the
 * budget plus each connection's first window, however many clients send at once; when it runs
 * out, windows stay as they are (flow control still holds every sender back) and uploads go at
 * the pace of the windows they have.
 *
 * <p>Thread-safe.
 *
 * <pre>{@code
 * WindowBudget budget = WindowBudget.of(64 << 20);
 * long granted = budget.take(16 << 20);   // 16 MiB, or less when others hold the rest
 * budget.give(granted);
 * }</pre>
 */
public final class WindowBudget {
  private static final WindowBudget UNLIMITED = new WindowBudget(Long.MAX_VALUE);
  private final long size;
  private final AtomicLong left;

  private WindowBudget(long size) {
    this.size = size;
    this.left = new AtomicLong(size);
  }

  /** A budget of {@code bytes} (0: no window grows past its first size). */
  public static WindowBudget of(long bytes) {
    if (bytes < 0) throw new IllegalArgumentException("negative budget: " + bytes);
    return new WindowBudget(bytes);
  }

  /** No bound beyond each connection's own maximum: a client's, which chose its windows itself. */
  public static WindowBudget unlimited() {
    return UNLIMITED;
  }

  /** Takes up to {@code wanted} bytes of credit; returns what was granted, 0 when none is left. */
  public long take(long wanted) {
    if (wanted <= 0 || this == UNLIMITED) return Math.max(wanted, 0);
    while (true) {
      long now = left.get();
      long granted = Math.min(now, wanted);
      if (granted == 0 || left.compareAndSet(now, now - granted)) return granted;
    }
  }

  /** Gives back {@code bytes} taken before (never past the size, whatever the caller counted). */
  public void give(long bytes) {
    if (bytes <= 0 || this == UNLIMITED) return;
    left.accumulateAndGet(bytes, (now, given) -> Math.min(size, now + given));
  }

  /** The credit not taken now. */
  public long available() {
    return this == UNLIMITED ? Long.MAX_VALUE : left.get();
  }

  /** The whole budget. */
  public long size() {
    return size;
  }

  @Override
  public String toString() {
    return this == UNLIMITED ? "WindowBudget[unlimited]" : "WindowBudget[" + left.get() + " of " + size + " left]";
  }
}

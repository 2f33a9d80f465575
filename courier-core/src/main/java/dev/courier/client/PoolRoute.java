package dev.courier.client;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One route's share of a {@link ConnectionPool}, without a lock: its idle connections, most
 * recently used first (a lock-free deque: {@code pollFirst} and {@code removeFirstOccurrence}
 * each claim an entry for exactly one caller), and how many connections it has open (idle, lent
 * out or connecting), reserved by compare-and-set so the per-route limit holds exactly however
 * many callers race for it.
 *
 * <p>A route whose count falls to zero is retired (its count set to -1) and dropped from the
 * pool's map, so a client that talks to many hosts keeps nothing for the ones it stopped using;
 * a caller that still holds a retired route sees {@link #RETIRED} and looks the route up again.
 * An idle entry is always counted, so a route with a count of zero has none.
 */
final class PoolRoute {
  static final int RESERVED = 0;
  static final int FULL = 1;
  static final int RETIRED = 2;

  final Route route;
  final ConcurrentLinkedDeque<ConnectionPool.Entry> idle = new ConcurrentLinkedDeque<>();
  private final AtomicInteger open = new AtomicInteger();

  PoolRoute(Route route) {
    this.route = route;
  }

  /** Counts one more connection when fewer than {@code max} are open: {@link #RESERVED}, {@link #FULL} or {@link #RETIRED}. */
  int tryReserve(int max) {
    while (true) {
      int n = open.get();
      if (n < 0) {
        return RETIRED;
      }
      if (n >= max) {
        return FULL;
      }
      if (open.compareAndSet(n, n + 1)) {
        return RESERVED;
      }
    }
  }

  /** Counts one connection fewer; true when that left none and the route is now retired. */
  boolean unreserve() {
    return open.decrementAndGet() == 0 && open.compareAndSet(0, -1);
  }

  /** Connections open for the route now (idle, lent out or connecting). */
  int openCount() {
    return Math.max(0, open.get());
  }
}

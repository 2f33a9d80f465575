package dev.courier.client;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One route's share of a {@link ConnectionPool}, without a lock: its idle connections in a fixed
 * array of slots, and how many connections it has open (idle, lent out or connecting).
 *
 * <p>An idle connection sits in a slot; whoever empties the slot by compare-and-set owns it, so
 * no connection is handed to two callers. Both giving back and taking start from slot 0, so the
 * same few connections serve again and again (warm, and the rest age out), and nothing is
 * allocated per exchange, as a linked queue's nodes would be. The open count is reserved by
 * compare-and-set, so the per-route limit holds exactly however many callers race for it. There
 * are as many slots as the limit, and an idle connection is always counted, so a connection given
 * back always finds a free slot.
 *
 * <p>A route whose count falls to zero is retired (its count set to -1) and dropped from the
 * pool's map, so a client that talks to many hosts keeps nothing for the ones it stopped using;
 * a caller that still holds a retired route sees {@link #RETIRED} and looks the route up again.
 */
final class PoolRoute {
  static final int RESERVED = 0;
  static final int FULL = 1;
  static final int RETIRED = 2;

  final Route route;
  private final AtomicReferenceArray<ConnectionPool.Entry> idle;
  private final AtomicInteger open = new AtomicInteger();

  PoolRoute(Route route, int maxConnections) {
    this.route = route;
    this.idle = new AtomicReferenceArray<>(maxConnections);
  }

  /** An idle connection, now the caller's; null when none. */
  ConnectionPool.Entry take() {
    for (int i = 0; i < idle.length(); i++) {
      ConnectionPool.Entry entry = idle.get(i);
      if (entry != null && idle.compareAndSet(i, entry, null)) {
        return entry;
      }
    }
    return null;
  }

  /** Puts a counted connection that is not idle into the first free slot. */
  void put(ConnectionPool.Entry entry) {
    while (true) {
      for (int i = 0; i < idle.length(); i++) {
        if (idle.get(i) == null && idle.compareAndSet(i, null, entry)) {
          return;
        }
      }
      // Others took and gave back slots under our scan; one is free (see the class comment).
      Thread.onSpinWait();
    }
  }

  /** Takes this idle connection out, if it is still idle: true when the caller now owns it. */
  boolean remove(ConnectionPool.Entry entry) {
    for (int i = 0; i < idle.length(); i++) {
      if (idle.get(i) == entry) {
        return idle.compareAndSet(i, entry, null);
      }
    }
    return false;
  }

  /** The idle connection of this route idle longest, or null; still in its slot (see {@link #remove}). */
  ConnectionPool.Entry longestIdle() {
    ConnectionPool.Entry oldest = null;
    for (int i = 0; i < idle.length(); i++) {
      ConnectionPool.Entry entry = idle.get(i);
      if (entry != null && (oldest == null || entry.idleSinceMillis < oldest.idleSinceMillis)) {
        oldest = entry;
      }
    }
    return oldest;
  }

  /** Slot {@code i}'s connection or null, for a sweep over {@link #slots()} slots. */
  ConnectionPool.Entry idleAt(int i) {
    return idle.get(i);
  }

  int slots() {
    return idle.length();
  }

  /** Idle connections now. */
  int idleCount() {
    int n = 0;
    for (int i = 0; i < idle.length(); i++) {
      if (idle.get(i) != null) {
        n++;
      }
    }
    return n;
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
}

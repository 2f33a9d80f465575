package dev.courier.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The open streams of one HTTP/2 server connection by id, and the recently closed ones, without
 * boxing: stream ids above 127 are not in {@link Integer}'s cache, so a {@code HashMap<Integer,..>}
 * allocated a key on every lookup of every frame.
 *
 * <p>Open streams sit in an open-addressing table (linear probing, deletion by backward shift);
 * closed ones in a ring indexed by {@code id / 2}: the last 1024 client stream ids (odd, RFC 9113
 * section 5.1.1) each have a slot, so a stream closed longer ago is known only as "below the last
 * id", which section 5.1 allows. Not thread-safe: the connection's lock guards it.
 */
final class H2StreamTable {
  /** Why a stream we no longer hold was closed, to answer late frames as section 5.1 says. */
  enum Closed { ENDED, PEER_RESET, WE_RESET }

  private static final int RING = 1024;

  private int[] keys;
  private H2ServerStream[] values;
  private int size;
  private static final Closed[] CLOSED = Closed.values();
  // The ring grows with the ids a client uses, to RING slots: a connection that served a few
  // requests holds a few slots (1024 took 8 KB per connection, idle or not).
  private int[] closedIds = new int[0];
  private byte[] closedWhy = new byte[0]; // Closed's ordinal + 1; 0: never closed

  /** A table sized for {@code expected} open streams without growing. */
  H2StreamTable(int expected) {
    int capacity = Integer.highestOneBit(Math.max(8, Math.min(expected, 1 << 16)) * 2 - 1) << 1;
    keys = new int[capacity];
    values = new H2ServerStream[capacity];
  }

  int size() {
    return size;
  }

  /** The open stream {@code id}, or null. */
  H2ServerStream get(int id) {
    int mask = keys.length - 1;
    for (int i = hash(id) & mask; values[i] != null; i = (i + 1) & mask) {
      if (keys[i] == id) return values[i];
    }
    return null;
  }

  void put(int id, H2ServerStream stream) {
    if ((size + 1) * 2 > keys.length) grow();
    int mask = keys.length - 1;
    int i = hash(id) & mask;
    while (values[i] != null && keys[i] != id) i = (i + 1) & mask;
    if (values[i] == null) size++;
    keys[i] = id;
    values[i] = stream;
  }

  /** Removes {@code id}; returns the stream it held, or null. */
  H2ServerStream remove(int id) {
    int mask = keys.length - 1;
    int i = hash(id) & mask;
    while (values[i] != null && keys[i] != id) i = (i + 1) & mask;
    H2ServerStream removed = values[i];
    if (removed == null) return null;
    values[i] = null;
    size--;
    // Backward shift: move later entries of the probe run into the gap, so lookups need no tombstones.
    for (int gap = i, j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
      int home = hash(keys[j]) & mask;
      if (((j - home) & mask) >= ((j - gap) & mask)) {
        keys[gap] = keys[j];
        values[gap] = values[j];
        values[j] = null;
        gap = j;
      }
    }
    return removed;
  }

  /** The open streams, copied. */
  List<H2ServerStream> streams() {
    List<H2ServerStream> all = new ArrayList<>(size);
    for (H2ServerStream s : values) if (s != null) all.add(s);
    return all;
  }

  /** Remembers that {@code id} closed, and why. */
  void closed(int id, Closed why) {
    int slot = (id >>> 1) & (RING - 1);
    if (slot >= closedIds.length) {
      int length = Math.min(RING, Math.max(16, Integer.highestOneBit(slot) << 1));
      closedIds = Arrays.copyOf(closedIds, length);
      closedWhy = Arrays.copyOf(closedWhy, length);
    }
    closedIds[slot] = id;
    closedWhy[slot] = (byte) (why.ordinal() + 1);
  }

  /** Why {@code id} closed, or null when it is not one of the recent ones. */
  Closed whyClosed(int id) {
    int slot = (id >>> 1) & (RING - 1);
    if (slot >= closedIds.length || closedIds[slot] != id || closedWhy[slot] == 0) return null;
    return CLOSED[closedWhy[slot] - 1];
  }

  private void grow() {
    int[] oldKeys = keys;
    H2ServerStream[] oldValues = values;
    keys = new int[oldKeys.length * 2];
    values = new H2ServerStream[oldKeys.length * 2];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) if (oldValues[i] != null) put(oldKeys[i], oldValues[i]);
  }

  /**
   * Client ids are odd and rising: half the id spreads them over the table without collisions. A
   * client choosing ids to collide lengthens probe runs to at most the open-stream limit.
   */
  private static int hash(int id) {
    return id >>> 1;
  }
}

package dev.courier.http.h2;

/**
 * RFC 7541 §2.3.2, §4: the dynamic table, newest entry first, as a ring. Its size is the sum of
 * the entries' sizes (32 octets of overhead each, §4.1); adding evicts from the oldest end until
 * the new entry fits, and an entry larger than the maximum empties the table (§4.4).
 */
final class DynamicTable {
  /** Its length is a power of two, so that a slot is found with a mask rather than a division. */
  private HeaderField[] ring = new HeaderField[16];
  private int head; // the slot of the newest entry
  private int count;
  private int size;
  private int maxSize;

  DynamicTable(int maxSize) {
    this.maxSize = maxSize;
  }

  int length() {
    return count;
  }

  int size() {
    return size;
  }

  int maxSize() {
    return maxSize;
  }

  /** The entry at 0-based {@code i}, 0 being the newest (HPACK index 62 + i). */
  HeaderField get(int i) {
    return ring[(head - i) & (ring.length - 1)];
  }

  /** §4.3: a new maximum, evicting until the table fits. */
  void maxSize(int newMax) {
    maxSize = newMax;
    evictUntil(newMax);
  }

  /** §4.4: adds {@code f} as the newest entry, evicting as needed. */
  void add(HeaderField f) {
    int entry = f.size();
    if (entry > maxSize) {
      evictUntil(0);
      return;
    }
    evictUntil(maxSize - entry);
    if (count == ring.length) grow();
    head = (head + 1) & (ring.length - 1);
    ring[head] = f;
    count++;
    size += entry;
  }

  private void evictUntil(int target) {
    while (size > target) {
      int oldest = (head - count + 1) & (ring.length - 1);
      size -= ring[oldest].size();
      ring[oldest] = null;
      count--;
    }
  }

  private void grow() {
    HeaderField[] bigger = new HeaderField[ring.length * 2];
    for (int i = 0; i < count; i++) bigger[count - 1 - i] = get(i);
    ring = bigger;
    head = count - 1;
  }
}

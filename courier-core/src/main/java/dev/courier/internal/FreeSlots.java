package dev.courier.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A fixed number of slots for free items (buffers, arrays) that threads take and give back:
 * lock-free, never waiting. A taker owns an item once it has emptied its slot by compare-and-set;
 * an item given back when every slot is full is left to the collector, so the slots bound what is
 * kept whatever the load. Both start from slot 0, so the same few items, warm in the cache, serve
 * again and again.
 *
 * <pre>{@code
 * FreeSlots<byte[]> free = new FreeSlots<>(32);
 * byte[] array = free.take();
 * if (array == null) array = new byte[SIZE];
 * ...
 * free.give(array);   // the giver must not touch it afterwards
 * }</pre>
 */
public final class FreeSlots<T> {
  private final AtomicReferenceArray<T> slots;

  /** Room for at most {@code count} free items. */
  public FreeSlots(int count) {
    this.slots = new AtomicReferenceArray<>(count);
  }

  /** A free item, now the caller's, or null when none is free. */
  public T take() {
    for (int i = 0; i < slots.length(); i++) {
      T item = slots.get(i);
      if (item != null && slots.compareAndSet(i, item, null)) return item;
    }
    return null;
  }

  /** Keeps {@code item} in a free slot; when there is none, the collector takes it (false). */
  public boolean give(T item) {
    for (int i = 0; i < slots.length(); i++) {
      if (slots.get(i) == null && slots.compareAndSet(i, null, item)) return true;
    }
    return false;
  }
}

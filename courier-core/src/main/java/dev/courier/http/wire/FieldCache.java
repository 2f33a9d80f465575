package dev.courier.http.wire;

import java.util.Arrays;

/**
 * The strings of the previous head on a connection with the bytes they came from, so that a
 * field or target that comes back byte for byte in the same place reuses its string instead of
 * allocating a new one. Clients on a persistent connection resend almost the same head every time.
 *
 * <p>Slots are field positions (name at {@code 2i}, value at {@code 2i + 1}). The bytes are
 * compared with {@link Arrays#equals(byte[], int, int, byte[], int, int)}, a vectorised intrinsic.
 */
final class FieldCache {
  private static final int MAX_SLOTS = 64;
  private static final int MAX_BYTES = 8192;
  /**
   * The first sizes, grown by doubling: an idle connection keeps these arrays (two sets once it
   * served two heads), so they start at what a small client's head needs, not a browser's.
   */
  private static final int FIRST_SLOTS = 4;
  private static final int FIRST_BYTES = 64;

  // The previous head: strings, their bytes, and where each slot's bytes are.
  private String[] strings = new String[0];
  private int[] bounds = new int[0];
  private byte[] bytes = new byte[0];
  private int slots;

  // The head being read; arrays grow on demand up to the bounds above.
  private String[] nextStrings = new String[0];
  private int[] nextBounds = new int[0];
  private byte[] nextBytes = new byte[0];
  private int nextSlots;
  private int nextLength;

  private String target;
  private byte[] targetBytes = new byte[0];

  /** The previous head's string for {@code slot} if its bytes equal {@code b[start, end)}. */
  String lookup(int slot, byte[] b, int start, int end) {
    if (slot >= slots) return null;
    int from = bounds[slot * 2];
    int to = bounds[slot * 2 + 1];
    return Arrays.equals(b, start, end, bytes, from, to) ? strings[slot] : null;
  }

  /** Records the string read for {@code slot} in the current head, with its bytes. */
  void remember(int slot, String value, byte[] b, int start, int end) {
    int length = end - start;
    if (slot >= MAX_SLOTS || nextLength + length > MAX_BYTES || slot != nextSlots) return;
    if (nextLength + length > nextBytes.length) {
      nextBytes = Arrays.copyOf(nextBytes,
          Math.min(MAX_BYTES, Math.max(nextBytes.length * 2, Math.max(FIRST_BYTES, nextLength + length))));
    }
    if (slot >= nextStrings.length) {
      int capacity = Math.min(MAX_SLOTS, Math.max(FIRST_SLOTS, nextStrings.length * 2));
      nextStrings = Arrays.copyOf(nextStrings, capacity);
      nextBounds = Arrays.copyOf(nextBounds, capacity * 2);
    }
    System.arraycopy(b, start, nextBytes, nextLength, length);
    nextStrings[slot] = value;
    nextBounds[slot * 2] = nextLength;
    nextBounds[slot * 2 + 1] = nextLength + length;
    nextLength += length;
    nextSlots = slot + 1;
  }

  /** The current head is complete: it becomes the one later heads are compared with. */
  void headDone() {
    String[] s = strings;
    strings = nextStrings;
    nextStrings = s;
    int[] bo = bounds;
    bounds = nextBounds;
    nextBounds = bo;
    byte[] by = bytes;
    bytes = nextBytes;
    nextBytes = by;
    slots = nextSlots;
    nextSlots = 0;
    nextLength = 0;
  }

  String lookupTarget(byte[] b, int start, int end) {
    return target != null && Arrays.equals(b, start, end, targetBytes, 0, targetBytes.length)
        ? target : null;
  }

  void rememberTarget(String value, byte[] b, int start, int end) {
    if (value == target) return;
    target = value;
    targetBytes = Arrays.copyOfRange(b, start, end);
  }
}

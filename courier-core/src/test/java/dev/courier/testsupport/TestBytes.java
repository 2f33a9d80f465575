package dev.courier.testsupport;

import java.util.Random;

/** Bodies for tests: the same bytes on every run for a given seed. */
public final class TestBytes {
  private TestBytes() {}

  /** {@code length} pseudo-random bytes from {@code seed}. */
  public static byte[] random(int length, long seed) {
    byte[] b = new byte[length];
    new Random(seed).nextBytes(b);
    return b;
  }
}

package dev.courier.testsupport;

import dev.courier.http.ArrayLender;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * An {@link ArrayLender} for the codecs' lending tests: it lends arrays full of line ends (a parser
 * that read stale bytes would see them) and poisons each one given back, as if another connection
 * used it at once; it counts both and knows which arrays are out.
 */
public final class PoisoningLender implements ArrayLender {
  private final ArrayDeque<byte[]> free = new ArrayDeque<>();
  private final Map<byte[], Boolean> lent = new IdentityHashMap<>();
  private int borrowed;
  private int givenBack;

  @Override
  public byte[] borrow(int minLength) {
    borrowed++;
    byte[] array = free.isEmpty() || free.peek().length < minLength ? new byte[Math.max(minLength, 64)] : free.pop();
    Arrays.fill(array, (byte) '\n');
    lent.put(array, true);
    return array;
  }

  @Override
  public void giveBack(byte[] array) {
    givenBack++;
    lent.remove(array);
    Arrays.fill(array, (byte) ':');
    free.push(array);
  }

  /** Arrays borrowed so far. */
  public int borrowed() {
    return borrowed;
  }

  /** Arrays given back so far. */
  public int givenBack() {
    return givenBack;
  }

  /** Arrays lent and not given back. */
  public int out() {
    return lent.size();
  }
}

package dev.courier.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import org.junit.jupiter.api.Test;

class FirstReadYieldsTest {
  /** A stream that has no bytes for its first {@code emptyLooks} looks, then has some. */
  private static final class Arriving extends InputStream {
    private int emptyLooks;
    int looks;

    Arriving(int emptyLooks) {
      this.emptyLooks = emptyLooks;
    }

    @Override
    public int available() {
      looks++;
      return emptyLooks-- > 0 ? 0 : 1;
    }

    @Override
    public int read() {
      return -1;
    }
  }

  @Test
  void aConnectionWhoseAnswersComeLateFallsBackToOneYield() throws Exception {
    FirstReadYields yields = new FirstReadYields();
    for (int i = 0; i < 3; i++) {
      Arriving never = new Arriving(Integer.MAX_VALUE);
      yields.yieldUntilBytes(never, true);
      assertEquals(1, never.looks, "a budget of one: one yield, one look");
    }
    assertEquals(1, yields.budget());
  }

  @Test
  void theBudgetGrowsWhileYieldingPaysAndIsHalvedWhenItDoesNot() throws Exception {
    FirstReadYields yields = new FirstReadYields();
    yields.yieldUntilBytes(new Arriving(0), true);
    assertEquals(2, yields.budget(), "one more than the last answer needed");
    Arriving second = new Arriving(1);
    yields.yieldUntilBytes(second, true);
    assertEquals(2, second.looks);
    assertEquals(3, yields.budget());
    Arriving never = new Arriving(Integer.MAX_VALUE);
    yields.yieldUntilBytes(never, true);
    assertEquals(3, never.looks);
    assertEquals(1, yields.budget(), "halved when the answer did not come within it");
  }

  @Test
  void aSlowerAnswerEachTimeNeverMakesItYieldMoreThanTheMaximum() throws Exception {
    FirstReadYields yields = new FirstReadYields();
    for (int i = 0; i < 3 * FirstReadYields.MAX; i++) {
      yields.yieldUntilBytes(new Arriving(yields.budget() - 1), true); // comes at the budget's last yield
    }
    assertEquals(FirstReadYields.MAX, yields.budget());
    Arriving never = new Arriving(Integer.MAX_VALUE);
    yields.yieldUntilBytes(never, true);
    assertEquals(FirstReadYields.MAX, never.looks);
  }

  @Test
  void withTlsItYieldsOnceWithoutLooking() throws Exception {
    FirstReadYields yields = new FirstReadYields();
    Arriving tls = new Arriving(Integer.MAX_VALUE);
    yields.yieldUntilBytes(tls, false);
    assertEquals(0, tls.looks);
  }
}

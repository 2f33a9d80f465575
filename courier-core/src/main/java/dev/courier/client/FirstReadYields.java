package dev.courier.client;

import java.io.IOException;
import java.io.InputStream;

/**
 * How many times a virtual thread yields before the first read of a response on one connection,
 * learnt from the answers before. A read that finds nothing parks the thread in the JDK's poller,
 * and a park right after a yield also costs a new stack chunk of about 1.3 KB: the yield's frames
 * were frozen first, the frames below stay frozen in the chunk once thawed one at a time (a stack
 * over about 4 KB is thawed lazily), and the read's deeper frames no longer fit in the room the
 * yield left. Another yield fits that room. So while the answer has not come, the thread yields
 * again, up to a budget: one more than the last answer needed, halved when the budget ran out
 * before the answer came. A server far away is answered after the first yield has found nothing;
 * its connection then keeps a budget of one, which is one yield and one look at the socket.
 */
final class FirstReadYields {
  /** The most yields before a read: each is a trip through the scheduler, cheap beside a park. */
  static final int MAX = 8;
  private int budget = 1;

  /**
   * Yields once, then again while {@code input} has no bytes and the budget allows. With {@code
   * countsSocketBytes} false (TLS: {@code available()} counts decrypted bytes only) it yields once.
   */
  void yieldUntilBytes(InputStream input, boolean countsSocketBytes) throws IOException {
    for (int yields = 1; ; yields++) {
      Thread.yield();
      if (!countsSocketBytes) return;
      if (input.available() > 0) {
        budget = Math.min(MAX, yields + 1);
        return;
      }
      if (yields >= budget) {
        budget = Math.max(1, budget / 2);
        return;
      }
    }
  }

  /** The yields the next first read may make. */
  int budget() {
    return budget;
  }
}

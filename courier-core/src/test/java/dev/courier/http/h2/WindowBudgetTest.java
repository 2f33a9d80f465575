package dev.courier.http.h2;

import static dev.courier.http.h2.H2Errors.assertConnectionError;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Connection windows that borrow from a {@link WindowBudget}: what they hold beyond their first
 * size never passes what it granted, and goes back when an upload ends or the connection closes.
 */
class WindowBudgetTest {
  /** A budget of {@code size} bytes, for one thread. */
  private static final class CountingBudget implements WindowBudget {
    long left;

    CountingBudget(long size) {
      left = size;
    }

    @Override
    public long take(long wanted) {
      long granted = Math.max(0, Math.min(left, wanted));
      left -= granted;
      return granted;
    }

    @Override
    public void give(long bytes) {
      left += bytes;
    }
  }

  @Test
  void aConnectionWindowGrowsOnlyAsFarAsTheBudgetAllows() {
    CountingBudget budget = new CountingBudget(2_000);
    InboundWindow w = InboundWindow.forConnection(100_000, 1_000_000, budget);
    w.initialUpdate();
    w.received(25_000);
    assertThat(w.consumed(25_000, 0, 100)).isEqualTo(25_000);
    w.received(25_000);
    assertThat(w.consumed(25_000, 50, 100)).as("fourfold wanted, the budget's 2 000 granted").isEqualTo(27_000);
    assertThat(w.target()).isEqualTo(102_000);
    assertThat(budget.left).isZero();
  }

  @Test
  void aLendingComesBackOnceTheCreditItGaveIsUsedUpAndIsNotGivenToThePeerAgain() {
    CountingBudget budget = new CountingBudget(1 << 20);
    ConnectionFlow flow = openedFlow(budget);
    assertThat(flow.lend(300_000)).isEqualTo(new InboundWindow.Widening(300_000, 300_000));
    assertThat(budget.left).isEqualTo((1 << 20) - 300_000);
    flow.received(400_000); // the peer used all its credit: the lent upload and more
    flow.narrow(300_000); // that upload ended, its bytes still buffered
    assertThat(budget.left).as("held while the peer's bytes are").isEqualTo((1 << 20) - 300_000);
    assertThat(flow.consumed(300_000)).as("what the narrowing took back is not given to the peer again").isZero();
    assertThat(budget.left).isEqualTo(1 << 20);
    assertThat(flow.consumed(100_000)).isEqualTo(100_000);
    flow.received(100_000);
    assertThat(flow.consumed(100_000)).as("the first window as before").isEqualTo(100_000);
  }

  @Test
  void creditThePeerNeverUsedStaysCountedAndIsNotLentTwice() {
    CountingBudget budget = new CountingBudget(1 << 20);
    ConnectionFlow flow = openedFlow(budget);
    for (int upload = 0; upload < 5; upload++) { // announce an upload, send none of it, end the stream
      InboundWindow.Widening lent = flow.lend(300_000);
      assertThat(lent.raised()).isEqualTo(300_000);
      assertThat(lent.increment()).as("new credit only the first time").isEqualTo(upload == 0 ? 300_000 : 0);
      flow.narrow(lent.raised());
      assertThat(budget.left).as("the peer still holds the credit").isEqualTo((1 << 20) - 300_000);
    }
    flow.received(400_000); // all the peer can send: the first window and one lending
    assertConnectionError(ErrorCode.FLOW_CONTROL_ERROR, () -> flow.received(1));
    flow.release();
    assertThat(budget.left).isEqualTo(1 << 20);
  }

  @Test
  void aClosedConnectionGivesBackAllItBorrowedAndBorrowsNoMore() {
    CountingBudget budget = new CountingBudget(1 << 20);
    ConnectionFlow flow = openedFlow(budget);
    flow.lend(200_000);
    flow.lend(200_000);
    flow.release();
    assertThat(budget.left).isEqualTo(1 << 20);
    assertThat(flow.lend(200_000)).isEqualTo(InboundWindow.Widening.NONE);
    flow.narrow(200_000); // a stream retired after the end: nothing more comes back
    assertThat(budget.left).isEqualTo(1 << 20);
  }

  @Test
  void bytesConsumedAfterTheConnectionClosedGiveNothingBackTwice() {
    CountingBudget budget = new CountingBudget(1 << 20);
    ConnectionFlow flow = openedFlow(budget);
    flow.lend(300_000);
    flow.received(300_000);
    flow.narrow(300_000); // the credit used, its bytes still buffered: kept back as they are read
    flow.release(); // the connection is lost first
    assertThat(budget.left).isEqualTo(1 << 20);
    flow.consumed(300_000); // a handler still reading what was buffered
    assertThat(budget.left).as("given back once, at the release").isEqualTo(1 << 20);
  }

  @Test
  void aLendingStopsAtTheConnectionsMaximum() {
    ConnectionFlow flow = new ConnectionFlow(1 << 20, 4 << 20, new CountingBudget(64 << 20));
    flow.initialUpdate();
    assertThat(flow.lend(2 << 20).increment()).isEqualTo(2 << 20);
    assertThat(flow.lend(2 << 20).increment()).isEqualTo(1 << 20);
    assertThat(flow.lend(1)).isEqualTo(InboundWindow.Widening.NONE);
  }

  /** A connection's flow with a first window of 100,000 bytes (sent), room to 4 MiB, on {@code budget}. */
  private static ConnectionFlow openedFlow(WindowBudget budget) {
    ConnectionFlow flow = new ConnectionFlow(100_000, 4 << 20, budget);
    flow.initialUpdate();
    return flow;
  }
}

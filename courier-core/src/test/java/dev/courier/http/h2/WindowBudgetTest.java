package dev.courier.http.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The server-wide budget of receive-window credit, and the connection windows that borrow from
 * it: what all connections together hold beyond their first windows never passes the budget, and
 * comes back when an upload ends or its connection closes.
 */
class WindowBudgetTest {
  @Test
  void grantsWhatIsLeftAndTakesBackWhatWasGiven() {
    WindowBudget budget = WindowBudget.of(10_000);
    assertThat(budget.take(6_000)).isEqualTo(6_000);
    assertThat(budget.take(6_000)).as("only what is left").isEqualTo(4_000);
    assertThat(budget.take(1)).isZero();
    budget.give(5_000);
    assertThat(budget.available()).isEqualTo(5_000);
    budget.give(50_000);
    assertThat(budget.available()).as("never past its size").isEqualTo(10_000);
    assertThatThrownBy(() -> WindowBudget.of(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void threadsTakingAtOnceNeverGetMoreThanTheBudget() throws Exception {
    WindowBudget budget = WindowBudget.of(1_000_000);
    AtomicLong granted = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      threads.add(Thread.ofPlatform().start(() -> {
        for (int i = 0; i < 10_000; i++) granted.addAndGet(budget.take(37));
      }));
    }
    for (Thread t : threads) t.join();
    assertThat(granted.get()).isEqualTo(1_000_000);
    assertThat(budget.available()).isZero();
  }

  @Test
  void aConnectionWindowGrowsOnlyAsFarAsTheBudgetAllows() {
    WindowBudget budget = WindowBudget.of(2_000);
    InboundWindow w = InboundWindow.forConnection(100_000, 1_000_000, budget);
    w.initialUpdate();
    w.received(25_000);
    assertThat(w.consumed(25_000, 0, 100)).isEqualTo(25_000);
    w.received(25_000);
    assertThat(w.consumed(25_000, 50, 100)).as("fourfold wanted, the budget's 2 000 granted").isEqualTo(27_000);
    assertThat(w.target()).isEqualTo(102_000);
    assertThat(budget.available()).isZero();
  }

  @Test
  void aLendingComesBackWhenNarrowedAndItsCreditIsKeptFromThePeer() {
    WindowBudget budget = WindowBudget.of(1 << 20);
    ConnectionFlow flow = new ConnectionFlow(100_000, 4 << 20, budget);
    flow.initialUpdate();
    assertThat(flow.lend(300_000)).isEqualTo(300_000);
    assertThat(budget.available()).isEqualTo((1 << 20) - 300_000);
    flow.received(400_000); // the peer used all its credit: the lent upload and more
    flow.narrow(300_000); // that upload ended
    assertThat(budget.available()).isEqualTo(1 << 20);
    assertThat(flow.consumed(300_000)).as("what the narrowing took back is not given to the peer again").isZero();
    assertThat(flow.consumed(100_000)).isEqualTo(100_000);
    flow.received(100_000);
    assertThat(flow.consumed(100_000)).as("the first window as before").isEqualTo(100_000);
  }

  @Test
  void aClosedConnectionGivesBackAllItBorrowedAndBorrowsNoMore() {
    WindowBudget budget = WindowBudget.of(1 << 20);
    ConnectionFlow flow = new ConnectionFlow(100_000, 4 << 20, budget);
    flow.initialUpdate();
    flow.lend(200_000);
    flow.lend(200_000);
    flow.release();
    assertThat(budget.available()).isEqualTo(1 << 20);
    assertThat(flow.lend(200_000)).isZero();
    flow.narrow(200_000); // a stream retired after the end: nothing more comes back
    assertThat(budget.available()).isEqualTo(1 << 20);
  }

  @Test
  void aLendingStopsAtTheConnectionsMaximum() {
    ConnectionFlow flow = new ConnectionFlow(1 << 20, 4 << 20, WindowBudget.of(64 << 20));
    flow.initialUpdate();
    assertThat(flow.lend(2 << 20)).isEqualTo(2 << 20);
    assertThat(flow.lend(2 << 20)).isEqualTo(1 << 20);
    assertThat(flow.lend(1)).isZero();
  }
}

package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The window budget a server's HTTP/2 connections share: never more granted than it holds. */
class SharedWindowBudgetTest {
  @Test
  void grantsWhatIsLeftAndTakesBackWhatWasGiven() {
    SharedWindowBudget budget = new SharedWindowBudget(10_000);
    assertThat(budget.take(6_000)).isEqualTo(6_000);
    assertThat(budget.take(6_000)).as("only what is left").isEqualTo(4_000);
    assertThat(budget.take(1)).isZero();
    budget.give(5_000);
    assertThat(budget.available()).isEqualTo(5_000);
    budget.give(50_000);
    assertThat(budget.available()).as("never past its size").isEqualTo(10_000);
    assertThatThrownBy(() -> new SharedWindowBudget(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void threadsTakingAtOnceNeverGetMoreThanTheBudget() throws Exception {
    SharedWindowBudget budget = new SharedWindowBudget(1_000_000);
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
}

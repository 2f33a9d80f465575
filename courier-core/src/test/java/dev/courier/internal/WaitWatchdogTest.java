package dev.courier.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Deadlines kept for untimed waits: late ones end, the others never do. */
class WaitWatchdogTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  @Test
  void aDeadlineThatPassesRunsItsActionOnce() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch ran = new CountDownLatch(1);
    WaitWatchdog.Deadline d = WaitWatchdog.deadline(() -> {
      runs.incrementAndGet();
      ran.countDown();
    });
    d.arm(30 * MS);
    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(d.expired()).isTrue();
    assertThat(d.disarm()).isFalse();
    assertThat(d.disarm()).isTrue(); // nothing armed any more
    assertThat(runs.get()).isEqualTo(1);
  }

  @Test
  void aWaitDisarmedInTimeIsNeverEnded() throws Exception {
    AtomicInteger early = new AtomicInteger();
    WaitWatchdog.Deadline disarmed = WaitWatchdog.deadline(early::incrementAndGet);
    disarmed.arm(40 * MS);
    assertThat(disarmed.disarm()).isTrue();
    // Had it stayed armed, the watchdog would have ended it at 40 ms, before this one at 400 ms.
    CountDownLatch later = new CountDownLatch(1);
    WaitWatchdog.deadline(later::countDown).arm(400 * MS);
    assertThat(later.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(early.get()).isZero();
    assertThat(disarmed.expired()).isFalse();
  }

  @Test
  void untimedFutureWaitsEndAtTheirDeadlinesAndAnsweredOnesDoNot() throws Exception {
    List<CompletableFuture<String>> answers = new ArrayList<>();
    List<CompletableFuture<String>> outcomes = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      CompletableFuture<String> answer = new CompletableFuture<>();
      answers.add(answer);
      outcomes.add(CompletableFuture.supplyAsync(() -> waitFor(answer, 300 * MS),
          r -> Thread.ofVirtual().start(r)));
    }
    for (int i = 0; i < 64; i += 2) answers.get(i).complete("answer " + i);
    for (int i = 0; i < 64; i++) {
      assertThat(outcomes.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i % 2 == 0 ? "answer " + i : "timed out");
    }
  }

  @Test
  void anActionThatThrowsDoesNotStopTheWatch() throws Exception {
    WaitWatchdog.Deadline broken = WaitWatchdog.deadline(() -> {
      throw new IllegalStateException("broken action");
    });
    broken.arm(10 * MS);
    CountDownLatch after = new CountDownLatch(1);
    WaitWatchdog.Deadline next = WaitWatchdog.deadline(after::countDown);
    next.arm(60 * MS);
    assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(broken.disarm()).isFalse();
    assertThat(next.disarm()).isFalse();
  }

  @Test
  void aDeadlineArmedAgainAfterExpiringIsWatchedAgain() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch once = new CountDownLatch(1);
    CountDownLatch twice = new CountDownLatch(2);
    WaitWatchdog.Deadline d = WaitWatchdog.deadline(() -> {
      runs.incrementAndGet();
      once.countDown();
      twice.countDown();
    });
    for (int i = 0; i < 200; i++) { // armed and disarmed in time, as a body read after read
      d.arm(TimeUnit.SECONDS.toNanos(30));
      assertThat(d.disarm()).isTrue();
    }
    d.arm(20 * MS);
    assertThat(once.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(d.expired()).isTrue();
    assertThat(d.disarm()).isFalse();
    d.arm(20 * MS);
    assertThat(twice.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(d.disarm()).isFalse();
    assertThat(runs.get()).isEqualTo(2);
  }

  @Test
  void anActionMayExtendTheWaitUntilItsOwnerDisarmsIt() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch thrice = new CountDownLatch(3);
    WaitWatchdog.Deadline[] self = new WaitWatchdog.Deadline[1];
    self[0] = WaitWatchdog.deadline(() -> {
      // As the HTTP/2 reader's idle wait while streams are at work; the third time for long.
      self[0].extend(runs.incrementAndGet() < 3 ? 10 * MS : TimeUnit.SECONDS.toNanos(30));
      thrice.countDown();
    });
    self[0].arm(10 * MS);
    assertThat(thrice.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(self[0].disarm()).as("extended, not timed out").isTrue();
    int after = runs.get();
    // Disarmed for good: an extension racing with the disarm does not arm it again.
    self[0].extend(10 * MS);
    CountDownLatch later = new CountDownLatch(1);
    WaitWatchdog.Deadline check = WaitWatchdog.deadline(later::countDown);
    check.arm(200 * MS);
    assertThat(later.await(10, TimeUnit.SECONDS)).isTrue();
    check.disarm();
    assertThat(runs.get()).isLessThanOrEqualTo(after + 1); // at most the run already under way
    assertThat(self[0].expired()).isFalse();
  }

  @Test
  void aCenturyMeansNoLimitAndIsNotWatched() {
    WaitWatchdog.Deadline d = WaitWatchdog.deadline(() -> {
      throw new AssertionError("never");
    });
    d.arm(Long.MAX_VALUE);
    assertThat(d.expired()).isFalse();
    assertThat(d.disarm()).isTrue();
  }

  /** How the HTTP/2 client waits for a head: untimed, ended by the watchdog. */
  private static String waitFor(CompletableFuture<String> answer, long timeoutNanos) {
    WaitWatchdog.Deadline d = WaitWatchdog.deadline(() -> answer.completeExceptionally(new TimeoutException()));
    d.arm(timeoutNanos);
    try {
      return answer.get();
    } catch (ExecutionException e) {
      return e.getCause() instanceof TimeoutException && d.expired() ? "timed out" : "failed";
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    } finally {
      d.disarm();
    }
  }
}

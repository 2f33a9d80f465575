package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The exchange dispatcher of the selector path: every task runs exactly once, a task that blocks
 * never holds up the tasks queued behind it, and idle workers end on stop.
 */
class WorkersTest {
  final Set<Thread> threads = ConcurrentHashMap.newKeySet();

  Workers workers(int maxIdle) {
    return new Workers(r -> {
      Thread t = Thread.ofVirtual().unstarted(r);
      threads.add(t);
      return t;
    }, maxIdle);
  }

  @Test
  void everyTaskFromManySubmittersRunsExactlyOnce() throws Exception {
    Workers workers = workers(16);
    int submitters = 4;
    int each = 5_000;
    AtomicInteger[] runs = new AtomicInteger[submitters * each];
    for (int i = 0; i < runs.length; i++) runs[i] = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(runs.length);
    Thread[] producers = new Thread[submitters];
    for (int p = 0; p < submitters; p++) {
      int base = p * each;
      producers[p] = Thread.ofPlatform().start(() -> {
        for (int i = 0; i < each; i++) {
          AtomicInteger counter = runs[base + i];
          workers.execute(() -> {
            counter.incrementAndGet();
            done.countDown();
          });
        }
      });
    }
    for (Thread t : producers) t.join();
    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    workers.stop();
    for (AtomicInteger r : runs) assertThat(r.get()).isEqualTo(1);
  }

  @Test
  void anInterruptATaskLeavesSetDoesNotReachTheNextTaskOnItsWorker() throws Exception {
    // HTTP/2 streams and exchanges share the workers: a handler that leaves its thread
    // interrupted must not fail the next connection's socket calls on that worker.
    Workers workers = workers(16);
    CountDownLatch first = new CountDownLatch(1);
    Thread[] ranOn = new Thread[2];
    workers.execute(() -> {
      ranOn[0] = Thread.currentThread();
      Thread.currentThread().interrupt();
      first.countDown();
    });
    assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
    // Only an idle worker is handed the next task: submitted while the first is still finishing,
    // it would start a second worker (seen once in a full run).
    assertThat(parksWithin(ranOn[0], 10)).as("the worker went idle").isTrue();
    CountDownLatch second = new CountDownLatch(1);
    boolean[] interrupted = {true};
    workers.execute(() -> {
      ranOn[1] = Thread.currentThread();
      interrupted[0] = Thread.currentThread().isInterrupted();
      second.countDown();
    });
    assertThat(second.await(10, TimeUnit.SECONDS)).isTrue();
    workers.stop();
    assertThat(ranOn[1]).as("the idle worker took the next task").isSameAs(ranOn[0]);
    assertThat(interrupted[0]).isFalse();
  }

  /** Whether {@code t} is parked (a virtual thread's WAITING) within {@code seconds}. */
  static boolean parksWithin(Thread t, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (t.getState() != Thread.State.WAITING) {
      if (System.nanoTime() - deadline > 0) return false;
      Thread.sleep(1); // polling a state no latch reports
    }
    return true;
  }

  @Test
  void aTaskThatBlocksDoesNotHoldUpTheTasksQueuedBehindIt() throws Exception {
    Workers workers = workers(16);
    // Each task blocks until the one submitted after it has run: served one by one, the first
    // would wait forever. The last one releases the chain.
    int n = 50;
    CountDownLatch[] ran = new CountDownLatch[n];
    for (int i = 0; i < n; i++) ran[i] = new CountDownLatch(1);
    for (int i = 0; i < n; i++) {
      int me = i;
      workers.execute(() -> {
        try {
          if (me + 1 < n) assertThat(ran[me + 1].await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        ran[me].countDown();
      });
    }
    assertThat(ran[0].await(30, TimeUnit.SECONDS)).isTrue();
    workers.stop();
  }

  @Test
  void aBlockedTaskDoesNotHoldUpTasksSubmittedLater() throws Exception {
    Workers workers = workers(16);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocked = new CountDownLatch(1);
    workers.execute(() -> {
      blocked.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
    for (int round = 0; round < 100; round++) {
      CountDownLatch ran = new CountDownLatch(1);
      workers.execute(ran::countDown);
      assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    }
    release.countDown();
    workers.stop();
  }

  @Test
  void idleWorkersAreReusedAndEndOnStop() throws Exception {
    Workers workers = workers(16);
    for (int round = 0; round < 200; round++) {
      CountDownLatch ran = new CountDownLatch(1);
      workers.execute(ran::countDown);
      assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    }
    // one task at a time: a worker that finished is woken for the next instead of a new one
    assertThat(threads.size()).isLessThan(200);
    workers.stop();
    for (Thread t : threads) {
      t.join(10_000);
      assertThat(t.isAlive()).as("worker ended").isFalse();
    }
  }

  @Test
  void tasksSubmittedAfterStopStillRun() throws Exception {
    Workers workers = workers(16);
    workers.stop();
    CountDownLatch ran = new CountDownLatch(1);
    workers.execute(ran::countDown);
    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void moreParkedWorkersThanSlotsEnd() throws Exception {
    Workers workers = workers(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(3);
    for (int i = 0; i < 3; i++) {
      workers.execute(() -> {
        started.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    release.countDown();
    // three workers, one idle slot: at least two end without a stop
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (threads.stream().filter(Thread::isAlive).count() > 1 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      Thread.yield();
    }
    assertThat(threads.stream().filter(Thread::isAlive).count()).isLessThanOrEqualTo(1);
    workers.stop();
  }
}

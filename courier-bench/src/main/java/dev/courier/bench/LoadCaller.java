package dev.courier.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One caller of a {@link ClientLoad} run: calls its client until the deadline, keeps every 8th
 * latency in its own buffer (ended by -1 when not full) and adds what it did to the run's tally.
 * It then stays alive until the run's counters have been read ({@link Tally#release}): a
 * platform thread that has just ended is, for a moment, in neither the live threads' allocation
 * nor the exited threads' total the JVM keeps, and the counter then reads as before the run. On
 * JDK 25, threads that allocated 2 GB and were read as soon as they signalled done (or even once
 * joined) went missing in 4 to 7 reads of 40; kept alive until read, in none of 80. Runs had shown
 * rounds of 0 bytes per request. Allocation by virtual threads is counted on their carriers,
 * which do not end.
 *
 * <p>A class with fields rather than a lambda on purpose. The lambda this replaces captured seven
 * values, so its body was a static method with seven parameters, and the JIT passed the last one on
 * the stack. That frame is the lowest one a caller's virtual thread thaws on every park (the frames
 * below it never return while the run lasts), and HotSpot did not reuse a stack chunk emptied above
 * a frame with stack arguments: the chunk held one word too few for the same frames again, so every
 * park allocated a new one. Measured on JDK 25 against nginx, 64 virtual-thread callers: Courier
 * 2.4–2.6 KB per request from the second round on against 1.2 KB with this class, OkHttp 10.2–10.8 KB
 * against 8.3 KB; platform threads and the sequential caller were not affected. {@link #run} takes
 * no argument, so no caller pays for the harness's shape.
 *
 * <pre>{@code
 * LoadCaller.Tally tally = new LoadCaller.Tally(1);
 * Thread.ofVirtual().start(new LoadCaller(client, deadline, tally, new long[1 << 16]));
 * tally.done().await();      // then read the counters
 * tally.release().countDown();
 * }</pre>
 */
final class LoadCaller implements Runnable {
  /** What all callers of one run did, read once they are done. */
  record Tally(AtomicLong requests, AtomicLong errors, AtomicReference<Throwable> firstError, CountDownLatch done,
      CountDownLatch release) {
    Tally(int callers) {
      this(new AtomicLong(), new AtomicLong(), new AtomicReference<>(), new CountDownLatch(callers),
          new CountDownLatch(1));
    }
  }

  private final LoadClient client;
  private final long deadline;
  private final Tally tally;
  private final long[] latencies;

  LoadCaller(LoadClient client, long deadline, Tally tally, long[] latencies) {
    this.client = client;
    this.deadline = deadline;
    this.tally = tally;
    this.latencies = latencies;
  }

  @Override public void run() {
    long count = 0;
    int kept = 0;
    try {
      while (System.nanoTime() < deadline) {
        long t0 = System.nanoTime();
        try {
          client.get();
        } catch (Exception e) {
          tally.errors().incrementAndGet();
          tally.firstError().compareAndSet(null, e);
        }
        if ((count++ & 7) == 0 && kept < latencies.length) latencies[kept++] = System.nanoTime() - t0;
      }
    } finally {
      tally.requests().addAndGet(count);
      if (kept < latencies.length) latencies[kept] = -1;
      tally.done().countDown();
      awaitRelease();
    }
  }

  private void awaitRelease() {
    boolean interrupted = false;
    while (true) {
      try {
        tally.release().await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }
}

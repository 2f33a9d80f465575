package dev.courier.bench;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Heap allocated per iteration by virtual threads that park, without any I/O: each iteration
 * optionally yields at one stack depth, then parks at another until a platform thread unparks it.
 * It shows when HotSpot reuses a virtual thread's stack chunk (the heap copy of its frames) and
 * when it allocates a new one. {@link LoadCaller} says how the client benchmark's own caller once
 * made every park of every client allocate a chunk.
 *
 * <pre>
 * java -cp courier-bench/target/benchmarks.jar dev.courier.bench.StackChunkProbe 64 -1 60 3   # park only
 * java -cp courier-bench/target/benchmarks.jar dev.courier.bench.StackChunkProbe 64 0 60 3    # yield, then park
 * java -Dprobe.compileLoop=20000 -cp ... dev.courier.bench.StackChunkProbe 64 0 60 3         # loop compiled first
 * </pre>
 *
 * <p>Arguments: threads, yield depth (-1: no yield), park depth, seconds. Seen on JDK 25 with
 * ParallelGC, 64 threads, 2 cores: a park alone costs 31 bytes per iteration (the scheduler's task;
 * the chunk is reused); a yield then a park at depth 60 costs 146–191 bytes, mostly new chunks
 * made at the park; with the threads' loop compiled before they start ({@code
 * -Dprobe.compileLoop=20000}), or under {@code -Xcomp}, 55 bytes, which is the yield's task and no
 * chunk. While an interpreted frame is on the stack HotSpot freezes on its slow path, thaws a
 * frame or two at a time and does not empty the chunk, so a park that needs more room than the
 * last thaw freed gets a new chunk for the frames above. The shape matters: with {@link
 * #iteration} written into the loop, the interpreted loop paid nothing.
 */
public final class StackChunkProbe {
  private static AtomicReferenceArray<Thread> parked;
  private static int yieldDepth;
  private static int parkDepth;

  private StackChunkProbe() {}

  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[0]);
    yieldDepth = Integer.parseInt(args[1]);
    parkDepth = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    parked = new AtomicReferenceArray<>(threads);
    Thread.ofPlatform().daemon().start(() -> {
      while (true) {
        for (int i = 0; i < threads; i++) {
          Thread t = parked.get(i);
          if (t != null && parked.compareAndSet(i, t, null)) LockSupport.unpark(t);
        }
      }
    });
    for (int i = 0; i < Integer.getInteger("probe.compileLoop", 0); i++) {
      Thread.ofVirtual().start(() -> loop(0, 0)).join();
    }
    run(threads, 2); // warm-up
    double perIteration = run(threads, seconds);
    System.out.printf(Locale.ROOT, "threads %d, yield depth %d, park depth %d: %.1f B/iteration%n", threads,
        yieldDepth, parkDepth, perIteration);
  }

  private static double run(int threads, int seconds) throws InterruptedException {
    ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    AtomicLong iterations = new AtomicLong();
    CountDownLatch done = new CountDownLatch(threads);
    long before = mx.getTotalThreadAllocatedBytes();
    for (int i = 0; i < threads; i++) {
      int slot = i;
      Thread.ofVirtual().start(() -> {
        iterations.addAndGet(loop(deadline, slot));
        done.countDown();
      });
    }
    done.await();
    return (double) (mx.getTotalThreadAllocatedBytes() - before) / iterations.get();
  }

  /** The threads' loop: a method of its own so that it can be compiled before they start. */
  private static long loop(long deadline, int slot) {
    long n = 0;
    while (System.nanoTime() < deadline) {
      iteration(slot);
      n++;
    }
    return n;
  }

  private static void iteration(int slot) {
    if (yieldDepth >= 0) down(yieldDepth, slot, true);
    down(parkDepth, slot, false);
  }

  /** Recurses {@code depth} frames (each keeps a live value), then yields or parks. */
  private static long down(int depth, int slot, boolean yield) {
    if (depth > 0) {
      long mine = depth * 31L + slot;
      return down(depth - 1, slot, yield) ^ mine;
    }
    if (yield) {
      Thread.yield();
      return 1;
    }
    Thread me = Thread.currentThread();
    parked.set(slot, me);
    while (parked.get(slot) == me) LockSupport.park();
    return 2;
  }
}

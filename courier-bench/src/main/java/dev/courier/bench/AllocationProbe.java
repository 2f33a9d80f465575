package dev.courier.bench;

import com.sun.management.ThreadMXBean;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * Runs in a benchmarked server's JVM: answers each {@code alloc} line on standard input with the
 * bytes the JVM's threads have allocated so far. Virtual threads allocate in their carrier's
 * buffers, so the carriers' counters include them; the harness takes the difference across a
 * measured run and divides by the requests wrk completed.
 */
final class AllocationProbe {
  private AllocationProbe() {}

  static void answerOnStdin() {
    Thread.ofPlatform().daemon().name("allocation-probe").start(() -> {
      ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
      try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII))) {
        for (String line; (line = in.readLine()) != null; ) {
          if (line.equals("alloc")) {
            System.out.println("alloc " + mx.getTotalThreadAllocatedBytes());
            System.out.flush();
          }
        }
      } catch (java.io.IOException e) {
        // the harness went away; the server is killed next
      }
    });
  }
}

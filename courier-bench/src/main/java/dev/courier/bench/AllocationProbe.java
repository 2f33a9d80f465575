package dev.courier.bench;

import com.sun.management.ThreadMXBean;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Runs in a benchmarked server's JVM: answers each {@code alloc} line on standard input with the
 * bytes the JVM's threads have allocated so far, and each {@code heap} line with the bytes live
 * on the heap after a full collection and those of direct buffers. Virtual threads allocate in
 * their carrier's buffers, so the carriers' counters include them; the harness takes the
 * difference across a measured run and divides by the requests wrk completed ({@code alloc}), or
 * across opening idle connections and divides by their number ({@code heap}).
 */
final class AllocationProbe {
  private AllocationProbe() {}

  /**
   * Bytes of the objects live on the heap: a class histogram's, which collects first, less the
   * fillers the collector leaves in dead space it did not compact (ParallelGC kept 21 MB of
   * {@code jdk.internal.vm.FillerElement[]} after 1,000 closed connections). The heap's "used"
   * figure after {@code System.gc()} is no measure either: it held 10 MiB of eden after each of
   * three full collections of an idle server.
   */
  private static long liveHeapBytes() {
    try {
      String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
          new Object[] {null}, new String[] {String[].class.getName()});
      long bytes = 0;
      for (String line : histogram.lines().toList()) {
        // "   1:   30160   41731504  [B (java.base@25)": rank, instances, bytes, class
        String[] columns = line.trim().split("\\s+");
        if (columns.length < 4 || !columns[0].endsWith(":") || columns[3].contains("jdk.internal.vm.Filler")) continue;
        bytes += Long.parseLong(columns[2]);
      }
      return bytes;
    } catch (JMException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Bytes held by direct and mapped buffers, which live outside the heap. */
  private static long directBufferBytes() {
    long bytes = 0;
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) bytes += pool.getMemoryUsed();
    return bytes;
  }

  static void answerOnStdin() {
    Thread.ofPlatform().daemon().name("allocation-probe").start(() -> {
      ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
      try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII))) {
        for (String line; (line = in.readLine()) != null; ) {
          if (line.equals("alloc")) {
            System.out.println("alloc " + mx.getTotalThreadAllocatedBytes());
            System.out.flush();
          } else if (line.equals("heap")) {
            System.out.println("heap " + liveHeapBytes() + " " + directBufferBytes());
            System.out.flush();
          }
        }
      } catch (java.io.IOException e) {
        // the harness went away; the server is killed next
      }
    });
  }
}

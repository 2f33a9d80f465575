package dev.courier.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.courier.Session;
import dev.courier.testing.MockResponse;
import dev.courier.testing.MockServer;
import dev.courier.testing.MockTransport;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@link MockTransportBenchmark}'s comparison by CPU time rather than wall time, so that it holds
 * on a machine shared with other work: the process's CPU time per call (the client, and for
 * loopback the {@link MockServer}'s threads too, since both run in this JVM), in alternating rounds,
 * reporting the median round of each.
 *
 * <pre>
 * java -cp courier-bench/target/benchmarks.jar dev.courier.bench.MockTransportCpuTime [rounds] [calls per round]
 * </pre>
 */
public final class MockTransportCpuTime {
  private static Object sink;

  private MockTransportCpuTime() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 11;
    int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
    MockResponse answer = MockResponse.json(Map.of(
        "id", 12345, "name", "Ada Lovelace", "roles", List.of("admin", "dev"), "active", true));
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    MockTransport transport = MockTransport.of(request -> answer).keepRequests(1_000);
    try (MockServer server = MockServer.builder().keepRequests(1_000).start();
        Session inMemory = transport.session();
        Session loopback = Session.builder().build()) {
      server.dispatcher(request -> answer);
      String url = server.url("/users/12345");
      Runnable viaTransport = () -> sink = inMemory.get("http://api.test/users/12345").json();
      Runnable viaLoopback = () -> sink = loopback.get(url).json();
      for (int i = 0; i < 3; i++) { // warm up both paths
        repeat(viaTransport, perRound);
        repeat(viaLoopback, perRound);
      }
      long[] t = new long[rounds];
      long[] l = new long[rounds];
      for (int r = 0; r < rounds; r++) {
        t[r] = cpu(os, viaTransport, perRound);
        l[r] = cpu(os, viaLoopback, perRound);
      }
      double tNs = median(t) / (double) perRound;
      double lNs = median(l) / (double) perRound;
      System.out.printf("MockTransport         %8.0f ns CPU/call%n", tNs);
      System.out.printf("MockServer loopback   %8.0f ns CPU/call (client and server threads)%n", lNs);
      System.out.printf("loopback / transport  %8.1f x%n", lNs / tNs);
    }
  }

  private static long cpu(OperatingSystemMXBean os, Runnable call, int n) {
    long start = os.getProcessCpuTime();
    repeat(call, n);
    return os.getProcessCpuTime() - start;
  }

  private static void repeat(Runnable call, int n) {
    for (int i = 0; i < n; i++) {
      call.run();
    }
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}

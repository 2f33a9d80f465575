package dev.courier.bench;

import com.sun.management.ThreadMXBean;
import dev.courier.Session;
import dev.courier.client.HttpConnection;
import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * The cost of the convenience layer, measured with the calling thread's own CPU clock and
 * allocation counter so that the figures hold on a machine shared with other work (where JMH
 * throughput swings by a factor of two): {@code session.get(url).bytes()} against a bare
 * {@link HttpConnection} GET and a bare socket that writes a fixed request and reads the answer by
 * its Content-Length (the floor: what the JDK and the kernel alone cost), all of the same small
 * JSON from the same local nginx, in alternating rounds, reporting the median round of each. The server's CPU time is not counted; what is left
 * is the client's work per request (syscalls included).
 *
 * <pre>
 * java -cp courier-bench/target/benchmarks.jar dev.courier.bench.SessionCpuTime [rounds] [requests per round]
 * </pre>
 */
public final class SessionCpuTime {
  private static Object sink;

  private SessionCpuTime() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (LocalNginx nginx = LocalNginx.startOrUseExisting(Map.of("small.json", SessionBenchmark.JSON));
        Session session = Session.builder().maxConnectionsPerRoute(64).build()) {
      String url = "http://127.0.0.1:" + nginx.port() + "/small.json";
      HttpConnection bare = new HttpConnection("127.0.0.1", nginx.port());
      CourierLayers.RawSocket socket = CourierLayers.RawSocket.open("127.0.0.1", nginx.port());
      byte[] fixedRequest = ("GET /small.json HTTP/1.1\r\nHost: 127.0.0.1:" + nginx.port() + "\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      String[] names = {"session.get(url).bytes()", "bare HttpConnection GET", "bare socket, fixed request"};
      Task[] tasks = {
        () -> session.get(url).bytes(),
        () -> {
          bare.request("GET", "/small.json");
          return bare.getResponse().read();
        },
        () -> socket.exchange(fixedRequest),
      };
      for (int i = 0; i < 3; i++) { // warm up every path
        for (Task task : tasks) run(task, perRound);
      }
      long[][][] figures = new long[tasks.length][2][rounds]; // task, (CPU ns, bytes), round
      for (int r = 0; r < rounds; r++) {
        for (int t = 0; t < tasks.length; t++) measure(mx, tasks[t], perRound, figures[t], r);
      }
      double[] cpu = new double[tasks.length];
      for (int t = 0; t < tasks.length; t++) {
        cpu[t] = median(figures[t][0]) / perRound;
        System.out.printf("%-28s %8.0f ns CPU/op  %7.0f B/op%n", names[t], cpu[t], median(figures[t][1]) / perRound);
      }
      System.out.printf("session / bare connection    %8.2f x%n", cpu[0] / cpu[1]);
      System.out.printf("session / bare socket        %8.2f x%n", cpu[0] / cpu[2]);
      bare.close();
      socket.close();
      System.out.println("(last body " + ((byte[]) sink).length + " bytes)");
    }
  }

  private interface Task {
    Object call() throws Exception;
  }

  private static void run(Task task, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      sink = task.call();
    }
  }

  private static void measure(ThreadMXBean mx, Task task, int n, long[][] out, int round) throws Exception {
    long id = Thread.currentThread().threadId();
    long cpu0 = mx.getCurrentThreadCpuTime();
    long bytes0 = mx.getThreadAllocatedBytes(id);
    run(task, n);
    out[1][round] = mx.getThreadAllocatedBytes(id) - bytes0;
    out[0][round] = mx.getCurrentThreadCpuTime() - cpu0;
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}

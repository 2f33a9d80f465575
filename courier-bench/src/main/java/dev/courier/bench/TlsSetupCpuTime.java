package dev.courier.bench;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import dev.courier.Session;
import dev.courier.net.TlsSettings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a new TLS connection costs each client: every call GETs a local nginx's {@link
 * LocalNginx#CLOSING} path, where nginx closes the connection after the answer, so each call
 * connects and shakes hands again, resuming the TLS session when the client kept it (nginx logs
 * which did, and the table shows the share). The clients of {@link HttpsLoadClients}, one instance
 * each, beside three ways of using Courier a call at a time: a new {@code Session} per call with
 * one {@code TlsSettings}, with a new {@code TlsSettings} of the same trust (both share one TLS
 * session cache), and with a new {@code SSLContext} of its own (a full handshake every time, what
 * every new session cost before session 15). Rounds alternate between the clients; each figure is the median
 * round's, per call: the wall time, the process's CPU (the clients' own threads, and JIT and GC,
 * included) and the bytes all threads allocated.
 *
 * <pre>
 * java -cp courier-bench/target/benchmarks.jar dev.courier.bench.TlsSetupCpuTime [rounds] [calls per round]
 * </pre>
 */
public final class TlsSetupCpuTime {
  private static Object sink;

  private TlsSetupCpuTime() {}

  private interface Call {
    Object run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
    int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (LocalNginx nginx = LocalNginx.startHttps(Map.of("small.json", SessionBenchmark.JSON))) {
      String url = "https://127.0.0.1:" + nginx.port() + LocalNginx.CLOSING + "small.json";
      BenchCertificate certificate = nginx.certificate();
      Map<String, Call> calls = new LinkedHashMap<>();
      List<AutoCloseable> clients = new ArrayList<>();
      for (String name : HttpsLoadClients.NAMES) {
        LoadClient client = HttpsLoadClients.create(name, url, certificate);
        clients.add(client);
        calls.put(name, client::get);
      }
      TlsSettings shared = trusting(certificate);
      calls.put("courier, new Session per call", () -> {
        try (Session session = Session.builder().tls(shared).build()) {
          return session.get(url).bytes();
        }
      });
      calls.put("courier, new Session and TlsSettings per call", () -> {
        try (Session session = Session.builder().tls(trusting(certificate)).build()) {
          return session.get(url).bytes();
        }
      });
      calls.put("courier, new Session and SSLContext per call", () -> {
        TlsSettings own = TlsSettings.builder().sslContext(certificate.clientContext()).build();
        try (Session session = Session.builder().tls(own).build()) {
          return session.get(url).bytes();
        }
      });
      try {
        for (int i = 0; i < 3; i++) { // warm up every path
          for (Call call : calls.values()) run(call, perRound);
        }
        List<String> names = List.copyOf(calls.keySet());
        double[][][] figures = new double[names.size()][3][rounds]; // call, (wall, cpu, bytes), round
        long[] resumed = new long[names.size()];
        long[] logged = new long[names.size()];
        for (int r = 0; r < rounds; r++) {
          for (int c = 0; c < names.size(); c++) {
            List<String> before = Files.readAllLines(nginx.closingLog());
            long wall0 = System.nanoTime();
            long cpu0 = os.getProcessCpuTime();
            long bytes0 = threads.getTotalThreadAllocatedBytes();
            run(calls.get(names.get(c)), perRound);
            figures[c][2][r] = (double) (threads.getTotalThreadAllocatedBytes() - bytes0) / perRound;
            figures[c][1][r] = (os.getProcessCpuTime() - cpu0) / 1e3 / perRound;
            figures[c][0][r] = (System.nanoTime() - wall0) / 1e3 / perRound;
            List<String> lines = lines(nginx.closingLog(), before.size());
            logged[c] += lines.size();
            resumed[c] += lines.stream().filter("r"::equals).count();
          }
        }
        print(names, figures, resumed, logged, rounds, perRound);
      } finally {
        for (AutoCloseable client : clients) client.close();
      }
      System.out.println("(last body " + ((byte[]) sink).length + " bytes)");
    }
  }

  private static TlsSettings trusting(BenchCertificate certificate) {
    return TlsSettings.builder().trustedCertificates(List.of(certificate.x509())).build();
  }

  private static void run(Call call, int n) throws Exception {
    for (int i = 0; i < n; i++) sink = call.run();
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return BenchReport.median(sorted);
  }

  /** The log's lines after the first {@code skip}: the requests of the last run. */
  private static List<String> lines(Path log, int skip) throws IOException {
    List<String> all = Files.readAllLines(log);
    return all.subList(Math.min(skip, all.size()), all.size());
  }

  private static void print(List<String> names, double[][][] figures, long[] resumed, long[] logged,
      int rounds, int perRound) {
    System.out.printf(Locale.ROOT, "%d rounds of %d calls, each on a new TLS connection (medians per call)%n",
        rounds, perRound);
    System.out.printf(Locale.ROOT, "%-46s %9s %9s %9s %8s %10s%n", "client", "wall us", "CPU us", "KB", "resumed",
        "CPU/courier");
    double courierCpu = median(figures[0][1]);
    for (int c = 0; c < names.size(); c++) {
      double cpu = median(figures[c][1]);
      System.out.printf(Locale.ROOT, "%-46s %9.0f %9.0f %9.1f %7.0f%% %10.2f%n", names.get(c),
          median(figures[c][0]), cpu, median(figures[c][2]) / 1024,
          logged[c] == 0 ? 0 : 100.0 * resumed[c] / logged[c], cpu / courierCpu);
    }
  }
}

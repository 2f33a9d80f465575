package dev.courier.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * What an idle keep-alive connection costs each server in memory: the servers of {@link
 * ServerBenchmark} in their own processes, one after the other in each round, are each sent
 * {@code --connections} plain and {@code --tls-connections} HTTPS connections ({@link
 * HeldConnections}) that ask one {@code GET /plaintext} and then wait. The figures per connection
 * are the differences across opening them: the JVM's live heap after a full collection, its
 * direct buffers, and the process's resident memory (for nginx, the only figure: its workers'
 * RSS). After the measure every connection is asked once more, to prove none was closed
 * meanwhile, and then all are closed: what is still held after that (a cache, or a leak) is the
 * last column. A warm-up pass of the same connections runs first, so that classes, JIT code and
 * the servers' buffer pools are in place before the baseline. With {@code --protocol h2c} the
 * connections speak HTTP/2 instead: h2c with prior knowledge on the plain port, ALPN {@code h2} on
 * the TLS one, to the servers that have an HTTP/2 variant (Courier, Jetty, Netty and nginx).
 *
 * <pre>
 * courier-bench/run-server-bench.sh idle                                   # 2,000 plain, 1,000 TLS, 3 rounds
 * courier-bench/run-server-bench.sh idle --protocol h2c                    # the same over HTTP/2
 * courier-bench/run-server-bench.sh idle --connections 5000 --tls-connections 0 --servers courier,netty
 * </pre>
 */
public final class IdleConnectionMemory {
  private IdleConnectionMemory() {}

  /** The run's settings. */
  record Options(int connections, int tlsConnections, List<String> servers, String gc, int rounds, Path out,
      boolean h2) {
    static Options parse(String[] args) {
      int connections = 2000;
      int tlsConnections = 1000;
      List<String> servers = null;
      boolean h2 = false;
      String gc = "parallel";
      int rounds = 3;
      Path out = Path.of("courier-bench", "target", "idle-report");
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--connections" -> connections = Integer.parseInt(args[++i]);
          case "--tls-connections" -> tlsConnections = Integer.parseInt(args[++i]);
          case "--servers" -> servers = List.of(args[++i].split(","));
          case "--gc" -> gc = args[++i];
          case "--rounds" -> rounds = Integer.parseInt(args[++i]);
          case "--out" -> out = Path.of(args[++i]);
          case "--protocol" -> h2 = switch (args[++i]) {
            case "http1" -> false;
            case "h2c" -> true;
            default -> throw new IllegalArgumentException("--protocol is http1 or h2c, not " + args[i]);
          };
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      ServerBenchmark.gcFlag(gc);
      if (servers == null) {
        servers = h2 ? List.of("courier", "jetty", "netty", "nginx")
            : List.of("courier", "jdk", "jetty", "undertow", "netty", "nginx");
      }
      return new Options(connections, tlsConnections, servers, gc, rounds, out, h2);
    }

    String protocol() {
      return h2 ? "h2c" : "http1";
    }

    /** How a row names its transport. */
    String transport(boolean tls) {
      if (h2) return tls ? "h2 (TLS)" : "h2c";
      return tls ? "TLS" : "plain";
    }
  }

  /** One round's figures for one server and transport, per connection; NaN where it has none. */
  record Held(String server, boolean tls, int connections, int stillOpen, double heapBytes, double directBytes,
      double residentBytes, double heapLeftAfterClose) {}

  /** The memory figures at one moment. */
  private record Snapshot(Optional<long[]> live, long resident) {
    static Snapshot of(ServerProcess server) throws InterruptedException {
      return new Snapshot(server.liveBytes(), server.residentBytes());
    }
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    Path work = Files.createTempDirectory("courier-idle");
    BenchCertificate certificate = BenchCertificate.create(work);
    SSLContext client = certificate.clientContext();
    Path staticDir = ServerBenchmark.staticFiles(work);
    Map<String, ServerProcess> running = new LinkedHashMap<>();
    Map<String, int[]> ports = new LinkedHashMap<>(); // plain, TLS
    List<Held> rows = new ArrayList<>();
    List<Held> firstBatches = new ArrayList<>(); // the warm-up round's
    List<String> jvmFlags = List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", ServerBenchmark.gcFlag(options.gc()));
    try {
      for (String name : options.servers()) {
        int[] port = {ServerBenchmark.freePort(), ServerBenchmark.freePort()};
        ports.put(name, port);
        BenchTls tls = new BenchTls(port[1], certificate.certificate(), certificate.key());
        running.put(name, ServerProcess.start(name, options.protocol(), port[0], tls, staticDir, work, jvmFlags));
        if (!options.h2()) { // over HTTP/2 the warm-up round's connections check every answer
          ServerBenchmark.checkPlaintext(name, port[0]);
          BenchTls.verify(port[1], certificate);
        }
      }
      for (int round = 0; round <= options.rounds(); round++) { // round 0 warms up
        for (String name : options.servers()) {
          for (boolean tls : new boolean[] {false, true}) {
            int count = tls ? options.tlsConnections() : options.connections();
            if (count == 0) continue;
            Held held = measure(running.get(name), ports.get(name)[tls ? 1 : 0], count, tls ? client : null, tls,
                options.h2());
            System.err.printf(Locale.ROOT, "%s %-9s %-8s %5d connections (%d still open): heap %7.0f B, "
                + "direct %6.0f B, RSS %7.0f B per connection; heap left after close %6.0f B%n",
                round == 0 ? "warm-up" : "round " + round, name, options.transport(tls), count, held.stillOpen(),
                held.heapBytes(), held.directBytes(), held.residentBytes(), held.heapLeftAfterClose());
            (round > 0 ? rows : firstBatches).add(held);
          }
        }
      }
    } finally {
      for (ServerProcess p : running.values()) p.close();
    }
    Files.createDirectories(options.out());
    String report = report(rows, firstBatches, options, String.join(" ", args));
    String chart = BenchCharts.idle(options.out(), options.h2() ? "HTTP/2" : "HTTP/1.1",
        options.transport(false), options.transport(true), chartValues(rows, firstBatches, false),
        chartValues(rows, firstBatches, true));
    report += "\n![Memory per idle keep-alive connection](" + chart + ".png)\n";
    Files.writeString(options.out().resolve("report.md"), report);
    System.out.println(report);
    System.err.println("report: " + options.out().toAbsolutePath().resolve("report.md"));
  }

  private static Held measure(ServerProcess server, int port, int count, SSLContext tls, boolean overTls, boolean h2)
      throws IOException, InterruptedException {
    Snapshot before = Snapshot.of(server);
    Snapshot open;
    int stillOpen;
    try (HeldConnections held = HeldConnections.open(port, count, tls, h2)) {
      Thread.sleep(1000); // let each server finish what follows an answer (a read armed, a buffer dropped)
      open = Snapshot.of(server);
      stillOpen = held.stillOpen();
    }
    Thread.sleep(2000); // the servers see the closes and drop the connections
    Snapshot after = Snapshot.of(server);
    return new Held(server.name(), overTls, count, stillOpen,
        perConnection(before, open, 0, count), perConnection(before, open, 1, count),
        (double) (open.resident() - before.resident()) / count, perConnection(before, after, 0, count));
  }

  /** The growth of live figure {@code index} (0 heap, 1 direct) per connection; NaN for nginx. */
  private static double perConnection(Snapshot from, Snapshot to, int index, int count) {
    if (from.live().isEmpty() || to.live().isEmpty()) return Double.NaN;
    return (double) (to.live().get()[index] - from.live().get()[index]) / count;
  }

  /**
   * The table: the medians of {@code rows} per server and transport, beside the resident memory
   * that {@code firstBatches} (the warm-up round's, one per server and transport) added.
   */
  static String report(List<Held> rows, List<Held> firstBatches, Options o, String arguments) {
    StringBuilder md = new StringBuilder("# Memory per idle keep-alive connection\n\n");
    md.append(String.format(Locale.ROOT, """
        Run on %s: `courier-bench/run-server-bench.sh idle %s`. %d %s and %d %s connections
        per server, each after one `GET /plaintext`, from 127.0.0.2 onwards (%d per address); %d rounds after a
        warm-up round, servers one after the other in each; every JVM server `-Xms1g -Xmx1g -XX:+AlwaysPreTouch
        %s`, nginx with one worker; medians of the rounds, in bytes per connection; Java %s on %s.
        Heap: live after a full collection; direct: direct buffers; RSS: the process's resident memory
        (beyond the pre-touched heap); left after close: live heap still held 2 s after the connections closed;
        RSS, first batch: what the warm-up round's connections added to a fresh server's resident memory. That
        is nginx's only figure: its allocator keeps what the first batch freed, and later batches reuse it.
        A JVM's first batch adds its compiled code and classes too: its heap column is the measure.
        Every figure is per connection opened: where "still open" is lower, the server closed some (the JDK's
        server keeps at most 200 idle, Jetty closes after 30 s idle), and the figure is not per connection held.

        """, LocalDate.now(), arguments.strip(), o.connections(),
        o.h2() ? "h2c (prior knowledge)" : "plain HTTP/1.1", o.tlsConnections(),
        o.h2() ? "h2 (TLS 1.3, ALPN)" : "HTTPS (TLS 1.3, HTTP/1.1)", HeldConnections.PER_ADDRESS,
        o.rounds(), ServerBenchmark.gcFlag(o.gc()), System.getProperty("java.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.version")));
    md.append("| server | transport | connections | still open | heap B | direct B | RSS B | left after close B"
        + " | RSS B, first batch |\n");
    md.append("|---|---|--:|--:|--:|--:|--:|--:|--:|\n");
    Map<String, List<Held>> groups = new LinkedHashMap<>();
    for (Held h : rows) groups.computeIfAbsent(h.server() + (h.tls() ? " TLS" : " plain"), k -> new ArrayList<>()).add(h);
    for (boolean tls : new boolean[] {false, true}) {
      for (List<Held> rounds : groups.values()) {
        Held first = rounds.get(0);
        if (first.tls() != tls) continue;
        String firstBatch = firstBatches.stream().filter(h -> h.server().equals(first.server()) && h.tls() == tls)
            .map(h -> String.format(Locale.ROOT, "%,.0f", h.residentBytes())).findFirst().orElse("—");
        md.append(String.format(Locale.ROOT, "| %s | %s | %,d | %s | %s | %s | %s | %s | %s |%n", first.server(),
            o.transport(tls), first.connections(),
            rounds.stream().map(h -> Integer.toString(h.stillOpen())).reduce((a, b) -> a + ", " + b).orElse(""),
            bytes(rounds, Held::heapBytes), bytes(rounds, Held::directBytes), bytes(rounds, Held::residentBytes),
            bytes(rounds, Held::heapLeftAfterClose), firstBatch));
      }
    }
    return md.toString();
  }

  /**
   * The chart's bars for one transport: each JVM's median live heap per connection, and for nginx
   * (no heap) its first batch's resident memory, named so.
   */
  static Map<String, Double> chartValues(List<Held> rows, List<Held> firstBatches, boolean tls) {
    Map<String, List<Held>> byServer = new LinkedHashMap<>();
    for (Held h : rows) if (h.tls() == tls) byServer.computeIfAbsent(h.server(), k -> new ArrayList<>()).add(h);
    Map<String, Double> values = new LinkedHashMap<>();
    byServer.forEach((server, rounds) -> {
      double heap = BenchReport.median(rounds.stream().mapToDouble(Held::heapBytes).sorted().toArray());
      if (!Double.isNaN(heap)) {
        values.put(server, heap);
        return;
      }
      firstBatches.stream().filter(h -> h.server().equals(server) && h.tls() == tls).findFirst()
          .ifPresent(h -> values.put(server + " (RSS)", h.residentBytes()));
    });
    return values;
  }

  /** The median round's figure, rounded to bytes; a dash where the server has none (nginx's heap). */
  private static String bytes(List<Held> rounds, java.util.function.ToDoubleFunction<Held> metric) {
    double[] values = rounds.stream().mapToDouble(metric).sorted().toArray();
    if (Arrays.stream(values).anyMatch(Double::isNaN)) return "—";
    return String.format(Locale.ROOT, "%,.0f", BenchReport.median(values));
  }
}

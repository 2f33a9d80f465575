package dev.courier.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;

/**
 * Load benchmark of Courier's server against the JDK's {@code com.sun.net.httpserver}, Jetty 12,
 * Undertow, Netty and nginx, with wrk on loopback: {@code GET /plaintext} ("Hello, World!") at
 * each connection count, the same pipelined 16 deep, and a 1 MiB static file. Every server of a
 * collector runs at once in its own process (JVMs with the same flags; nginx with one worker);
 * rounds are interleaved server by server so that all see the same machine. Each run records
 * requests per second, latency percentiles, the server's CPU per request and, for JVMs, heap
 * allocated per request; {@link BenchReport} writes the table and charts.
 *
 * <pre>
 * courier-bench/run-server-bench.sh                                  # the full run (about 25 minutes)
 * courier-bench/run-server-bench.sh --duration 5 --rounds 1 --gcs parallel --servers courier,netty,nginx
 * courier-bench/run-server-bench.sh --servers courier,courier:-Djdk.pollerMode=1,netty   # a variant with JVM flags
 * java -cp benchmarks.jar dev.courier.bench.ServerBenchmark serve courier 8080 /tmp/static
 * </pre>
 */
public final class ServerBenchmark {
  private ServerBenchmark() {}

  /** Entry point: {@code serve NAME PORT DIR} runs one server; {@code run [options]} the comparison. */
  public static void main(String[] args) throws Exception {
    if (args.length >= 4 && args[0].equals("serve")) {
      AllocationProbe.answerOnStdin();
      BenchServers.start(args[1], Integer.parseInt(args[2]), Path.of(args[3]));
      System.out.println("listening");
      Thread.currentThread().join();
      return;
    }
    run(Options.parse(args), String.join(" ", args));
  }

  record Options(int duration, int warmup, List<Integer> connections, int threads, List<String> servers,
      List<String> gcs, int rounds, int pipeline, List<String> tests, Path out, boolean jfr) {
    static Options parse(String[] args) {
      int duration = 10;
      int warmup = 3;
      List<Integer> connections = List.of(64, 256);
      int threads = 1;
      List<String> servers = List.of("courier", "jdk", "jetty", "undertow", "netty", "nginx");
      List<String> gcs = List.of("parallel", "g1");
      int rounds = 3;
      int pipeline = 16;
      List<String> tests = List.of("plaintext", "pipelined", "file");
      Path out = Path.of("courier-bench", "target", "report");
      boolean jfr = false;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "run" -> { }
          case "--duration" -> duration = Integer.parseInt(args[++i]);
          case "--warmup" -> warmup = Integer.parseInt(args[++i]);
          case "--connections" -> connections = List.of(args[++i].split(",")).stream().map(Integer::valueOf).toList();
          case "--threads" -> threads = Integer.parseInt(args[++i]);
          case "--servers" -> servers = List.of(args[++i].split(","));
          case "--gcs" -> gcs = List.of(args[++i].split(","));
          case "--rounds" -> rounds = Integer.parseInt(args[++i]);
          case "--pipeline" -> pipeline = Integer.parseInt(args[++i]);
          case "--tests" -> tests = List.of(args[++i].split(","));
          case "--out" -> out = Path.of(args[++i]);
          case "--jfr" -> jfr = true;
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      for (String gc : gcs) gcFlag(gc);
      return new Options(duration, warmup, connections, threads, servers, gcs, rounds, pipeline, tests, out, jfr);
    }
  }

  /** One wrk scenario: a path, a connection count and a pipelining depth (1: none). */
  record Scenario(String test, String path, int connections, int pipeline) {}

  static void run(Options options, String arguments) throws Exception {
    Path work = Files.createTempDirectory("courier-bench");
    Path staticDir = staticFiles(work);
    List<Scenario> scenarios = scenarios(options);
    List<BenchRow> rows = new ArrayList<>();
    for (String gc : options.gcs()) {
      Map<String, ServerProcess> running = new LinkedHashMap<>();
      Map<String, Integer> ports = new LinkedHashMap<>();
      try {
        for (String name : options.servers()) {
          int port = freePort();
          ports.put(name, port);
          running.put(name, ServerProcess.start(name, port, staticDir, work, jvmFlags(gc, name, work, options)));
        }
        for (Scenario s : scenarios) {
          for (String name : options.servers()) {
            WrkRun.run(url(ports.get(name), s), options.warmup(), options.threads(), s.connections(), s.pipeline());
          }
          for (int round = 1; round <= options.rounds(); round++) {
            for (String name : options.servers()) {
              BenchRow row = measure(gc, running.get(name), ports.get(name), s, round, options);
              rows.add(row);
              System.err.printf(Locale.ROOT, "%-8s %-8s %-22s round %d: %9.0f req/s  cpu %6.1f us/req  alloc %7.0f B/req"
                  + "  p99 %6.2f ms  errors %d%n", gc, name, s.test() + " c" + s.connections(), round,
                  row.requestsPerSecond(), row.cpuMicrosPerRequest(), row.allocBytesPerRequest(), row.p99Millis(),
                  row.errors());
            }
          }
        }
      } finally {
        for (ServerProcess p : running.values()) p.close();
      }
    }
    Files.createDirectories(options.out());
    BenchReport.write(options.out(), rows, describe(options, arguments), "Server benchmark");
    System.out.println(Files.readString(options.out().resolve("report.md")));
    System.err.println("report: " + options.out().toAbsolutePath().resolve("report.md"));
  }

  static List<Scenario> scenarios(Options options) {
    List<Scenario> out = new ArrayList<>();
    int first = options.connections().get(0);
    for (String test : options.tests()) {
      switch (test) {
        case "plaintext" -> options.connections().forEach(c -> out.add(new Scenario(test, "/plaintext", c, 1)));
        case "pipelined" -> out.add(new Scenario(test, "/plaintext", first, options.pipeline()));
        case "file" -> out.add(new Scenario(test, "/static/1mb.bin", first, 1));
        default -> throw new IllegalArgumentException("unknown test " + test);
      }
    }
    return out;
  }

  static BenchRow measure(String gc, ServerProcess server, int port, Scenario s, int round, Options options)
      throws IOException, InterruptedException {
    double cpuBefore = server.cpuMicros();
    OptionalLong allocBefore = server.allocatedBytes();
    WrkRun wrk = WrkRun.run(url(port, s), options.duration(), options.threads(), s.connections(), s.pipeline());
    OptionalLong allocAfter = server.allocatedBytes();
    double cpuPerRequest = wrk.requests() == 0 ? 0 : (server.cpuMicros() - cpuBefore) / wrk.requests();
    double allocPerRequest = allocBefore.isPresent() && allocAfter.isPresent() && wrk.requests() > 0
        ? (double) (allocAfter.getAsLong() - allocBefore.getAsLong()) / wrk.requests() : -1;
    return new BenchRow(gc, server.name(), s.test(), s.connections(), round, wrk.requestsPerSecond(),
        wrk.p50Millis(), wrk.p90Millis(), wrk.p99Millis(), cpuPerRequest, allocPerRequest, wrk.errors());
  }

  static List<String> jvmFlags(String gc, String name, Path work, Options options) {
    List<String> flags = new ArrayList<>(List.of("-Xms1g", "-Xmx1g", gcFlag(gc)));
    if (options.jfr() && name.startsWith("courier")) {
      Path jfr = work.resolve("courier-" + gc + ".jfr");
      flags.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
      System.err.println("JFR recording: " + jfr);
    }
    return flags;
  }

  static String gcFlag(String gc) {
    return switch (gc) {
      case "parallel" -> "-XX:+UseParallelGC";
      case "g1" -> "-XX:+UseG1GC";
      case "serial" -> "-XX:+UseSerialGC";
      case "z" -> "-XX:+UseZGC";
      default -> throw new IllegalArgumentException("unknown collector " + gc + " (parallel, g1, serial, z)");
    };
  }

  static String describe(Options o, String arguments) {
    return String.format(Locale.ROOT, """
        Run on %s: `courier-bench/run-server-bench.sh %s`. wrk -t%d, %d s per measured run after a %d s
        warm-up, %d rounds interleaved across servers; every JVM server `-Xms1g -Xmx1g` with the named
        collector, nginx with one worker and sendfile; %d cores shared by wrk and all the servers; Java %s
        on %s.""", LocalDate.now(), arguments.replace("run ", "").strip(), o.threads(), o.duration(), o.warmup(),
        o.rounds(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.version"));
  }

  static String url(int port, Scenario s) {
    return "http://127.0.0.1:" + port + s.path();
  }

  static Path staticFiles(Path work) throws IOException {
    Path staticDir = Files.createDirectories(work.resolve("static"));
    byte[] mib = new byte[1 << 20];
    new Random(1).nextBytes(mib);
    Files.write(staticDir.resolve("1mb.bin"), mib);
    // nginx workers run as an unprivileged user: let them read the files.
    for (Path p : new Path[] {work, staticDir}) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(staticDir.resolve("1mb.bin"), PosixFilePermissions.fromString("rw-r--r--"));
    return staticDir;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}

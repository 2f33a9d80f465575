package dev.courier.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Large uploads over HTTP/2 and TLS into each server, from h2load on one connection, one upload
 * after the other, optionally through a {@link DelayRelay} so that the client is a round trip
 * away. A server's receive windows decide how much a client may send before it hears back, so
 * over a long round trip they, not the CPU, set the rate. Records MiB of body per second, the
 * server process's CPU and (for JVMs) heap allocation per MiB, and the time per upload.
 *
 * <pre>
 * courier-bench/run-h2-bench.sh upload                     # 16 MiB bodies, 40 ms away, every server
 * courier-bench/run-h2-bench.sh upload --rtt 0 --servers courier,netty --rounds 1 --mib 64
 * courier-bench/run-h2-bench.sh upload --servers courier,courier:-Dcourier.bench.h2WindowGrowth=16/32
 * </pre>
 *
 * <p>A fresh connection carries each run's uploads, so the first of them also shows how fast a
 * server's windows open. Netty's stay at HTTP/2's 64 KiB default, which over 40 ms moves about
 * 1 MiB/s: hence small bodies and few uploads by default.
 *
 * <p>Each JVM server answers {@code POST /upload} after reading the body to its end as its
 * documentation shows ({@link BenchServers}). nginx answers a POST it does not read at once and
 * resets the stream, so it is sent {@code PUT /put/NAME} instead, which its WebDAV module writes to
 * a file: nginx's own way of taking a body whole.
 */
public final class H2Upload {
  /** How long uploads through the relay warm each server up before the measured rounds. */
  private static final long RELAYED_WARMUP_NANOS = 4_000_000_000L;

  private H2Upload() {}

  public static void main(String[] args) throws Exception {
    List<String> servers = List.of("courier", "netty", "jetty", "nginx");
    int rttMillis = 40;
    int rounds = 3;
    int uploads = 2;
    int mebibytes = 16;
    int warmups = 32;
    Path out = Path.of("courier-bench", "target", "h2-report", "upload");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--servers" -> servers = List.of(args[++i].split(","));
        case "--rtt" -> rttMillis = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--uploads" -> uploads = Integer.parseInt(args[++i]);
        case "--mib" -> mebibytes = Integer.parseInt(args[++i]);
        case "--warmup" -> warmups = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + " (--servers, --rtt MS, --rounds, --uploads N, --mib SIZE, --warmup N, --out DIR)");
      }
    }
    // "h2load ...": the report names its latency columns mean, sd and max, as h2load prints them.
    String test = String.format(Locale.ROOT, "h2load upload %d MiB (h2, %s)", mebibytes,
        rttMillis > 0 ? rttMillis + " ms RTT" : "loopback");
    Path work = Files.createTempDirectory("courier-bench-upload");
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path staticDir = ServerBenchmark.staticFiles(work);
    // nginx's worker runs unprivileged and writes what is PUT here.
    Files.setPosixFilePermissions(Files.createDirectories(work.resolve("put")), PosixFilePermissions.fromString("rwxrwxrwx"));
    Path body = work.resolve("upload.bin");
    byte[] bytes = new byte[mebibytes << 20];
    new Random(mebibytes).nextBytes(bytes);
    Files.write(body, bytes);
    bytes = null;
    BenchCertificate certificate = BenchCertificate.create(work);
    List<BenchRow> rows = new ArrayList<>();
    Map<String, ServerProcess> running = new LinkedHashMap<>();
    Map<String, DelayRelay.Running> relays = new LinkedHashMap<>();
    try {
      for (String name : servers) {
        BenchTls tls = new BenchTls(ServerBenchmark.freePort(), certificate.certificate(), certificate.key());
        // "courier:-Dflag" is Courier with another setting, its own row (ServerProcess).
        running.put(name, ServerProcess.start(name, "h2c", ServerBenchmark.freePort(), tls, staticDir, work,
            List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC")));
        // Warm-up straight to the server, at loopback speed, then through the relay for a few
        // seconds: a JVM fresh from start spends most of its CPU compiling its TLS and frame paths
        // (the JIT's threads were half of the server's samples with one warm-up upload, and still
        // compiled the relayed path's methods after 32 straight ones), which a server that has run
        // for a while does not.
        if (warmups > 0) {
          H2loadRun direct = upload(name, tls.port(), warmups, body);
          if (direct.errors() > 0 || direct.requests() != warmups) throw new IllegalStateException(name + " failed its warm-up");
        }
        relays.put(name, DelayRelay.Running.start(tls.port(), rttMillis));
        long relayedUntil = System.nanoTime() + RELAYED_WARMUP_NANOS;
        do { // one at least: a server whose windows stay small takes many seconds for one
          H2loadRun warm = upload(name, relays.get(name).port(), 1, body);
          if (warm.errors() > 0 || warm.requests() != 1) throw new IllegalStateException(name + " failed its warm-up upload");
        } while (System.nanoTime() - relayedUntil < 0);
      }
      for (int round = 1; round <= rounds; round++) {
        for (String name : servers) {
          ServerProcess server = running.get(name);
          double cpuBefore = server.cpuMicros();
          long allocBefore = server.allocatedBytes().orElse(0);
          H2loadRun run = upload(name, relays.get(name).port(), uploads, body);
          double cpu = server.cpuMicros() - cpuBefore;
          long alloc = server.allocatedBytes().orElse(0) - allocBefore;
          double sent = run.requests() * (double) mebibytes;
          BenchRow row = new BenchRow("parallel", shortName(name), test, 1, round, run.requestsPerSecond() * mebibytes,
              run.meanMillis(), run.sdMillis(), run.maxMillis(), cpu / sent, alloc / sent, run.errors());
          rows.add(row);
          System.err.printf(Locale.ROOT, "%-8s %s round %d: %7.1f MiB/s  cpu %6.0f us/MiB  alloc %9.0f B/MiB"
              + "  mean %7.1f ms per upload  errors %d%n", row.server(), test, round, row.requestsPerSecond(),
              row.cpuMicrosPerRequest(), row.allocBytesPerRequest(), row.p50Millis(), row.errors());
        }
      }
    } finally {
      for (DelayRelay.Running relay : relays.values()) relay.close();
      for (ServerProcess server : running.values()) server.close();
      TempDirectories.delete(work);
    }
    Files.createDirectories(out);
    BenchReport.write(out, rows, String.format(Locale.ROOT, """
        Run on %s: `courier-bench/run-h2-bench.sh upload %s`. h2load (one connection, one upload at a time,
        %d per measured run) sends a %d MiB body over HTTP/2 and TLS 1.3 (ALPN h2) to each server in its own
        process (JVMs with `-Xms1g -Xmx1g`, ParallelGC; nginx with one worker), %s. JVM servers read each
        body to its end and answer; nginx writes it to a file (WebDAV `PUT`). Figures per MiB of body: the
        server process's CPU and, for JVMs, its heap allocation; the time columns are h2load's mean, standard
        deviation and maximum per upload (it prints no percentiles). %d rounds after a warm-up of %d uploads
        straight to each server and 4 s of uploads (one at least) through its relay;
        %d cores shared by h2load, the relay and the servers; Java %s.""",
        LocalDate.now(), String.join(" ", args), uploads, mebibytes,
        rttMillis > 0 ? "through a `DelayRelay` process that holds each chunk " + rttMillis / 2
            + " ms each way (a " + rttMillis + " ms round trip)" : "over loopback",
        rounds, warmups, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")), "HTTP/2 upload benchmark");
    System.out.println(Files.readString(out.resolve("report.md")));
  }

  /** A row's name short enough for a chart's axis: {@code courier:-Dcourier.bench.h2WindowGrowth=16/32} is {@code courier-16/32}. */
  static String shortName(String name) {
    String growth = "-Dcourier.bench.h2WindowGrowth=";
    int at = name.indexOf(growth);
    return at < 0 ? name : name.substring(0, name.indexOf(':')) + "-" + name.substring(at + growth.length());
  }

  /** {@code count} uploads of {@code body} to {@code name} through {@code port}. */
  private static H2loadRun upload(String name, int port, int count, Path body) throws Exception {
    String base = "https://127.0.0.1:" + port;
    return name.startsWith("nginx")
        ? H2loadRun.uploads(base + "/put/upload.bin", count, body, "-H", ":method: PUT")
        : H2loadRun.uploads(base + "/upload", count, body);
  }
}

package dev.courier.bench;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Clients under load against one local nginx, all in this JVM, in interleaved rounds: Courier's
 * {@code Session} beside OkHttp, Apache HttpClient 5, the JDK's client and Jetty's, sequential
 * and with 64 callers on virtual and on platform threads. Records requests per second, latency
 * percentiles, this process's CPU per request and heap allocated per request (the JVM's thread
 * allocation counters, which include virtual threads through their carriers), then writes
 * {@code report.md} and charts through {@link BenchReport}.
 *
 * <pre>
 * courier-bench/run-client-bench.sh                                   # all clients, 3 rounds
 * courier-bench/run-client-bench.sh --duration 5 --rounds 1 --clients courier,okhttp
 * courier-bench/run-client-bench.sh --protocol https                  # HTTP/1.1 over TLS
 * courier-bench/run-client-bench.sh --method post                     # POST a JSON body instead
 * courier-bench/run-client-bench.sh --closing                         # nginx closes each connection
 * courier-bench/run-h2-bench.sh client                               # HTTP/2: one connection each
 * </pre>
 *
 * <p>With {@code --protocol h2} nginx speaks HTTP/2 over TLS (ALPN) and each client multiplexes
 * its callers (64 virtual threads by default) over ONE connection; see {@link H2LoadClients}.
 * With {@code --protocol https} nginx speaks HTTP/1.1 over TLS 1.3 and each client keeps its
 * pool of up to 64 connections, as over plain HTTP/1.1; see {@link HttpsLoadClients}.
 */
public final class ClientLoad {
  private ClientLoad() {}

  record Mode(String name, int callers, boolean virtual) {}

  public static void main(String[] args) throws Exception {
    String protocol = List.of(args).contains("--protocol") ? args[List.of(args).indexOf("--protocol") + 1] : "http1";
    if (!List.of("http1", "https", "h2").contains(protocol)) {
      throw new IllegalArgumentException("unknown protocol " + protocol + " (http1, https, h2)");
    }
    boolean h2 = protocol.equals("h2");
    boolean https = protocol.equals("https");
    // h2: the clients' HTTP/2 paths were still speeding up in the third round after 5 s of warm-up.
    int duration = h2 ? 6 : 10;
    int warmup = h2 ? 8 : 5;
    int rounds = 3;
    List<String> clients = h2 ? H2LoadClients.NAMES : List.of("courier", "okhttp", "apache", "jdk", "jetty");
    List<String> modes = h2 ? List.of("virtual") : List.of("sequential", "virtual", "platform");
    int callers = 64;
    boolean post = false;
    boolean gzip = false;
    boolean api = false;
    boolean closing = false;
    Path out = h2 ? Path.of("courier-bench", "target", "h2-report", "client")
        : https ? Path.of("courier-bench", "target", "https-report", "client")
        : Path.of("courier-bench", "target", "client-report");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--protocol" -> i++; // read above: it chooses the defaults
        case "--duration" -> duration = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--clients" -> clients = List.of(args[++i].split(","));
        case "--modes" -> modes = List.of(args[++i].split(","));
        case "--callers" -> callers = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--closing" -> closing = true;
        case "--method" -> post = switch (args[++i]) {
          case "get" -> false;
          case "post" -> true;
          default -> throw new IllegalArgumentException("unknown method " + args[i] + " (get, post)");
        };
        case "--body" -> {
          String body = args[++i];
          if (!List.of("small", "gzip", "api").contains(body)) {
            throw new IllegalArgumentException("unknown body " + body + " (small, gzip, api)");
          }
          gzip = body.equals("gzip");
          api = body.equals("api");
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (post && (h2 || https)) throw new IllegalArgumentException("--method post is for plain HTTP/1.1");
    if ((gzip || api || closing) && (post || h2 || https)) {
      throw new IllegalArgumentException("--body gzip and api, and --closing, are for GETs over plain HTTP/1.1");
    }
    if (closing && (gzip || api)) throw new IllegalArgumentException("--closing GETs the small body");
    List<Mode> runModes = new ArrayList<>();
    for (String m : modes) {
      runModes.add(switch (m) {
        case "sequential" -> new Mode(m, 1, false);
        case "virtual" -> new Mode(m, callers, true);
        case "platform" -> new Mode(m, callers, false);
        default -> throw new IllegalArgumentException("unknown mode " + m);
      });
    }
    List<BenchRow> rows = new ArrayList<>();
    Map<String, String> files = Map.of("small.json", SessionBenchmark.JSON);
    String expected = gzip ? ApiJson.PAGE : SessionBenchmark.JSON;
    try (LocalNginx nginx = h2 ? LocalNginx.startHttp2(files)
        : https ? LocalNginx.startHttps(files)
        : gzip ? LocalNginx.startGzipped(Map.of("api.json", ApiJson.PAGE)) : LocalNginx.startOrUseExisting(files)) {
      String base = (h2 || https ? "https" : "http") + "://127.0.0.1:" + nginx.port();
      String url = base + (post ? LocalNginx.POST : gzip ? LocalNginx.GZIPPED + "api.json"
          : api ? LocalNginx.API + "small.json" : closing ? LocalNginx.CLOSING + "small.json" : "/small.json");
      byte[] json = post ? SessionBenchmark.JSON.getBytes(StandardCharsets.UTF_8) : null;
      for (Mode mode : runModes) {
        // Fresh clients for each mode: a pool filled by one mode's threads would carry its sockets'
        // state into the next (a socket read once on a virtual thread stays non-blocking for good).
        Map<String, LoadClient> running = new LinkedHashMap<>();
        try {
          for (String name : clients) {
            if (gzip) ApiJson.checkAsksForGzip(name, base + LocalNginx.GZIPPED_LOGGED + "api.json", nginx.gzippedLog());
            LoadClient client = h2 ? H2LoadClients.create(name, url, nginx.certificate())
                : https ? HttpsLoadClients.create(name, url, nginx.certificate())
                : LoadClient.create(name, url, json, gzip);
            running.put(name, client);
            String body = new String(client.get(), StandardCharsets.UTF_8);
            if (!body.equals(expected)) throw new IllegalStateException(name + " read " + body);
          }
          for (LoadClient client : running.values()) drive(client, mode, warmup, latencyBuffers(mode)).release();
          for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<String, LoadClient> e : running.entrySet()) {
              BenchRow row = measure(e.getKey(), e.getValue(), mode, round, duration,
                  h2 ? "client h2 " : https ? "client https " : post ? "client post " : gzip ? "client gzip "
                      : api ? "client api " : closing ? "client closing " : "client ");
              rows.add(row);
              System.err.printf(Locale.ROOT, "%-8s %-10s c%-3d round %d: %8.0f req/s  cpu %6.1f us/req  alloc %7.0f B/req"
                  + "  p99 %6.2f ms  errors %d%n", e.getKey(), mode.name(), mode.callers(), round,
                  row.requestsPerSecond(), row.cpuMicrosPerRequest(), row.allocBytesPerRequest(), row.p99Millis(),
                  row.errors());
            }
          }
        } finally {
          for (LoadClient c : running.values()) c.close();
        }
      }
    }
    Files.createDirectories(out);
    if (h2) {
      BenchReport.write(out, rows, String.format(Locale.ROOT, """
          Run on %s: `courier-bench/run-h2-bench.sh client %s`. Every client in one JVM (`-Xms1g -Xmx1g`, %s),
          each with ONE HTTP/2 connection (TLS, ALPN h2, a self-signed P-256 certificate) to one local
          nginx (one worker, `listen ... ssl http2`) serving a %d-byte JSON body; %s; %d s per
          measured run after a %d s warm-up, %d rounds interleaved across clients; CPU is this JVM's
          (all clients' threads, JIT and GC included) over the run; %d cores shared by nginx and the
          clients; Java %s. `courier` is `Session` with
          `HttpVersionPolicy.HTTP_2_ONLY` and one connection per route; `courier-h2` is the low-level
          `H2Connection`, without the session's interceptors, cookies and redirects.""",
          LocalDate.now(), String.join(" ", args).replace("--protocol h2", "").strip(), gcName(),
          SessionBenchmark.JSON.length(), callersSaid(modes, callers), duration, warmup, rounds,
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")), "HTTP/2 client benchmark");
      System.out.println(Files.readString(out.resolve("report.md")));
      return;
    }
    if (https) {
      BenchReport.write(out, rows, String.format(Locale.ROOT, """
          Run on %s: `courier-bench/run-client-bench.sh %s`. Every client in one JVM (`-Xms1g -Xmx1g`, %s),
          speaking HTTP/1.1 over TLS 1.3 (a self-signed P-256 certificate, the only one each client trusts;
          HTTP/1.1 only, no h2 offered) to one local nginx (one worker, `listen ... ssl`, keep-alive) serving
          a %d-byte JSON body; each client keeps a pool of up to 64 connections, so %d callers never wait
          for one; %d s per measured run after a %d s warm-up (which opens the connections and does their
          handshakes), %d rounds interleaved across clients; CPU is this JVM's (all clients' threads, JIT and
          GC included) over the run; %d cores shared by nginx and the clients; Java %s.""",
          LocalDate.now(), String.join(" ", args), gcName(), SessionBenchmark.JSON.length(), callers, duration,
          warmup, rounds, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")),
          "HTTPS client benchmark");
      System.out.println(Files.readString(out.resolve("report.md")));
      return;
    }
    BenchReport.write(out, rows, String.format(Locale.ROOT, """
        Run on %s: `courier-bench/run-client-bench.sh %s`. Every client in one JVM (`-Xms1g -Xmx1g`, %s),
        against one local nginx serving a %d-byte JSON body over keep-alive%s; %d s per measured run after a
        %d s warm-up, %d rounds interleaved across clients; CPU is this JVM's (all clients' threads, JIT and
        GC included) over the run; %d cores shared by nginx and the clients; Java %s.""",
        LocalDate.now(), String.join(" ", args), gcName(), expected.length(),
        post ? " (with `--method post` each request POSTs the same JSON as `application/json`, which nginx"
            + " reads and drops before it answers with `return 200`)"
            : gzip ? " (with `--body gzip` a page of " + ApiJson.RECORDS + " records, sent gzip-compressed (" + ApiJson.gzippedLength()
            + " bytes, stored compressed beforehand, `gzip_static`) to every client, each of which asks for gzip and"
            + " decodes it: the JDK's with a `GZIPInputStream`, the others by default)"
            : api ? " (with `--body api` under `" + LocalNginx.API + "`, where nginx adds " + LocalNginx.API_FIELDS.size()
            + " fields as a JSON API's answers carry, among them a request id that differs each time and an affinity"
            + " cookie set on every response, as AWS's load balancers set it; each client as set up by default: Courier,"
            + " Apache and Jetty keep cookies and send it back, OkHttp and the JDK's client keep none)"
            : closing ? " (with `--closing` under `" + LocalNginx.CLOSING + "`, where nginx closes every connection after"
            + " its answer (`keepalive_timeout 0`, `Connection: close`), so that every request opens a new connection)" : "",
        duration, warmup, rounds,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")), "Client benchmark");
    System.out.println(Files.readString(out.resolve("report.md")));
  }

  static BenchRow measure(String name, LoadClient client, Mode mode, int round, int seconds, String testPrefix)
      throws Exception {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    // The driver's latency buffers are made before the counters are read: they are not the client's.
    long[][] buffers = latencyBuffers(mode);
    long cpuBefore = os.getProcessCpuTime();
    long allocBefore = threads.getTotalThreadAllocatedBytes();
    long started = System.nanoTime();
    Result r = drive(client, mode, seconds, buffers); // its callers live on until r.release()
    double elapsed = (System.nanoTime() - started) / 1e9;
    long allocAfter = threads.getTotalThreadAllocatedBytes();
    double cpuMicros = (os.getProcessCpuTime() - cpuBefore) / 1000.0;
    r.release();
    long[] latencies = r.latencies();
    Arrays.sort(latencies);
    return new BenchRow(gcName(), name, testPrefix + mode.name(), mode.callers(), round, r.requests() / elapsed,
        percentile(latencies, 0.50), percentile(latencies, 0.90), percentile(latencies, 0.99),
        r.requests() == 0 ? 0 : cpuMicros / r.requests(),
        r.requests() == 0 ? -1 : (double) (allocAfter - allocBefore) / r.requests(), r.errors());
  }

  /** The callers of {@code modes} in words, for a report's header. */
  private static String callersSaid(List<String> modes, int callers) {
    return modes.stream().map(m -> switch (m) {
      case "sequential" -> "one caller on a platform thread, one request at a time";
      case "virtual" -> callers + " callers on virtual threads sharing it";
      default -> callers + " callers on platform threads sharing it";
    }).collect(java.util.stream.Collectors.joining(" or "));
  }

  /** What the callers did; the latencies are gathered from their buffers only when asked (after the counters are read). */
  record Result(long requests, long errors, long[][] buffers, CountDownLatch callersRelease) {
    /** Lets the callers end, once the counters have been read (see {@link LoadCaller}). */
    void release() {
      callersRelease.countDown();
    }

    long[] latencies() {
      return Arrays.stream(buffers).flatMapToLong(s -> Arrays.stream(s).takeWhile(v -> v >= 0).filter(v -> v > 0))
          .toArray();
    }
  }

  /** One buffer of latencies per caller (64 callers' buffers are 32 MiB). */
  static long[][] latencyBuffers(Mode mode) {
    long[][] buffers = new long[mode.callers()][];
    for (int i = 0; i < buffers.length; i++) buffers[i] = new long[1 << 16];
    return buffers;
  }

  /**
   * Runs {@code mode.callers()} callers for {@code seconds}; each keeps every 8th latency in its
   * own buffer of {@code buffers}.
   */
  static Result drive(LoadClient client, Mode mode, int seconds, long[][] buffers) throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    LoadCaller.Tally tally = new LoadCaller.Tally(mode.callers());
    for (int i = 0; i < mode.callers(); i++) {
      LoadCaller caller = new LoadCaller(client, deadline, tally, buffers[i]);
      (mode.virtual() ? Thread.ofVirtual() : Thread.ofPlatform()).start(caller);
    }
    tally.done().await();
    Throwable firstError = tally.firstError().get();
    if (firstError != null) System.err.println("first error: " + firstError);
    return new Result(tally.requests().get(), tally.errors().get(), buffers, tally.release());
  }

  static double percentile(long[] sortedNanos, double p) {
    if (sortedNanos.length == 0) return 0;
    return sortedNanos[Math.min(sortedNanos.length - 1, (int) (p * sortedNanos.length))] / 1e6;
  }

  static String gcName() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream().findFirst()
        .map(b -> b.getName().startsWith("PS") ? "parallel" : b.getName().startsWith("G1") ? "g1" : b.getName())
        .orElse("?");
  }
}

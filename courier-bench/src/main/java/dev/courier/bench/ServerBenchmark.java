package dev.courier.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Random;

/**
 * Load benchmark of Courier's server against the JDK's {@code com.sun.net.httpserver}, Jetty 12,
 * Undertow, Netty and nginx, with wrk on loopback: {@code GET /plaintext} ("Hello, World!") at
 * each connection count, the same pipelined 16 deep, a 1 MiB static file and, with {@code --tests
 * tls}, the plaintext request over HTTPS; with {@code --tests upload}, a 1 MiB body POSTed to
 * {@code /upload} on each request (every server reads it to its end, checked before the run), and
 * with {@code --tests post} a 512-byte one, at each connection count. With {@code --tests close}
 * the plaintext request asks for {@code Connection: close}, so that every request comes on a new
 * connection (at the first connection count), and with {@code --tests browser} it carries the
 * fields a browser sends for a page ({@link #BROWSER_FIELDS}), at each connection count. The
 * static file tests, at each connection count: {@code page} ({@link #PAGE_FILE}, 7.6 KB), {@code
 * asset} ({@link #ASSET_FILE}, 40 KiB) and {@code revalidate} (the page asked {@code
 * If-Modified-Since} its time, answered 304; Netty's file regions carry no validators, so it sits
 * that one out).
 * Every server of a collector runs at once in its own process (JVMs with the same flags; nginx
 * with one worker); rounds are interleaved server by server so that all see the same machine.
 * Each run records
 * requests per second, latency percentiles, the server's CPU per request and, for JVMs, heap
 * allocated per request; {@link BenchReport} writes the table and charts.
 *
 * <p>The {@code tls} test (not in the default list) sends the same keep-alive {@code GET
 * /plaintext} over TLS with HTTP/1.1 (wrk offers no ALPN), one scenario per connection count.
 * Each server then opens a {@link BenchTls} listener beside its plain one, idle in the other tests,
 * and all present one self-signed EC P-256 certificate made for the run ({@link BenchCertificate}).
 * The JVM servers use the JDK's TLS provider (SunJSSE); nginx uses OpenSSL, a different TLS stack,
 * so its figures there compare stacks as well as servers. Before measuring, each listener must
 * answer a JSSE client over TLS 1.3 with HTTP/1.1 200 and the 13-byte body, or the run stops. The
 * {@code tls-close} test (not in the default list either) sends the same request there with
 * {@code Connection: close}, at the first connection count: every request comes on a new
 * connection, whose TLS session wrk resumes, so it measures what a new connection costs each server.
 * The JVMs' TLS code takes half a minute of such load to compile: give it {@code --warmup 45}.
 * The {@code tls-file} test fetches the 1 MiB file over the same listeners, at the first connection
 * count: no server can hand a file to the kernel there ({@code sendfile}), since TLS encrypts every
 * byte, so it measures how each reads, encrypts and writes a large body. With {@code --protocol
 * h2c} it is h2load over HTTP/2 and TLS, one stream at a time per connection (Netty's HTTP/2 bench
 * server serves no files).
 *
 * <p>With {@code --protocol h2c} the same harness drives h2load instead of wrk against the HTTP/2
 * servers (Courier, Jetty, Netty, nginx): by default {@code -c10 -m100} and {@code -c64 -m10},
 * ParallelGC only ({@code run-h2-bench.sh}). Its tests are {@code h2c} (the default: HTTP/2 with
 * prior knowledge on the plain port) and {@code tls}: h2load to {@code https://}, HTTP/2 over TLS
 * 1.3 chosen by ALPN, on a {@link BenchTls} listener of each server (the JVMs through SunJSSE,
 * nginx through OpenSSL, one certificate for all). Before measuring, each must answer the JDK's
 * HTTP/2 client there with h2 by ALPN, 200 and the 13-byte body, or the run stops; an h2load run
 * that does not report {@code Application protocol: h2} is a failed round of that server.
 *
 * <pre>
 * courier-bench/run-server-bench.sh                                  # the full run (about 25 minutes)
 * courier-bench/run-server-bench.sh --duration 5 --rounds 1 --gcs parallel --servers courier,netty,nginx
 * courier-bench/run-server-bench.sh --servers courier,courier:-Djdk.pollerMode=1,netty   # a variant with JVM flags
 * courier-bench/run-server-bench.sh --tests plaintext,tls --connections 64    # plain and HTTPS
 * courier-bench/run-h2-bench.sh --duration 5 --rounds 1                # h2load, h2c
 * courier-bench/run-h2-bench.sh server --tests h2c,tls                # h2load, h2c and h2 over TLS
 * java -cp benchmarks.jar dev.courier.bench.ServerBenchmark serve courier 8080 /tmp/static
 * java -cp benchmarks.jar dev.courier.bench.ServerBenchmark serve netty 8080 /tmp/static h2c
 * java -cp benchmarks.jar dev.courier.bench.ServerBenchmark serve netty 8080 /tmp/static h2c 8443 cert.pem key.pem
 * java -cp benchmarks.jar dev.courier.bench.ServerBenchmark serve jetty 8080 /tmp/static http1 8443 cert.pem key.pem
 * </pre>
 */
public final class ServerBenchmark {
  private ServerBenchmark() {}

  /**
   * Entry point: {@code serve NAME PORT DIR [PROTOCOL [TLS-PORT CERT KEY]]} runs one server (with
   * an HTTPS listener when given one); {@code run [options]} the comparison.
   */
  public static void main(String[] args) throws Exception {
    if (args.length >= 4 && args[0].equals("serve")) {
      AllocationProbe.answerOnStdin();
      BenchServers.start(args[1], Integer.parseInt(args[2]), Path.of(args[3]), args.length > 4 ? args[4] : "http1",
          args.length > 7 ? BenchTls.parse(args, 5) : null);
      System.out.println("listening");
      Thread.currentThread().join();
      return;
    }
    run(Options.parse(args), String.join(" ", args));
  }

  /**
   * The run's settings. {@code protocol} is {@code http1} (wrk) or {@code h2c} (h2load, HTTP/2
   * with prior knowledge); for h2c, {@code streams} pairs with {@code connections} by position
   * (h2load's {@code -m}, concurrent streams per connection), and {@code tests} are {@code h2c}
   * and {@code tls} (HTTP/2 over TLS).
   */
  record Options(int duration, int warmup, List<Integer> connections, int threads, List<String> servers,
      List<String> gcs, int rounds, int pipeline, List<String> tests, Path out, boolean jfr,
      String protocol, List<Integer> streams) {
    boolean h2() {
      return protocol.equals("h2c");
    }

    /** Whether the servers need an HTTPS listener: the {@code tls}, {@code tls-close} or {@code tls-file} test, HTTP/1.1 or h2. */
    boolean tls() {
      return tests.contains("tls") || tests.contains("tls-close") || tests.contains("tls-file");
    }

    static Options parse(String[] args) {
      String protocol = "http1";
      for (int i = 0; i < args.length - 1; i++) if (args[i].equals("--protocol")) protocol = args[i + 1];
      if (!protocol.equals("http1") && !protocol.equals("h2c")) {
        throw new IllegalArgumentException("unknown protocol " + protocol + " (http1, h2c)");
      }
      boolean h2 = protocol.equals("h2c");
      // h2: JVM servers reach their HTTP/2 speed later than their HTTP/1.1 one; 8 s runs keep the
      // whole run (4 servers, 2 scenarios, 3 rounds) near 4 minutes.
      int duration = h2 ? 8 : 10;
      int warmup = h2 ? 6 : 3;
      List<Integer> connections = h2 ? List.of(10, 64) : List.of(64, 256);
      List<Integer> streams = List.of(100, 10);
      int threads = 1;
      List<String> servers = h2 ? List.of("courier", "courier-inline", "jetty", "netty", "nginx")
          : List.of("courier", "courier-inline", "courier-threads", "jdk", "jetty", "undertow", "netty", "nginx");
      List<String> gcs = h2 ? List.of("parallel") : List.of("parallel", "g1");
      int rounds = 3;
      int pipeline = 16;
      List<String> tests = h2 ? List.of("h2c") : List.of("plaintext", "pipelined", "file");
      Path out = h2 ? Path.of("courier-bench", "target", "h2-report", "server") : Path.of("courier-bench", "target", "report");
      boolean jfr = false;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "run" -> { }
          case "--protocol" -> i++;
          case "--streams" -> streams = List.of(args[++i].split(",")).stream().map(Integer::valueOf).toList();
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
      if (h2 && streams.size() != connections.size()) {
        throw new IllegalArgumentException("--streams needs one count per --connections entry: " + streams + " " + connections);
      }
      return new Options(duration, warmup, connections, threads, servers, gcs, rounds, pipeline, tests, out, jfr,
          protocol, streams);
    }
  }

  /**
   * One load scenario: a path, a connection count, a depth, which for wrk is the pipelining depth
   * (1: none) and for h2load the concurrent streams per connection, and whether it runs over
   * HTTPS, on the servers' {@link BenchTls} ports.
   */
  record Scenario(String test, String path, int connections, int depth, boolean tls) {
    /** Whether every request asks for {@code Connection: close}, so that each comes on a new connection. */
    boolean newConnectionEach() {
      return test.equals("tls-close") || test.equals("close");
    }

    /**
     * The fields wrk adds to each request: the gzip test asks for gzip, as a browser or API client
     * does; the browser test sends what a browser sends for a page; the revalidate test asks
     * whether the page changed since the time it was last modified, as a browser's cache does.
     */
    List<String> requestFields() {
      if (test.equals("browser")) return BROWSER_FIELDS;
      if (test.equals("revalidate")) return List.of("If-Modified-Since: " + PAGE_MODIFIED);
      return test.startsWith("gzip") ? List.of("Accept-Encoding: gzip") : List.of();
    }

    /** The size of the body each request POSTs; 0 for a GET. */
    int uploadBytes() {
      return switch (test) {
        case "upload" -> BenchServers.UPLOAD_BYTES;
        case "post" -> BenchServers.SMALL_POST_BYTES;
        default -> 0;
      };
    }
  }

  /**
   * The path of {@link ApiJson#PAGE} as a static file: the page test reads it as it is, the
   * gzip-file test has a file server compress it on the fly (Courier's FileHandler with {@code
   * compressResponses(true)}, nginx with {@code gzip on}; Netty's file regions cannot be compressed,
   * so it has no such test), and the revalidate test asks for it with {@code If-Modified-Since}.
   */
  static final String PAGE_FILE = "/static/" + NginxConf.PAGE_FILE;

  /**
   * The page file's modification time, set when the file is written, as an HTTP date: the
   * revalidate test's {@code If-Modified-Since} is exactly it, which nginx needs by default
   * ({@code if_modified_since exact}) and the others accept as not modified.
   */
  static final String PAGE_MODIFIED = "Wed, 01 Jan 2025 00:00:00 GMT";

  /**
   * The asset test's file: a 40 KiB script, the size of a site's bundle or stylesheet, above what
   * fits one connection buffer and below the size where servers switch to sendfile for good.
   */
  static final String ASSET_FILE = "/static/asset.js";
  static final int ASSET_BYTES = 40 * 1024;

  /** The asset file's bytes: lines of script, the same in every run. */
  static byte[] assetBytes() {
    StringBuilder script = new StringBuilder(ASSET_BYTES);
    for (int i = 0; script.length() < ASSET_BYTES; i++) {
      script.append("export function handler").append(i).append("(event) { return render(event.target, ")
          .append(i * 7919 % 1000).append("); }\n");
    }
    return script.substring(0, ASSET_BYTES).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The browser test's request fields, about 700 bytes beside wrk's Host: what a current browser
   * sends when it loads a page of a site where it holds an analytics and a session cookie.
   */
  static final List<String> BROWSER_FIELDS = List.of(
      "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
      "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
      "Accept-Language: en-GB,en;q=0.9,de;q=0.8",
      "Accept-Encoding: gzip, deflate, br, zstd",
      "Referer: http://127.0.0.1/products/list?page=2&sort=price",
      "Cookie: _ga=GA1.1.1183265470.1733590000; _ga_XYZ123=GS1.1.1733590000.3.1.1733590400.0.0.0; "
          + "session=eyJ1c2VyIjoiYWxpY2UiLCJleHAiOjE3MzM2MDAwMDB9.c2lnbmF0dXJlLWhlcmU; theme=dark",
      "Sec-Fetch-Dest: document",
      "Sec-Fetch-Mode: navigate",
      "Sec-Fetch-Site: same-origin",
      "Sec-Fetch-User: ?1",
      "Upgrade-Insecure-Requests: 1",
      "Cache-Control: max-age=0",
      "Priority: u=0, i");

  /**
   * Fails the run unless {@code GET path} asking for gzip is answered 200 with {@code
   * Content-Encoding: gzip} and a body that decodes to {@link ApiJson#PAGE}.
   */
  static void checkGzip(String server, int port, String path) throws IOException, InterruptedException {
    var response = get(port, path, "Accept-Encoding", "gzip");
    String coding = response.headers().firstValue("Content-Encoding").orElse("none");
    if (response.statusCode() != 200 || !coding.equals("gzip")) {
      throw new IOException(server + " answered GET " + path + " with " + response.statusCode()
          + ", Content-Encoding " + coding);
    }
    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(response.body()))) {
      if (!new String(in.readAllBytes(), StandardCharsets.UTF_8).equals(ApiJson.PAGE)) {
        throw new IOException(server + " sent a gzip body that is not the page");
      }
    }
    System.err.println(server + " " + path + ": " + response.body().length + " bytes of gzip, "
        + response.headers().firstValue("Content-Length").map(n -> "Content-Length " + n).orElse("chunked"));
  }

  /** {@code GET path} on the plain port with the given fields (name, value, ...), over HTTP/1.1. */
  static java.net.http.HttpResponse<byte[]> get(int port, String path, String... fields)
      throws IOException, InterruptedException {
    try (java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
        .version(java.net.http.HttpClient.Version.HTTP_1_1).build()) {
      var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path));
      for (int i = 0; i < fields.length; i += 2) request.header(fields[i], fields[i + 1]);
      return client.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    }
  }

  /**
   * Fails the run unless {@code GET} of {@link #PAGE_FILE} is answered 200 with the page as it is,
   * or, asked {@code If-Modified-Since} its time ({@code revalidate}), 304 with no body.
   */
  static void checkPage(String server, int port, boolean revalidate) throws IOException, InterruptedException {
    var response = revalidate ? get(port, PAGE_FILE, "If-Modified-Since", PAGE_MODIFIED) : get(port, PAGE_FILE);
    boolean right = revalidate ? response.statusCode() == 304 && response.body().length == 0
        : response.statusCode() == 200 && new String(response.body(), StandardCharsets.UTF_8).equals(ApiJson.PAGE)
            && response.headers().firstValue("Content-Encoding").isEmpty();
    if (!right) {
      throw new IOException(server + " answered GET " + PAGE_FILE + (revalidate ? " If-Modified-Since " : " ")
          + "with " + response.statusCode() + " and " + response.body().length + " bytes");
    }
  }

  /** Fails the run unless {@code GET} of {@link #ASSET_FILE} is answered 200 with its bytes. */
  static void checkAsset(String server, int port) throws IOException, InterruptedException {
    var response = get(port, ASSET_FILE);
    if (response.statusCode() != 200 || !java.util.Arrays.equals(response.body(), assetBytes())) {
      throw new IOException(server + " answered GET " + ASSET_FILE + " with " + response.statusCode() + " and "
          + response.body().length + " bytes");
    }
  }

  /** Fails the run unless {@code GET /plaintext} on the plain port answers 200 and the 13-byte body. */
  static void checkPlaintext(String server, int port) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      expectHello(server, socket);
    }
  }

  /**
   * Fails the run unless a POST of {@code bytes} to {@link BenchServers#UPLOAD} is answered 200
   * with the 13-byte body, twice on one connection: the server read the first body to its end.
   */
  static void checkUpload(String server, int port, int bytes) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      byte[] head = ("POST " + BenchServers.UPLOAD + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream"
          + "\r\nContent-Length: " + bytes + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
      var out = socket.getOutputStream();
      out.write(head);
      out.write(new byte[bytes]);
      out.write(head);
      out.write(new byte[bytes]);
      out.flush();
      socket.shutdownOutput();
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      int first = response.indexOf("Hello, World!");
      if (!response.startsWith("HTTP/1.1 200") || first < 0 || response.indexOf("HTTP/1.1 200", first) < 0
          || !response.endsWith("Hello, World!")) {
        throw new IOException(server + " answered two uploads on one connection with: "
            + response.substring(0, Math.min(300, response.length())).replace("\r\n", " | "));
      }
    }
  }

  /**
   * Sends {@code GET /plaintext} on {@code socket} (plain or TLS) and fails unless the answer is
   * 200 with the 13-byte body, naming {@code who} and what it answered instead.
   */
  static void expectHello(String who, Socket socket) throws IOException {
    socket.setSoTimeout(10_000);
    socket.getOutputStream().write("GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        .getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    if (!response.startsWith("HTTP/1.1 200") || !response.endsWith("\r\n\r\nHello, World!")) {
      throw new IOException(who + " answered GET /plaintext with: "
          + response.substring(0, Math.min(200, response.length())).replace("\r\n", " | "));
    }
  }

  static void run(Options options, String arguments) throws Exception {
    Path work = Files.createTempDirectory("courier-bench");
    Path staticDir = staticFiles(work);
    List<Scenario> scenarios = scenarios(options);
    BenchCertificate certificate = options.tls() ? BenchCertificate.create(work) : null;
    Map<String, String> tlsSessions = new LinkedHashMap<>();
    List<BenchRow> rows = new ArrayList<>();
    for (String gc : options.gcs()) {
      Map<String, ServerProcess> running = new LinkedHashMap<>();
      Map<String, Integer> ports = new LinkedHashMap<>();
      Map<String, Integer> tlsPorts = new LinkedHashMap<>();
      try {
        for (String name : options.servers()) {
          int port = freePort();
          ports.put(name, port);
          BenchTls tls = certificate == null ? null : new BenchTls(freePort(), certificate.certificate(), certificate.key());
          if (tls != null) tlsPorts.put(name, tls.port());
          running.put(name, ServerProcess.start(name, options.protocol(), port, tls, staticDir, work,
              jvmFlags(gc, name, work, options)));
        }
        for (Map.Entry<String, Integer> e : tlsPorts.entrySet()) {
          tlsSessions.put(e.getKey(), options.h2() ? verifyH2(e.getValue(), certificate)
              : BenchTls.verify(e.getValue(), certificate));
        }
        // wrk counts a 3xx as a success: a server that redirects /plaintext (Jetty's context did,
        // with 301 to /plaintext/) would be measured answering something else. Checked first.
        if (!options.h2()) {
          for (Map.Entry<String, Integer> e : ports.entrySet()) checkPlaintext(e.getKey(), e.getValue());
          for (String test : List.of("gzip", "gzip-file")) {
            if (!options.tests().contains(test)) continue;
            String path = test.equals("gzip") ? BenchServers.JSON : PAGE_FILE;
            for (Map.Entry<String, Integer> e : ports.entrySet()) checkGzip(e.getKey(), e.getValue(), path);
          }
          if (options.tests().contains("page")) {
            for (Map.Entry<String, Integer> e : ports.entrySet()) checkPage(e.getKey(), e.getValue(), false);
          }
          if (options.tests().contains("asset")) {
            for (Map.Entry<String, Integer> e : ports.entrySet()) checkAsset(e.getKey(), e.getValue());
          }
          if (options.tests().contains("revalidate")) {
            for (Map.Entry<String, Integer> e : ports.entrySet()) checkPage(e.getKey(), e.getValue(), true);
          }
          for (String test : List.of("upload", "post")) {
            if (!options.tests().contains(test)) continue;
            int bytes = new Scenario(test, BenchServers.UPLOAD, 1, 1, false).uploadBytes();
            for (Map.Entry<String, Integer> e : ports.entrySet()) checkUpload(e.getKey(), e.getValue(), bytes);
          }
        }
        // Over HTTP/2 the JVM servers were still getting faster in the first scenario's rounds after
        // one warm-up (Netty and Jetty 5-8x between round 1 and 3): every server first sees every
        // scenario, so no measured round runs on code the JIT has not compiled yet.
        if (options.h2()) {
          for (Scenario s : scenarios) warmUp(s, s.tls() ? tlsPorts : ports, options);
        }
        for (Scenario s : scenarios) {
          Map<String, Integer> at = s.tls() ? tlsPorts : ports;
          if (!options.h2()) warmUp(s, at, options);
          for (int round = 1; round <= options.rounds(); round++) {
            for (String name : options.servers()) {
              BenchRow row;
              try {
                row = measure(gc, running.get(name), at.get(name), s, round, options);
              } catch (IOException e) {
                // One server failing a round (it crashed, or refused h2) must not lose the others' rows.
                System.err.println(name + " " + s.test() + " c" + s.connections() + " round " + round + " failed: "
                    + e.getMessage());
                continue;
              }
              rows.add(row);
              System.err.printf(Locale.ROOT, "%-8s %-8s %-22s round %d: %9.0f req/s  cpu %6.1f us/req  alloc %7.0f B/req"
                  + "  %s %6.2f ms  errors %d%n", gc, name, s.test() + " c" + s.connections(), round,
                  row.requestsPerSecond(), row.cpuMicrosPerRequest(), row.allocBytesPerRequest(),
                  options.h2() ? "max" : "p99", row.p99Millis(), row.errors());
            }
          }
        }
      } finally {
        for (ServerProcess p : running.values()) p.close();
      }
    }
    Files.createDirectories(options.out());
    BenchReport.write(options.out(), rows, ServerRunRecord.describe(options, arguments, tlsSessions),
        options.h2() ? "HTTP/2 server benchmark" : "Server benchmark");
    System.out.println(Files.readString(options.out().resolve("report.md")));
    System.err.println("report: " + options.out().toAbsolutePath().resolve("report.md"));
  }

  /**
   * Checks an h2 TLS listener with the JDK's client ({@link BenchTls#verifyH2}) and then h2load;
   * returns both sessions, h2load's in brackets: the measured runs use h2load's.
   */
  private static String verifyH2(int port, BenchCertificate certificate) throws IOException, InterruptedException {
    String jdk = BenchTls.verifyH2(port, certificate);
    return jdk + " (h2load: " + H2loadRun.tlsSession("https://127.0.0.1:" + port + "/plaintext") + ")";
  }

  static final int WARM_UP_RUNS = 3;

  /**
   * Warms every server on {@code s} in {@link #WARM_UP_RUNS} runs sharing the warm-up time. Each
   * run opens and closes its connections: a JVM server warmed by one run still compiled its code
   * for accepting and closing connections in the first measured round (C2 was 3-15% of Courier's
   * CPU samples there, and its round 1 cost 13.6 µs per request against 9.5 µs in round 3).
   */
  static void warmUp(Scenario s, Map<String, Integer> ports, Options options) throws InterruptedException {
    int seconds = warmUpRunSeconds(options);
    for (int run = 0; run < WARM_UP_RUNS; run++) {
      for (String name : options.servers()) {
        try {
          load(url(ports.get(name), s), seconds, s, options);
        } catch (IOException e) {
          System.err.println(name + " warm-up failed: " + e.getMessage());
        }
      }
    }
  }

  /** The warm-up's time split over its runs, rounded up: at least a second each. */
  static int warmUpRunSeconds(Options options) {
    return Math.max(1, (options.warmup() + WARM_UP_RUNS - 1) / WARM_UP_RUNS);
  }

  static List<Scenario> scenarios(Options options) {
    List<Scenario> out = new ArrayList<>();
    if (options.h2()) {
      for (String test : options.tests()) {
        if (test.equals("tls-file")) { // the 1 MiB file over HTTP/2 and TLS, one stream at a time per connection
          out.add(new Scenario("h2load tls-file", "/static/1mb.bin", options.connections().get(0), 1, true));
          continue;
        }
        boolean tls = switch (test) {
          case "h2c" -> false;
          case "tls" -> true;
          default -> throw new IllegalArgumentException("unknown h2 test " + test + " (h2c, tls, tls-file)");
        };
        for (int i = 0; i < options.connections().size(); i++) {
          int streams = options.streams().get(i);
          out.add(new Scenario((tls ? "h2load tls m" : "h2load m") + streams, "/plaintext", options.connections().get(i),
              streams, tls));
        }
      }
      return out;
    }
    int first = options.connections().get(0);
    for (String test : options.tests()) {
      switch (test) {
        case "plaintext" -> options.connections().forEach(c -> out.add(new Scenario(test, "/plaintext", c, 1, false)));
        case "pipelined" -> out.add(new Scenario(test, "/plaintext", first, options.pipeline(), false));
        case "file" -> out.add(new Scenario(test, "/static/1mb.bin", first, 1, false));
        case "upload" -> out.add(new Scenario(test, BenchServers.UPLOAD, first, 1, false));
        case "post" -> options.connections().forEach(c -> out.add(new Scenario(test, BenchServers.UPLOAD, c, 1, false)));
        case "tls" -> options.connections().forEach(c -> out.add(new Scenario(test, "/plaintext", c, 1, true)));
        case "tls-close" -> out.add(new Scenario(test, "/plaintext", first, 1, true));
        case "close" -> out.add(new Scenario(test, "/plaintext", first, 1, false));
        case "browser" -> options.connections().forEach(c -> out.add(new Scenario(test, "/plaintext", c, 1, false)));
        case "tls-file" -> out.add(new Scenario(test, "/static/1mb.bin", first, 1, true));
        case "gzip" -> options.connections().forEach(c -> out.add(new Scenario(test, BenchServers.JSON, c, 1, false)));
        case "asset" -> options.connections().forEach(c -> out.add(new Scenario(test, ASSET_FILE, c, 1, false)));
        case "gzip-file", "page", "revalidate" ->
            options.connections().forEach(c -> out.add(new Scenario(test, PAGE_FILE, c, 1, false)));
        default -> throw new IllegalArgumentException("unknown test " + test);
      }
    }
    return out;
  }

  static BenchRow measure(String gc, ServerProcess server, int port, Scenario s, int round, Options options)
      throws IOException, InterruptedException {
    double cpuBefore = server.cpuMicros();
    OptionalLong allocBefore = server.allocatedBytes();
    OptionalDouble machineBefore = MachineCpu.busyMicros();
    LoadRun load = load(url(port, s), options.duration(), s, options);
    OptionalDouble machineAfter = MachineCpu.busyMicros();
    OptionalLong allocAfter = server.allocatedBytes();
    // No response at all (a refused TLS handshake shows only as wrk's connect errors): no figures.
    if (load.requests() == 0) throw new IOException("no responses (" + load.errors() + " errors)");
    double cpuPerRequest = (server.cpuMicros() - cpuBefore) / load.requests();
    double allocPerRequest = allocBefore.isPresent() && allocAfter.isPresent()
        ? (double) (allocAfter.getAsLong() - allocBefore.getAsLong()) / load.requests() : -1;
    double machinePerRequest = machineBefore.isPresent() && machineAfter.isPresent()
        ? (machineAfter.getAsDouble() - machineBefore.getAsDouble()) / load.requests() : -1;
    double[] latency = load.latencyMillis();
    return new BenchRow(gc, server.name(), s.test(), s.connections(), round, load.requestsPerSecond(),
        latency[0], latency[1], latency[2], cpuPerRequest, allocPerRequest, load.errors(), machinePerRequest);
  }

  /** One run of the protocol's load generator: h2load for h2c, wrk otherwise. */
  static LoadRun load(String url, int seconds, Scenario s, Options options) throws IOException, InterruptedException {
    if (options.h2()) return H2loadRun.run(url, seconds, s.connections(), s.depth());
    return WrkRun.run(url, seconds, options.threads(), s.connections(), s.depth(), s.newConnectionEach(),
        s.uploadBytes(), s.requestFields());
  }

  static List<String> jvmFlags(String gc, String name, Path work, Options options) {
    // AlwaysPreTouch maps the whole heap at start: a run of seconds never cycles a 1 GiB heap, so
    // without it every server pays page faults on fresh heap that a long-running one no longer does.
    List<String> flags = new ArrayList<>(List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", gcFlag(gc)));
    if (options.tests().stream().anyMatch(t -> t.startsWith("gzip"))) flags.add("-D" + BenchServers.COMPRESS + "=true");
    if (options.jfr() && name.startsWith("courier")) {
      Path jfr = work.resolve(name.split(":")[0] + "-" + gc + ".jfr"); // courier and courier-inline apart
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

  static String url(int port, Scenario s) {
    return (s.tls() ? "https" : "http") + "://127.0.0.1:" + port + s.path();
  }

  static Path staticFiles(Path work) throws IOException {
    Path staticDir = Files.createDirectories(work.resolve("static"));
    byte[] mib = new byte[1 << 20];
    new Random(1).nextBytes(mib);
    Files.write(staticDir.resolve("1mb.bin"), mib);
    // nginx workers run as an unprivileged user: let them read the files.
    for (Path p : new Path[] {work, staticDir}) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(staticDir.resolve("1mb.bin"), PosixFilePermissions.fromString("rw-r--r--"));
    // nginx's gzip test answer: its configuration cannot hold a 7.6 KB string (see NginxConf)
    Files.writeString(staticDir.resolve(NginxConf.PAGE_FILE), ApiJson.PAGE);
    Files.setPosixFilePermissions(staticDir.resolve(NginxConf.PAGE_FILE), PosixFilePermissions.fromString("rw-r--r--"));
    Path asset = Files.write(staticDir.resolve(ASSET_FILE.substring("/static/".length())), assetBytes());
    Files.setPosixFilePermissions(asset, PosixFilePermissions.fromString("rw-r--r--"));
    FileTime longAgo = FileTime.from(
        java.time.ZonedDateTime.parse(PAGE_MODIFIED, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    Files.setLastModifiedTime(asset, longAgo);
    Files.setLastModifiedTime(staticDir.resolve(NginxConf.PAGE_FILE), longAgo);
    return staticDir;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}

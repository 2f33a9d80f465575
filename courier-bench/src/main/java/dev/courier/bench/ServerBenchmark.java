package dev.courier.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load benchmark of Courier's server against the JDK's {@code com.sun.net.httpserver}, Jetty 12,
 * Undertow, Netty and nginx, with wrk on loopback: {@code GET /plaintext} ("Hello, World!") and a
 * 1 MiB static file. Each server runs alone in its own process (JVMs with the same flags), gets a
 * warm-up run, then a measured run; the table shows requests per second and p99 latency, with
 * each peer's throughput as a ratio to Courier's.
 *
 * <pre>
 * courier-bench/run-server-bench.sh                       # all servers, 10 s per run
 * courier-bench/run-server-bench.sh --duration 30 --servers courier,nginx
 * java -cp benchmarks.jar dev.courier.bench.ServerBenchmark serve courier 8080 /tmp/static
 * </pre>
 */
public final class ServerBenchmark {
  private ServerBenchmark() {}

  /** Entry point: {@code serve NAME PORT DIR} runs one server; {@code run [options]} the comparison. */
  public static void main(String[] args) throws Exception {
    if (args.length >= 4 && args[0].equals("serve")) {
      BenchServers.start(args[1], Integer.parseInt(args[2]), Path.of(args[3]));
      System.out.println("listening");
      Thread.currentThread().join();
      return;
    }
    Options options = Options.parse(args);
    run(options);
  }

  record Options(int duration, int warmup, int connections, int threads, List<String> servers, boolean jfr) {
    static Options parse(String[] args) {
      int duration = 10;
      int warmup = 3;
      int connections = 64;
      int threads = 2;
      boolean jfr = false;
      List<String> servers = List.of("courier", "jdk", "jetty", "undertow", "netty", "nginx");
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "run" -> { }
          case "--duration" -> duration = Integer.parseInt(args[++i]);
          case "--warmup" -> warmup = Integer.parseInt(args[++i]);
          case "--connections" -> connections = Integer.parseInt(args[++i]);
          case "--threads" -> threads = Integer.parseInt(args[++i]);
          case "--servers" -> servers = List.of(args[++i].split(","));
          case "--jfr" -> jfr = true;
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      return new Options(duration, warmup, connections, threads, servers, jfr);
    }
  }

  record Measure(double requestsPerSecond, double p99Millis, long errors) {}

  static void run(Options options) throws Exception {
    Path dir = Files.createTempDirectory("courier-bench");
    Path staticDir = Files.createDirectories(dir.resolve("static"));
    byte[] mib = new byte[1 << 20];
    new Random(1).nextBytes(mib);
    Files.write(staticDir.resolve("1mb.bin"), mib);
    // nginx workers run as an unprivileged user: let them read the files.
    for (Path p : new Path[] {dir, staticDir}) {
      Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Files.setPosixFilePermissions(staticDir.resolve("1mb.bin"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

    Map<String, Measure[]> results = new LinkedHashMap<>();
    for (String name : options.servers()) {
      int port = freePort();
      Process process = startServer(name, port, staticDir, dir, options);
      try {
        waitForPort(port, process);
        String base = "http://127.0.0.1:" + port;
        Measure[] m = new Measure[2];
        String[] paths = {"/plaintext", "/static/1mb.bin"};
        for (int i = 0; i < paths.length; i++) {
          wrk(base + paths[i], options.warmup(), options);
          m[i] = wrk(base + paths[i], options.duration(), options);
          System.err.printf(Locale.ROOT, "%-9s %-16s %10.0f req/s  p99 %7.2f ms  errors %d%n",
              name, paths[i], m[i].requestsPerSecond(), m[i].p99Millis(), m[i].errors());
        }
        results.put(name, m);
      } finally {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
      }
    }
    printTable(results, options);
  }

  static void printTable(Map<String, Measure[]> results, Options options) {
    Measure[] courier = results.get("courier");
    System.out.printf(Locale.ROOT, "%nwrk -t%d -c%d -d%ds on 127.0.0.1 (%d cores shared by wrk and the server)%n",
        options.threads(), options.connections(), options.duration(), Runtime.getRuntime().availableProcessors());
    System.out.println("| server   | plaintext req/s | p99 ms | vs Courier | 1 MiB file req/s | p99 ms | vs Courier |");
    System.out.println("|----------|----------------:|-------:|-----------:|-----------------:|-------:|-----------:|");
    results.forEach((name, m) -> System.out.printf(Locale.ROOT, "| %-8s | %15.0f | %6.2f | %10s | %16.0f | %6.2f | %10s |%n",
        name, m[0].requestsPerSecond(), m[0].p99Millis(), ratio(m[0], courier == null ? null : courier[0]),
        m[1].requestsPerSecond(), m[1].p99Millis(), ratio(m[1], courier == null ? null : courier[1])));
    results.forEach((name, m) -> {
      if (m[0].errors() + m[1].errors() > 0) System.out.println(name + ": wrk reported " + (m[0].errors() + m[1].errors()) + " errors");
    });
  }

  static String ratio(Measure m, Measure courier) {
    if (courier == null || courier.requestsPerSecond() == 0) return "-";
    return String.format(Locale.ROOT, "%.2fx", m.requestsPerSecond() / courier.requestsPerSecond());
  }

  static Process startServer(String name, int port, Path staticDir, Path work, Options options) throws IOException {
    List<String> command = new ArrayList<>();
    if (name.equals("nginx")) {
      Path conf = work.resolve("nginx-" + port + ".conf");
      Files.writeString(conf, nginxConf(port, staticDir, work));
      command.addAll(List.of(nginxBinary(), "-p", work.toString(), "-c", conf.toString()));
    } else {
      String java = ProcessHandle.current().info().command().orElse("java");
      command.addAll(List.of(java, "-Xms1g", "-Xmx1g", "-XX:+UseG1GC"));
      if (options.jfr() && name.equals("courier")) {
        command.add("-XX:StartFlightRecording=filename=" + work.resolve("courier.jfr") + ",settings=profile");
        System.err.println("JFR recording: " + work.resolve("courier.jfr"));
      }
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), ServerBenchmark.class.getName(),
          "serve", name, Integer.toString(port), staticDir.toString()));
    }
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(work.resolve(name + ".log").toFile()).start();
  }

  static String nginxBinary() {
    for (String candidate : new String[] {"/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"}) {
      if (Files.isExecutable(Path.of(candidate))) return candidate;
    }
    return "nginx";
  }

  static String nginxConf(int port, Path staticDir, Path work) {
    return """
        worker_processes auto;
        daemon off;
        pid %1$s/nginx.pid;
        error_log %1$s/nginx-error.log warn;
        events { worker_connections 4096; }
        http {
          access_log off;
          sendfile on;
          tcp_nopush on;
          keepalive_requests 1000000;
          client_body_temp_path %1$s/body;
          proxy_temp_path %1$s/proxy;
          fastcgi_temp_path %1$s/fastcgi;
          uwsgi_temp_path %1$s/uwsgi;
          scgi_temp_path %1$s/scgi;
          server {
            listen 127.0.0.1:%2$d;
            location = /plaintext { default_type text/plain; return 200 "Hello, World!"; }
            location /static/ { alias %3$s/; default_type application/octet-stream; }
          }
        }
        """.formatted(work, port, staticDir);
  }

  static Measure wrk(String url, int seconds, Options options) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("wrk", "-t" + options.threads(), "-c" + options.connections(),
        "-d" + seconds + "s", "--latency", url).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    double rps = number(out, "Requests/sec:\\s+([0-9.]+)");
    double p99 = latency(out);
    long errors = 0;
    Matcher socket = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(out);
    if (socket.find()) {
      for (int g = 1; g <= 4; g++) errors += Long.parseLong(socket.group(g));
    }
    Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(out);
    if (non2xx.find()) errors += Long.parseLong(non2xx.group(1));
    return new Measure(rps, p99, errors);
  }

  static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  /** The 99% line of wrk's latency distribution, in milliseconds. */
  static double latency(String text) {
    Matcher m = Pattern.compile("\\s99%\\s+([0-9.]+)(us|ms|s)").matcher(text);
    if (!m.find()) return 0;
    double v = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "us" -> v / 1000;
      case "s" -> v * 1000;
      default -> v;
    };
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static void waitForPort(int port, Process process) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IOException("server exited with " + process.exitValue());
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new IOException("server did not listen on " + port);
  }
}

package dev.courier.bench;

import dev.courier.Session;
import dev.courier.client.HttpConnection;
import dev.courier.client.HttpResponse;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code session.get(url).bytes()} of a small JSON body from a local nginx, beside OkHttp 4.12,
 * Apache HttpClient 5.6 (classic, pooled) and the JDK's HttpClient (HTTP/1.1) in the same run,
 * and beside a bare {@link HttpConnection} per thread (the cost of the convenience layer). Run
 * sequentially and with 64 callers:
 *
 * <pre>
 * java -jar courier-bench/target/benchmarks.jar SessionBenchmark -t 1  -prof gc
 * java -jar courier-bench/target/benchmarks.jar SessionBenchmark -t 64 -prof gc
 * </pre>
 *
 * Every client keeps connections alive and allows 64 per host, so that with 64 threads none
 * waits for a connection. {@code -Dcourier.bench.port=N} uses an nginx already running.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class SessionBenchmark {
  /** The body: a small JSON document, as a typical API answer. */
  static final String JSON = "{\"id\":12345,\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\","
      + "\"roles\":[\"admin\",\"dev\"],\"active\":true,\"score\":98.6}\n";

  private Nginx nginx;
  private String url;
  private Session session;
  private OkHttpClient okhttp;
  private okhttp3.Request okRequest;
  private CloseableHttpClient apache;
  private java.net.http.HttpClient jdk;
  private java.net.http.HttpRequest jdkRequest;
  private final ThreadLocal<HttpConnection> bare = new ThreadLocal<>();
  private final List<HttpConnection> bareConnections = new java.util.concurrent.CopyOnWriteArrayList<>();

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    nginx = Nginx.startOrUseExisting();
    url = "http://127.0.0.1:" + nginx.port + "/small.json";
    session = Session.builder().maxConnectionsPerRoute(64).build();
    okhttp = new OkHttpClient.Builder()
        .connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES))
        .build();
    okRequest = new okhttp3.Request.Builder().url(url).build();
    apache = HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnPerRoute(64).setMaxConnTotal(128).build())
        .build();
    jdk = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    jdkRequest = java.net.http.HttpRequest.newBuilder(URI.create(url)).GET().build();
    // every client must see the same bytes
    check(courierSession());
    check(okHttp());
    check(apacheHttpClient5());
    check(jdkHttpClient());
    check(bareHttpConnection());
  }

  private static void check(byte[] body) {
    if (!JSON.equals(new String(body, java.nio.charset.StandardCharsets.UTF_8))) {
      throw new IllegalStateException("unexpected body: " + new String(body, java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    session.close();
    okhttp.dispatcher().executorService().shutdown();
    okhttp.connectionPool().evictAll();
    apache.close();
    jdk.close();
    bareConnections.forEach(HttpConnection::close);
    nginx.close();
  }

  @Benchmark
  public byte[] courierSession() {
    return session.get(url).bytes();
  }

  @Benchmark
  public byte[] bareHttpConnection() throws IOException {
    HttpConnection c = bare.get();
    if (c == null) {
      c = new HttpConnection("127.0.0.1", nginx.port);
      bare.set(c);
      bareConnections.add(c);
    }
    c.request("GET", "/small.json");
    HttpResponse r = c.getResponse();
    return r.read();
  }

  @Benchmark
  public byte[] okHttp() throws IOException {
    try (okhttp3.Response r = okhttp.newCall(okRequest).execute()) {
      return r.body().bytes();
    }
  }

  @Benchmark
  public byte[] apacheHttpClient5() throws IOException {
    return apache.execute(new HttpGet(url), response -> EntityUtils.toByteArray(response.getEntity()));
  }

  @Benchmark
  public byte[] jdkHttpClient() throws IOException, InterruptedException {
    return jdk.send(jdkRequest, java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
  }

  /** A private nginx on 127.0.0.1: one worker, unlimited keep-alive, no gzip, no access log. */
  static final class Nginx implements AutoCloseable {
    final int port;
    private final Path dir;
    private final Process process;

    private Nginx(int port, Path dir, Process process) {
      this.port = port;
      this.dir = dir;
      this.process = process;
    }

    static Nginx startOrUseExisting() throws IOException, InterruptedException {
      String existing = System.getProperty("courier.bench.port");
      if (existing != null) return new Nginx(Integer.parseInt(existing), null, null);
      String binary = Stream.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")
          .filter(p -> new File(p).canExecute()).findFirst()
          .orElseThrow(() -> new IllegalStateException("nginx not found: apt-get install nginx"));
      Path dir = Files.createTempDirectory("courier-session-bench");
      Files.createDirectories(dir.resolve("www"));
      Files.writeString(dir.resolve("www/small.json"), JSON);
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.toList()) {
          Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
        }
      }
      int port;
      try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = probe.getLocalPort();
      }
      String d = dir.toString();
      boolean root = "root".equals(System.getProperty("user.name"));
      Files.writeString(dir.resolve("nginx.conf"), (root ? "user root root;\n" : "")
          + "worker_processes 1;\npid " + d + "/nginx.pid;\nerror_log " + d + "/error.log warn;\n"
          + "events { worker_connections 1024; }\nhttp {\n  access_log off;\n"
          + "  client_body_temp_path " + d + "/cb;\n  proxy_temp_path " + d + "/px;\n"
          + "  fastcgi_temp_path " + d + "/fc;\n  uwsgi_temp_path " + d + "/uw;\n  scgi_temp_path " + d + "/sc;\n"
          + "  types { application/json json; }\n  keepalive_requests 100000000;\n  keepalive_timeout 300s;\n"
          + "  gzip off;\n  open_file_cache max=100;\n"
          + "  server {\n    listen 127.0.0.1:" + port + ";\n    root " + d + "/www;\n  }\n}\n");
      Process process = new ProcessBuilder(binary, "-p", d, "-e", d + "/error.log", "-c", d + "/nginx.conf",
          "-g", "daemon off;").redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
      Nginx nginx = new Nginx(port, dir, process);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (true) {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", port), 200);
          return nginx;
        } catch (IOException notYet) {
          if (!process.isAlive() || System.nanoTime() > deadline) {
            nginx.close();
            throw new IOException("nginx did not start on port " + port);
          }
          Thread.sleep(20);
        }
      }
    }

    @Override
    public void close() throws IOException {
      if (process == null) return;
      process.destroy();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}

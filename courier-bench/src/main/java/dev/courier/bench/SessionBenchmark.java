package dev.courier.bench;

import dev.courier.Session;
import dev.courier.client.HttpConnection;
import dev.courier.client.HttpResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

  private LocalNginx nginx;
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
    nginx = LocalNginx.startOrUseExisting(Map.of("small.json", JSON));
    url = "http://127.0.0.1:" + nginx.port() + "/small.json";
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
      c = new HttpConnection("127.0.0.1", nginx.port());
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
}

package dev.courier.bench;

import dev.courier.client.HttpConnection;
import dev.courier.client.HttpResponse;
import dev.courier.net.ConnectOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
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
 * Sequential keep-alive GETs of a 612-byte page from a local nginx, one connection, one thread:
 * Courier's {@link HttpConnection} next to OkHttp 4.12, Apache HttpClient 5 (classic) and the
 * JDK's {@link HttpClient} (HTTP/1.1). Each call reads the whole body as a byte array.
 *
 * <pre>
 * mvn -B -q -pl courier-bench -am package -DskipTests
 * java -jar courier-bench/target/benchmarks.jar ClientBenchmark -prof gc
 * </pre>
 *
 * nginx is started by the benchmark (see {@link LocalNginx}); {@code -Dcourier.bench.port=N}
 * (passed with {@code -jvmArgsAppend}) points it at a running one instead.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class ClientBenchmark {
  private LocalNginx nginx;
  private String url;

  private HttpConnection courier;
  private OkHttpClient okhttp;
  private Request okRequest;
  private CloseableHttpClient apache;
  private HttpClient jdk;
  private HttpRequest jdkRequest;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    nginx = LocalNginx.startOrUseExisting();
    url = "http://127.0.0.1:" + nginx.port() + "/index.html";
    courier = new HttpConnection("127.0.0.1", nginx.port(), ConnectOptions.defaults());
    okhttp = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    okRequest = new Request.Builder().url(url).build();
    apache = HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create().build())
        .disableContentCompression().build();
    jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    jdkRequest = HttpRequest.newBuilder(URI.create(url)).GET().build();
    if (courier() != LocalNginx.INDEX.length() || okhttp() != LocalNginx.INDEX.length()
        || apache() != LocalNginx.INDEX.length() || jdk() != LocalNginx.INDEX.length()) {
      throw new IllegalStateException("a client read the wrong body");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    courier.close();
    okhttp.dispatcher().executorService().shutdown();
    okhttp.connectionPool().evictAll();
    apache.close();
    jdk.close();
    nginx.close();
  }

  @Benchmark
  public int courier() throws IOException {
    courier.request("GET", "/index.html");
    HttpResponse response = courier.getResponse();
    return response.read().length;
  }

  @Benchmark
  public int okhttp() throws IOException {
    try (Response response = okhttp.newCall(okRequest).execute()) {
      return response.body().bytes().length;
    }
  }

  @Benchmark
  public int apache() throws IOException {
    return apache.execute(new HttpGet(url), response -> EntityUtils.toByteArray(response.getEntity()).length);
  }

  @Benchmark
  public int jdk() throws IOException, InterruptedException {
    return jdk.send(jdkRequest, java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body().length;
  }
}

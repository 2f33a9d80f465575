package dev.courier.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.server.Handler;
import dev.courier.server.HttpServer;
import dev.courier.server.Router;
import dev.courier.server.ServerResponse;
import dev.courier.server.ServerResponseBody;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jetty 12's HTTP/2 client against Courier's server: h2c with prior knowledge on plaintext, and h2
 * chosen by ALPN over TLS (RFC 9113 §3.2, §3.3). A second implementation's framing, flow control
 * and HPACK meet ours here, the way curl, nghttp and Python's h2 do in courier-core's interop tests.
 */
class JettyH2ClientInteropTest {
  @TempDir static Path dir;
  static HttpServer plain;
  static HttpServer tls;
  static HttpClient h2c;
  static HttpClient h2;
  static byte[] large;

  @BeforeAll
  static void start() throws Exception {
    large = new byte[1_000_000];
    for (int i = 0; i < large.length; i++) large[i] = (byte) ('a' + i % 26);
    Handler echoSize = r -> ServerResponse.ok(r.method() + " " + r.bodyBytes().length + " " + r.version());
    Router router = Router.builder()
        .get("/hello", r -> ServerResponse.ok("hello over " + r.version()))
        .get("/large", r -> ServerResponse.builder(200).contentType("application/octet-stream").body(ServerResponseBody.of(large)).build())
        .post("/upload", echoSize)
        .build();
    plain = HttpServer.builder().bind("127.0.0.1").port(0).handler(router).start();
    Path keyStore = selfSignedKeyStore();
    tls = HttpServer.builder().bind("127.0.0.1").port(0).handler(router)
        .tls(keyStore, "changeit".toCharArray()).start();

    // Jetty's HTTP/2 transport speaks h2c with prior knowledge to an http: origin.
    h2c = new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client()));
    h2c.start();

    SslContextFactory.Client trust = new SslContextFactory.Client();
    trust.setTrustStorePath(keyStore.toString());
    trust.setTrustStorePassword("changeit");
    trust.setTrustStoreType("PKCS12");
    trust.setEndpointIdentificationAlgorithm(null); // the certificate names "localhost"; we dial 127.0.0.1
    ClientConnector connector = new ClientConnector();
    connector.setSslContextFactory(trust);
    h2 = new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client(connector)));
    h2.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (h2c != null) h2c.stop();
    if (h2 != null) h2.stop();
    if (plain != null) plain.stop(Duration.ofSeconds(1));
    if (tls != null) tls.stop(Duration.ofSeconds(1));
  }

  /** A PKCS#12 key store with one self-signed key, made by the JDK's keytool. */
  static Path selfSignedKeyStore() throws IOException, InterruptedException {
    Path store = dir.resolve("server.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p = new ProcessBuilder(keytool, "-genkeypair", "-keystore", store.toString(),
        "-storetype", "PKCS12", "-storepass", "changeit", "-alias", "server", "-keyalg", "EC",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return store;
  }

  static String plainUrl(String path) {
    return "http://127.0.0.1:" + plain.port() + path;
  }

  static String tlsUrl(String path) {
    return "https://127.0.0.1:" + tls.port() + path;
  }

  @Test
  void priorKnowledgeOnPlaintext() throws Exception {
    ContentResponse r = h2c.GET(plainUrl("/hello"));
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(r.getVersion()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(r.getContentAsString()).isEqualTo("hello over HTTP/2");
  }

  @Test
  void alpnChoosesH2OverTls() throws Exception {
    ContentResponse r = h2.GET(tlsUrl("/hello"));
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(r.getVersion()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(r.getContentAsString()).isEqualTo("hello over HTTP/2");
  }

  @Test
  void aBodyLargerThanEveryWindowArrivesWhole() throws Exception {
    // 1 MB is far past the 65,535-byte initial windows (RFC 9113 §6.9.2): both sides must update.
    for (HttpClient client : List.of(h2c, h2)) {
      String url = client == h2c ? plainUrl("/large") : tlsUrl("/large");
      ContentResponse r = client.newRequest(url).timeout(30, TimeUnit.SECONDS).send();
      assertThat(r.getStatus()).isEqualTo(200);
      assertThat(r.getContent()).isEqualTo(large);
    }
  }

  @Test
  void anUploadLargerThanTheServersWindowIsReceivedWhole() throws Exception {
    ContentResponse r = h2c.newRequest(plainUrl("/upload")).method(HttpMethod.POST)
        .body(new BytesRequestContent("application/octet-stream", large))
        .timeout(30, TimeUnit.SECONDS).send();
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(r.getContentAsString()).isEqualTo("POST 1000000 HTTP/2");
  }

  @Test
  void twoHundredConcurrentExchangesAreMultiplexed() throws Exception {
    List<CompletableFuture<Result>> results = new ArrayList<>();
    List<StringBuilder> bodies = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      CompletableFuture<Result> done = new CompletableFuture<>();
      StringBuilder body = new StringBuilder();
      h2c.newRequest(plainUrl("/hello?n=" + i)).timeout(30, TimeUnit.SECONDS)
          .onResponseContent((Response response, java.nio.ByteBuffer content) ->
              body.append(StandardCharsets.UTF_8.decode(content)))
          .send(done::complete);
      results.add(done);
      bodies.add(body);
    }
    for (int i = 0; i < results.size(); i++) {
      Result result = results.get(i).get(60, TimeUnit.SECONDS);
      assertThat(result.isSucceeded()).as(String.valueOf(result.getFailure())).isTrue();
      assertThat(result.getResponse().getStatus()).isEqualTo(200);
      assertThat(result.getResponse().getVersion()).isEqualTo(HttpVersion.HTTP_2);
      assertThat(bodies.get(i).toString()).isEqualTo("hello over HTTP/2");
    }
  }

  @Test
  void headAndNotFound() throws Exception {
    ContentResponse head = h2c.newRequest(plainUrl("/large")).method(HttpMethod.HEAD).send();
    assertThat(head.getStatus()).isEqualTo(200);
    assertThat(head.getContent()).isEmpty();
    assertThat(head.getHeaders().get("content-length")).isEqualTo("1000000");
    ContentResponse missing = h2c.GET(plainUrl("/nowhere"));
    assertThat(missing.getStatus()).isEqualTo(404);
  }
}

package dev.courier.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.server.HttpServer;
import dev.courier.server.ServerResponse;
import dev.courier.server.ServerResponseBody;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code tls} test's set-up, over HTTP/1.1 and HTTP/2: its scenarios and URLs, nginx's HTTPS
 * listener, the report's account of it, and the checks that stop a run before measuring a server
 * whose TLS answers are not what wrk or h2load is meant to count.
 */
class BenchTlsTest {
  @TempDir Path dir;

  @Test
  void tlsTestsAreHttpsScenariosBesideThePlainOnesAndTlsCloseOpensAConnectionPerRequest() {
    ServerBenchmark.Options options = ServerBenchmark.Options.parse(
        new String[] {"run", "--tests", "plaintext,tls,tls-close", "--connections", "64,256"});
    List<ServerBenchmark.Scenario> scenarios = ServerBenchmark.scenarios(options);

    assertThat(options.tls()).isTrue();
    assertThat(ServerBenchmark.Options.parse(new String[] {"run", "--tests", "tls-close"}).tls()).isTrue();
    // tls: one scenario per connection count; tls-close: one, at the first count, a new connection per request
    assertThat(scenarios).extracting(s -> s.test() + " c" + s.connections() + " " + s.newConnectionEach())
        .containsExactly("plaintext c64 false", "plaintext c256 false", "tls c64 false", "tls c256 false",
            "tls-close c64 true");
    assertThat(ServerBenchmark.url(8443, scenarios.get(2))).isEqualTo("https://127.0.0.1:8443/plaintext");
    assertThat(ServerBenchmark.url(8443, scenarios.get(4))).isEqualTo("https://127.0.0.1:8443/plaintext");
    assertThat(ServerBenchmark.url(8080, scenarios.get(0))).isEqualTo("http://127.0.0.1:8080/plaintext");
  }

  @Test
  void defaultTestsStayPlainAndOpenNoHttpsListener() {
    ServerBenchmark.Options options = ServerBenchmark.Options.parse(new String[] {"run"});

    assertThat(options.tests()).containsExactly("plaintext", "pipelined", "file");
    assertThat(options.tls()).isFalse();
  }

  @Test
  void h2TlsTestIsOneHttpsH2loadScenarioPerConnectionCountBesideTheH2cOnes() {
    ServerBenchmark.Options options = ServerBenchmark.Options.parse(
        new String[] {"run", "--protocol", "h2c", "--tests", "h2c,tls"});
    List<ServerBenchmark.Scenario> scenarios = ServerBenchmark.scenarios(options);

    assertThat(options.tls()).isTrue();
    assertThat(scenarios).extracting(s -> s.test() + " c" + s.connections() + (s.tls() ? " https" : ""))
        .containsExactly("h2load m100 c10", "h2load m10 c64", "h2load tls m100 c10 https", "h2load tls m10 c64 https");
    assertThat(ServerBenchmark.url(8443, scenarios.get(2))).isEqualTo("https://127.0.0.1:8443/plaintext");
    assertThat(ServerBenchmark.url(8080, scenarios.get(0))).isEqualTo("http://127.0.0.1:8080/plaintext");
  }

  @Test
  void h2RunsDefaultToH2cAloneAndRefuseTheHttp11Tests() {
    ServerBenchmark.Options options = ServerBenchmark.Options.parse(new String[] {"run", "--protocol", "h2c"});

    assertThat(options.tests()).containsExactly("h2c");
    assertThat(options.tls()).isFalse();
    ServerBenchmark.Options pipelined = ServerBenchmark.Options.parse(
        new String[] {"run", "--protocol", "h2c", "--tests", "pipelined"});
    assertThatThrownBy(() -> ServerBenchmark.scenarios(pipelined)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown h2 test pipelined");
  }

  @Test
  void theH2ReportSaysHowTlsWasServedAndWhatEachServerNegotiated() {
    ServerBenchmark.Options options = ServerBenchmark.Options.parse(
        new String[] {"run", "--protocol", "h2c", "--tests", "tls"});
    Map<String, String> sessions = new LinkedHashMap<>();
    sessions.put("courier", "TLSv1.3 TLS_AES_256_GCM_SHA384, ALPN h2");
    sessions.put("nginx", "TLSv1.3 TLS_AES_256_GCM_SHA384, ALPN h2");

    String text = ServerRunRecord.describe(options, "run --protocol h2c --tests tls", sessions);
    assertThat(text).contains("h2load -t1 over HTTPS (HTTP/2 over TLS 1.3, ALPN h2)", "`listen ... ssl http2`",
        "HTTP/2 over TLS 1.3, ALPN h2", "SunJSSE", "OpenSSL", "`Application protocol: h2`",
        "courier, nginx: TLSv1.3 TLS_AES_256_GCM_SHA384, ALPN h2.");
    assertThat(text).doesNotContain("prior knowledge");
  }

  @Test
  void nginxGetsAnHttp11TlsListenerBesideItsPlainOneOnlyWhenAsked() {
    BenchTls tls = new BenchTls(8443, dir.resolve("cert.pem"), dir.resolve("key.pem"));

    String conf = NginxConf.forBenchmark(8080, dir, dir, false, tls);
    assertThat(conf).contains("listen 127.0.0.1:8080;", "listen 127.0.0.1:8443 ssl;",
        "ssl_certificate " + tls.certificate() + ";", "ssl_certificate_key " + tls.key() + ";",
        "ssl_protocols TLSv1.2 TLSv1.3;");
    assertThat(conf).doesNotContain("http2");
    assertThat(NginxConf.forBenchmark(8080, dir, dir, false, null)).doesNotContain("ssl");
  }

  @Test
  void nginxBesideAnH2cPortGetsAnH2TlsListener() {
    BenchTls tls = new BenchTls(8443, dir.resolve("cert.pem"), dir.resolve("key.pem"));

    assertThat(NginxConf.forBenchmark(8080, dir, dir, true, tls))
        .contains("listen 127.0.0.1:8080 http2;", "listen 127.0.0.1:8443 ssl http2;", "ssl_protocols TLSv1.2 TLSv1.3;");
  }

  @Test
  void serveArgumentsCarryTheListenerToTheServerProcess() {
    BenchTls tls = new BenchTls(8443, dir.resolve("cert.pem"), dir.resolve("key.pem"));
    String[] serve = {"serve", "jetty", "8080", "/tmp/static", "http1", "8443", tls.certificate().toString(),
        tls.key().toString()};

    assertThat(tls.arguments()).containsExactly(serve[5], serve[6], serve[7]);
    assertThat(BenchTls.parse(serve, 5)).isEqualTo(tls);
  }

  @Test
  void checkAcceptsHttp11OverTls13WithTheHelloBody() throws Exception {
    BenchCertificate certificate = BenchCertificate.create(dir);
    BenchTls tls = new BenchTls(0, certificate.certificate(), certificate.key());
    try (HttpServer server = hello(200, tls)) {
      assertThat(BenchTls.verify(server.port(), certificate)).startsWith("TLSv1.3 TLS_");
    }
  }

  @Test
  void checkRejectsAnotherStatusSuchAsARedirect() throws Exception {
    BenchCertificate certificate = BenchCertificate.create(dir);
    BenchTls tls = new BenchTls(0, certificate.certificate(), certificate.key());
    // Jetty's bare context path answered 301, which wrk counts as a success.
    try (HttpServer server = hello(301, tls)) {
      assertThatThrownBy(() -> BenchTls.verify(server.port(), certificate))
          .isInstanceOf(IOException.class).hasMessageContaining("HTTP/1.1 301");
    }
  }

  @Test
  void checkRejectsAPortWithoutTls() throws Exception {
    BenchCertificate certificate = BenchCertificate.create(dir);
    try (HttpServer server = hello(200, null)) {
      assertThatThrownBy(() -> BenchTls.verify(server.port(), certificate)).isInstanceOf(IOException.class);
    }
  }

  @Test
  void h2CheckAcceptsHelloOverTls13WithH2ChosenByAlpn() throws Exception {
    BenchCertificate certificate = BenchCertificate.create(dir);
    BenchTls tls = new BenchTls(0, certificate.certificate(), certificate.key());
    try (HttpServer server = hello(200, tls, true)) {
      assertThat(BenchTls.verifyH2(server.port(), certificate)).startsWith("TLSv1.3 TLS_").endsWith(", ALPN h2");
    }
  }

  @Test
  void h2CheckRejectsAServerThatKeepsToHttp11() throws Exception {
    BenchCertificate certificate = BenchCertificate.create(dir);
    BenchTls tls = new BenchTls(0, certificate.certificate(), certificate.key());
    try (HttpServer server = hello(200, tls, false)) {
      assertThatThrownBy(() -> BenchTls.verifyH2(server.port(), certificate))
          .isInstanceOf(IOException.class).hasMessageContaining("HTTP_1_1, not h2");
    }
  }

  @Test
  void h2CheckRejectsAnotherStatus() throws Exception {
    BenchCertificate certificate = BenchCertificate.create(dir);
    BenchTls tls = new BenchTls(0, certificate.certificate(), certificate.key());
    try (HttpServer server = hello(301, tls, true)) {
      assertThatThrownBy(() -> BenchTls.verifyH2(server.port(), certificate))
          .isInstanceOf(IOException.class).hasMessageContaining("over h2 with 301");
    }
  }

  private static HttpServer hello(int status, BenchTls tls) throws IOException {
    return hello(status, tls, true);
  }

  private static HttpServer hello(int status, BenchTls tls, boolean http2) throws IOException {
    ServerResponseBody body = ServerResponseBody.of(BenchServers.HELLO);
    HttpServer.Builder builder = HttpServer.builder().bind("127.0.0.1").port(0).http2(http2)
        .handler(request -> ServerResponse.builder(status).contentType("text/plain").body(body).build());
    if (tls != null) builder.tls(tls.certificate(), tls.key());
    return builder.start();
  }
}

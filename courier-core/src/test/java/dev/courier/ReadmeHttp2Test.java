package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.client.H2Connection;
import dev.courier.client.H2Response;
import dev.courier.http.Headers;
import dev.courier.http.Url;
import dev.courier.http.h2.H2Limits;
import dev.courier.net.ConnectOptions;
import dev.courier.net.Connection;
import dev.courier.net.Endpoint;
import dev.courier.net.TlsSettings;
import dev.courier.net.Transport;
import dev.courier.server.HttpServer;
import dev.courier.server.ServerResponse;
import dev.courier.testing.TestPki;
import dev.courier.http.wire.HttpVersion;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's HTTP/2 example, run. */
class ReadmeHttp2Test {
  @Test
  void theReadmeShowsExactlyThisExample() {
    ReadmeBlocks.assertReadmeShowsEveryBlockOf("ReadmeHttp2Test.java");
  }

  @Test
  void http2Example() throws Exception {
    // README:begin
    HttpServer server = HttpServer.builder().port(0)      // .tls(...) offers h2 by ALPN as well
        .http2Limits(H2Limits.defaults().withMaxConcurrentStreams(250))
        .handler(request -> ServerResponse.ok("hello over " + request.version()))
        .start();
    Connection tcp = Transport.system().connect(Endpoint.tcp("127.0.0.1", server.port()), ConnectOptions.defaults());
    try (H2Connection h2 = H2Connection.open(tcp, "http")) {   // h2c with prior knowledge
      H2Response r = h2.send("GET", Url.parse(server.url()), Headers.empty(), null);
      System.out.println(new String(r.bytes(), StandardCharsets.UTF_8));   // hello over HTTP/2
    }
    // README:end
    try (H2Connection h2 = H2Connection.open(Transport.system().connect(Endpoint.tcp("127.0.0.1", server.port()),
        ConnectOptions.defaults()), "http")) {
      H2Response r = h2.send("GET", Url.parse(server.url()), Headers.empty(), null);
      assertThat(new String(r.bytes(), StandardCharsets.UTF_8)).isEqualTo("hello over HTTP/2");
      assertThat(h2.availableStreams()).isEqualTo(250);
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }

  @Test
  void sessionHttp2Example() throws Exception {
    Path certificate = TestPki.get().serverCert();
    Path key = TestPki.get().serverKey();
    Path caCertificate = TestPki.get().caCert();
    Response seen;
    // README:begin
    HttpServer server = HttpServer.builder().port(0).tls(certificate, key)   // offers h2 by ALPN
        .handler(request -> ServerResponse.ok("hello over " + request.version()))
        .start();
    try (Session session = Session.builder()
        .tls(TlsSettings.builder().trustedCertificates(caCertificate).build())
        .httpVersionPolicy(HttpVersionPolicy.HTTP_2_PREFERRED)   // the default; or HTTP_1_1, HTTP_2_ONLY
        .build()) {
      Response r = session.get("https://localhost:" + server.port() + "/");
      System.out.println(r.version() + ": " + r.text());   // HTTP/2: hello over HTTP/2
      // README:end
      seen = r;
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
    assertThat(seen.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(seen.text()).isEqualTo("hello over HTTP/2");
  }
}

package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.http.Headers;
import dev.courier.net.ConnectOptions;
import dev.courier.net.TlsContexts;
import dev.courier.net.TlsSettings;
import dev.courier.server.httpbin.HttpBin;
import dev.courier.server.HttpServer;
import dev.courier.testsupport.TestPki;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The low-level client against Courier's own server running HttpBin. */
class CourierServerInteropTest {
  private static final ConnectOptions OPTIONS = ConnectOptions.defaults()
      .withReadTimeout(Duration.ofSeconds(10));

  @Test
  void httpBinOverKeepAlive() throws Exception {
    try (HttpServer server = HttpServer.builder().bind("127.0.0.1").port(0).handler(new HttpBin())
        .start()) {
      var c = new HttpConnection("127.0.0.1", server.port(), OPTIONS);
      c.request("GET", "/get?x=1", null, Headers.of("X-Test", "yes"));
      var get = c.getResponse();
      assertThat(get.statusCode()).isEqualTo(200);
      assertThat(get.read()).asString().contains("\"x\"").contains("X-Test");

      c.request("POST", "/post", "hello=world".getBytes(StandardCharsets.US_ASCII),
          Headers.of("Content-Type", "application/x-www-form-urlencoded"));
      assertThat(c.getResponse().read()).asString().contains("\"hello\"").contains("world");

      c.request("PUT", "/put", new ByteArrayInputStream("streamed".getBytes(StandardCharsets.US_ASCII)),
          -1, Headers.of("Content-Type", "text/plain"));
      assertThat(c.getResponse().read()).asString().contains("streamed");

      c.request("GET", "/status/418");
      var teapot = c.getResponse();
      assertThat(teapot.statusCode()).isEqualTo(418);
      teapot.read();

      c.request("GET", "/stream-bytes/5000?chunk_size=700");
      var stream = c.getResponse();
      assertThat(stream.read()).hasSize(5000);

      c.request("HEAD", "/bytes/100");
      var head = c.getResponse();
      assertThat(head.read()).isEmpty();

      c.request("POST", "/anything", "body".getBytes(StandardCharsets.US_ASCII),
          Headers.of("Expect", "100-continue"));
      assertThat(c.getResponse().read()).asString().contains("body");

      c.request("GET", "/get");
      c.getResponse().read();
      assertThat(server.connectionCount()).isEqualTo(1);
      c.close();
    }
  }

  @Test
  void httpsWithAPemCertificate() throws Exception {
    TestPki pki = TestPki.get();
    try (HttpServer server = HttpServer.builder().bind("127.0.0.1").port(0).handler(new HttpBin())
        .tls(TlsContexts.server(pki.serverCert(), pki.serverKey())).start()) {
      var tls = TlsSettings.builder().trustedCertificates(pki.caCert()).build();
      var c = new HttpsConnection("localhost", server.port(), tls, OPTIONS);
      c.request("GET", "/get");
      var r = c.getResponse();
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.read()).asString().contains("\"url\"");
      assertThat(c.tlsSession().orElseThrow().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
    }
  }
}

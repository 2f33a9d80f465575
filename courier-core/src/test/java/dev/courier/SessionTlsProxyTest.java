package dev.courier;

import dev.courier.error.ConnectionException;
import dev.courier.error.TlsException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.client.Proxy;
import dev.courier.net.TlsSettings;
import dev.courier.server.httpbin.HttpBin;
import dev.courier.server.HttpServer;
import dev.courier.testsupport.TestPki;
import dev.courier.testsupport.TinyProxy;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TLS verification, credential scoping on https -> http, and proxies, end to end on loopback. */
class SessionTlsProxyTest {
  private static HttpServer https;
  private static HttpServer http;
  private static TlsSettings trustTestCa;

  @BeforeAll
  static void start() throws IOException {
    TestPki pki = TestPki.get();
    https = HttpServer.builder().bind("127.0.0.1").port(0).handler(new HttpBin())
        .tls(pki.serverPkcs12(), TestPki.PASSWORD.toCharArray()).start();
    http = HttpServer.builder().bind("127.0.0.1").port(0).handler(new HttpBin()).start();
    trustTestCa = TlsSettings.builder().trustedCertificates(pki.caCert()).build();
  }

  @AfterAll
  static void stop() {
    if (https != null) https.close();
    if (http != null) http.close();
  }

  private static String secure(String path) {
    return "https://localhost:" + https.port() + path;
  }

  @Test
  void verificationIsOnAndAnUntrustedCertificateIsATlsTrustFailure() {
    try (Session s = Session.create()) {
      assertThatThrownBy(() -> s.get(secure("/get")))
          .isInstanceOf(TlsException.class)
          .isInstanceOf(ConnectionException.class)
          .hasMessageContaining("localhost:" + https.port())
          .satisfies(e -> assertThat(((TlsException) e).reason()).isEqualTo(TlsException.Reason.TRUST));
    }
    try (Session s = Session.builder().tls(trustTestCa).build()) {
      assertThat(s.get(secure("/get")).json().at("/url").asText()).startsWith("https://");
    }
  }

  @Test
  void insecureInOneSessionNeverLeaksIntoAnother() {
    try (Session loose = Session.builder().tls(TlsSettings.builder().insecureTrustAll().build()).build();
        Session strict = Session.create()) {
      assertThat(loose.get(secure("/get")).statusCode()).isEqualTo(200);
      assertThatThrownBy(() -> strict.get(secure("/get"))).isInstanceOf(TlsException.class);
    }
  }

  @Test
  void httpsToHttpDowngradeDropsCredentials() {
    try (Session s = Session.builder().tls(trustTestCa).auth(Auth.bearer("t0ken")).build()) {
      String insecure = "http://localhost:" + http.port() + "/headers";
      Response r = s.send(Request.get(secure("/redirect-to")).param("url", insecure).build());
      assertThat(r.url().isHttps()).isFalse();
      JsonNode headers = r.json().get("headers");
      assertThat(headers.has("Authorization")).isFalse();
      assertThat(s.get(secure("/headers")).json().at("/headers/Authorization").asText()).isEqualTo("Bearer t0ken");
    }
  }

  @Test
  void httpsThroughAConnectProxy() throws IOException {
    try (TinyProxy proxy = TinyProxy.connect("Basic dTpw");
        Session s = Session.builder().tls(trustTestCa)
            .proxy(Proxy.http("127.0.0.1", proxy.port()).withCredentials("u", "p")).build()) {
      Response r = s.get(secure("/headers"));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.json().get("headers").has("Proxy-Authorization")).as("never inside the tunnel").isFalse();
      assertThat(proxy.requests()).anySatisfy(line -> assertThat(line).startsWith("CONNECT localhost:" + https.port()));
    }
  }

  @Test
  void socks5Proxy() throws IOException {
    try (TinyProxy proxy = TinyProxy.socks5(null);
        Session s = Session.builder().proxy(Proxy.socks5("127.0.0.1", proxy.port())).build()) {
      assertThat(s.get("http://localhost:" + http.port() + "/get").statusCode()).isEqualTo(200);
      assertThat(proxy.requests()).isNotEmpty();
    }
  }
}

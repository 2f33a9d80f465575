package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.client.ClientRequest;
import dev.courier.client.ClientResponse;
import dev.courier.client.Proxy;
import dev.courier.client.RequestContent;
import dev.courier.client.RoundTripper;
import dev.courier.error.TlsException;
import dev.courier.http.Headers;
import dev.courier.http.Url;
import dev.courier.net.TlsSettings;
import dev.courier.server.httpbin.HttpBin;
import dev.courier.server.HttpServer;
import dev.courier.testsupport.TestPki;
import dev.courier.testsupport.TinyProxy;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** requests' {@code verify=}, {@code cert=} and {@code proxies=} on one call, and the pool kept apart by them. */
class PerRequestNetworkTest {
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
  void aOneLinerTrustsAPrivateCaWithoutASession() {
    Response r = Courier.send(Request.get(secure("/get")).tls(trustTestCa).build());
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void aConnectionTrustedForOneRequestIsNeverReusedForAnotherThatDidNotAsk() {
    try (Session s = Session.create()) {
      assertThat(s.send(Request.get(secure("/get")).tls(trustTestCa).build()).statusCode()).isEqualTo(200);
      // the pooled connection verified against the test CA must not answer a request with default trust
      assertThatThrownBy(() -> s.get(secure("/get"))).isInstanceOf(TlsException.class)
          .satisfies(e -> assertThat(((TlsException) e).reason()).isEqualTo(TlsException.Reason.TRUST));
      assertThat(s.send(Request.get(secure("/get")).tls(trustTestCa).build()).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void theRequestsSettingsHoldForItsRedirects() {
    try (Session s = Session.create()) {
      Response r = s.send(Request.get(secure("/redirect/2")).tls(trustTestCa).build());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.history()).hasSize(2);
    }
  }

  @Test
  void twoRequestsWithDifferentTlsSettingsNeverShareAConnection() throws IOException {
    TlsSettings other = trustTestCa.newBuilder().alsoTrustSystemCertificates(true).build();
    Url url = Url.parse(secure("/get"));
    ClientRequest plain = ClientRequest.of("GET", url, Headers.of("Host", url.authority()), RequestContent.none());
    try (RoundTripper rt = RoundTripper.builder().build()) {
      drain(rt.roundTrip(plain.withTls(trustTestCa)));
      drain(rt.roundTrip(plain.withTls(trustTestCa)));
      // the server speaks HTTP/2: the connections are the shared ones, not the HTTP/1.1 pool's
      assertThat(rt.http2ConnectionCount() + rt.pool().connectionCount()).as("equal settings share").isEqualTo(1);
      drain(rt.roundTrip(plain.withTls(other)));
      assertThat(rt.http2ConnectionCount() + rt.pool().connectionCount()).as("other settings get their own").isEqualTo(2);
    }
  }

  @Test
  void aProxyForOneRequestOnly() throws IOException {
    String url = "http://localhost:" + http.port() + "/get";
    try (TinyProxy proxy = TinyProxy.socks5(null); Session s = Session.create()) {
      assertThat(s.send(Request.get(url).proxy(Proxy.socks5("127.0.0.1", proxy.port())).build()).statusCode())
          .isEqualTo(200);
      int viaProxy = proxy.requests().size();
      assertThat(viaProxy).isPositive();
      assertThat(s.get(url).statusCode()).isEqualTo(200);
      assertThat(proxy.requests()).as("the next request goes direct, on its own connection").hasSize(viaProxy);
    }
  }

  @Test
  void directOverridesTheSessionsProxy() throws IOException {
    String url = "http://localhost:" + http.port() + "/get";
    try (TinyProxy proxy = TinyProxy.socks5(null);
        Session s = Session.builder().proxy(Proxy.socks5("127.0.0.1", proxy.port())).build()) {
      assertThat(s.send(Request.get(url).proxy(Proxy.direct()).build()).statusCode()).isEqualTo(200);
      assertThat(proxy.requests()).isEmpty();
    }
  }

  @Test
  void theOptionsSurviveNewBuilderAndAreEmptyByDefault() {
    Request r = Request.get("https://example.com/").tls(trustTestCa).proxy(Proxy.direct()).build();
    assertThat(r.newBuilder().build().tls()).hasValue(trustTestCa);
    assertThat(r.newBuilder().build().proxies()).isPresent();
    assertThat(Request.get("https://example.com/").build().tls()).isEmpty();
    assertThatThrownBy(() -> Request.get("https://example.com/").tls(null)).isInstanceOf(NullPointerException.class);
  }

  private static void drain(ClientResponse response) throws IOException {
    try (response) {
      response.body().readAllBytes();
    }
  }
}

package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.http.Headers;
import dev.courier.net.ConnectOptions;
import dev.courier.net.TlsContexts;
import dev.courier.net.TlsSettings;
import dev.courier.testsupport.ScriptedServer;
import dev.courier.testsupport.TestPki;
import dev.courier.testsupport.TinyProxy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code Proxy-Authorization} is for the proxy that consumes it (RFC 9110, Section 11.7.1): a
 * value the caller set reaches an HTTP proxy on an absolute-form request, and never an origin
 * server, whether the route is direct or a CONNECT tunnel runs through the proxy.
 */
class ProxyAuthorizationTest {
  private static final ConnectOptions OPTIONS = ConnectOptions.defaults()
      .withReadTimeout(Duration.ofSeconds(5));
  private static final Headers USER_SET = Headers.of("Proxy-Authorization", "Basic c2VjcmV0OnB3");

  private static ScriptedServer answering() throws Exception {
    return ScriptedServer.start(peer -> {
      while (peer.readRequest() != null) {
        peer.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
      }
    });
  }

  @Test
  void aDirectRouteNeverSendsItToTheOrigin() throws Exception {
    try (ScriptedServer origin = answering()) {
      var c = new HttpConnection("127.0.0.1", origin.port(), OPTIONS);
      c.request("GET", "/direct", null, USER_SET);
      assertThat(c.getResponse().read()).asString().isEqualTo("ok");
      assertThat(origin.requests()).hasSize(1);
      assertThat(origin.requests().get(0).header("Proxy-Authorization")).isNull();
    }
  }

  @Test
  void insideAConnectTunnelTheOriginNeverSeesIt() throws Exception {
    TestPki pki = TestPki.get();
    TlsSettings tls = TlsSettings.builder().trustedCertificates(pki.caCert()).build();
    try (ScriptedServer origin = ScriptedServer.startTls(
            TlsContexts.server(pki.serverCert(), pki.serverKey()), peer -> {
              while (peer.readRequest() != null) {
                peer.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
              }
            });
        TinyProxy proxy = TinyProxy.connect("Basic dTpw")) {
      Route route = Route.https("localhost", origin.port(), tls)
          .withProxy(Proxy.http("127.0.0.1", proxy.port()).withCredentials("u", "p"));
      var c = new HttpConnection(route, OPTIONS);
      c.request("GET", "/tunnelled", null, USER_SET);
      assertThat(c.getResponse().read()).asString().isEqualTo("ok");
      // the proxy got the route's credentials on CONNECT; the origin got no proxy credentials at all
      assertThat(proxy.requests().get(0)).contains("Proxy-Authorization: Basic dTpw");
      assertThat(origin.requests().get(0).header("Proxy-Authorization")).isNull();
    }
  }

  @Test
  void insideATunnelSetLikePythonTheOriginNeverSeesIt() throws Exception {
    try (ScriptedServer origin = answering(); TinyProxy proxy = TinyProxy.connect("Basic dTpw")) {
      var c = new HttpConnection("127.0.0.1", proxy.port(), OPTIONS);
      c.setTunnel("127.0.0.1", origin.port(), Headers.of("Proxy-Authorization", "Basic dTpw"));
      c.request("POST", "/tunnelled", new byte[] {1}, USER_SET);
      assertThat(c.getResponse().read()).asString().isEqualTo("ok");
      assertThat(origin.requests().get(0).header("Proxy-Authorization")).isNull();
    }
  }

  @Test
  void anAbsoluteFormRequestCarriesTheCallersValueToTheProxy() throws Exception {
    try (ScriptedServer proxy = answering()) {
      Route route = Route.http("example.test", 8080)
          .withProxy(Proxy.http("127.0.0.1", proxy.port()).withCredentials("u", "p"));
      var c = new HttpConnection(route, OPTIONS);
      c.request("GET", "/via-proxy", null, USER_SET);
      assertThat(c.getResponse().read()).asString().isEqualTo("ok");
      var seen = proxy.requests().get(0);
      assertThat(seen.requestLine()).isEqualTo("GET http://example.test:8080/via-proxy HTTP/1.1");
      // the caller's value wins over the route's credentials, and is sent once
      assertThat(seen.head()).containsOnlyOnce("Proxy-Authorization");
      assertThat(seen.header("Proxy-Authorization")).isEqualTo("Basic c2VjcmV0OnB3");
    }
  }

  @Test
  void aRoundTripOnADirectRouteStripsItToo() throws Exception {
    try (ScriptedServer origin = answering(); RoundTripper rt = RoundTripper.builder().build()) {
      var url = dev.courier.http.Url.parse("http://127.0.0.1:" + origin.port() + "/rt");
      Headers headers = Headers.of("Host", url.authority(), "Proxy-Authorization", "Basic c2VjcmV0OnB3");
      try (ClientResponse response = rt.roundTrip(ClientRequest.of("GET", url, headers, RequestContent.none()))) {
        assertThat(response.body().readAllBytes()).asString().isEqualTo("ok");
      }
      assertThat(origin.requests().get(0).header("Proxy-Authorization")).isNull();
    }
  }
}

package dev.courier.client;

import dev.courier.error.ProxyException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.http.Headers;
import dev.courier.net.ConnectOptions;
import dev.courier.net.TlsContexts;
import dev.courier.net.TlsSettings;
import dev.courier.testsupport.ScriptedServer;
import dev.courier.testsupport.TestPki;
import dev.courier.testsupport.TinyProxy;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyTunnelTest {
  private static final ConnectOptions OPTIONS = ConnectOptions.defaults()
      .withReadTimeout(Duration.ofSeconds(5));

  private static ScriptedServer plainServer() throws Exception {
    return ScriptedServer.start(peer -> {
      while (peer.readRequest() != null) {
        peer.write("HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\ntunneled");
      }
    });
  }

  @Test
  void httpsThroughAConnectProxyWithAuthentication() throws Exception {
    TestPki pki = TestPki.get();
    TlsSettings tls = TlsSettings.builder().trustedCertificates(pki.caCert()).build();
    try (ScriptedServer server = ScriptedServer.startTls(
            TlsContexts.server(pki.serverCert(), pki.serverKey()), peer -> {
              while (peer.readRequest() != null) {
                peer.write("HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\ntunneled");
              }
            });
        TinyProxy proxy = TinyProxy.connect("Basic dTpw")) {
      Route route = Route.https("localhost", server.port(), tls)
          .withProxy(Proxy.http("127.0.0.1", proxy.port()).withCredentials("u", "p"));
      var c = new HttpConnection(route, OPTIONS);
      c.request("GET", "/through");
      assertThat(c.getResponse().read()).asString().isEqualTo("tunneled");
      assertThat(proxy.requests().get(0)).startsWith("CONNECT localhost:" + server.port() + " HTTP/1.1\r\n")
          .contains("Host: localhost:" + server.port());
      assertThat(server.requests().get(0).requestLine()).isEqualTo("GET /through HTTP/1.1");

      Route noCredentials = route.withProxy(Proxy.http("127.0.0.1", proxy.port()));
      var refused = new HttpConnection(noCredentials, OPTIONS);
      assertThatThrownBy(() -> refused.request("GET", "/"))
          .isInstanceOf(ProxyException.class)
          .hasMessageContaining("407")
          .satisfies(e -> assertThat(((ProxyException) e).proxyStatus()).hasValue(407))
          .satisfies(e -> assertThat(((ProxyException) e).mayHaveReachedServer()).isFalse());
    }
  }

  @Test
  void setTunnelLikePython() throws Exception {
    try (ScriptedServer server = plainServer(); TinyProxy proxy = TinyProxy.connect(null)) {
      var c = new HttpConnection("127.0.0.1", proxy.port(), OPTIONS);
      c.setTunnel("127.0.0.1", server.port(), Headers.of("User-Agent", "courier-test"));
      c.request("GET", "/via-tunnel");
      assertThat(c.getResponse().read()).asString().isEqualTo("tunneled");
      assertThat(proxy.requests().get(0)).startsWith("CONNECT 127.0.0.1:" + server.port())
          .contains("User-Agent: courier-test");
      assertThat(server.requests().get(0).header("Host")).isEqualTo("127.0.0.1:" + server.port());
      assertThatThrownBy(() -> c.setTunnel("x", 1)).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void socks5WithAndWithoutPassword() throws Exception {
    try (ScriptedServer server = plainServer();
        TinyProxy open = TinyProxy.socks5(null);
        TinyProxy guarded = TinyProxy.socks5("alice:pw")) {
      var c = new HttpConnection(Route.http("localhost", server.port())
          .withProxy(Proxy.socks5("127.0.0.1", open.port())), OPTIONS);
      c.request("GET", "/");
      assertThat(c.getResponse().read()).asString().isEqualTo("tunneled");
      assertThat(open.requests()).containsExactly("SOCKS localhost:" + server.port());

      var local = new HttpConnection(Route.http("localhost", server.port())
          .withProxy(Proxy.socks5("127.0.0.1", open.port()).withLocalDns()), OPTIONS);
      local.request("GET", "/");
      local.getResponse().read();
      assertThat(open.requests().get(1)).matches("SOCKS (127\\.0\\.0\\.1|0:0:0:0:0:0:0:1):\\d+");

      var authed = new HttpConnection(Route.http("127.0.0.1", server.port())
          .withProxy(Proxy.parse("socks5h://alice:pw@127.0.0.1:" + guarded.port())), OPTIONS);
      authed.request("GET", "/");
      assertThat(authed.getResponse().read()).asString().isEqualTo("tunneled");
      assertThat(guarded.requests()).containsExactly("SOCKS 127.0.0.1:" + server.port() + " alice");

      var wrong = new HttpConnection(Route.http("127.0.0.1", server.port())
          .withProxy(Proxy.socks5("127.0.0.1", guarded.port()).withCredentials("alice", "bad")), OPTIONS);
      assertThatThrownBy(() -> wrong.request("GET", "/")).isInstanceOf(ProxyException.class)
          .hasMessageContaining("rejected");
    }
  }

  @Test
  void unixSocketRoute(@TempDir Path dir) throws Exception {
    Path socket = dir.resolve("api.sock");
    try (var channel = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      channel.bind(java.net.UnixDomainSocketAddress.of(socket));
      Thread.ofVirtual().start(() -> {
        try (var client = channel.accept()) {
          var in = java.nio.channels.Channels.newInputStream(client);
          var out = java.nio.channels.Channels.newOutputStream(client);
          byte[] buffer = new byte[4096];
          int n = in.read(buffer);
          String head = new String(buffer, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
          String body = head.substring(0, head.indexOf("\r\n")) + " | " + head.lines()
              .filter(l -> l.startsWith("Host:")).findFirst().orElse("");
          out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
              .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        } catch (java.io.IOException ignored) {
          // test ends
        }
      });
      var c = new HttpConnection(Route.http("localhost", 80).withUnixSocket(socket), OPTIONS);
      c.request("GET", "/v1.43/containers/json");
      assertThat(c.getResponse().read()).asString()
          .isEqualTo("GET /v1.43/containers/json HTTP/1.1 | Host: localhost");
    }
  }
}

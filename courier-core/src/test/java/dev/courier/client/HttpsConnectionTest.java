package dev.courier.client;

import dev.courier.error.ConnectTimeoutException;
import dev.courier.error.TlsException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.net.ConnectOptions;
import dev.courier.net.TlsContexts;
import dev.courier.net.TlsSettings;
import dev.courier.testsupport.ScriptedServer;
import dev.courier.testsupport.TestPki;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpsConnectionTest {
  private static final ConnectOptions OPTIONS = ConnectOptions.defaults()
      .withReadTimeout(Duration.ofSeconds(5)).withConnectTimeout(Duration.ofSeconds(5));
  private final TestPki pki = TestPki.get();

  private ScriptedServer server() throws Exception {
    return ScriptedServer.startTls(TlsContexts.server(pki.serverCert(), pki.serverKey()), peer -> {
      while (peer.readRequest() != null) {
        peer.write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecret");
      }
    });
  }

  private TlsSettings trustTestCa() throws Exception {
    return TlsSettings.builder().trustedCertificates(pki.caCert()).build();
  }

  @Test
  void talksHttpsWithACustomCa() throws Exception {
    try (ScriptedServer server = server()) {
      var c = new HttpsConnection("localhost", server.port(), trustTestCa(), OPTIONS);
      c.request("GET", "/");
      var r = c.getResponse();
      assertThat(r.read()).asString().isEqualTo("secret");
      assertThat(c.tlsSession()).isPresent();
      c.request("GET", "/2");
      assertThat(c.getResponse().read()).asString().isEqualTo("secret");
      assertThat(server.connections()).isEqualTo(1);
      assertThat(server.requests().get(0).header("Host")).isEqualTo("localhost:" + server.port());
      c.close();
    }
  }

  @Test
  void wrongHostNameIsAHostnameMismatch() throws Exception {
    try (ScriptedServer server = server()) {
      // 127.0.0.2 is in no SAN of the test certificate (which names localhost and 127.0.0.1)
      Route route = Route.https("wrong.test", server.port(), trustTestCa());
      var viaLoopback = new HttpConnection(route, OPTIONS, (endpoint, options) ->
          dev.courier.net.Transport.system().connect(
              dev.courier.net.Endpoint.tcp("127.0.0.1", server.port()), options),
          dev.courier.http.wire.Limits.defaults());
      assertThatThrownBy(() -> viaLoopback.request("GET", "/"))
          .isInstanceOf(TlsException.class)
          .hasMessageContaining("wrong.test")
          .satisfies(e -> assertThat(((TlsException) e).reason()).isEqualTo(TlsException.Reason.HOSTNAME))
          .satisfies(e -> assertThat(((TlsException) e).mayHaveReachedServer()).isFalse());
    }
  }

  @Test
  void untrustedCaIsCertificateNotTrusted() throws Exception {
    try (ScriptedServer server = server()) {
      var jdkTrust = new HttpsConnection("localhost", server.port(), TlsSettings.defaults(), OPTIONS);
      assertThatThrownBy(() -> jdkTrust.request("GET", "/"))
          .isInstanceOf(TlsException.class)
          .satisfies(e -> assertThat(((TlsException) e).reason()).isEqualTo(TlsException.Reason.TRUST))
          .satisfies(e -> assertThat(((TlsException) e).mayHaveReachedServer()).isFalse());
      var rogue = new HttpsConnection("localhost", server.port(),
          TlsSettings.builder().trustedCertificates(pki.rogueCaCert()).build(), OPTIONS);
      assertThatThrownBy(() -> rogue.request("GET", "/"))
          .satisfies(e -> assertThat(((TlsException) e).reason()).isEqualTo(TlsException.Reason.TRUST));
      // verification off is scoped to the connection that asked for it
      var insecure = new HttpsConnection("localhost", server.port(),
          TlsSettings.builder().insecureTrustAll().build(), OPTIONS);
      insecure.request("GET", "/");
      assertThat(insecure.getResponse().read()).asString().isEqualTo("secret");
      var again = new HttpsConnection("localhost", server.port(), TlsSettings.defaults(), OPTIONS);
      assertThatThrownBy(() -> again.request("GET", "/"))
          .satisfies(e -> assertThat(((TlsException) e).reason()).isEqualTo(TlsException.Reason.TRUST));
    }
  }

  @Test
  void plaintextPeerIsATlsFailureNotAResponse() throws Exception {
    try (ScriptedServer plain = ScriptedServer.start(peer ->
        peer.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"))) {
      var c = new HttpsConnection("localhost", plain.port(), trustTestCa(), OPTIONS);
      assertThatThrownBy(() -> c.request("GET", "/")).isInstanceOf(TlsException.class)
          .satisfies(e -> assertThat(((TlsException) e).reason()).isEqualTo(TlsException.Reason.HANDSHAKE));
    }
  }

  @Test
  void silentPeerTimesOutTheHandshake() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      var c = new HttpsConnection("localhost", silent.getLocalPort(), trustTestCa(),
          OPTIONS.withConnectTimeout(Duration.ofMillis(300)));
      assertThatThrownBy(() -> c.request("GET", "/")).isInstanceOf(ConnectTimeoutException.class)
          .hasMessageContaining("localhost")
          .satisfies(e -> assertThat(((ConnectTimeoutException) e).mayHaveReachedServer()).isFalse());
    }
  }
}

package dev.courier.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.Session;
import dev.courier.client.HttpResponse;
import dev.courier.client.HttpsConnection;
import dev.courier.error.TlsException;
import dev.courier.net.Pem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTPS with the CA the server made: every client trusts it without turning verification off. */
class MockServerTlsTest {
  private static MockServer server;

  @BeforeAll
  static void start() {
    server = MockServer.builder().https().start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aSessionTrustsTheHandedOutSettingsAndTheServerRecordsTheHandshake() {
    server.enqueue(MockResponse.text("secure"));
    try (Session session = Session.builder().tls(server.tlsSettings()).build()) {
      assertThat(server.url("/")).startsWith("https://127.0.0.1:");
      assertThat(session.get(server.url("/")).text()).isEqualTo("secure");
    }
    RecordedRequest request = server.takeRequest();
    RecordedRequest.TlsDetails tls = request.tls().orElseThrow();
    assertThat(tls.protocol()).isIn("TLSv1.3", "TLSv1.2");
    assertThat(tls.cipherSuite()).startsWith("TLS_");
    assertThat(tls.applicationProtocol()).isEqualTo("http/1.1");
    assertThat(tls.serverNames()).isEmpty(); // an IP literal sends no SNI (RFC 6066, Section 3)
  }

  @Test
  void theCertificateAlsoNamesLocalhostWhichIsSentAsSni() {
    server.enqueue(MockResponse.text("by name"));
    try (Session session = Session.builder().tls(server.tlsSettings()).build()) {
      String url = server.url("/").replace("127.0.0.1", "localhost");
      assertThat(session.get(url).text()).isEqualTo("by name");
    }
    assertThat(server.takeRequest().tls().orElseThrow().serverNames()).containsExactly("localhost");
  }

  @Test
  void theLowLevelConnectionTakesTheSslContext() {
    server.enqueue(MockResponse.text("low level"));
    try (HttpsConnection connection =
        new HttpsConnection("127.0.0.1", server.port(), server.sslContext())) {
      connection.request("GET", "/");
      HttpResponse response = connection.getResponse();
      assertThat(new String(response.read())).isEqualTo("low level");
    }
  }

  @Test
  void theJdkClientTakesTheSslContext() throws Exception {
    server.enqueue(MockResponse.text("jdk"));
    try (HttpClient client = HttpClient.newBuilder().sslContext(server.sslContext()).build()) {
      var response = client.send(HttpRequest.newBuilder(URI.create(server.url("/jdk"))).build(),
          BodyHandlers.ofString());
      assertThat(response.body()).isEqualTo("jdk");
    }
    assertThat(server.takeRequest().path()).isEqualTo("/jdk");
  }

  @Test
  void theCaPemParsesToTheSameCertificate() {
    assertThat(Pem.parseCertificates(server.certificateAuthorityPem()))
        .containsExactly(server.certificateAuthority());
    assertThat(server.certificateAuthority().getBasicConstraints()).isNotNegative();
  }

  @Test
  void aClientThatDoesNotTrustTheCaFailsTheHandshake() {
    try (Session session = Session.create()) {
      assertThatThrownBy(() -> session.get(server.url("/")))
          .isInstanceOfSatisfying(TlsException.class,
              e -> assertThat(e.reason()).isEqualTo(TlsException.Reason.TRUST));
    }
  }

  @Test
  void eachServerHasItsOwnCa() {
    try (MockServer other = MockServer.builder().https().start()) {
      assertThat(other.certificateAuthority()).isNotEqualTo(server.certificateAuthority());
      try (Session session = Session.builder().tls(server.tlsSettings()).build()) {
        assertThatThrownBy(() -> session.get(other.url("/"))).isInstanceOf(TlsException.class);
      }
    }
  }

  @Test
  void plainServersHaveNoCa() {
    try (MockServer plain = MockServer.start()) {
      assertThatThrownBy(plain::tlsSettings).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("https()");
    }
  }
}

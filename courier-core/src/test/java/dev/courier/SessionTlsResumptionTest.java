package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.error.TlsException;
import dev.courier.net.CertificatePins;
import dev.courier.net.Pem;
import dev.courier.net.TlsIdentity;
import dev.courier.net.TlsSettings;
import dev.courier.server.HttpServer;
import dev.courier.server.ServerResponse;
import dev.courier.testsupport.FullHandshakes;
import dev.courier.testsupport.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sessions with the same TLS settings share one TLS session cache, so a new connection to a server
 * met before resumes (RFC 8446, Section 2.2) whichever session opens it, as the JDK's own client
 * does; settings that trust otherwise never resume another's session. The sessions offer h2 and
 * http/1.1 as by default (each session's offer is its own copy of the settings); the server picks
 * HTTP/1.1 unless a test serves HTTP/2.
 */
class SessionTlsResumptionTest {
  private final TestPki pki = TestPki.get();
  private FullHandshakes full;
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    full = new FullHandshakes(TlsIdentity.fromPem(pki.serverCert(), pki.serverKey()));
    serve(false);
  }

  private void serve(boolean http2) throws java.io.IOException {
    if (server != null) server.close();
    server = HttpServer.builder().bind("127.0.0.1").port(0).tls(full.context()).http2(http2)
        .handler(request -> ServerResponse.ok("hello " + request.version())).start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String fetchInANewSession(TlsSettings tls) {
    try (Session session = Session.builder().tls(tls).build()) {
      return session.get("https://localhost:" + server.port() + "/").text();
    }
  }

  @Test
  void aNewSessionWithTheSameSettingsResumesTheTlsSession() throws Exception {
    TlsSettings trustTestCa = TlsSettings.builder().trustedCertificates(pki.caCert()).build();
    for (int i = 0; i < 4; i++) assertThat(fetchInANewSession(trustTestCa)).isEqualTo("hello HTTP/1.1");
    // settings derived from them keep their trust, so their context and its cache
    assertThat(fetchInANewSession(trustTestCa.newBuilder().verifyHostname(false).build())).isEqualTo("hello HTTP/1.1");
    assertThat(full.count()).isEqualTo(1);

    // settings built apart with the same anchors share it too
    TlsSettings builtApart = TlsSettings.builder().trustedCertificates(pki.caCert()).build();
    assertThat(fetchInANewSession(builtApart)).isEqualTo("hello HTTP/1.1");
    assertThat(full.count()).isEqualTo(1);

    // other trust is another context, with a cache of its own
    TlsSettings alsoSystem = trustTestCa.newBuilder().alsoTrustSystemCertificates(true).build();
    assertThat(fetchInANewSession(alsoSystem)).isEqualTo("hello HTTP/1.1");
    assertThat(fetchInANewSession(alsoSystem)).isEqualTo("hello HTTP/1.1");
    assertThat(full.count()).isEqualTo(2);
  }

  @Test
  void closingAnHttp2ConnectionKeepsItsTlsSessionResumable() throws Exception {
    serve(true);
    TlsSettings trustTestCa = TlsSettings.builder().trustedCertificates(pki.caCert()).build();
    // Its reader waits in a read when the session closes: the read must end as the peer's close
    // would, not as a fatal error, after which the JDK forgets the session (2 to 5 of 15 new
    // sessions did a full handshake before that was so).
    for (int i = 0; i < 10; i++) assertThat(fetchInANewSession(trustTestCa)).isEqualTo("hello HTTP/2");
    assertThat(full.count()).isEqualTo(1);
  }

  @Test
  void pinsAreCheckedOnAResumedSession() throws Exception {
    TlsSettings trustTestCa = TlsSettings.builder().trustedCertificates(pki.caCert()).build();
    String caPin = CertificatePins.pin(Pem.readCertificates(pki.caCert()).get(0));
    String roguePin = CertificatePins.pin(Pem.readCertificates(pki.rogueCaCert()).get(0));
    assertThat(fetchInANewSession(trustTestCa)).isEqualTo("hello HTTP/1.1");
    assertThat(fetchInANewSession(trustTestCa.newBuilder().pin("localhost", caPin).build())).isEqualTo("hello HTTP/1.1");
    assertThatThrownBy(() -> fetchInANewSession(trustTestCa.newBuilder().pin("localhost", roguePin).build()))
        .isInstanceOf(TlsException.class)
        .hasMessageContaining(roguePin);
    assertThat(full.count()).isEqualTo(1); // both pinned connections resumed, and were checked
  }

  @Test
  void aTrustAllSessionIsNeverResumedByAVerifyingOne() {
    TlsSettings trustAll = TlsSettings.builder().insecureTrustAll().build();
    assertThat(fetchInANewSession(trustAll)).isEqualTo("hello HTTP/1.1");
    assertThat(fetchInANewSession(trustAll)).isEqualTo("hello HTTP/1.1");
    assertThat(full.count()).isEqualTo(1);
    // the JDK store does not hold the test CA: resuming the trust-all session would hide that
    assertThatThrownBy(() -> fetchInANewSession(TlsSettings.defaults())).isInstanceOf(TlsException.class);
    assertThat(full.count()).isEqualTo(2);
  }
}

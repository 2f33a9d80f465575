package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.error.TlsException;
import dev.courier.net.CertificatePins;
import dev.courier.net.Pem;
import dev.courier.net.TlsSettings;
import dev.courier.server.httpbin.HttpBin;
import dev.courier.server.HttpServer;
import dev.courier.testsupport.TestPki;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Certificate pinning end to end, with the committed test PKI. */
class PinningTest {
  private static HttpServer https;
  private static TlsSettings trustTestCa;
  private static String caPin;
  private static String leafPin;
  private static String roguePin;

  @BeforeAll
  static void start() throws IOException {
    TestPki pki = TestPki.get();
    https = HttpServer.builder().bind("127.0.0.1").port(0).handler(new HttpBin())
        .tls(pki.serverPkcs12(), TestPki.PASSWORD.toCharArray()).start();
    trustTestCa = TlsSettings.builder().trustedCertificates(pki.caCert()).build();
    List<X509Certificate> chain = Pem.readCertificates(pki.serverCert());
    leafPin = CertificatePins.pin(chain.get(0));
    caPin = CertificatePins.pin(Pem.readCertificates(pki.caCert()).get(0));
    roguePin = CertificatePins.pin(Pem.readCertificates(pki.rogueCaCert()).get(0));
  }

  @AfterAll
  static void stop() {
    if (https != null) https.close();
  }

  private static String url() {
    return "https://localhost:" + https.port() + "/get";
  }

  @Test
  void aPinOnTheCaOrOnTheLeafKeyIsMet() {
    for (String pin : List.of(caPin, leafPin)) {
      try (Session s = Session.builder().tls(trustTestCa.newBuilder().pin("localhost", roguePin, pin).build()).build()) {
        assertThat(s.get(url()).statusCode()).isEqualTo(200);
      }
    }
  }

  @Test
  void aChainWithoutThePinnedKeyFailsNamingExpectedAndActualPins() {
    TlsSettings pinned = trustTestCa.newBuilder().pin("**.localhost", roguePin).build();
    try (Session s = Session.builder().tls(pinned).build()) {
      assertThatThrownBy(() -> s.get(url()))
          .isInstanceOf(TlsException.class)
          .satisfies(e -> assertThat(((TlsException) e).reason()).isEqualTo(TlsException.Reason.PINNING))
          .satisfies(e -> assertThat(((TlsException) e).mayHaveReachedServer()).isFalse())
          .hasMessageContaining("expected one of [" + roguePin + "]")
          .hasMessageContaining(leafPin)
          .hasMessageContaining(caPin);
    }
  }

  @Test
  void hostsNoPatternMatchesAreNotPinned() {
    TlsSettings pinned = trustTestCa.newBuilder().pin("*.example.com", roguePin).build();
    try (Session s = Session.builder().tls(pinned).build()) {
      assertThat(s.get(url()).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void pinsWorkPerRequestAndNeverShareAConnectionWithUnpinnedSettings() {
    try (Session s = Session.builder().tls(trustTestCa).build()) {
      assertThat(s.get(url()).statusCode()).isEqualTo(200); // an unpinned connection is now pooled
      Request pinnedToRogue = Request.get(url()).tls(trustTestCa.newBuilder().pin("localhost", roguePin).build()).build();
      assertThatThrownBy(() -> s.send(pinnedToRogue)).isInstanceOf(TlsException.class);
    }
  }
}

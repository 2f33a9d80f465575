package dev.courier.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.testsupport.TestPki;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins by SPKI SHA-256 per host pattern, and the chain they are checked on. */
class CertificatePinsTest {
  private static final String A = "sha256/" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
  private static final String B = "sha256/" + java.util.Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

  @Test
  void patternsMatchAsOkHttpDefines() {
    assertThat(CertificatePins.matches("example.com", "example.com")).isTrue();
    assertThat(CertificatePins.matches("example.com", "a.example.com")).isFalse();
    assertThat(CertificatePins.matches("*.example.com", "a.example.com")).isTrue();
    assertThat(CertificatePins.matches("*.example.com", "example.com")).isFalse();
    assertThat(CertificatePins.matches("*.example.com", "a.b.example.com")).isFalse();
    assertThat(CertificatePins.matches("*.example.com", "aexample.com")).isFalse();
    assertThat(CertificatePins.matches("**.example.com", "example.com")).isTrue();
    assertThat(CertificatePins.matches("**.example.com", "a.b.example.com")).isTrue();
    assertThat(CertificatePins.matches("**.example.com", "badexample.com")).isFalse();
  }

  @Test
  void aHostCollectsThePinsOfEveryMatchingPatternCaseAndTrailingDotIgnored() {
    CertificatePins pins = CertificatePins.none().with("**.example.com", List.of(A)).with("API.example.com", List.of(B));
    assertThat(pins.pinsFor("Api.Example.com.")).containsExactly(A, B);
    assertThat(pins.pinsFor("www.example.com")).containsExactly(A);
    assertThat(pins.pinsFor("example.org")).isEmpty();
  }

  @Test
  void badPatternsAndPinsAreRefusedWithTheReason() {
    CertificatePins none = CertificatePins.none();
    assertThatThrownBy(() -> none.with("a.*.com", List.of(A))).hasMessageContaining("bad host pattern");
    assertThatThrownBy(() -> none.with("*.", List.of(A))).hasMessageContaining("bad host pattern");
    assertThatThrownBy(() -> none.with("x.com", List.of("sha1/" + "A".repeat(27) + "="))).hasMessageContaining("sha256/");
    assertThatThrownBy(() -> none.with("x.com", List.of("sha256/AAAA"))).hasMessageContaining("not 32");
    assertThatThrownBy(() -> none.with("x.com", List.of("sha256/!!!"))).hasMessageContaining("base64");
    assertThatThrownBy(() -> none.with("x.com", List.of())).hasMessageContaining("no pins");
  }

  @Test
  void equalPinsMakeEqualSettings() {
    TlsSettings one = TlsSettings.builder().pin("x.com", A).build();
    assertThat(one).isEqualTo(TlsSettings.builder().pin("X.com", A).build()).hasSameHashCodeAs(TlsSettings.builder().pin("x.com", A).build());
    assertThat(one).isNotEqualTo(TlsSettings.builder().pin("x.com", B).build()).isNotEqualTo(TlsSettings.defaults());
    assertThat(one.newBuilder().build().pins()).isEqualTo(one.pins());
  }

  @Test
  void theVerifiedChainDropsCertificatesThatSignNothingInIt() throws IOException {
    TestPki pki = TestPki.get();
    List<X509Certificate> served = Pem.readCertificates(pki.serverCert()); // leaf, CA
    X509Certificate ca = Pem.readCertificates(pki.caCert()).get(0);
    X509Certificate rogueCa = Pem.readCertificates(pki.rogueCaCert()).get(0);
    X509Certificate leaf = served.get(0);
    // a server appending a pinned CA it has no chain to (CVE-2016-2402) gets no credit for it
    assertThat(VerifiedChain.of(new X509Certificate[] {leaf, rogueCa}, List.of(ca))).containsExactly(leaf, ca);
    assertThat(VerifiedChain.of(new X509Certificate[] {leaf, rogueCa, ca}, List.of())).containsExactly(leaf, ca);
    assertThat(VerifiedChain.of(new X509Certificate[] {leaf}, List.of(rogueCa, ca))).containsExactly(leaf, ca);
    assertThatThrownBy(() -> CertificatePins.none().with("localhost", List.of(CertificatePins.pin(rogueCa)))
        .check("localhost", VerifiedChain.of(new X509Certificate[] {leaf, rogueCa}, List.of(ca))))
        .isInstanceOf(CertificatePinningException.class);
  }
}

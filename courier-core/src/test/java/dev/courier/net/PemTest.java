package dev.courier.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.testsupport.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {
  private final TestPki pki = TestPki.get();

  @Test
  void readsAChainInOrderIgnoringTextAround(@TempDir Path dir) throws Exception {
    Path bundle = dir.resolve("bundle.pem");
    Files.writeString(bundle, "# my bundle\nServer:\n" + Files.readString(pki.serverCert()) + "trailing words\n");
    List<X509Certificate> chain = Pem.readCertificates(bundle);
    assertThat(chain).hasSize(2);
    assertThat(chain.get(0).getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
    assertThat(chain.get(1).getSubjectX500Principal().getName()).isEqualTo("CN=Courier-Test-CA");
  }

  @Test
  void everyKeyFormOfTheSameKeyGivesTheSameKey() throws Exception {
    PrivateKey pkcs8 = Pem.readPrivateKey(pki.serverKey());
    assertThat(pkcs8.getAlgorithm()).isEqualTo("EC");
    // SEC1 keeps the curve inside the key structure, so compare the secret scalar
    assertThat(((ECPrivateKey) Pem.readPrivateKey(pki.serverKeySec1())).getS())
        .isEqualTo(((ECPrivateKey) pkcs8).getS());
    assertThat(Pem.readPrivateKey(pki.serverKeyEncrypted(), TestPki.PASSWORD.toCharArray())
        .getEncoded()).isEqualTo(pkcs8.getEncoded());

    PrivateKey rsa = Pem.readPrivateKey(pki.clientKey());
    assertThat(rsa.getAlgorithm()).isEqualTo("RSA");
    assertThat(Pem.readPrivateKey(pki.clientKeyPkcs1()).getEncoded()).isEqualTo(rsa.getEncoded());
  }

  @Test
  void encryptedKeyNeedsTheRightPassword() {
    assertThatThrownBy(() -> Pem.readPrivateKey(pki.serverKeyEncrypted()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("password is needed");
    assertThatThrownBy(() -> Pem.readPrivateKey(pki.serverKeyEncrypted(), "wrong".toCharArray()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot decrypt");
  }

  @Test
  void refusesLegacyEncryptedAndMissingBlocks() {
    String legacy = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
        + "DEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n";
    assertThatThrownBy(() -> Pem.parsePrivateKey(legacy, null)).hasMessageContaining("legacy");
    assertThatThrownBy(() -> Pem.parseCertificates("nothing here"))
        .hasMessageContaining("no BEGIN CERTIFICATE");
    assertThatThrownBy(() -> Pem.parsePrivateKey("-----BEGIN PRIVATE KEY-----\n!!\n-----END PRIVATE KEY-----", null))
        .hasMessageContaining("bad base64");
    assertThatThrownBy(() -> Pem.parsePrivateKey("-----BEGIN PRIVATE KEY-----\nAAAA\n", null))
        .hasMessageContaining("missing");
  }

  @Test
  void identitiesFromPemAndPkcs12AreEqual() throws Exception {
    TlsIdentity pem = TlsIdentity.fromPem(pki.clientCert(), pki.clientKeyPkcs1());
    TlsIdentity p12 = TlsIdentity.fromPkcs12(pki.clientPkcs12(), TestPki.PASSWORD.toCharArray());
    assertThat(p12).isEqualTo(pem).hasSameHashCodeAs(pem);
    assertThat(TlsIdentity.fromPem(pki.serverCert(), pki.serverKey())).isNotEqualTo(pem);
    assertThat(TlsIdentity.fromPkcs12(pki.serverPkcs12(), TestPki.PASSWORD.toCharArray())
        .certificateChain()).hasSize(2);
  }
}

package dev.courier.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.testsupport.TestPki;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedSslContextTest {
  @Test
  void oneContextPerConfigurationAndOnlyTheRecentOnesKept() throws Exception {
    TestPki pki = TestPki.get();
    List<X509Certificate> certificates = new ArrayList<>();
    for (Path p : List.of(pki.caCert(), pki.serverCert(), pki.clientCert(), pki.rogueCaCert(), pki.rogueServerCert())) {
      certificates.add(Pem.readCertificates(p).get(0));
    }
    // 62 configurations: every non-empty subset of the five certificates, with and without the system's
    List<SharedSslContext.Configuration> all = new ArrayList<>();
    for (int subset = 1; subset < 32; subset++) {
      List<X509Certificate> anchors = new ArrayList<>();
      for (int i = 0; i < 5; i++) if ((subset & (1 << i)) != 0) anchors.add(certificates.get(i));
      all.add(new SharedSslContext.Configuration(List.copyOf(anchors), false, false, null));
      all.add(new SharedSslContext.Configuration(List.copyOf(anchors), true, false, null));
    }
    SharedSslContext first = SharedSslContext.of(all.get(0));
    // equal configurations, made apart, share one
    assertThat(SharedSslContext.of(new SharedSslContext.Configuration(List.of(certificates.get(0)), false, false, null)))
        .isSameAs(first);
    assertThat(SharedSslContext.of(all.get(1))).isNotSameAs(first);
    // trusting everything is another configuration, whatever the anchors
    assertThat(SharedSslContext.of(new SharedSslContext.Configuration(List.of(certificates.get(0)), false, true, null)))
        .isNotSameAs(first);
    assertThat(SharedSslContext.of(SharedSslContext.Configuration.SYSTEM_TRUST))
        .isSameAs(SharedSslContext.of(new SharedSslContext.Configuration(List.of(), false, false, null)));
    // a client identity is never kept: its private key would outlive its settings
    TlsIdentity identity = TlsIdentity.fromPem(pki.clientCert(), pki.clientKeyPkcs1());
    SharedSslContext.Configuration withIdentity = new SharedSslContext.Configuration(List.of(certificates.get(0)), false,
        false, identity);
    assertThat(SharedSslContext.of(withIdentity)).isNotSameAs(SharedSslContext.of(withIdentity));

    for (SharedSslContext.Configuration c : all) SharedSslContext.of(c);
    assertThat(all.size()).isGreaterThan(SharedSslContext.RECENT + 1);
    // the first was used least recently: its context was dropped, and the next settings build another
    assertThat(SharedSslContext.of(all.get(0))).isNotSameAs(first);
    SharedSslContext last = SharedSslContext.of(all.get(all.size() - 1));
    assertThat(SharedSslContext.of(all.get(all.size() - 1))).isSameAs(last);
  }
}

package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.net.TlsContexts;
import dev.courier.testsupport.TestPki;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

class ServerTlsTest {
  @Test
  void offersH2FirstOnlyWhenAskedAndMakesItsParametersOnce() throws Exception {
    TestPki pki = TestPki.get();
    SSLContext context = TlsContexts.server(pki.serverCert(), pki.serverKey());
    ServerTls tls = ServerTls.of(context);

    assertThat(tls.context()).isSameAs(context);
    assertThat(tls.parameters(true).getApplicationProtocols()).containsExactly("h2", "http/1.1");
    assertThat(tls.parameters(false).getApplicationProtocols()).containsExactly("http/1.1");
    assertThat(tls.parameters(false).getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
    assertThat(tls.parameters(false).getUseCipherSuitesOrder()).isTrue();
    // made once per server: the JDK makes default parameters by creating a TLS socket
    assertThat(tls.parameters(false)).isSameAs(tls.parameters(false));
    assertThat(tls.parameters(true)).isSameAs(tls.parameters(true));
    assertThat(ServerTls.of(null)).isNull();
  }
}

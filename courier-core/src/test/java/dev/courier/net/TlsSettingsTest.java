package dev.courier.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.testsupport.FullHandshakes;
import dev.courier.testsupport.TestPki;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

class TlsSettingsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private final TestPki pki = TestPki.get();

  /** A one-shot TLS server: handshakes, answers "hi <client CN or anon>" and closes. */
  private static final class Server implements AutoCloseable {
    final SSLServerSocket socket;
    final AtomicReference<String> sni = new AtomicReference<>();

    Server(SSLContext context, boolean needClientAuth) throws IOException {
      socket = (SSLServerSocket) context.getServerSocketFactory()
          .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
      SSLParameters parameters = TlsContexts.serverParameters(context);
      parameters.setNeedClientAuth(needClientAuth);
      socket.setSSLParameters(parameters);
      Thread.ofVirtual().start(() -> {
        while (!socket.isClosed()) {
          try (SSLSocket client = (SSLSocket) socket.accept()) {
            client.setSoTimeout(10_000);
            client.startHandshake();
            var names = ((javax.net.ssl.ExtendedSSLSession) client.getSession()).getRequestedServerNames();
            sni.set(names.isEmpty() ? "" : ((javax.net.ssl.SNIHostName) names.get(0)).getAsciiName());
            String who = needClientAuth
                ? client.getSession().getPeerPrincipal().getName() : "anon";
            client.getOutputStream().write(("hi " + who).getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
          } catch (IOException ignored) {
            // handshake failures are what some tests provoke
          }
        }
      });
    }

    int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private String talk(TlsSettings settings, int port, String host) throws IOException {
    Connection plain = Transport.system().connect(Endpoint.tcp("127.0.0.1", port), ConnectOptions.defaults());
    try (Connection tls = settings.handshake(plain, host, port, TIMEOUT)) {
      assertThat(tls.tlsSession()).isPresent();
      assertThat(tls.applicationProtocol()).contains("http/1.1");
      assertThat(tls.tlsSession().get().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
      return new String(tls.input().readAllBytes(), StandardCharsets.US_ASCII);
    } finally {
      plain.close();
    }
  }

  private TlsSettings trustingTestCa() throws IOException {
    return TlsSettings.builder().trustedCertificates(pki.caCert()).build();
  }

  @Test
  void handshakesWithACustomCaAndSendsSni() throws Exception {
    try (Server server = new Server(TlsContexts.server(pki.serverCert(), pki.serverKey()), false)) {
      assertThat(talk(trustingTestCa(), server.port(), "localhost")).isEqualTo("hi anon");
      assertThat(server.sni.get()).isEqualTo("localhost");
      // an IP literal is checked against the iPAddress SAN and sends no SNI (RFC 6066 Section 3)
      assertThat(talk(trustingTestCa(), server.port(), "127.0.0.1")).isEqualTo("hi anon");
      assertThat(server.sni.get()).isEmpty();
    }
  }

  @Test
  void wrongHostNameFails() throws Exception {
    try (Server server = new Server(TlsContexts.server(pki.serverCert(), pki.serverKey()), false)) {
      assertThatThrownBy(() -> talk(trustingTestCa(), server.port(), "other.test"))
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("other.test");
      // hostname checking off: the chain is still verified, the name is not
      TlsSettings noHost = trustingTestCa().newBuilder().verifyHostname(false).build();
      assertThat(talk(noHost, server.port(), "other.test")).isEqualTo("hi anon");
    }
  }

  @Test
  void aTlsSessionMadeWithoutTheHostNameCheckStillFailsTheCheckWhenResumed() throws Exception {
    FullHandshakes full = new FullHandshakes(TlsIdentity.fromPem(pki.serverCert(), pki.serverKey()));
    try (Server server = new Server(full.context(), false)) {
      TlsSettings checking = trustingTestCa();
      TlsSettings noHost = checking.newBuilder().verifyHostname(false).build();
      assertThat(noHost.sslContext()).isSameAs(checking.sslContext()); // one session cache
      assertThat(talk(noHost, server.port(), "other.test")).isEqualTo("hi anon");
      assertThat(talk(noHost, server.port(), "other.test")).isEqualTo("hi anon");
      assertThat(full.count()).isEqualTo(1); // the second resumed
      // The name is checked after every handshake, a resumed one too: resuming the session made
      // without the check does not skip it.
      assertThatThrownBy(() -> talk(checking, server.port(), "other.test"))
          .isInstanceOf(HostnameMismatchException.class)
          .hasMessageContaining("other.test");
      assertThat(full.count()).as("it resumed, and failed the check all the same").isEqualTo(1);
      assertThat(talk(checking, server.port(), "localhost")).isEqualTo("hi anon");
    }
  }

  @Test
  void theContextIsSharedByTrustAndIdentityAlone() throws Exception {
    SSLContext system = TlsSettings.defaults().sslContext();
    assertThat(TlsSettings.builder().verifyHostname(false).protocols(List.of("TLSv1.3"))
        .applicationProtocols(List.of("h2")).build().sslContext()).isSameAs(system);
    assertThat(TlsSettings.builder().insecureTrustAll().build().sslContext()).isNotSameAs(system);
    TlsSettings custom = trustingTestCa();
    assertThat(custom.sslContext()).isNotSameAs(system);
    assertThat(trustingTestCa().sslContext()).isSameAs(custom.sslContext()); // built apart, same anchors
    assertThat(custom.newBuilder().pins(CertificatePins.none()).build().sslContext()).isSameAs(custom.sslContext());
    assertThat(custom.newBuilder().alsoTrustSystemCertificates(true).build().sslContext())
        .isNotSameAs(custom.sslContext());
    assertThat(custom.newBuilder().clientIdentity(TlsIdentity.fromPem(pki.clientCert(), pki.clientKeyPkcs1()))
        .build().sslContext()).isNotSameAs(custom.sslContext());
  }

  @Test
  void untrustedCaFailsWithTheSystemStoreAndWithAnotherCa() throws Exception {
    try (Server server = new Server(TlsContexts.server(pki.serverCert(), pki.serverKey()), false)) {
      assertThatThrownBy(() -> talk(TlsSettings.defaults(), server.port(), "localhost"))
          .isInstanceOf(SSLHandshakeException.class);
      TlsSettings rogue = TlsSettings.builder().trustedCertificates(pki.rogueCaCert()).build();
      assertThatThrownBy(() -> talk(rogue, server.port(), "localhost"))
          .isInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  void insecureTrustAllIsScopedToItsSettings() throws Exception {
    try (Server server = new Server(TlsContexts.server(pki.rogueServerCert(), pki.rogueServerKey()), false)) {
      TlsSettings insecure = TlsSettings.builder().insecureTrustAll().build();
      assertThat(insecure.isInsecure()).isTrue();
      assertThat(talk(insecure, server.port(), "anything.test")).isEqualTo("hi anon");
      assertThat(insecure).isNotEqualTo(TlsSettings.defaults());
      assertThatThrownBy(() -> talk(TlsSettings.defaults(), server.port(), "localhost"))
          .isInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  void presentsAClientCertificateFromPkcs12OrPem() throws Exception {
    SSLContext serverContext = SSLContext.getInstance("TLS");
    serverContext.init(TlsIdentity.fromPkcs12(pki.serverPkcs12(), TestPki.PASSWORD.toCharArray())
        .keyManagers(), TlsSettings.trustManagers(Pem.readCertificates(pki.caCert()), false), null);
    try (Server server = new Server(serverContext, true)) {
      TlsSettings withCert = trustingTestCa().newBuilder()
          .clientIdentity(TlsIdentity.fromPkcs12(pki.clientPkcs12(), TestPki.PASSWORD.toCharArray()))
          .build();
      assertThat(talk(withCert, server.port(), "localhost")).isEqualTo("hi CN=courier-client");
      TlsSettings pem = trustingTestCa().newBuilder()
          .clientIdentity(TlsIdentity.fromPem(pki.clientCert(), pki.clientKeyPkcs1())).build();
      assertThat(pem).isEqualTo(withCert);
      assertThatThrownBy(() -> talk(trustingTestCa(), server.port(), "localhost"))
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void refusesOldProtocolsAndComparesByContent() throws Exception {
    assertThatThrownBy(() -> TlsSettings.builder().protocols(List.of("TLSv1.1")))
        .hasMessageContaining("1.2 is the minimum");
    assertThat(trustingTestCa()).isEqualTo(trustingTestCa());
    TlsSettings once = trustingTestCa();
    assertThat(once.hashCode()).isEqualTo(trustingTestCa().hashCode()).isEqualTo(once.hashCode());
    assertThat(trustingTestCa()).isNotEqualTo(TlsSettings.defaults());
    assertThat(TlsSettings.builder().trustedCertificates(Path.of(pki.caCert().toString()))
        .alsoTrustSystemCertificates(true).build()).isNotEqualTo(trustingTestCa());
    assertThat(TlsSettings.defaults().toString()).contains("system trust");
  }
}

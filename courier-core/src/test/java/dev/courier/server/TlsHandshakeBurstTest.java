package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.testsupport.TestPki;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many TLS clients at once: the handshakes' public-key work takes turns (a few at a time, see
 * TlsChannel), and every client is still served, including after handshakes that failed in that
 * work, which must give their turn back.
 */
@Timeout(60)
class TlsHandshakeBurstTest {
  HttpServer server;

  @BeforeEach
  void start() throws IOException {
    TestPki pki = TestPki.get();
    server = HttpServer.builder().handler(r -> ServerResponse.ok("hello " + r.path()))
        .tls(pki.serverCert(), pki.serverKey()).bind("127.0.0.1").port(0).start();
  }

  @AfterEach
  void stop() {
    server.stop(Duration.ofSeconds(1));
  }

  @Test
  void sixtyFourClientsThatConnectAtOnceAreAllServed() throws Exception {
    int clients = 64;
    try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        int n = i;
        answers.add(pool.submit(() -> {
          try (Raw raw = Raw.overTls(server.port())) {
            String first = raw.send("GET /a" + n + " HTTP/1.1\r\nHost: a\r\n\r\n").readResponse();
            String second = raw.send("GET /b" + n + " HTTP/1.1\r\nHost: a\r\n\r\n").readResponse();
            return TlsReadLoopTest.body(first) + "," + TlsReadLoopTest.body(second);
          }
        }));
      }
      for (int i = 0; i < clients; i++) {
        assertThat(answers.get(i).get()).isEqualTo("hello /a" + i + ",hello /b" + i);
      }
    }
  }

  @Test
  void handshakesThatFailInTheirPublicKeyWorkGiveTheirTurnBack() throws Exception {
    // An RSA cipher suite against the server's EC certificate: no suite in common, which the
    // server finds while it works on the ClientHello. More failures than there are turns.
    int failures = Runtime.getRuntime().availableProcessors() + 4;
    for (int i = 0; i < failures; i++) {
      assertThatThrownBy(this::rsaOnlyHandshake).isInstanceOf(SSLException.class);
    }
    try (Raw raw = Raw.overTls(server.port())) {
      assertThat(TlsReadLoopTest.body(raw.send("GET /after HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()))
          .isEqualTo("hello /after");
    }
  }

  private void rsaOnlyHandshake() throws IOException {
    try (SSLSocket ssl = (SSLSocket) TestPki.get().clientContext().getSocketFactory().createSocket("127.0.0.1",
        server.port())) {
      ssl.setSoTimeout(10_000); // a guard against a hang, not a timing assertion
      SSLParameters parameters = ssl.getSSLParameters();
      parameters.setProtocols(new String[] {"TLSv1.2"});
      parameters.setCipherSuites(new String[] {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"});
      parameters.setApplicationProtocols(new String[] {"http/1.1"});
      ssl.setSSLParameters(parameters);
      ssl.startHandshake();
    }
  }
}

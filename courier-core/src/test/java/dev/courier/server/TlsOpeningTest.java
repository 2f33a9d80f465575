package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.net.TlsContexts;
import dev.courier.testsupport.TestPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ALPN chooses the protocol of a connection in the engine's handshake, also for a ClientHello larger than a buffer. */
class TlsOpeningTest {
  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    TestPki pki = TestPki.get();
    server = HttpServer.builder().bind("127.0.0.1").port(0).tls(pki.serverCert(), pki.serverKey())
        .handler(request -> ServerResponse.ok("hello " + request.version())).start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** A hello over 6 KB: 30 made-up ALPN names of 200 characters before {@code last}. */
  private SSLSocket connectOffering(String last) throws Exception {
    SSLContext context = TestPki.get().clientContext();
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port());
    socket.setSoTimeout(10_000);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 30; i++) names.add(("x" + i + "-").repeat(100).substring(0, 200));
    names.add(last);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setApplicationProtocols(names.toArray(new String[0]));
    socket.setSSLParameters(parameters);
    socket.startHandshake();
    return socket;
  }

  @Test
  void aLargeHelloWithoutH2IsServedOverHttp11() throws Exception {
    try (SSLSocket socket = connectOffering("http/1.1")) {
      assertThat(socket.getApplicationProtocol()).isEqualTo("http/1.1");
      socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(answer).startsWith("HTTP/1.1 200").endsWith("hello HTTP/1.1");
    }
  }

  @Test
  void aLargeHelloOfferingH2GetsH2() throws Exception {
    try (SSLSocket socket = connectOffering("h2")) {
      assertThat(socket.getApplicationProtocol()).isEqualTo("h2");
    }
  }
}

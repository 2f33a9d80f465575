package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Clients that trickle bytes or open many connections (issue 16, rows 4 and 5). */
class ServerConnectionTest {
  HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) server.stop(Duration.ofSeconds(1));
  }

  HttpServer start(HttpServer.Builder builder) throws IOException {
    server = builder.bind("127.0.0.1").port(0).start();
    return server;
  }

  static final Handler ECHO = r -> ServerResponse.ok("read " + r.bodyBytes().length);

  /**
   * Sends {@code head}, then {@code bytes} one at a time, each after waiting up to 100 ms for the
   * server to answer or close (that wait is the client's pace and its lookout at once). Returns
   * how many of them were sent before the server answered or closed, or {@code bytes} if never.
   */
  static int trickle(Socket socket, byte[] head, int bytes) throws IOException {
    OutputStream out = socket.getOutputStream();
    InputStream in = socket.getInputStream();
    out.write(head);
    socket.setSoTimeout(100);
    for (int sent = 0; sent < bytes; sent++) {
      try {
        in.read();
        return sent; // an answer or the close
      } catch (SocketTimeoutException e) {
        // still open: the next byte
      } catch (IOException e) {
        return sent; // reset
      }
      try {
        out.write('x');
      } catch (IOException e) {
        return sent;
      }
    }
    return bytes;
  }

  static byte[] post(int length) {
    return ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void aBodyTrickledBelowTheMinimumRateIsCutThoughNoPauseReachesTheBodyTimeout() throws Exception {
    // Each pause is about 100 ms, under the 500 ms body timeout: per read, the body never stalls.
    start(HttpServer.builder().handler(ECHO).bodyTimeout(Duration.ofMillis(500)).minBodyRate(1000));
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      assertThat(trickle(socket, post(100), 100)).isLessThan(100);
    }
  }

  @Test
  void aBodyIsCutAtItsTotalDeadlineWhateverItsRate() throws Exception {
    start(HttpServer.builder().handler(ECHO).bodyTimeout(Duration.ofMillis(500)).minBodyRate(0)
        .bodyDeadline(Duration.ofMillis(800)));
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      assertThat(trickle(socket, post(100), 100)).isLessThan(100);
    }
  }

  @Test
  void drainingAnUnreadBodyHasATotalDeadline() throws Exception {
    // The handler never reads the body; the server reads it away to keep the connection, but
    // not for longer than the drain timeout.
    start(HttpServer.builder().handler(r -> ServerResponse.ok("ignored")).bodyTimeout(Duration.ofMillis(500))
        .minBodyRate(0).drainTimeout(Duration.ofMillis(800)));
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      assertThat(trickle(socket, post(100), 100)).isLessThan(100);
    }
  }

  @Test
  void aBodyAtAGoodRateIsRead() throws Exception {
    start(HttpServer.builder().handler(ECHO).bodyTimeout(Duration.ofMillis(2000)).minBodyRate(1));
    try (Raw raw = new Raw(server.port())) {
      assertThat(raw.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello").readResponse())
          .startsWith("HTTP/1.1 200").endsWith("read 5");
    }
  }

  @Test
  void aClientHelloTrickledAByteAtATimeIsCutAtTheHeadDeadline() throws Exception {
    dev.courier.testsupport.TestPki pki = dev.courier.testsupport.TestPki.get();
    start(HttpServer.builder().handler(ECHO).tls(pki.serverCert(), pki.serverKey())
        .headTimeout(Duration.ofMillis(800)));
    // A TLS handshake record header announcing 512 bytes, then those bytes one at a time: each
    // read of the handshake gets a byte well within any per-read timeout.
    byte[] recordHeader = {0x16, 0x03, 0x01, 0x02, 0x00};
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      assertThat(trickle(socket, recordHeader, 100)).isLessThan(100);
    }
  }

  @Test
  void connectionsPerClientAddressAreCapped() throws Exception {
    start(HttpServer.builder().handler(ECHO).maxConnectionsPerAddress(2));
    try (Raw a = new Raw(server.port()); Raw b = new Raw(server.port())) {
      // two served and kept alive...
      assertThat(a.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).startsWith("HTTP/1.1 200");
      assertThat(b.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).startsWith("HTTP/1.1 200");
      // ...the third from the same address is turned away
      try (Raw c = new Raw(server.port())) {
        assertThat(c.readAll()).startsWith("HTTP/1.1 503");
      }
      assertThat(a.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).startsWith("HTTP/1.1 200");
    }
  }
}

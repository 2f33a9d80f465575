package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.testsupport.TestPki;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An idle keep-alive connection holds no working buffer ({@link WorkingBuffers}), plain or over
 * TLS, whichever way its requests were served: answered on the read loop, by a thread that read a
 * body, pipelined, or with an answer larger than a buffer; nor does an HTTP/2 one with no stream open. Ten thousand idle connections would
 * otherwise keep 170 MB of buffers.
 */
@Timeout(60)
class IdleConnectionBuffersTest {
  static final Handler HANDLER = r -> r.path().equals("/big")
      ? ServerResponse.ok("x".repeat(100_000))
      : ServerResponse.ok("read " + r.bodyBytes().length);

  HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) server.stop(Duration.ofSeconds(1));
  }

  @Test
  void idlePlainConnectionsHoldNoBuffer() throws Exception {
    server = HttpServer.builder().handler(HANDLER).bind("127.0.0.1").port(0).start();
    holdNoneOnceIdle(false);
  }

  @Test
  void idleTlsConnectionsHoldNoBuffer() throws Exception {
    TestPki pki = TestPki.get();
    server = HttpServer.builder().handler(HANDLER).tls(pki.serverCert(), pki.serverKey()).bind("127.0.0.1").port(0)
        .start();
    holdNoneOnceIdle(true);
  }

  @Test
  void idleConnectionsWhoseExchangesRanOnThreadsHoldNoBuffer() throws Exception {
    server = HttpServer.builder().handler(HANDLER).handlersOnLoop(false).bind("127.0.0.1").port(0).start();
    holdNoneOnceIdle(false);
  }

  @Test
  void idleHttp2ConnectionsHoldNoBufferOverH2cAndTls() throws Exception {
    TestPki pki = TestPki.get();
    server = HttpServer.builder().handler(HANDLER).http2(true).bind("127.0.0.1").port(0).start();
    try (H2Peer plain = new H2Peer(server.port()).handshake()) {
      holdNoneOnceIdle(plain);
    }
    server.stop(Duration.ofSeconds(1));
    server = HttpServer.builder().handler(HANDLER).http2(true).tls(pki.serverCert(), pki.serverKey())
        .bind("127.0.0.1").port(0).start();
    try (H2Peer tls = H2Peer.overTls(server.port()).handshake()) {
      holdNoneOnceIdle(tls);
    }
  }

  /** A small answer, a large one, then none held; the next request is answered in full. */
  private void holdNoneOnceIdle(H2Peer peer) throws Exception {
    peer.get(1);
    assertThat(peer.body(1)).isEqualTo("read 0");
    peer.headers(3, true, H2Peer.request("GET", "/big"));
    assertThat(peer.body(3)).hasSize(100_000);
    for (int i = 0; i < 200 && server.connectionsHoldingBuffers() > 0; i++) Thread.sleep(25);
    assertThat(server.connectionCount()).isEqualTo(1);
    assertThat(server.connectionsHoldingBuffers()).isZero();
    peer.headers(5, true, H2Peer.request("GET", "/big"));
    assertThat(peer.body(5)).hasSize(100_000);
  }

  private void holdNoneOnceIdle(boolean tls) throws Exception {
    List<Raw> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) clients.add(tls ? Raw.overTls(server.port()) : new Raw(server.port()));
      clients.get(0).send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
      clients.get(1).send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n");
      Thread.sleep(50); // the body comes later: a thread waits for it
      clients.get(1).send("hello");
      clients.get(2).send("GET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n");
      clients.get(3).send("GET /big HTTP/1.1\r\nHost: a\r\n\r\n");
      clients.get(4).send("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
      // The sixth never sends a request.
      assertThat(clients.get(0).readResponse()).startsWith("HTTP/1.1 200").endsWith("read 0");
      assertThat(clients.get(1).readResponse()).startsWith("HTTP/1.1 200").endsWith("read 5");
      assertThat(clients.get(2).readResponse()).endsWith("read 0");
      assertThat(clients.get(2).readResponse()).endsWith("read 0");
      assertThat(clients.get(3).readResponse()).startsWith("HTTP/1.1 200").hasSizeGreaterThan(100_000);
      assertThat(clients.get(4).readResponse()).endsWith("read 3");
      assertThat(server.connectionCount()).isEqualTo(6);
      // Each connection parks just after its answer left: wait for that, not for a set time.
      for (int i = 0; i < 200 && server.connectionsHoldingBuffers() > 0; i++) Thread.sleep(25);
      assertThat(server.connectionsHoldingBuffers()).isZero();
      // And they serve on: the next request takes buffers again and answers in full.
      for (Raw client : clients) {
        assertThat(client.send("GET /big HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).hasSizeGreaterThan(100_000);
      }
    } finally {
      for (Raw client : clients) client.close();
    }
  }
}

package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.http.h2.ErrorCode;
import dev.courier.http.h2.Frame;
import dev.courier.testsupport.TestPki;
import dev.courier.testsupport.TlsRecordTap;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The HTTP/1.1 server's read deadlines over TLS, where the bytes a read waits for are TLS records:
 * each deadline ends its read and gets the answer it gets on plain TCP, and a connection closed
 * for being idle ends with the TLS close_notify alert (RFC 8446 section 6.1), which a client reads
 * as a clean end of stream, not an error. So does an HTTP/2 connection over TLS, after its GOAWAY.
 */
@Timeout(30)
class TlsServerTimeoutsTest {
  HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) server.stop(Duration.ofSeconds(1));
  }

  void start(HttpServer.Builder builder) throws IOException {
    TestPki pki = TestPki.get();
    server = builder.tls(pki.serverCert(), pki.serverKey()).bind("127.0.0.1").port(0).start();
  }

  static final Handler ECHO = r -> ServerResponse.ok("read " + r.bodyBytes().length);

  /**
   * Reads on until the server's close: true when it was a clean end of stream. The JDK's client
   * reads a TCP close without close_notify as clean too; the tap's check tells them apart.
   */
  static boolean endsCleanly(Raw raw) throws IOException {
    try {
      return raw.socket.getInputStream().read() < 0;
    } catch (javax.net.ssl.SSLException e) {
      return false; // a fatal alert
    }
  }

  /** A TLS 1.2 client (whose alerts the tap can see) offering http/1.1. */
  static Raw http11(TlsRecordTap tap) throws IOException {
    return Raw.overTls(tap.port(), new String[] {"http/1.1"}, new String[] {"TLSv1.2"});
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedWithCloseNotify() throws Exception {
    start(HttpServer.builder().handler(ECHO).idleTimeout(Duration.ofMillis(300)));
    try (TlsRecordTap tap = TlsRecordTap.to(server.port()); Raw raw = http11(tap)) {
      assertThat(raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).startsWith("HTTP/1.1 200");
      assertThat(endsCleanly(raw)).isTrue();
      assertThat(tap.endedWithAlert()).as("close_notify, then the end of the stream").isTrue();
    }
    for (int i = 0; i < 100 && server.connectionCount() > 0; i++) Thread.sleep(50);
    assertThat(server.connectionCount()).isZero();
  }

  @Test
  void aConnectionThatNeverSendsARequestIsClosedAtTheHeadDeadline() throws Exception {
    start(HttpServer.builder().handler(ECHO).headTimeout(Duration.ofMillis(400)));
    try (TlsRecordTap tap = TlsRecordTap.to(server.port()); Raw raw = http11(tap)) {
      assertThat(endsCleanly(raw)).isTrue();
      assertThat(tap.endedWithAlert()).as("close_notify, then the end of the stream").isTrue();
    }
  }

  @Test
  void keepAliveGoesOnWhileEachPauseIsShorterThanTheIdleTimeout() throws Exception {
    // Each read has its own deadline: a deadline left from an earlier read would cut this one.
    start(HttpServer.builder().handler(ECHO).idleTimeout(Duration.ofMillis(1500)));
    try (Raw raw = Raw.overTls(server.port())) {
      for (int i = 0; i < 6; i++) {
        assertThat(raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).startsWith("HTTP/1.1 200");
        Thread.sleep(400);
      }
    }
  }

  @Test
  void aSlowHeadGets408() throws Exception {
    start(HttpServer.builder().handler(ECHO).headTimeout(Duration.ofMillis(600)));
    try (Raw raw = Raw.overTls(server.port())) {
      raw.send("GET / HTTP/1.1\r\n");
      raw.sendSlowly("X-a: b\r\n", 8, 150);
      assertThat(raw.readAll()).startsWith("HTTP/1.1 408").doesNotContain("TIMEOUT");
    }
  }

  @Test
  void aHeadStartedAfterAnIdlePauseGets408() throws Exception {
    // The second request's head starts well within the idle timeout, then stops: its own head
    // deadline applies, and the answer is a 408, not a silent close.
    start(HttpServer.builder().handler(ECHO).idleTimeout(Duration.ofSeconds(10)).headTimeout(Duration.ofMillis(500)));
    try (Raw raw = Raw.overTls(server.port())) {
      assertThat(raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).startsWith("HTTP/1.1 200");
      Thread.sleep(200);
      raw.send("GET / HTTP/1.1\r\nHost: a\r\n");
      assertThat(raw.readAll()).startsWith("HTTP/1.1 408").doesNotContain("TIMEOUT");
    }
  }

  @Test
  void aStalledBodyGets408() throws Exception {
    start(HttpServer.builder().handler(ECHO).bodyTimeout(Duration.ofMillis(300)));
    try (Raw raw = Raw.overTls(server.port())) {
      String all = raw.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nabc").readAll();
      assertThat(all).startsWith("HTTP/1.1 408").doesNotContain("TIMEOUT");
    }
  }

  @Test
  void stoppingTheServerClosesAnIdleConnection() throws Exception {
    start(HttpServer.builder().handler(ECHO).idleTimeout(Duration.ofMinutes(5)));
    try (Raw raw = Raw.overTls(server.port())) {
      assertThat(raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).startsWith("HTTP/1.1 200");
      server.stop(Duration.ofSeconds(5));
      assertThat(raw.isClosedByServer()).isTrue();
    }
  }

  /** A TLS 1.2 client (whose alerts the tap can see) that chose h2 by ALPN and sent its preface and SETTINGS. */
  static H2Peer h2Peer(TlsRecordTap tap) throws IOException {
    return H2Peer.overTls(tap.port(), new String[] {"TLSv1.2"}).handshake();
  }

  @Test
  void anIdleHttp2ConnectionEndsWithGoAwayThenCloseNotify() throws Exception {
    start(HttpServer.builder().handler(ECHO).http2(true).idleTimeout(Duration.ofMillis(300)));
    try (TlsRecordTap tap = TlsRecordTap.to(server.port()); H2Peer peer = h2Peer(tap)) {
      peer.get(1);
      assertThat(peer.body(1)).isEqualTo("read 0");
      assertThat(peer.nextOf(Frame.GoAway.class).errorCode()).isEqualTo(ErrorCode.NO_ERROR.code());
      assertThat(peer.socket.getInputStream().read()).isEqualTo(-1);
      assertThat(tap.endedWithAlert()).as("close_notify, then the end of the stream").isTrue();
    }
  }

  @Test
  void stoppingTheServerEndsAnIdleHttp2ConnectionWithCloseNotify() throws Exception {
    start(HttpServer.builder().handler(ECHO).http2(true).idleTimeout(Duration.ofMinutes(5)));
    try (TlsRecordTap tap = TlsRecordTap.to(server.port()); H2Peer peer = h2Peer(tap)) {
      peer.get(1);
      assertThat(peer.body(1)).isEqualTo("read 0");
      server.stop(Duration.ofSeconds(5));
      assertThat(peer.nextOf(Frame.GoAway.class).errorCode()).isEqualTo(ErrorCode.NO_ERROR.code());
      assertThat(tap.endedWithAlert()).as("close_notify, then the end of the stream").isTrue();
    }
  }
}

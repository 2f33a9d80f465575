package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.http.h2.ErrorCode;
import dev.courier.http.h2.Frame;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server's HTTP/2 lifecycle: graceful stop, the timeouts (SETTINGS acknowledgement, idle
 * connection, an unfinished field block) and a client that never opens its window.
 */
class H2ServerTest {
  @Test
  void stopSendsGoAwayAndLetsTheStreamInFlightFinish() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    HttpServer server = HttpServer.builder().bind("127.0.0.1").port(0).handler(r -> {
      entered.countDown();
      proceed.await();
      return ServerResponse.ok("finished");
    }).start();
    try (H2Peer peer = new H2Peer(server.port()).handshake()) {
      peer.get(1);
      entered.await();
      CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> server.stop(Duration.ofSeconds(30)));
      Frame.GoAway goAway = peer.nextOf(Frame.GoAway.class);
      assertThat(goAway.error()).isEqualTo(ErrorCode.NO_ERROR);
      assertThat(goAway.lastStreamId()).as("stream 1 will be processed").isEqualTo(1);
      peer.get(3); // after the GOAWAY: not processed (RFC 9113 section 6.8)
      Frame.RstStream refused = peer.nextOf(Frame.RstStream.class);
      assertThat(refused.streamId()).isEqualTo(3);
      assertThat(refused.error()).isEqualTo(ErrorCode.REFUSED_STREAM);
      proceed.countDown();
      assertThat(peer.body(1)).isEqualTo("finished");
      assertThat(stopped.get()).as("a clean stop").isTrue();
    } finally {
      proceed.countDown();
      server.stop(Duration.ofSeconds(1));
    }
  }

  @Test
  void aClientKeepingItsWindowShutLosesTheStreamAtTheWriteTimeout() throws Exception {
    HttpServer server = HttpServer.builder().bind("127.0.0.1").port(0).writeTimeout(Duration.ofMillis(300))
        .handler(r -> ServerResponse.ok("x".repeat(1000))).start();
    try (H2Peer peer = new H2Peer(server.port()).handshake()) {
      peer.raw(4, 0, 0, new byte[] {0, 4, 0, 0, 0, 0}); // SETTINGS_INITIAL_WINDOW_SIZE 0: no DATA may come
      peer.get(1);
      Frame.RstStream reset = peer.nextOf(Frame.RstStream.class);
      assertThat(reset.streamId()).isEqualTo(1);
      assertThat(reset.error()).isEqualTo(ErrorCode.CANCEL);
      peer.get(3); // the connection itself still serves
      assertThat(peer.nextOf(Frame.Headers.class).streamId()).isEqualTo(3);
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }

  /** A server on 127.0.0.1, with TLS (h2 by ALPN) or without (h2c with prior knowledge). */
  private static HttpServer.Builder server(boolean tls) {
    HttpServer.Builder b = HttpServer.builder().bind("127.0.0.1").port(0);
    return tls ? b.tls(dev.courier.testsupport.TestPki.get().serverPkcs12(),
        dev.courier.testsupport.TestPki.PASSWORD.toCharArray()) : b;
  }

  private static H2Peer peer(HttpServer server, boolean tls) throws java.io.IOException {
    return tls ? H2Peer.overTls(server.port()) : new H2Peer(server.port());
  }

  // The timeouts on both transports: the reader reads without a socket timeout, a watchdog shuts
  // the TCP input at a deadline; under TLS the GOAWAY goes out first, from the watchdog's side.

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void settingsNeverAcknowledgedEndTheConnectionWithSettingsTimeout(boolean tls) throws Exception {
    HttpServer server = server(tls).headTimeout(Duration.ofMillis(300))
        .handler(r -> ServerResponse.ok("x")).start();
    try (H2Peer peer = peer(server, tls)) {
      peer.send(H2Peer.PREFACE);
      peer.writer.writeSettings(dev.courier.http.h2.Settings.DEFAULTS);
      peer.flush(); // and never an ACK of the server's SETTINGS (RFC 9113 section 6.5.3)
      Frame.GoAway goAway = peer.nextOf(Frame.GoAway.class);
      assertThat(goAway.error()).isEqualTo(ErrorCode.SETTINGS_TIMEOUT);
      assertThat(peer.next()).as("closed after the GOAWAY").isEmpty();
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void anIdleConnectionIsClosedWithGoAwayNoError(boolean tls) throws Exception {
    HttpServer server = server(tls).idleTimeout(Duration.ofMillis(300))
        .handler(r -> ServerResponse.ok("x")).start();
    try (H2Peer peer = peer(server, tls).handshake()) {
      peer.get(1);
      assertThat(peer.body(1)).isEqualTo("x");
      assertClosedIdleAfter(peer, 1);
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }

  /** A handler slower than three idle periods of 200 ms: it answers {@code answer} after 700 ms. */
  private static Handler slowly(ServerResponse answer) {
    return r -> {
      try {
        Thread.sleep(700); // the slow work under test, not a synchronisation
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return answer;
    };
  }

  /** The server's idle end: GOAWAY NO_ERROR naming {@code lastStreamId}, then the close. */
  private static void assertClosedIdleAfter(H2Peer peer, int lastStreamId) throws java.io.IOException {
    Frame.GoAway goAway = peer.nextOf(Frame.GoAway.class);
    assertThat(goAway.error()).isEqualTo(ErrorCode.NO_ERROR);
    assertThat(goAway.lastStreamId()).isEqualTo(lastStreamId);
    assertThat(peer.next()).as("closed after the GOAWAY").isEmpty();
  }

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void theIdleTimeoutWaitsWhileAStreamIsAtWork(boolean tls) throws Exception {
    // A handler slower than three idle periods: the connection must stay open for its answer,
    // and close idle only after it.
    HttpServer server = server(tls).idleTimeout(Duration.ofMillis(200))
        .handler(slowly(ServerResponse.ok("slow"))).start();
    try (H2Peer peer = peer(server, tls).handshake()) {
      peer.get(1);
      assertThat(peer.body(1)).isEqualTo("slow");
      assertClosedIdleAfter(peer, 1);
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void theIdleTimeoutStartsAtTheLastStreamsEndThoughTheClientSendsNothingMore(boolean tls) throws Exception {
    // The connection parks while the slow stream works (no deadline then); its end must start the
    // idle time, though no WINDOW_UPDATE or other frame comes after a bodiless answer.
    HttpServer server = server(tls).idleTimeout(Duration.ofMillis(200))
        .handler(slowly(ServerResponse.of(204))).start();
    try (H2Peer peer = peer(server, tls).handshake()) {
      peer.get(1);
      Frame.Headers answer = peer.nextOf(Frame.Headers.class);
      assertThat(answer.endStream()).isTrue();
      assertClosedIdleAfter(peer, 1);
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void aFieldBlockThatNeverEndsIsCutOffAtTheHeadTimeout(boolean tls) throws Exception {
    HttpServer server = server(tls).headTimeout(Duration.ofMillis(500))
        .idleTimeout(Duration.ofSeconds(60)).handler(r -> ServerResponse.ok("x")).start();
    try (H2Peer peer = peer(server, tls).handshake()) {
      byte[] block = peer.block(H2Peer.request("GET", "/"));
      peer.raw(1, 0x1 /* END_STREAM, no END_HEADERS */, 1, block); // then no CONTINUATION: slowloris
      Frame.GoAway goAway = peer.nextOf(Frame.GoAway.class);
      assertThat(goAway.error()).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM);
      assertThat(peer.next()).as("closed after the GOAWAY").isEmpty();
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }

  @Test
  void anUpgradeToH2cIsIgnoredAndAnsweredAsHttp11() throws Exception {
    // RFC 9113 section 3.1 deprecates "Upgrade: h2c"; honouring it would let a front proxy that
    // forwards the upgrade be bypassed (h2c smuggling), so the server answers the request as HTTP/1.1.
    HttpServer server = HttpServer.builder().bind("127.0.0.1").port(0)
        .handler(r -> ServerResponse.ok(r.version() + " " + r.bodyText())).start();
    try (Raw raw = new Raw(server.port())) {
      raw.send("POST /a HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
          + "HTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\nContent-Length: 4\r\n\r\nbody");
      String first = raw.readResponse();
      assertThat(first).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("upgrade").endsWith("HTTP/1.1 body");
      raw.send("GET /b HTTP/1.1\r\nHost: x\r\n\r\n"); // the connection goes on as HTTP/1.1
      assertThat(raw.readResponse()).startsWith("HTTP/1.1 200").endsWith("HTTP/1.1 ");
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }

  @Test
  void aStreamWaitingForCreditDoesNotHoldUpTheOthers() throws Exception {
    HttpServer server = HttpServer.builder().bind("127.0.0.1").port(0)
        .handler(r -> ServerResponse.ok("y".repeat(100))).start();
    try (H2Peer peer = new H2Peer(server.port()).handshake()) {
      peer.raw(4, 0, 0, new byte[] {0, 4, 0, 0, 0, 0}); // SETTINGS_INITIAL_WINDOW_SIZE 0: every stream waits
      peer.get(1);
      peer.get(3);
      peer.writer.writeWindowUpdate(3, 100); // credit for stream 3 only
      peer.flush();
      assertThat(peer.body(3)).isEqualTo("y".repeat(100));
      assertThat(peer.seen).noneMatch(f -> f instanceof Frame.Data d && d.streamId() == 1);
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }

  @Test
  void aClientThatStopsReadingIsCutOffByTheWriteTimeout() throws Exception {
    // The windows are wide open: only the socket pushes back. The server's write timeout (issue 16's
    // protection, measured by the connection's write clock) ends the write, and the stream with it.
    java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    CountDownLatch logged = new CountDownLatch(1);
    int size = 64 << 20;
    HttpServer server = HttpServer.builder().bind("127.0.0.1").port(0).writeTimeout(Duration.ofMillis(500))
        .accessLog(AccessLog.to(line -> {
          lines.add(line);
          logged.countDown();
        }))
        .handler(r -> ServerResponse.ok(ServerResponseBody.of(new byte[size]))).start();
    try (H2Peer peer = new H2Peer(server.port()).handshake()) {
      peer.socket.setReceiveBufferSize(4096);
      peer.raw(4, 0, 0, new byte[] {0, 4, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}); // stream windows 2^31-1
      peer.writer.writeWindowUpdate(0, Integer.MAX_VALUE - 65535);
      peer.flush();
      peer.get(1); // and never read again
      assertThat(logged.await(30, java.util.concurrent.TimeUnit.SECONDS)).as("the stream ended").isTrue();
      long sent = Long.parseLong(lines.get(0).substring(lines.get(0).lastIndexOf(' ') + 1).replace("-", "0"));
      assertThat(sent).as("bytes logged as sent").isLessThan(size);
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }

  @Test
  void http2CanBeSwitchedOff() throws Exception {
    HttpServer server = HttpServer.builder().bind("127.0.0.1").port(0).http2(false)
        .handler(r -> ServerResponse.ok("x")).start();
    try (H2Peer peer = new H2Peer(server.port())) {
      peer.send(H2Peer.PREFACE);
      assertThat(peer.rawReply()).startsWith("HTTP/1.1 ");
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }
}

package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.http.h2.ErrorCode;
import dev.courier.http.h2.Frame;
import dev.courier.testsupport.TestPki;
import dev.courier.testsupport.Waits;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An HTTP/2 connection with no stream at work parks on its read loop with no thread ({@link
 * H2LoopPath}), over h2c and over TLS, and a reader comes back for whatever the client sends next:
 * a request, a PING, the end of the connection, a stopping server.
 */
@Timeout(60)
class H2ParkingTest {
  HttpServer server;
  final CountDownLatch entered = new CountDownLatch(1);
  final CountDownLatch proceed = new CountDownLatch(1);

  final Router router = Router.builder()
      .get("/", r -> ServerResponse.ok("hello"))
      .get("/slow", r -> {
        entered.countDown();
        return Waits.await(proceed) ? ServerResponse.ok("slow") : ServerResponse.of(500);
      })
      .build();

  @AfterEach
  void stop() {
    proceed.countDown();
    if (server != null) server.stop(Duration.ofSeconds(1));
  }

  H2Peer connect(boolean tls) throws IOException {
    return connect(tls, null);
  }

  /** As {@link #connect(boolean)}, the server running its threads' work on {@code executor} when not null. */
  H2Peer connect(boolean tls, Executor executor) throws IOException {
    HttpServer.Builder builder = HttpServer.builder().bind("127.0.0.1").port(0).http2(true).handler(router)
        .handlersOnLoop(false); // every handler on a stream's thread: the reader only reads
    if (executor != null) builder.executor(executor);
    if (tls) builder.tls(TestPki.get().serverCert(), TestPki.get().serverKey());
    server = builder.start();
    return peer(tls);
  }

  /** A new client connection to the running server, its preface and SETTINGS exchanged. */
  H2Peer peer(boolean tls) throws IOException {
    return H2Peer.handshaken(server.port(), tls);
  }

  /** Waits (bounded) until the server has {@code n} connections parked idle; the count last seen. */
  int awaitParked(int n) throws InterruptedException {
    return ParkedConnections.awaitIdle(server, n);
  }

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void anIdleConnectionParksAndServesOnWhenTheClientSpeaksAgain(boolean tls) throws Exception {
    try (H2Peer peer = connect(tls)) {
      for (int stream = 1; stream <= 7; stream += 2) {
        peer.get(stream);
        assertThat(peer.body(stream)).isEqualTo("hello");
        assertThat(awaitParked(1)).as("parked after stream " + stream).isEqualTo(1);
      }
      peer.ping(42); // a control frame alone brings a reader back, which answers and parks again
      Frame.Ping pong = peer.nextOf(Frame.Ping.class);
      assertThat(pong.ack()).isTrue();
      assertThat(pong.opaqueData()).isEqualTo(42);
      assertThat(awaitParked(1)).isEqualTo(1);
      assertThat(server.connectionsHoldingBuffers()).isZero();
    }
  }

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void aStreamAtWorkKeepsTheReaderAndItsEndLetsTheConnectionPark(boolean tls) throws Exception {
    try (H2Peer peer = connect(tls)) {
      peer.headers(1, true, H2Peer.request("GET", "/slow"));
      assertThat(Waits.await(entered)).isTrue();
      // Not idle while the stream works (it may park, the loop reading what comes for it).
      assertThat(server.connectionsParkedIdle()).isZero();
      proceed.countDown();
      assertThat(peer.body(1)).isEqualTo("slow");
      // Once the stream ended the connection is idle, parked.
      assertThat(awaitParked(1)).isEqualTo(1);
      peer.get(3);
      assertThat(peer.body(3)).isEqualTo("hello");
    }
  }

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void aStoppingServerSendsGoAwayToParkedConnectionsAndCloses(boolean tls) throws Exception {
    try (H2Peer peer = connect(tls)) {
      peer.get(1);
      assertThat(peer.body(1)).isEqualTo("hello");
      assertThat(awaitParked(1)).isEqualTo(1);
      assertThat(server.stop(Duration.ofSeconds(10))).as("a clean stop").isTrue();
      Frame.GoAway goAway = peer.nextOf(Frame.GoAway.class);
      assertThat(goAway.error()).isEqualTo(ErrorCode.NO_ERROR);
      assertThat(goAway.lastStreamId()).isEqualTo(1);
      assertThat(peer.next()).as("closed after the GOAWAY").isEmpty();
      assertThat(server.connectionCount()).isZero();
    }
  }

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void aClientThatClosesAParkedConnectionIsForgotten(boolean tls) throws Exception {
    try (H2Peer peer = connect(tls)) {
      peer.get(1);
      assertThat(peer.body(1)).isEqualTo("hello");
      assertThat(awaitParked(1)).isEqualTo(1);
    }
    for (int i = 0; i < 500 && server.connectionCount() > 0; i++) Thread.sleep(10);
    assertThat(server.connectionCount()).isZero();
  }

  /**
   * The client's half-close reaches a parked connection as the end of the stream, which stays
   * readable: the loop starts at most one reader, which must read the end and close, not park
   * again on a readiness that never goes away (the loop would start reader after reader until a
   * race ended it). Five connections, since a reader may also win that race.
   */
  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void theEndOfTheStreamWakesAtMostOneReaderThatCloses(boolean tls) throws Exception {
    AtomicInteger tasks = new AtomicInteger();
    Executor counting = task -> {
      tasks.incrementAndGet();
      Thread.ofVirtual().start(task);
    };
    connect(tls, counting).close();
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 500 && server.connectionCount() > 0; j++) Thread.sleep(10);
      try (H2Peer peer = peer(tls)) {
        peer.get(1);
        assertThat(peer.body(1)).isEqualTo("hello");
        // the PING's answer says the server has read all we sent (the body's WINDOW_UPDATEs too),
        // so nothing but the half-close wakes the connection once it parked
        peer.ping(7);
        assertThat(peer.nextOf(Frame.Ping.class).ack()).isTrue();
        assertThat(awaitParked(1)).isEqualTo(1);
        int before = tasks.get();
        peer.shutdownOutput();
        while (peer.next().isPresent()) {
          // a GOAWAY may come before the server closes its side
        }
        for (int j = 0; j < 500 && server.connectionCount() > 0; j++) Thread.sleep(10);
        assertThat(server.connectionCount()).isZero();
        assertThat(tasks.get() - before).as("threads started after the half-close").isLessThanOrEqualTo(1);
      }
    }
  }
}

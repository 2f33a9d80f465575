package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.http.h2.Frame;
import dev.courier.testsupport.TestPki;
import dev.courier.testsupport.Waits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A parked HTTP/2 connection's next request is read and answered on the read loop's own thread,
 * with no hand-off to another thread ({@link H2LoopPath}), and whatever would wait there goes on
 * elsewhere: a handler that blocks (the watchdog takes the loop over), answers more than the
 * output holds. A connection whose streams work but wait for the client parks too, and the loop
 * reads what comes for them. The handlers wait through {@link Waits}, outside the
 * server's package, as a user's handler would.
 */
@Timeout(60)
class H2ReaderOnLoopTest {
  static final String LOOP_THREAD = "courier-read-";
  /** Bytes in each /piece answer: whole answers, a few of which fill the connection's output. */
  static final int PIECE = 12 * 1024;

  HttpServer server;
  final CountDownLatch blocking = new CountDownLatch(1);
  final CountDownLatch release = new CountDownLatch(1);
  final Map<Integer, ByteArrayOutputStream> received = new HashMap<>();
  final Map<Integer, String> statusOf = new HashMap<>();
  final Set<Integer> ended = new HashSet<>();

  final Router router = Router.builder()
      .get("/where", r -> ServerResponse.ok(Thread.currentThread().getName()))
      .get("/echo/{n}", r -> ServerResponse.ok("n=" + r.pathParam("n").orElseThrow()))
      .get("/block", r -> {
        blocking.countDown();
        return Waits.await(release) ? ServerResponse.ok("unblocked") : ServerResponse.of(500);
      })
      .get("/piece/{n}", r -> ServerResponse.ok(piece(Integer.parseInt(r.pathParam("n").orElseThrow()))))
      .post("/echo", r -> ServerResponse.ok(new String(r.body().readAllBytes(), StandardCharsets.UTF_8)))
      .build();

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) server.stop(Duration.ofSeconds(1));
  }

  /** The {@code n}th piece: a letter repeated, then its number, so that no two are alike. */
  static String piece(int n) {
    String tail = "#" + n;
    return String.valueOf((char) ('a' + n % 26)).repeat(PIECE - tail.length()) + tail;
  }

  H2Peer connect(boolean tls) throws IOException {
    // One loop: a handler blocking it must hold up every other connection but for the watchdog.
    HttpServer.Builder builder = HttpServer.builder().bind("127.0.0.1").port(0).http2(true).handler(router)
        .readLoops(1);
    if (tls) builder.tls(TestPki.get().serverCert(), TestPki.get().serverKey());
    server = builder.start();
    return peer(tls);
  }

  H2Peer peer(boolean tls) throws IOException {
    return H2Peer.handshaken(server.port(), tls);
  }

  int awaitParked(int n) throws InterruptedException {
    return ParkedConnections.awaitIdle(server, n);
  }

  /**
   * A connection that made one request (read by the thread that began serving, or by the loop)
   * and then parked idle: its next request comes to the loop.
   */
  H2Peer connectedAndParked(boolean tls) throws Exception {
    H2Peer peer = connect(tls);
    get(peer, 1, "/echo/1");
    assertThat(body(peer, 1)).isEqualTo("n=1");
    assertThat(awaitParked(1)).isEqualTo(1);
    return peer;
  }

  static void get(H2Peer peer, int stream, String path) throws IOException {
    peer.headers(stream, true, H2Peer.request("GET", path));
  }

  /** Reads until each of {@code id}'s streams ended (other streams' frames are kept); its body. */
  String body(H2Peer peer, int id) throws IOException {
    if (!ended.contains(id)) peer.readUntilEnded(new HashSet<>(Set.of(id)), received, statusOf, ended);
    ByteArrayOutputStream b = received.get(id);
    return b == null ? "" : b.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void aParkedConnectionsNextRequestIsAnsweredOnTheLoopsOwnThread(boolean tls) throws Exception {
    try (H2Peer peer = connectedAndParked(tls)) {
      for (int stream = 3; stream <= 7; stream += 2) {
        if (stream > 3) assertThat(awaitParked(1)).as("parked before stream " + stream).isEqualTo(1);
        get(peer, stream, "/where");
        assertThat(body(peer, stream)).startsWith(LOOP_THREAD);
        assertThat(statusOf.get(stream)).isEqualTo("200");
      }
      // A request with a body waits for its DATA on a thread of its own: the loop hands it on.
      assertThat(awaitParked(1)).isEqualTo(1);
      peer.post(9, "/echo");
      peer.data(9, "a body", true);
      assertThat(body(peer, 9)).isEqualTo("a body");
      assertThat(awaitParked(1)).as("parks again after the hand-off").isEqualTo(1);
      peer.ping(42);
      assertThat(peer.nextOf(Frame.Ping.class).ack()).isTrue();
      get(peer, 11, "/where");
      assertThat(body(peer, 11)).startsWith(LOOP_THREAD);
    }
  }

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void aConnectionWhoseHandlerWaitsForItsBodyParksAndTheLoopReadsTheRest(boolean tls) throws Exception {
    try (H2Peer peer = connect(tls)) {
      peer.post(1, "/echo");
      peer.data(1, "first ", false);
      // The handler waits for the rest of its body, and no thread waits for the client meanwhile.
      assertThat(ParkedConnections.awaitAtWork(server, 1)).isEqualTo(1);
      peer.data(1, "and last", true);
      assertThat(body(peer, 1)).isEqualTo("first and last");
      assertThat(statusOf.get(1)).isEqualTo("200");
      assertThat(awaitParked(1)).as("parked idle once the stream ended").isEqualTo(1);
    }
  }

  @Test
  void aHandlerThatBlocksOnTheLoopHoldsUpNeitherOtherConnectionsNorItsOwnStreams() throws Exception {
    try (H2Peer first = connectedAndParked(false)) {
      get(first, 3, "/block"); // read on the loop's thread, whose handler now blocks it
      assertThat(Waits.await(blocking)).isTrue();
      try (H2Peer second = peer(false)) {
        assertThat(awaitParked(1)).as("the second connection parks on the loop").isEqualTo(1);
        // Its bytes are seen by the loop's new thread, which took the loop over from the blocked
        // one (ordinary handlers then run on virtual threads for a while).
        get(second, 1, "/echo/1");
        Map<Integer, ByteArrayOutputStream> secondBodies = new HashMap<>();
        second.readUntilEnded(new HashSet<>(Set.of(1)), secondBodies, new HashMap<>(), new HashSet<>());
        assertThat(secondBodies.get(1).toString(StandardCharsets.UTF_8)).isEqualTo("n=1");
      }
      get(first, 5, "/echo/5"); // a new reader took the blocked connection's reading over
      assertThat(body(first, 5)).isEqualTo("n=5");
      release.countDown();
      assertThat(body(first, 3)).isEqualTo("unblocked");
      assertThat(statusOf.get(3)).isEqualTo("200");
      get(first, 7, "/echo/7");
      assertThat(body(first, 7)).isEqualTo("n=7");
    }
  }

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void answersBeyondWhatTheOutputHoldsAreHandedOnMidBatchAndArriveWholeInOrder(boolean tls) throws Exception {
    try (H2Peer peer = connectedAndParked(tls)) {
      // One batch, read at once by the loop: after a few whole answers the output is full, and
      // the rest go to stream threads while a reader of its own goes on.
      int count = 40;
      for (int i = 0; i < count; i++) {
        byte[] block = peer.block(H2Peer.request("GET", "/piece/" + i));
        peer.writer.writeHeaders(3 + 2 * i, block, 0, block.length, true);
      }
      peer.flush();
      for (int i = 0; i < count; i++) {
        int stream = 3 + 2 * i;
        assertThat(body(peer, stream)).as("stream %d", stream).isEqualTo(piece(i));
        assertThat(statusOf.get(stream)).isEqualTo("200");
      }
      assertThat(awaitParked(1)).isEqualTo(1);
      get(peer, 83, "/echo/83");
      assertThat(body(peer, 83)).isEqualTo("n=83");
    }
  }
}

package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.http.h2.Frame;
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

/**
 * Ordinary handlers (not declared non-blocking) over HTTP/2: a request that ends with its HEADERS
 * is answered by the connection's reader thread itself; one whose handler blocks there is caught
 * by the watchdog, a new thread goes on reading the same connection, and the blocked handler's
 * answer still arrives whole once it returns. The handlers wait through {@link Waits}, outside
 * the server's package, as a user's handler would.
 */
class H2HandlersOnReaderTest {
  HttpServer server;
  /** Released by the test to let a blocked handler return. */
  final CountDownLatch release = new CountDownLatch(1);
  /** Counted down by a handler when it starts blocking. */
  final CountDownLatch blocking = new CountDownLatch(1);
  /** DATA received so far, by stream: kept across reads, which may see other streams' frames. */
  final Map<Integer, ByteArrayOutputStream> received = new HashMap<>();
  final Map<Integer, String> statusOf = new HashMap<>();
  /** Streams whose END_STREAM was read: answers on threads of their own may come in any order. */
  final Set<Integer> ended = new HashSet<>();

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) server.stop(Duration.ofSeconds(1));
  }

  /** Which thread: its id, so that answers on one thread can be told from answers on others. */
  static String where() {
    return "#" + Thread.currentThread().threadId();
  }

  final Router router = Router.builder()
      .get("/where", r -> ServerResponse.ok(where()))
      .post("/where", r -> ServerResponse.ok(new String(r.body().readAllBytes(), StandardCharsets.UTF_8) + where()))
      .get("/echo/{n}", r -> ServerResponse.ok("n=" + r.pathParam("n").orElseThrow()))
      .get("/block", r -> {
        blocking.countDown();
        if (!Waits.await(release)) return ServerResponse.of(500);
        return ServerResponse.ok("unblocked" + where());
      })
      .get("/boom", r -> {
        throw new IllegalStateException("boom");
      })
      .get("/interrupt", r -> {
        Thread.currentThread().interrupt();
        return ServerResponse.ok(where());
      })
      .build();

  H2Peer connect(boolean handlersOnLoop) throws IOException {
    return connect(handlersOnLoop, HttpServer.ReadPath.SELECTOR);
  }

  H2Peer connect(boolean handlersOnLoop, HttpServer.ReadPath path) throws IOException {
    server = HttpServer.builder().bind("127.0.0.1").port(0).handler(router).handlersOnLoop(handlersOnLoop)
        .readPath(path).start();
    return new H2Peer(server.port()).handshake();
  }

  static void get(H2Peer peer, int stream, String path) throws IOException {
    peer.headers(stream, true, H2Peer.request("GET", path));
  }

  /**
   * Reads until every stream of {@code ids} ended, giving back credit for every DATA frame; their
   * bodies by stream (their statuses in {@link #statusOf}); other streams' frames are kept.
   */
  Map<Integer, String> bodies(H2Peer peer, int... ids) throws IOException {
    Set<Integer> open = new HashSet<>();
    for (int id : ids) {
      if (!ended.contains(id)) open.add(id);
    }
    peer.readUntilEnded(open, received, statusOf, ended);
    Map<Integer, String> text = new HashMap<>();
    for (int id : ids) {
      ByteArrayOutputStream b = received.get(id);
      text.put(id, b == null ? "" : b.toString(StandardCharsets.UTF_8));
    }
    return text;
  }

  @Test
  void anOrdinaryHandlerIsAnsweredOnTheReaderAndARequestWithABodyOnAThread() throws Exception {
    try (H2Peer peer = connect(true)) {
      get(peer, 1, "/where");
      get(peer, 3, "/where");
      Map<Integer, String> gets = bodies(peer, 1, 3);
      // Both on the connection's reader, not a thread per stream (H2NonBlockingHandlerTest tells
      // them apart by name; here the server's own unnamed workers run both, and a reader the loop
      // starts after a park may be another of them).
      assertThat(gets.get(1)).startsWith("#");
      assertThat(gets.get(3)).startsWith("#");
      peer.post(5, "/where");
      peer.data(5, "body", true);
      Map<Integer, String> post = bodies(peer, 5);
      assertThat(statusOf.get(5)).isEqualTo("200");
      assertThat(post.get(5)).startsWith("body#").isNotEqualTo("body" + gets.get(1));
    }
  }

  @Test
  void aHandlerThatBlocksOnTheReaderIsTakenOverAndOtherStreamsOfTheConnectionGoOn() throws Exception {
    takenOver(HttpServer.ReadPath.SELECTOR);
  }

  /** The blocking path has no loops: its watchdog watches HTTP/2 readers only. */
  @Test
  void onTheBlockingPathABlockedReaderIsTakenOverToo() throws Exception {
    takenOver(HttpServer.ReadPath.BLOCKING);
  }

  void takenOver(HttpServer.ReadPath path) throws Exception {
    try (H2Peer peer = connect(true, path)) {
      get(peer, 1, "/where");
      assertThat(bodies(peer, 1).get(1)).startsWith("#");
      get(peer, 3, "/block");
      assertThat(Waits.await(blocking)).isTrue();
      // The reader is inside /block's handler: this stream is answered only by a new reader.
      get(peer, 5, "/echo/5");
      assertThat(bodies(peer, 5).get(5)).isEqualTo("n=5");
      assertThat(statusOf.get(5)).isEqualTo("200");
      release.countDown();
      Map<Integer, String> blocked = bodies(peer, 3);
      assertThat(statusOf.get(3)).isEqualTo("200");
      // Run on the reader that read it, which sent its answer itself once the handler returned.
      assertThat(blocked.get(3)).startsWith("unblocked#");
      // The connection goes on, in order, on the reader that took over.
      for (int i = 0; i < 10; i++) get(peer, 7 + 2 * i, "/echo/" + (7 + 2 * i));
      for (int i = 0; i < 10; i++) {
        int id = 7 + 2 * i;
        assertThat(bodies(peer, id).get(id)).isEqualTo("n=" + id);
      }
      peer.ping(42);
      Frame.Ping pong = peer.nextOf(Frame.Ping.class);
      assertThat(pong.ack()).isTrue();
    }
  }

  @Test
  void aConnectionTheClientEndsIsClosedWhileATakenOverHandlerStillBlocks() throws Exception {
    try (H2Peer peer = connect(true)) {
      get(peer, 1, "/block");
      assertThat(Waits.await(blocking)).isTrue();
      get(peer, 3, "/echo/3");
      assertThat(bodies(peer, 3).get(3)).isEqualTo("n=3"); // a new reader answers: taken over
      peer.socket.shutdownOutput();
      // The reader that took over ends the connection and closes the socket itself, though the
      // thread that began serving it is still in /block's handler (released only after the test).
      Frame f;
      while ((f = peer.next().orElse(null)) != null) {
        assertThat(f).isNotInstanceOf(Frame.Data.class);
      }
      assertThat(blocking.getCount()).isZero();
      assertThat(release.getCount()).isEqualTo(1);
    }
  }

  @Test
  void aHandlerThatThrowsOnTheReaderIsAnswered500AndTheConnectionGoesOn() throws Exception {
    try (H2Peer peer = connect(true)) {
      get(peer, 1, "/boom");
      get(peer, 3, "/echo/3");
      Map<Integer, String> bodies = bodies(peer, 1, 3);
      assertThat(statusOf.get(1)).isEqualTo("500");
      assertThat(statusOf.get(3)).isEqualTo("200");
      assertThat(bodies.get(3)).isEqualTo("n=3");
    }
  }

  @Test
  void anInterruptLeftSetByAHandlerDoesNotEndTheReadersNextRead() throws Exception {
    try (H2Peer peer = connect(true)) {
      get(peer, 1, "/interrupt");
      String first = bodies(peer, 1).get(1);
      // Sent after the answer: the reader has gone back to reading the socket meanwhile.
      get(peer, 3, "/where");
      assertThat(bodies(peer, 3).get(3)).isEqualTo(first);
      assertThat(statusOf.get(3)).isEqualTo("200");
    }
  }

  @Test
  void manyStreamsWithOrdinaryHandlersOnOneConnectionAreAllAnsweredCorrectly() throws Exception {
    try (H2Peer peer = connect(true)) {
      int id = 1;
      for (int batch = 0; batch < 10; batch++) {
        int[] ids = new int[50];
        for (int i = 0; i < ids.length; i++) {
          ids[i] = id;
          get(peer, id, "/echo/" + id);
          id += 2;
        }
        Map<Integer, String> bodies = bodies(peer, ids);
        for (int s : ids) {
          assertThat(bodies.get(s)).isEqualTo("n=" + s);
          assertThat(statusOf.get(s)).isEqualTo("200");
        }
      }
    }
  }
}

package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Handler#nonBlocking} over HTTP/2: a request that ends with its HEADERS is answered by the
 * connection's reader thread itself, with no thread per stream; an answer that cannot leave at
 * once (flow control, size) still arrives whole, from a thread, while other streams go on.
 */
class H2NonBlockingHandlerTest {
  /** The name of the threads that run ordinary handlers' streams when the server has no workers of its own. */
  static final String STREAM_THREAD = "courier-h2-stream";
  static final byte[] BIG = "b".repeat(1024 * 1024).getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  HttpServer server;
  /** DATA received so far, by stream: kept across reads, which may see other streams' frames. */
  final Map<Integer, ByteArrayOutputStream> received = new HashMap<>();
  /** The :status of each stream's response HEADERS read so far. */
  final Map<Integer, String> statusOf = new HashMap<>();

  @AfterEach
  void stop() {
    if (server != null) server.stop(Duration.ofSeconds(1));
  }

  static String where() {
    Thread t = Thread.currentThread();
    return t.getName() + "#" + t.threadId();
  }

  final Router router = Router.builder()
      .get("/inline", Handler.nonBlocking(r -> ServerResponse.ok(where())))
      .get("/thread", r -> ServerResponse.ok(where()))
      .get("/big", Handler.nonBlocking(r -> ServerResponse.builder(200).body(ServerResponseBody.of(BIG)).build()))
      .get("/tight", Handler.nonBlocking(r -> ServerResponse.ok("t".repeat(5000))))
      .get("/boom", Handler.nonBlocking(r -> {
        throw new IllegalStateException("boom");
      }))
      .get("/interrupt", Handler.nonBlocking(r -> {
        Thread.currentThread().interrupt();
        return ServerResponse.ok(where());
      }))
      .build();

  H2Peer connect() throws IOException {
    // Connections (and so their readers) on threads of a name of their own: with the server's
    // own workers, readers and ordinary streams would share one pool of unnamed threads.
    server = HttpServer.builder().bind("127.0.0.1").port(0).handler(router)
        .executor(task -> Thread.ofVirtual().name("test-connection").start(task)).start();
    return new H2Peer(server.port()).handshake();
  }

  static void get(H2Peer peer, int stream, String path) throws IOException {
    peer.headers(stream, true, H2Peer.request("GET", path));
  }

  /**
   * Reads until every stream of {@code statuses}' keys ended, giving back credit for every DATA
   * frame; fills in their statuses and returns their bodies (frames of other streams are kept for
   * a later call).
   */
  Map<Integer, String> bodies(H2Peer peer, Map<Integer, String> statuses) throws IOException {
    Map<Integer, ByteArrayOutputStream> bodies = received;
    peer.readUntilEnded(new HashSet<>(statuses.keySet()), bodies, statusOf, new HashSet<>());
    Map<Integer, String> text = new HashMap<>();
    for (int id : statuses.keySet()) {
      statuses.put(id, statusOf.getOrDefault(id, ""));
      ByteArrayOutputStream b = bodies.get(id);
      text.put(id, b == null ? "" : b.toString(java.nio.charset.StandardCharsets.ISO_8859_1));
    }
    return text;
  }

  static Map<Integer, String> expect(int... ids) {
    Map<Integer, String> statuses = new HashMap<>();
    for (int id : ids) statuses.put(id, "");
    return statuses;
  }

  @Test
  void aNonBlockingHandlerRunsOnTheReaderThreadWithNoThreadPerStream() throws Exception {
    try (H2Peer peer = connect()) {
      get(peer, 1, "/inline");
      get(peer, 3, "/inline");
      get(peer, 5, "/thread");
      Map<Integer, String> statuses = expect(1, 3, 5);
      Map<Integer, String> bodies = bodies(peer, statuses);
      assertThat(statuses).containsValues("200").doesNotContainValue("500");
      // Both non-blocking answers came from the connection's reader, not a stream's thread (the
      // same thread, or one the loop started if the connection parked between the two).
      assertThat(bodies.get(1)).doesNotStartWith(STREAM_THREAD);
      assertThat(bodies.get(3)).doesNotStartWith(STREAM_THREAD);
      assertThat(bodies.get(5)).startsWith(STREAM_THREAD);
    }
  }

  @Test
  void answersThatCannotLeaveAtOnceArriveWholeWhileOtherStreamsProgress() throws Exception {
    try (H2Peer peer = connect()) {
      peer.raw(4, 0, 0, new byte[] {0, 4, 0, 0, 0x03, (byte) 0xE8}); // SETTINGS_INITIAL_WINDOW_SIZE 1000
      get(peer, 1, "/big"); // 1 MiB: never written by the reader
      get(peer, 3, "/tight"); // 5,000 bytes: more than its window
      get(peer, 5, "/inline");
      Map<Integer, String> first = expect(5);
      assertThat(bodies(peer, first).get(5)).doesNotStartWith(STREAM_THREAD);
      // The reader went on serving while the two long answers waited for credit.
      get(peer, 7, "/inline");
      Map<Integer, String> statuses = expect(1, 3, 7);
      Map<Integer, String> bodies = bodies(peer, statuses);
      assertThat(bodies.get(1).equals(new String(BIG, java.nio.charset.StandardCharsets.ISO_8859_1)))
          .as("1 MiB arrived whole (%d bytes)", bodies.get(1).length()).isTrue();
      assertThat(bodies.get(3)).isEqualTo("t".repeat(5000));
      assertThat(bodies.get(7)).doesNotStartWith(STREAM_THREAD);
      assertThat(statuses).containsOnly(Map.entry(1, "200"), Map.entry(3, "200"), Map.entry(7, "200"));
    }
  }

  @Test
  void aThrowingHandlerGetsA500OnItsStreamOnly() throws Exception {
    try (H2Peer peer = connect()) {
      get(peer, 1, "/boom");
      get(peer, 3, "/inline");
      Map<Integer, String> statuses = expect(1, 3);
      Map<Integer, String> bodies = bodies(peer, statuses);
      assertThat(statuses).containsEntry(1, "500").containsEntry(3, "200");
      assertThat(bodies.get(3)).doesNotStartWith(STREAM_THREAD);
      get(peer, 5, "/inline");
      Map<Integer, String> after = expect(5);
      // Still answered by the connection's reader (whichever thread reads now: the one before, one
      // that took over while the failure was logged, or one the loop started after a park).
      assertThat(bodies(peer, after).get(5)).doesNotStartWith(STREAM_THREAD);
    }
  }

  @Test
  void anInterruptLeftSetByTheHandlerDoesNotEndTheConnection() throws Exception {
    try (H2Peer peer = connect()) {
      get(peer, 1, "/interrupt");
      Map<Integer, String> statuses = expect(1);
      String reader = bodies(peer, statuses).get(1);
      assertThat(reader).doesNotStartWith(STREAM_THREAD);
      get(peer, 3, "/inline");
      Map<Integer, String> next = expect(3);
      assertThat(bodies(peer, next).get(3)).doesNotStartWith(STREAM_THREAD);
      assertThat(next).containsEntry(3, "200");
    }
  }
}

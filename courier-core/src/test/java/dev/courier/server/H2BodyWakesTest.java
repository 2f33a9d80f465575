package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A handler that reads a request body as it streams in hears each piece once the connection's
 * reader has nothing more to read, although the reader wakes waiting handlers once per batch of
 * input rather than once per DATA frame ({@link dev.courier.internal.BodyWakes}): a piece is never held back until
 * the body timeout while the client waits for an answer to it.
 */
class H2BodyWakesTest {
  private static final int PIECE = 5;

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void eachPieceOfAStreamedBodyReachesTheHandlerWhileTheClientWaitsOnIt(boolean tls) throws Exception {
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    HttpServer server = start(tls, r -> ServerResponse.ok(Integer.toString(readPieces(r.body(), heard))));
    try (H2Peer peer = peer(server, tls)) {
      peer.post(1, "/pieces");
      for (String piece : new String[] {"one..", "two..", "three"}) {
        peer.data(1, piece, false);
        assertThat(heard.poll(20, TimeUnit.SECONDS)).as("the handler heard the piece while the client waited").isEqualTo(piece);
      }
      peer.data(1, "", true);
      assertThat(peer.body(1)).isEqualTo("3");
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void piecesForSeveralStreamsInOneReadEachReachTheirHandler(boolean tls) throws Exception {
    java.util.Map<String, BlockingQueue<String>> heard = new java.util.concurrent.ConcurrentHashMap<>();
    for (String path : new String[] {"/a", "/b", "/c"}) heard.put(path, new LinkedBlockingQueue<>());
    HttpServer server = start(tls, r -> ServerResponse.ok(Integer.toString(readPieces(r.body(), heard.get(r.path())))));
    try (H2Peer peer = peer(server, tls)) {
      peer.post(1, "/a");
      peer.post(3, "/b");
      peer.post(5, "/c");
      for (int round = 0; round < 3; round++) {
        String piece = "r" + round + "...";
        for (int id = 1; id <= 5; id += 2) { // three frames, one flush: the server reads them together
          byte[] b = piece.getBytes(StandardCharsets.US_ASCII);
          peer.writer.writeData(id, b, 0, b.length, false);
        }
        peer.flush();
        for (String path : new String[] {"/a", "/b", "/c"}) {
          assertThat(heard.get(path).poll(20, TimeUnit.SECONDS)).as("the handler of " + path + " heard its piece").isEqualTo(piece);
        }
      }
      for (int id = 1; id <= 5; id += 2) peer.data(id, "", true);
      java.util.Map<Integer, String> answers = new java.util.HashMap<>();
      java.util.Map<Integer, String> ended = new java.util.HashMap<>();
      while (ended.size() < 3) { // the three answers, in whatever order they come
        dev.courier.http.h2.Frame f = peer.next().orElseThrow(() -> new AssertionError("closed before the answers"));
        if (f instanceof dev.courier.http.h2.Frame.Data d) {
          answers.merge(d.streamId(), new String(d.data(), StandardCharsets.US_ASCII), String::concat);
          if (d.endStream()) ended.put(d.streamId(), answers.get(d.streamId()));
        }
      }
      answers = ended;
      assertThat(answers).containsEntry(1, "3").containsEntry(3, "3").containsEntry(5, "3");
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }

  /** A server on 127.0.0.1, with TLS (h2 by ALPN) or without (h2c), whose body timeout is far past the tests' waits. */
  private static HttpServer start(boolean tls, Handler handler) throws IOException {
    HttpServer.Builder builder = HttpServer.builder().bind("127.0.0.1").port(0)
        .bodyTimeout(Duration.ofSeconds(60)) // a piece held back fails a test's poll first
        .handler(handler);
    if (tls) {
      builder.tls(dev.courier.testsupport.TestPki.get().serverPkcs12(), dev.courier.testsupport.TestPki.PASSWORD.toCharArray());
    }
    return builder.start();
  }

  private static H2Peer peer(HttpServer server, boolean tls) throws IOException {
    H2Peer peer = tls ? H2Peer.overTls(server.port()) : new H2Peer(server.port());
    return peer.handshake();
  }

  /** Reads {@code body} in pieces of {@link #PIECE} bytes, each told to {@code heard}; their count. */
  private static int readPieces(InputStream body, BlockingQueue<String> heard) {
    try {
      int pieces = 0;
      byte[] piece;
      while ((piece = body.readNBytes(PIECE)).length > 0) {
        heard.add(new String(piece, StandardCharsets.US_ASCII));
        pieces++;
      }
      return pieces;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

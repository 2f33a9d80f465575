package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.http.h2.ErrorCode;
import dev.courier.http.h2.Frame;
import dev.courier.http.h2.H2Limits;
import java.io.OutputStream;
import java.time.Duration;
import dev.courier.Body;
import dev.courier.HttpVersionPolicy;
import dev.courier.Session;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * An upload that announces its length has the stream's and the connection's receive windows
 * opened to it at once (up to the stream's maximum), lent from the server's window budget: a
 * client a long round trip away sends the whole body without waiting for credit, as a server that
 * spools bodies to disk lets it. The budget bounds what all connections hold together, and what
 * was lent comes back when the upload's stream ends or its connection closes (RFC 9113 sections
 * 5.2.2 and 6.9: the sizes are the receiver's to choose).
 */
class H2UploadLendingTest {
  private static final int BODY = 8 << 20;
  private static final int FIRST_STREAM_WINDOW = H2Limits.defaults().streamWindow();
  private static final int BUDGET = 4 << 20;

  @Test
  void anAnnouncedBodyIsLetInWholeBeforeAnyDataArrivesAndSoIsTheNextOnTheConnection() throws Exception {
    HttpServer server = HttpServer.builder().bind("127.0.0.1").port(0)
        .handler(r -> ServerResponse.ok(Long.toString(r.body().transferTo(OutputStream.nullOutputStream())))).start();
    try (H2Peer peer = new H2Peer(server.port()).handshake()) {
      untilPingAck(peer, 1);
      for (int id = 1; id <= 3; id += 2) {
        peer.headers(id, false, H2Peer.request("POST", "/upload", "content-length", Integer.toString(BODY)));
        Map<Integer, Integer> opened = untilPingAck(peer, id + 1);
        assertThat(opened).as("the connection lent the body again: the first one's lending came back as it was read")
            .containsEntry(0, BODY - FIRST_STREAM_WINDOW);
        if (id == 1) assertThat(opened).containsEntry(1, BODY - FIRST_STREAM_WINDOW); // the next starts as wide
        byte[] chunk = new byte[16 * 1024];
        for (int sent = 0; sent < BODY; sent += chunk.length) { // no credit awaited: a window short of it is a FLOW_CONTROL_ERROR
          peer.writer.writeData(id, chunk, 0, chunk.length, sent + chunk.length == BODY);
          if (sent % (1 << 20) == 0) peer.flush();
        }
        peer.flush();
        assertThat(peer.body(id)).as("upload on stream " + id).isEqualTo(Integer.toString(BODY));
      }
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }

  @Test
  void aBodyAnnouncedPastTheServersLimitIsLentNothing() throws Exception {
    HttpServer server = HttpServer.builder().bind("127.0.0.1").port(0).maxBodySize(1 << 20)
        .handler(r -> ServerResponse.ok("unreachable")).start();
    try (H2Peer peer = new H2Peer(server.port()).handshake()) {
      untilPingAck(peer, 1);
      peer.headers(1, false, H2Peer.request("POST", "/upload", "content-length", Integer.toString(BODY)));
      boolean answered = false;
      boolean credited = false;
      while (!answered) { // the answer, and whatever came before it
        Frame f = peer.next().orElseThrow(() -> new AssertionError("the server closed the connection"));
        credited |= f instanceof Frame.WindowUpdate;
        answered = f instanceof Frame.Headers h && h.streamId() == 1;
      }
      assertThat(peer.lastStatus).isEqualTo("413");
      assertThat(credited).as("refused, so no credit before the answer").isFalse();
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }

  @Test
  void theBudgetBoundsWhatAllConnectionsAreLentAndAnUploadGivesItBackOnceRead() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    HttpServer server = holdingServer(release);
    int body = BUDGET + FIRST_STREAM_WINDOW; // its lending takes the whole budget
    try (H2Peer first = new H2Peer(server.port()).handshake(); H2Peer second = new H2Peer(server.port()).handshake()) {
      untilPingAck(first, 1);
      untilPingAck(second, 1);
      first.headers(1, false, announcedUpload(body));
      assertThat(untilPingAck(first, 2)).as("the whole budget").containsEntry(0, BUDGET).containsEntry(1, BUDGET);
      second.headers(1, false, announcedUpload(body));
      assertThat(untilPingAck(second, 2)).as("nothing left to lend").isEmpty();

      byte[] chunk = new byte[16 * 1024];
      for (int sent = 0; sent < body; sent += chunk.length) { // within the windows lent
        first.writer.writeData(1, chunk, 0, chunk.length, sent + chunk.length == body);
      }
      first.flush();
      release.countDown(); // the handler reads the body and answers
      assertThat(first.body(1)).isEqualTo(Integer.toString(body));
      second.headers(3, false, announcedUpload(body));
      assertThat(untilPingAck(second, 3)).as("the budget came back, the first connection still open")
          .containsEntry(0, BUDGET).containsEntry(3, BUDGET);
    } finally {
      release.countDown();
      server.stop(Duration.ofSeconds(1));
    }
  }

  @Test
  void aClosedConnectionGivesBackWhatItWasLent() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    HttpServer server = holdingServer(release);
    try (H2Peer second = new H2Peer(server.port()).handshake()) {
      untilPingAck(second, 1);
      try (H2Peer first = new H2Peer(server.port()).handshake()) {
        untilPingAck(first, 1);
        first.headers(1, false, announcedUpload(BODY));
        assertThat(untilPingAck(first, 2)).containsEntry(0, BUDGET);
      } // closed with its handler still waiting
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      Map<Integer, Integer> opened = Map.of();
      for (int id = 1; opened.isEmpty() && System.nanoTime() < deadline; id += 2) {
        second.headers(id, false, announcedUpload(BODY));
        opened = untilPingAck(second, id + 1);
        second.writer.writeRstStream(id, ErrorCode.CANCEL);
        second.flush();
      }
      assertThat(opened).as("lent again once the first connection's end gave the budget back")
          .containsEntry(0, BUDGET);
    } finally {
      release.countDown();
      server.stop(Duration.ofSeconds(1));
    }
  }

  @Test
  void afterManyUploadsAtOnceSomeCutShortTheWholeBudgetIsThereAgain() throws Exception {
    HttpServer server = HttpServer.builder().bind("127.0.0.1").port(0)
        .http2Limits(H2Limits.defaults().withWindowBudget(BUDGET))
        .handler(r -> ServerResponse.ok(Long.toString(r.body().transferTo(OutputStream.nullOutputStream())))).start();
    String url = "http://127.0.0.1:" + server.port() + "/upload";
    byte[] body = new byte[3 << 20]; // four at once want three times the budget
    try {
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        clients.add(Thread.ofVirtual().start(() -> {
          try (Session session = Session.builder().httpVersionPolicy(HttpVersionPolicy.HTTP_2_ONLY).build()) {
            for (int i = 0; i < 4; i++) assertThat(session.post(url, Body.wrap(body, "application/octet-stream")).text())
                .isEqualTo(Integer.toString(body.length));
          }
        }));
      }
      for (int c = 0; c < 2; c++) { // and two that announce an upload, send part of it and go away
        try (H2Peer quitter = new H2Peer(server.port()).handshake()) {
          untilPingAck(quitter, 1);
          quitter.headers(1, false, announcedUpload(body.length));
          quitter.writer.writeData(1, body, 0, 100_000, false);
          quitter.flush();
        }
      }
      for (Thread t : clients) t.join(30_000);

      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      Map<Integer, Integer> opened = Map.of();
      while (!Integer.valueOf(BUDGET).equals(opened.get(0)) && System.nanoTime() < deadline) {
        Thread.sleep(50); // the server may not have seen every other connection close yet
        try (H2Peer last = new H2Peer(server.port()).handshake()) { // each closed: it keeps nothing lent
          untilPingAck(last, 1);
          last.headers(1, false, announcedUpload(BUDGET + FIRST_STREAM_WINDOW));
          opened = untilPingAck(last, 2);
        }
      }
      assertThat(opened).as("every byte lent or grown came back").containsEntry(0, BUDGET);
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }

  /**
   * A server with a window budget of {@link #BUDGET} whose handler reads nothing until {@code
   * release}, then the whole body: what was let in stays buffered until then.
   */
  private static HttpServer holdingServer(CountDownLatch release) throws Exception {
    return HttpServer.builder().bind("127.0.0.1").port(0)
        .http2Limits(H2Limits.defaults().withWindowBudget(BUDGET))
        .handler(r -> {
          release.await();
          return ServerResponse.ok(Long.toString(r.body().transferTo(OutputStream.nullOutputStream())));
        }).start();
  }

  /** The head of a POST announcing {@code length} bytes. */
  private static String[] announcedUpload(int length) {
    return H2Peer.request("POST", "/hold", "content-length", Integer.toString(length));
  }

  /** Sends a PING and returns the WINDOW_UPDATE increments by stream that came before its ACK. */
  private static Map<Integer, Integer> untilPingAck(H2Peer peer, long data) throws Exception {
    peer.ping(data);
    Map<Integer, Integer> updates = new HashMap<>();
    while (true) {
      Frame f = peer.next().orElseThrow(() -> new AssertionError("the server closed the connection"));
      if (f instanceof Frame.Ping p && p.ack() && p.opaqueData() == data) return updates;
      if (f instanceof Frame.WindowUpdate w) updates.merge(w.streamId(), w.increment(), Integer::sum);
    }
  }

  private static void awaitReset(H2Peer peer, int streamId) throws Exception {
    while (true) {
      Frame f = peer.next().orElseThrow(() -> new AssertionError("the server closed the connection"));
      if (f instanceof Frame.RstStream r && r.streamId() == streamId) return;
    }
  }
}

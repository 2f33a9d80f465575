package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.http.h2.Frame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A handler that takes its request body whole ({@code bodyBytes()}) has its stream's window opened
 * to the body at once, past the maximum of growth, and the connection's to its maximum: the client
 * sends it all without waiting a round trip per step of growth.
 */
@Timeout(60)
class H2WholeBodyWindowTest {
  private static final int FIRST_STREAM_WINDOW = 256 * 1024; // H2Limits' defaults
  private static final int MAX_CONNECTION_WINDOW = 8 << 20;
  private static final int BODY = 5 << 20; // past the 4 MiB a stream's window grows to, within the 10 MiB cap

  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) server.stop(Duration.ofSeconds(1));
  }

  @Test
  void theWholeBodyIsGrantedAtOnceAndMaySendWithoutWaiting() throws Exception {
    server = HttpServer.builder().bind("127.0.0.1").port(0)
        .handler(r -> ServerResponse.ok(Integer.toString(r.bodyBytes().length))).start();
    try (H2Peer peer = new H2Peer(server.port()).handshake()) {
      peer.headers(1, false, H2Peer.request("POST", "/", "content-length", Integer.toString(BODY)));
      long forConnection = 0;
      long forStream = 0;
      while (forStream == 0) {
        Frame.WindowUpdate w = peer.nextOf(Frame.WindowUpdate.class);
        if (w.streamId() == 0) forConnection += w.increment();
        if (w.streamId() == 1) forStream += w.increment();
      }
      assertThat(forStream).as("the stream's window opened to the body").isEqualTo(BODY - FIRST_STREAM_WINDOW);
      assertThat(forConnection).as("the connection's to its maximum, in the same flush")
          .isEqualTo(MAX_CONNECTION_WINDOW - 65_535L);
      byte[] frame = new byte[16_384];
      for (int sent = 0; sent < BODY; sent += frame.length) {
        peer.writer.writeData(1, frame, 0, frame.length, sent + frame.length == BODY);
        peer.flush();
      }
      assertThat(peer.body(1)).isEqualTo(Integer.toString(BODY));
      assertThat(peer.lastStatus).isEqualTo("200");
    }
  }

  @Test
  void aBodyDeclaredPastTheCapIsRefusedWithoutOpeningTheWindow() throws Exception {
    server = HttpServer.builder().bind("127.0.0.1").port(0)
        .handler(r -> ServerResponse.ok(Integer.toString(r.bodyBytes().length))).start();
    try (H2Peer peer = new H2Peer(server.port()).handshake()) {
      peer.headers(1, false, H2Peer.request("POST", "/", "content-length", Integer.toString(11 << 20)));
      List<Frame> before = new ArrayList<>(); // what came before the answer, which follows any credit
      Frame f;
      while (!((f = peer.next().orElseThrow()) instanceof Frame.Headers)) before.add(f);
      assertThat(((Frame.Headers) f).streamId()).isEqualTo(1);
      assertThat(peer.lastStatus).isEqualTo("413");
      assertThat(before).as("no credit for a body that is refused")
          .noneMatch(frame -> frame instanceof Frame.WindowUpdate w && w.streamId() == 1);
    }
  }
}

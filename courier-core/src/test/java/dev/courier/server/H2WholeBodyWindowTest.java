package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.http.h2.Frame;
import dev.courier.http.h2.H2Limits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A handler that takes its request body whole ({@code bodyBytes()}) has its stream's window opened
 * to the body at once, and the connection's with it: the client sends it all without waiting a
 * round trip per step of growth. With a length announced the windows open when the head arrives
 * (lent from the server's window budget, {@link H2UploadLendingTest}); without, when the handler
 * asks for the whole body.
 */
@Timeout(60)
class H2WholeBodyWindowTest {
  private static final int BODY = 5 << 20; // within bodyBytes()'s 10 MiB cap

  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) server.stop(Duration.ofSeconds(1));
  }

  @ParameterizedTest(name = "content-length announced: {0}")
  @ValueSource(booleans = {true, false})
  void theWholeBodyIsGrantedAtOnceAndMaySendWithoutWaiting(boolean announced) throws Exception {
    server = HttpServer.builder().bind("127.0.0.1").port(0)
        .handler(r -> ServerResponse.ok(Integer.toString(r.bodyBytes().length))).start();
    try (H2Peer peer = new H2Peer(server.port()).handshake()) {
      peer.headers(1, false, announced ? H2Peer.request("POST", "/", "content-length", Integer.toString(BODY))
          : H2Peer.request("POST", "/"));
      long forConnection = 65_535; // before any WINDOW_UPDATE (RFC 9113 section 6.9.2)
      long forStream = H2Limits.defaults().streamWindow(); // our SETTINGS_INITIAL_WINDOW_SIZE
      while (forStream == H2Limits.defaults().streamWindow()) {
        Frame.WindowUpdate w = peer.nextOf(Frame.WindowUpdate.class);
        if (w.streamId() == 0) forConnection += w.increment();
        if (w.streamId() == 1) forStream += w.increment();
      }
      assertThat(forStream).as("the stream's window opened to the body").isGreaterThanOrEqualTo(BODY);
      assertThat(forConnection).as("the connection's with it, in the same flush").isGreaterThanOrEqualTo(BODY);
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
    // No budget: nothing is lent when the head arrives, so any credit would be bodyBytes()'s.
    server = HttpServer.builder().bind("127.0.0.1").port(0).http2Limits(H2Limits.defaults().withWindowBudget(0))
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

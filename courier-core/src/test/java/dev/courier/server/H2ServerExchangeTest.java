package dev.courier.server;

import static dev.courier.server.H2Peer.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.http.Headers;
import dev.courier.http.h2.ErrorCode;
import dev.courier.http.h2.Frame;
import dev.courier.http.h2.HeaderField;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a handler sees and sends over HTTP/2 beyond head and body: trailers both ways, the access log. */
class H2ServerExchangeTest {
  private HttpServer server;
  private final List<String> logLines = new CopyOnWriteArrayList<>();
  private final CountDownLatch twoLines = new CountDownLatch(2);

  private H2Peer start(Handler handler) throws IOException {
    server = HttpServer.builder().bind("127.0.0.1").port(0).accessLog(AccessLog.to(line -> {
      logLines.add(line);
      twoLines.countDown();
    }))
        .handler(handler).start();
    return new H2Peer(server.port()).handshake();
  }

  @AfterEach
  void stop() {
    if (server != null) server.stop(Duration.ofSeconds(1));
  }

  @Test
  void responseTrailersAreALastHeadersFrameWithEndStream() throws Exception {
    try (H2Peer peer = start(r -> ServerResponse.builder(200).header("Trailer", "grpc-status")
        .trailers(() -> Headers.of("grpc-status", "0", "Checksum", "abc")).text("payload"))) {
      peer.get(1);
      Frame.Headers head = peer.nextOf(Frame.Headers.class);
      assertThat(head.endStream()).as("the head does not end the stream").isFalse();
      assertThat(peer.lastStatus).isEqualTo("200");
      Frame.Data data = peer.nextOf(Frame.Data.class);
      assertThat(new String(data.data(), StandardCharsets.UTF_8)).isEqualTo("payload");
      assertThat(data.endStream()).as("trailers follow the body").isFalse();
      Frame.Headers trailers = peer.nextOf(Frame.Headers.class);
      assertThat(trailers.endStream()).isTrue();
      assertThat(peer.lastFields).containsExactly(new HeaderField("grpc-status", "0"), new HeaderField("checksum", "abc"));
    }
  }

  @Test
  void trailersOfAStreamedBodyAreAskedForAfterTheBody() throws Exception {
    StringBuilder written = new StringBuilder();
    try (H2Peer peer = start(r -> ServerResponse.builder(200)
        .trailers(() -> Headers.of("x-length", Integer.toString(written.length())))
        .body(ServerResponseBody.writer(out -> {
          for (int i = 0; i < 3; i++) {
            out.write("part".getBytes(StandardCharsets.US_ASCII));
            written.append("part");
          }
        })).build())) {
      peer.get(1);
      assertThat(peer.body(1)).isEqualTo("partpartpart");
      assertThat(peer.lastFields).containsExactly(new HeaderField("x-length", "12"));
    }
  }

  @Test
  void aResponseToHeadHasNoTrailers() throws Exception {
    try (H2Peer peer = start(r -> ServerResponse.builder(200).trailers(() -> Headers.of("x-t", "1")).text("body"))) {
      peer.headers(1, true, request("HEAD", "/"));
      Frame.Headers head = peer.nextOf(Frame.Headers.class);
      assertThat(head.endStream()).isTrue();
      peer.ping(7);
      assertThat(peer.nextOf(Frame.Ping.class).opaqueData()).isEqualTo(7);
    }
  }

  @Test
  void aTrailerThatFramesTheMessageResetsTheStream() throws Exception {
    try (H2Peer peer = start(r -> ServerResponse.builder(200)
        .trailers(() -> Headers.of("Content-Length", "4")).text("body"))) {
      peer.get(1);
      Frame.RstStream reset = peer.nextOf(Frame.RstStream.class);
      assertThat(reset.streamId()).isEqualTo(1);
      assertThat(reset.error()).isEqualTo(ErrorCode.INTERNAL_ERROR);
    }
  }

  @Test
  void requestTrailersReachTheHandlerOnceTheBodyIsRead() throws Exception {
    try (H2Peer peer = start(r -> {
      String before = r.trailers().firstValue("x-digest").orElse("none");
      String body = new String(r.bodyBytes(), StandardCharsets.UTF_8);
      return ServerResponse.ok(body + " " + before + " " + r.trailers().firstValue("x-digest").orElse("none")
          + " " + r.headers().contains("x-digest"));
    })) {
      peer.post(1, "/");
      peer.data(1, "data", false);
      peer.headers(1, true, "x-digest", "sha-256=abc");
      assertThat(peer.body(1)).endsWith("sha-256=abc false").startsWith("data ");
    }
  }

  @Test
  void theAccessLogHasTheStatusAndTheBodyBytesSent() throws Exception {
    try (H2Peer peer = start(Router.builder().get("/hello", r -> ServerResponse.ok("hello world"))
        .get("/gone", r -> ServerResponse.builder(410).text("")).build())) {
      peer.headers(1, true, request("GET", "/hello?x=1"));
      assertThat(peer.body(1)).isEqualTo("hello world");
      peer.headers(3, true, request("GET", "/gone"));
      peer.nextOf(Frame.Headers.class);
      peer.ping(1);
      peer.nextOf(Frame.Ping.class);
    }
    assertThat(twoLines.await(10, TimeUnit.SECONDS)).as("a line per stream").isTrue();
    assertThat(logLines).hasSize(2);
    assertThat(logLines).anySatisfy(line -> assertThat(line).startsWith("127.0.0.1 - - [")
        .endsWith("\"GET /hello?x=1 HTTP/2.0\" 200 11"));
    assertThat(logLines).anySatisfy(line -> assertThat(line).endsWith("\"GET /gone HTTP/2.0\" 410 -"));
  }
}

package dev.courier.client;

import dev.courier.error.ReadTimeoutException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.http.Headers;
import dev.courier.http.Url;
import dev.courier.http.wire.HttpVersion;
import dev.courier.testsupport.ScriptedServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RoundTripperTest {
  private static final Duration SHORT = Duration.ofMillis(200);
  private static final Duration LONG = Duration.ofSeconds(30);

  /**
   * Keep-alive: answers "ok" to every request; {@code /slow} after 1.5 s (far past {@link #SHORT}),
   * {@code /slowish} after 0.6 s (past {@link #SHORT}, far within {@link #LONG}).
   */
  private static ScriptedServer server() throws Exception {
    return ScriptedServer.start(peer -> {
      ScriptedServer.Request request;
      while ((request = peer.readRequest()) != null) {
        if (request.requestLine().contains("/slowish")) {
          peer.stall(600);
        } else if (request.requestLine().contains("/slow")) {
          peer.stall(1_500);
        }
        peer.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
      }
    });
  }

  private static ClientRequest get(ScriptedServer server, String path) {
    Url url = Url.parse("http://127.0.0.1:" + server.port() + path);
    return ClientRequest.of("GET", url, Headers.of("Host", url.authority()), RequestContent.none());
  }

  private static String text(ClientResponse response) throws Exception {
    try (response) {
      return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void requestsWithDifferentTimeoutsShareOneConnection() throws Exception {
    try (ScriptedServer server = server(); RoundTripper rt = RoundTripper.builder().build()) {
      for (int i = 1; i <= 12; i++) { // more distinct pairs than the old per-timeouts pools (8)
        ClientRequest request = get(server, "/").withTimeouts(Duration.ofSeconds(i), Duration.ofSeconds(30 + i));
        assertThat(text(rt.roundTrip(request))).isEqualTo("ok");
      }
      assertThat(server.connections()).isEqualTo(1);
      assertThat(rt.pool().connectionCount()).isEqualTo(1);
    }
  }

  @Test
  void aShortReadTimeoutHoldsOnAReusedConnectionForItsOwnExchangeOnly() throws Exception {
    try (ScriptedServer server = server(); RoundTripper rt = RoundTripper.builder().build()) {
      assertThat(text(rt.roundTrip(get(server, "/")))).isEqualTo("ok");

      // the pooled connection is reused, and this exchange's read timeout is on its socket
      assertThatThrownBy(() -> rt.roundTrip(get(server, "/slow").withTimeouts(LONG, SHORT)))
          .isInstanceOf(ReadTimeoutException.class);
      assertThat(server.connections()).isEqualTo(1);
      assertThat(rt.pool().connectionCount()).isZero(); // the timed-out connection was not pooled

      // a short timeout set by one exchange does not reach the next one on the same connection
      assertThat(text(rt.roundTrip(get(server, "/").withTimeouts(LONG, SHORT)))).isEqualTo("ok");
      assertThat(text(rt.roundTrip(get(server, "/slowish").withTimeouts(LONG, LONG)))).isEqualTo("ok");
      assertThat(server.connections()).isEqualTo(2);
    }
  }

  @Test
  void evictingIdleConnectionsClosesThemAndTheNextRequestConnectsAgain() throws Exception {
    try (ScriptedServer server = server(); RoundTripper rt = RoundTripper.builder().build()) {
      ClientResponse open = rt.roundTrip(get(server, "/"));   // its connection is lent out until the body is read
      rt.evictIdleConnections();
      assertThat(rt.pool().connectionCount()).as("a connection in use stays").isEqualTo(1);
      assertThat(text(open)).isEqualTo("ok");
      assertThat(rt.pool().idleCount()).isEqualTo(1);
      rt.evictIdleConnections();
      assertThat(rt.pool().idleCount()).isZero();
      assertThat(rt.pool().connectionCount()).isZero();
      assertThat(text(rt.roundTrip(get(server, "/")))).as("the round tripper is still open").isEqualTo("ok");
      assertThat(server.connections()).isEqualTo(2);
    }
  }

  @Test
  void theResponseHasItsHeadAndTheConnectionReturnsWhenTheBodyIsRead() throws Exception {
    try (ScriptedServer server = server(); RoundTripper rt = RoundTripper.builder().build()) {
      ClientResponse response = rt.roundTrip(get(server, "/"));
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.reason()).isEqualTo("OK");
      assertThat(response.version()).isEqualTo(HttpVersion.HTTP_1_1);
      assertThat(response.headers().firstValue("Content-Length")).contains("2");
      assertThat(rt.pool().leasedCount()).isEqualTo(1);
      assertThat(response.body().readAllBytes()).asString().isEqualTo("ok");
      assertThat(rt.pool().leasedCount()).isZero();
      assertThat(rt.pool().idleCount()).isEqualTo(1);
    }
  }

  @Test
  void eachOriginKeepsItsOwnConnection() throws Exception {
    try (ScriptedServer a = server(); ScriptedServer b = server(); RoundTripper rt = RoundTripper.builder().build()) {
      for (int i = 0; i < 3; i++) {
        assertThat(text(rt.roundTrip(get(a, "/")))).isEqualTo("ok");
        assertThat(text(rt.roundTrip(get(b, "/")))).isEqualTo("ok");
      }
      assertThat(a.connections()).isEqualTo(1);
      assertThat(b.connections()).isEqualTo(1);
    }
  }

  @Test
  void bodiesGoInTheirOwnForm() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(peer -> {
          ScriptedServer.Request request;
          while ((request = peer.readRequest()) != null) {
            byte[] body = request.body();
            peer.write("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n");
            peer.write(body);
          }
        });
        RoundTripper rt = RoundTripper.builder().build()) {
      Url url = Url.parse("http://127.0.0.1:" + server.port() + "/echo");
      byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
      Headers sized = Headers.of("Host", url.authority(), "Content-Length", "5");
      Headers chunked = Headers.of("Host", url.authority(), "Transfer-Encoding", "chunked");
      assertThat(text(rt.roundTrip(ClientRequest.of("POST", url, sized, RequestContent.bytes(hello)))))
          .isEqualTo("hello");
      assertThat(text(rt.roundTrip(ClientRequest.of("POST", url, sized,
          RequestContent.stream(() -> new ByteArrayInputStream(hello), 5))))).isEqualTo("hello");
      assertThat(text(rt.roundTrip(ClientRequest.of("POST", url, chunked,
          RequestContent.writer(out -> out.write(hello)))))).isEqualTo("hello");
      assertThat(server.connections()).isEqualTo(1);
    }
  }

  @Test
  void aBodyThatCanBeReadWaitsFor100ContinueAndIsNotSentWhenRefused() throws Exception {
    AtomicInteger written = new AtomicInteger();
    AtomicInteger opened = new AtomicInteger();
    try (ScriptedServer server = ScriptedServer.start(peer -> {
          String head = peer.readHead();
          if (!head.contains("Expect: 100-continue")) throw new AssertionError(head);
          peer.write("HTTP/1.1 413 Content Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        });
        RoundTripper rt = RoundTripper.builder().build()) {
      Url url = Url.parse("http://127.0.0.1:" + server.port() + "/upload");
      Headers headers = Headers.of("Host", url.authority(), "Content-Length", "5", "Expect", "100-continue");
      RequestContent content = RequestContent.writer(out -> written.incrementAndGet(), () -> {
        opened.incrementAndGet();
        return new ByteArrayInputStream("never".getBytes(StandardCharsets.US_ASCII));
      }, 5);
      try (ClientResponse response = rt.roundTrip(ClientRequest.of("POST", url, headers, content))) {
        assertThat(response.statusCode()).isEqualTo(413);
      }
      assertThat(written).hasValue(0); // the stream form was chosen, and it was never read
      assertThat(opened).hasValue(1);
    }
  }

  @Test
  void aDeadlineGetsTheActionThatAbortsTheExchange() throws Exception {
    CountDownLatch received = new CountDownLatch(1);
    try (ScriptedServer server = ScriptedServer.start(peer -> {
          peer.readRequest();
          received.countDown();
          peer.stall(5_000); // never answers in time: only the abort ends the exchange
        });
        RoundTripper rt = RoundTripper.builder().build()) {
      AtomicReference<Runnable> abort = new AtomicReference<>();
      CallDeadline deadline = new CallDeadline() {
        @Override
        public Duration remaining() {
          return LONG;
        }

        @Override
        public void guard(Runnable action) {
          abort.set(action);
        }
      };
      CompletableFuture<ClientResponse> call = CompletableFuture.supplyAsync(() -> {
        try {
          return rt.roundTrip(get(server, "/"), deadline);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, r -> Thread.ofVirtual().start(r));
      assertThat(received.await(10, TimeUnit.SECONDS)).isTrue();
      abort.get().run(); // what the deadline does when it passes
      assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(dev.courier.error.ConnectionException.class);
      assertThat(rt.pool().connectionCount()).isZero(); // the aborted connection is not pooled
    }
  }

  @Test
  void aClosedRoundTripperRefusesRequests() throws Exception {
    try (ScriptedServer server = server()) {
      RoundTripper rt = RoundTripper.builder().build();
      rt.close();
      assertThatThrownBy(() -> rt.roundTrip(get(server, "/"))).isInstanceOf(IllegalStateException.class);
      assertThat(server.connections()).isZero();
    }
  }
}

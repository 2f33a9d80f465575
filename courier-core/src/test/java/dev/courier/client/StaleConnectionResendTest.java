package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.error.ConnectionResetException;
import dev.courier.error.CourierException;
import dev.courier.error.RemoteDisconnectedException;
import dev.courier.http.Headers;
import dev.courier.http.Url;
import dev.courier.net.ConnectOptions;
import dev.courier.testsupport.ScriptedServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A request whose reused connection closes before any response byte is sent once more on a new
 * connection only when that cannot do harm: its method is idempotent (RFC 9110, Section 9.2.2),
 * the caller allowed it, or no byte of it left (RFC 9112, Section 9.3.1). Otherwise the server
 * may have processed it, and the caller gets the failure, saying so.
 */
class StaleConnectionResendTest {
  private static final ConnectOptions OPTIONS = ConnectOptions.defaults()
      .withReadTimeout(Duration.ofSeconds(5));
  private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
  private static final byte[] BODY = "order=1".getBytes(StandardCharsets.US_ASCII);

  /**
   * First connection: answers one request, then reads the second one whole (the server has it)
   * and closes without answering, as a server that crashed or timed out at that moment would.
   * Later connections answer every request.
   */
  private static ScriptedServer readsTheSecondRequestThenCloses() throws Exception {
    AtomicInteger connection = new AtomicInteger();
    return ScriptedServer.start(peer -> {
      if (connection.getAndIncrement() == 0) {
        peer.readRequest();
        peer.write(OK);
        peer.readRequest();
        return; // closed with the request read and unanswered
      }
      while (peer.readRequest() != null) {
        peer.write(OK);
      }
    });
  }

  private static long received(ScriptedServer server, String method) {
    return server.requests().stream().filter(r -> r.requestLine().startsWith(method + " ")).count();
  }

  /** A connection that served one GET and is about to be reused. */
  private static HttpConnection reused(ScriptedServer server) {
    var c = new HttpConnection("127.0.0.1", server.port(), OPTIONS);
    c.request("GET", "/first");
    assertThat(c.getResponse().read()).asString().isEqualTo("ok");
    return c;
  }

  @Test
  void aPostTheServerMayHaveProcessedIsNotSentAgain() throws Exception {
    for (String method : List.of("POST", "PATCH")) {
      try (ScriptedServer server = readsTheSecondRequestThenCloses()) {
        var c = reused(server);
        c.request(method, "/orders", BODY, Headers.empty());
        assertThatThrownBy(c::getResponse)
            .isInstanceOf(RemoteDisconnectedException.class)
            .satisfies(e -> assertThat(((CourierException) e).mayHaveReachedServer()).isTrue());
        assertThat(received(server, method)).as(method + " requests the server received").isEqualTo(1);
        assertThat(server.connections()).isEqualTo(1);
      }
    }
  }

  @Test
  void aPostWhoseConnectionIsResetAfterTheServerReadItIsNotSentAgain() throws Exception {
    AtomicInteger connection = new AtomicInteger();
    try (ScriptedServer server = ScriptedServer.start(peer -> {
      if (connection.getAndIncrement() == 0) {
        peer.readRequest();
        peer.write(OK);
        peer.readRequest();
        peer.reset(); // read, then dropped with a TCP RST
        return;
      }
      while (peer.readRequest() != null) {
        peer.write(OK);
      }
    })) {
      var c = reused(server);
      c.request("POST", "/orders", BODY, Headers.empty());
      assertThatThrownBy(c::getResponse)
          .isInstanceOfAny(ConnectionResetException.class, RemoteDisconnectedException.class)
          .satisfies(e -> assertThat(((CourierException) e).mayHaveReachedServer()).isTrue());
      assertThat(received(server, "POST")).isEqualTo(1);
      assertThat(server.connections()).isEqualTo(1);
    }
  }

  @Test
  void aPostWithoutABodyIsNotSentAgainEither() throws Exception {
    try (ScriptedServer server = readsTheSecondRequestThenCloses()) {
      var c = reused(server);
      c.request("POST", "/ping");
      assertThatThrownBy(c::getResponse).isInstanceOf(RemoteDisconnectedException.class);
      assertThat(received(server, "POST")).isEqualTo(1);
    }
  }

  @Test
  void anIdempotentMethodIsSentOnceMoreOnANewConnection() throws Exception {
    try (ScriptedServer server = readsTheSecondRequestThenCloses()) {
      var c = reused(server);
      c.request("PUT", "/orders/1", BODY, Headers.empty());
      assertThat(c.getResponse().read()).asString().isEqualTo("ok");
      assertThat(received(server, "PUT")).isEqualTo(2);
      assertThat(server.requests().get(2).body()).isEqualTo(BODY);
      assertThat(server.connections()).isEqualTo(2);
    }
  }

  @Test
  void aPostIsSentOnceMoreWhenTheCallerAllowsIt() throws Exception {
    try (ScriptedServer server = readsTheSecondRequestThenCloses()) {
      var c = reused(server);
      c.request("POST", "/orders", BODY, Headers.of("Idempotency-Key", "k1"), true);
      assertThat(c.getResponse().read()).asString().isEqualTo("ok");
      assertThat(received(server, "POST")).isEqualTo(2);
    }
  }

  @Test
  void aPostIsSentAgainWhenNoByteOfItLeft() throws Exception {
    // The server resets the connection after its first answer; the POST's first write fails on
    // the reset, so nothing reached the server and sending it on a new connection is safe.
    CountDownLatch reset = new CountDownLatch(1);
    AtomicInteger connection = new AtomicInteger();
    try (ScriptedServer server = ScriptedServer.start(peer -> {
      if (connection.getAndIncrement() == 0) {
        peer.readRequest();
        peer.write(OK);
        peer.reset();
        reset.countDown();
        return;
      }
      while (peer.readRequest() != null) {
        peer.write(OK);
      }
    })) {
      var c = reused(server);
      assertThat(reset.await(5, TimeUnit.SECONDS)).isTrue();
      c.request("POST", "/orders", BODY, Headers.empty());
      assertThat(c.getResponse().read()).asString().isEqualTo("ok");
      assertThat(received(server, "POST")).isEqualTo(1);
      assertThat(server.connections()).isEqualTo(2);
    }
  }

  @Test
  void aRoundTripFollowsTheSameRule() throws Exception {
    try (ScriptedServer server = readsTheSecondRequestThenCloses(); RoundTripper rt = RoundTripper.builder().build()) {
      Url url = Url.parse("http://127.0.0.1:" + server.port() + "/orders");
      Headers headers = Headers.of("Host", url.authority(), "Content-Length", Integer.toString(BODY.length));
      try (ClientResponse first = rt.roundTrip(ClientRequest.of("GET", url, Headers.of("Host", url.authority()),
          RequestContent.none()))) {
        first.body().readAllBytes();
      }
      ClientRequest post = ClientRequest.of("POST", url, headers, RequestContent.bytes(BODY));
      assertThat(post.resendAllowed()).isFalse();
      assertThatThrownBy(() -> rt.roundTrip(post))
          .isInstanceOf(RemoteDisconnectedException.class)
          .satisfies(e -> assertThat(((CourierException) e).mayHaveReachedServer()).isTrue());
      assertThat(received(server, "POST")).isEqualTo(1);
    }
    try (ScriptedServer server = readsTheSecondRequestThenCloses(); RoundTripper rt = RoundTripper.builder().build()) {
      Url url = Url.parse("http://127.0.0.1:" + server.port() + "/orders");
      Headers headers = Headers.of("Host", url.authority(), "Content-Length", Integer.toString(BODY.length));
      try (ClientResponse first = rt.roundTrip(ClientRequest.of("GET", url, Headers.of("Host", url.authority()),
          RequestContent.none()))) {
        first.body().readAllBytes();
      }
      ClientRequest allowed = ClientRequest.of("POST", url, headers, RequestContent.bytes(BODY)).withResendAllowed(true);
      try (ClientResponse response = rt.roundTrip(allowed)) {
        assertThat(response.body().readAllBytes()).asString().isEqualTo("ok");
      }
      assertThat(received(server, "POST")).isEqualTo(2);
    }
  }
}

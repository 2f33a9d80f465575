package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.error.CourierException;
import dev.courier.error.RemoteDisconnectedException;
import dev.courier.testsupport.ScriptedServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The session never sends a request again when the server may have processed it, unless its
 * method is idempotent (RFC 9110, Section 9.2.2) or the caller allowed it through {@link
 * Retry#methods()}: on a stale pooled connection, after a connection closed once the body was
 * sent, and on a retryable status. Each case counts the requests the server received.
 */
class SessionResendTest {
  private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
  private static final Retry RETRY = Retry.builder().backoff(Duration.ZERO).build();
  private static final Retry RETRY_ANY_METHOD = Retry.builder().backoff(Duration.ZERO).anyMethod().build();

  private static long received(ScriptedServer server, String method) {
    return server.requests().stream().filter(r -> r.requestLine().startsWith(method + " ")).count();
  }

  /** First connection: answers one request, then reads the next one whole and closes unanswered. */
  private static ScriptedServer staleAfterOne() throws Exception {
    AtomicInteger connection = new AtomicInteger();
    return ScriptedServer.start(peer -> {
      if (connection.getAndIncrement() == 0) {
        peer.readRequest();
        peer.write(OK);
        peer.readRequest();
        return;
      }
      while (peer.readRequest() != null) {
        peer.write(OK);
      }
    });
  }

  /** Reads the first {@code drops} requests whole and closes each connection unanswered; then answers. */
  private static ScriptedServer closesAfterTheBody(int drops) throws Exception {
    AtomicInteger seen = new AtomicInteger();
    return ScriptedServer.start(peer -> {
      while (peer.readRequest() != null) {
        if (seen.getAndIncrement() < drops) {
          return;
        }
        peer.write(OK);
      }
    });
  }

  // ------------------------------------------------------------------------ a stale pooled connection

  @Test
  void aPostOnAStalePooledConnectionIsNotSentAgain() throws Exception {
    for (Retry retry : new Retry[] {Retry.none(), RETRY}) {
      try (ScriptedServer server = staleAfterOne(); Session s = Session.builder().retry(retry).build()) {
        String url = "http://127.0.0.1:" + server.port();
        assertThat(s.get(url + "/first").text()).isEqualTo("ok");
        assertThatThrownBy(() -> s.post(url + "/orders", Body.text("order=1")))
            .isInstanceOf(RemoteDisconnectedException.class)
            .satisfies(e -> assertThat(((CourierException) e).mayHaveReachedServer()).isTrue());
        assertThat(received(server, "POST")).as("POSTs received with " + retry).isEqualTo(1);
      }
    }
  }

  @Test
  void aPutOnAStalePooledConnectionIsSentOnceMore() throws Exception {
    try (ScriptedServer server = staleAfterOne(); Session s = Session.create()) {
      String url = "http://127.0.0.1:" + server.port();
      s.get(url + "/first");
      assertThat(s.put(url + "/orders/1", Body.text("order=1")).text()).isEqualTo("ok");
      assertThat(received(server, "PUT")).isEqualTo(2);
    }
  }

  @Test
  void aPostOnAStalePooledConnectionIsSentOnceMoreWhenTheRetryPolicyAllowsPost() throws Exception {
    Retry allowPostOnly = Retry.none().toBuilder().methods("POST").build(); // no retries, but POST may be resent
    try (ScriptedServer server = staleAfterOne(); Session s = Session.builder().retry(allowPostOnly).build()) {
      String url = "http://127.0.0.1:" + server.port();
      s.get(url + "/first");
      assertThat(s.post(url + "/orders", Body.text("order=1")).text()).isEqualTo("ok");
      assertThat(received(server, "POST")).isEqualTo(2);
    }
    try (ScriptedServer server = staleAfterOne(); Session s = Session.create()) {
      String url = "http://127.0.0.1:" + server.port();
      s.get(url + "/first");
      Request perRequest = Request.post(url + "/orders").body(Body.text("order=1")).retry(allowPostOnly).build();
      assertThat(s.send(perRequest).text()).isEqualTo("ok");
      assertThat(received(server, "POST")).isEqualTo(2);
    }
  }

  // ------------------------------------------------------------------------ closed after the body was sent

  @Test
  void aPostWhoseConnectionClosedAfterTheBodyIsNotRetried() throws Exception {
    try (ScriptedServer server = closesAfterTheBody(1); Session s = Session.builder().retry(RETRY).build()) {
      String url = "http://127.0.0.1:" + server.port();
      assertThatThrownBy(() -> s.post(url + "/orders", Body.text("order=1")))
          .isInstanceOf(RemoteDisconnectedException.class)
          .satisfies(e -> assertThat(((CourierException) e).mayHaveReachedServer()).isTrue());
      assertThat(received(server, "POST")).isEqualTo(1);
    }
  }

  @Test
  void aPutWhoseConnectionClosedAfterTheBodyIsRetried() throws Exception {
    try (ScriptedServer server = closesAfterTheBody(1); Session s = Session.builder().retry(RETRY).build()) {
      String url = "http://127.0.0.1:" + server.port();
      assertThat(s.put(url + "/orders/1", Body.text("order=1")).text()).isEqualTo("ok");
      assertThat(received(server, "PUT")).isEqualTo(2);
    }
  }

  @Test
  void aPostWhoseConnectionClosedAfterTheBodyIsRetriedWhenAllowed() throws Exception {
    try (ScriptedServer server = closesAfterTheBody(1); Session s = Session.builder().retry(RETRY_ANY_METHOD).build()) {
      String url = "http://127.0.0.1:" + server.port();
      assertThat(s.post(url + "/orders", Body.text("order=1")).text()).isEqualTo("ok");
      assertThat(received(server, "POST")).isEqualTo(2);
    }
  }

  // ------------------------------------------------------------------------ retry on 503

  /** Answers 503 to the first request, then 200. */
  private static ScriptedServer unavailableOnce() throws Exception {
    AtomicInteger seen = new AtomicInteger();
    return ScriptedServer.start(peer -> {
      while (peer.readRequest() != null) {
        peer.write(seen.getAndIncrement() == 0
            ? "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy" : OK);
      }
    });
  }

  @Test
  void aPostAnswered503IsReturnedNotRetried() throws Exception {
    try (ScriptedServer server = unavailableOnce(); Session s = Session.builder().retry(RETRY).build()) {
      Response r = s.post("http://127.0.0.1:" + server.port() + "/orders", Body.text("order=1"));
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(received(server, "POST")).isEqualTo(1);
    }
  }

  @Test
  void aPutAnswered503IsRetried() throws Exception {
    try (ScriptedServer server = unavailableOnce(); Session s = Session.builder().retry(RETRY).build()) {
      Response r = s.put("http://127.0.0.1:" + server.port() + "/orders/1", Body.text("order=1"));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(received(server, "PUT")).isEqualTo(2);
    }
  }

  @Test
  void aPostAnswered503IsRetriedWhenAllowed() throws Exception {
    try (ScriptedServer server = unavailableOnce(); Session s = Session.builder().retry(RETRY_ANY_METHOD).build()) {
      Response r = s.post("http://127.0.0.1:" + server.port() + "/orders", Body.text("order=1"));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(received(server, "POST")).isEqualTo(2);
    }
  }
}

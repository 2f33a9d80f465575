package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.courier.client.ConnectionPool;
import dev.courier.client.HttpConnection;
import dev.courier.client.Route;
import dev.courier.error.ConnectFailedException;
import dev.courier.error.ConnectTimeoutException;
import dev.courier.error.ConnectionException;
import dev.courier.error.CourierException;
import dev.courier.error.DeadlineExceededException;
import dev.courier.error.NameResolutionException;
import dev.courier.error.PoolTimeoutException;
import dev.courier.error.ReadTimeoutException;
import dev.courier.error.TimedOutException;
import dev.courier.http.wire.Limits;
import dev.courier.net.ConnectOptions;
import dev.courier.net.Transport;
import dev.courier.testsupport.ScriptedServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * One {@code catch (TimedOutException e)} catches every kind of timeout, each with its own subtype,
 * the limit that ran out, and whether the request may have reached the server; failures to
 * connect are {@link ConnectionException}s that say nothing was sent. Loopback only.
 */
class TimeoutCatchTest {
  private static final ConnectOptions OPTIONS = ConnectOptions.defaults()
      .withConnectTimeout(Duration.ofSeconds(3))
      .withReadTimeout(Duration.ofMillis(200));

  /** Reads the request, then says nothing until the client goes away. */
  private static ScriptedServer silent() throws Exception {
    return ScriptedServer.start(peer -> {
      peer.readRequest();
      peer.clientClosed();
    });
  }

  /** Runs {@code call}, which must time out, and returns what {@code catch (TimedOutException e)} caught. */
  private static TimedOutException timeoutOf(Runnable call) {
    try {
      call.run();
    } catch (TimedOutException e) {
      return e;
    }
    return fail("no timeout");
  }

  @Test
  void aConnectTimeoutIsCaughtAsATimeoutAndNothingWasSent() {
    // The transport seam stands in for a SYN nobody answers: deterministic, and on loopback only.
    Transport unanswered = (endpoint, options) -> {
      throw new SocketTimeoutException("connect timed out");
    };
    var c = new HttpConnection(Route.http("127.0.0.1", 9), OPTIONS, unanswered, Limits.defaults());
    TimedOutException e = timeoutOf(() -> c.request("POST", "/orders", new byte[] {1}));
    assertThat(e).isInstanceOf(ConnectTimeoutException.class)
        .hasMessageContaining("http://127.0.0.1:9/orders")
        .hasCauseInstanceOf(SocketTimeoutException.class);
    assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(e.mayHaveReachedServer()).isFalse();
  }

  @Test
  void aReadTimeoutIsCaughtAsATimeoutAfterTheRequestWasSent() throws Exception {
    try (ScriptedServer server = silent()) {
      var c = new HttpConnection("127.0.0.1", server.port(), OPTIONS);
      TimedOutException e = timeoutOf(() -> {
        c.request("GET", "/slow");
        c.getResponse();
      });
      assertThat(e).isInstanceOf(ReadTimeoutException.class).hasMessageContaining("/slow");
      assertThat(e.timeout()).isEqualTo(Duration.ofMillis(200));
      assertThat(e.mayHaveReachedServer()).isTrue();
      c.close();
    }
  }

  @Test
  void aPoolWaitTimeoutIsCaughtAsATimeoutAndNothingWasSent() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ConnectionPool pool = ConnectionPool.builder().connectOptions(OPTIONS)
            .maxConnectionsPerRoute(1).acquireTimeout(Duration.ofMillis(50)).build()) {
      Route route = Route.http("127.0.0.1", listener.getLocalPort());
      try (var held = pool.acquire(route)) { // the only slot, connected (the kernel accepts)
        TimedOutException e = timeoutOf(() -> pool.acquire(route));
        assertThat(e).isInstanceOf(PoolTimeoutException.class)
            .isNotInstanceOf(ConnectionException.class);
        assertThat(e.timeout()).isEqualTo(Duration.ofMillis(50));
        assertThat(e.mayHaveReachedServer()).isFalse();
      }
    }
  }

  @Test
  void theTotalDeadlineIsCaughtAsATimeoutAndSaysTheRequestWasSent() throws Exception {
    Duration deadline = Duration.ofMillis(300);
    try (ScriptedServer server = silent();
        Session session = Session.builder()
            .timeouts(Timeouts.defaults().withTotal(deadline)).build()) {
      TimedOutException e = timeoutOf(() -> session.get("http://127.0.0.1:" + server.port() + "/slow"));
      assertThat(e).isInstanceOf(DeadlineExceededException.class).hasMessageContaining("/slow");
      assertThat(e.timeout()).isEqualTo(deadline);
      assertThat(e.mayHaveReachedServer()).isTrue();
    }
  }

  @Test
  void aRefusedConnectionIsAConnectionFailureAndNothingWasSent() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    try (Session session = Session.create()) {
      CourierException e = failureOf(() -> session.post("http://127.0.0.1:" + closedPort + "/", Body.text("x")));
      assertThat(e).isInstanceOf(ConnectFailedException.class)
          .hasCauseInstanceOf(java.net.ConnectException.class);
      assertThat(e.mayHaveReachedServer()).isFalse();
    }
  }

  @Test
  void anUnknownHostIsAConnectionFailureAndNothingWasSent() {
    // .invalid never resolves (RFC 6761 Section 6.4)
    try (Session session = Session.create()) {
      CourierException e = failureOf(() -> session.get("http://no-such-host.invalid/"));
      assertThat(e).isInstanceOf(NameResolutionException.class).isInstanceOf(ConnectionException.class)
          .hasMessageContaining("no-such-host.invalid");
      assertThat(((NameResolutionException) e).host()).isEqualTo("no-such-host.invalid");
      assertThat(e.mayHaveReachedServer()).isFalse();
    }
  }

  private static CourierException failureOf(Runnable call) {
    try {
      call.run();
    } catch (ConnectionException e) {
      return e;
    }
    return fail("no connection failure");
  }
}

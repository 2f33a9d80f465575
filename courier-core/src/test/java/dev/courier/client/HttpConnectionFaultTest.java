package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.error.ConnectFailedException;
import dev.courier.error.ConnectionResetException;
import dev.courier.error.CourierException;
import dev.courier.error.NameResolutionException;
import dev.courier.net.ConnectOptions;
import dev.courier.testsupport.ScriptedServer;
import dev.courier.testsupport.ScriptedServer.Script;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Each fault a server can commit gives one specific exception, and the pool never hands the
 * broken connection out again: after the fault, the next request works on a new connection.
 *
 * <p>Most fault cases live in courier-testing's ConnectionPoolFaultTest, scripted with its
 * MockServer (core cannot depend on the test kit). Kept here: a reset after the client has read
 * the head (the script waits before the RST, which MockServer's faults cannot order), extra bytes
 * after a response on a connection that stays open (every MockServer fault closes it), and connect
 * failures (no server at all).
 */
class HttpConnectionFaultTest {
  /** Generous: the machine running the tests may be busy; only the stall tests wait it out. */
  private static final ConnectOptions OPTIONS = ConnectOptions.defaults()
      .withReadTimeout(Duration.ofSeconds(5));
  private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

  /** First connection: one good exchange then the fault; later connections: always OK. */
  private static ScriptedServer faulty(Script fault) throws Exception {
    java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
    return ScriptedServer.start(peer -> {
      boolean first = seen.getAndIncrement() == 0;
      if (first) {
        peer.readRequest();
        peer.write(OK);
        peer.readRequest();
        fault.run(peer);
        return;
      }
      while (peer.readRequest() != null) {
        peer.write(OK);
      }
    });
  }

  /** Runs the faulty exchange through a pool, checks the failure, then checks recovery. */
  private static CourierException failThroughPool(Script fault, boolean faultInBody)
      throws Exception {
    return failThroughPool(fault, faultInBody, OPTIONS);
  }

  private static CourierException failThroughPool(Script fault, boolean faultInBody,
      ConnectOptions options) throws Exception {
    try (ScriptedServer server = faulty(fault);
        ConnectionPool pool = ConnectionPool.builder().connectOptions(options).build()) {
      Route route = Route.http("127.0.0.1", server.port());
      try (var lease = pool.acquire(route)) {
        lease.connection().request("GET", "/first");
        assertThat(lease.connection().getResponse().read()).asString().isEqualTo("ok");
      }
      CourierException failure;
      try (var lease = pool.acquire(route)) {
        assertThat(lease.isReused()).isTrue();
        // a stream body cannot be replayed, so the fault surfaces instead of a silent retry
        lease.connection().request("POST", "/fault",
            new java.io.ByteArrayInputStream(new byte[] {1}), 1, dev.courier.http.Headers.empty());
        failure = org.junit.jupiter.api.Assertions.assertThrows(CourierException.class, () -> {
          var response = lease.connection().getResponse();
          if (faultInBody) {
            response.read();
          }
        });
      }
      assertThat(pool.idleCount()).isZero();
      assertThat(pool.connectionCount()).isZero();
      try (var lease = pool.acquire(route)) {
        assertThat(lease.isReused()).isFalse();
        lease.connection().request("GET", "/after");
        assertThat(lease.connection().getResponse().read()).asString().isEqualTo("ok");
      }
      assertThat(server.connections()).isEqualTo(2);
      return failure;
    }
  }

  @Test
  void resetIsConnectionReset() throws Exception {
    var e = failThroughPool(peer -> {
      peer.write("HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n12345");
      Thread.sleep(50);
      peer.reset();
    }, true);
    assertThat(e).isInstanceOf(ConnectionResetException.class)
        .hasMessageContaining("reading the response body").hasMessageContaining("/fault");
    assertThat(e.mayHaveReachedServer()).isTrue();
  }

  @Test
  void extraBytesAfterTheResponseAreNeverReused() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(peer -> {
      while (peer.readRequest() != null) {
        peer.write(OK + "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsmuggled");
      }
    }); ConnectionPool pool = ConnectionPool.create()) {
      Route route = Route.http("127.0.0.1", server.port());
      for (int i = 0; i < 2; i++) {
        try (var lease = pool.acquire(route)) {
          lease.connection().request("GET", "/");
          assertThat(lease.connection().getResponse().read()).asString().isEqualTo("ok");
        }
        Thread.sleep(20);
      }
      assertThat(server.connections()).isEqualTo(2);
    }
  }

  @Test
  void connectFailures() throws Exception {
    int closedPort;
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    var c = new HttpConnection("127.0.0.1", closedPort, OPTIONS);
    assertThatThrownBy(() -> c.request("GET", "/")).isInstanceOf(ConnectFailedException.class)
        .hasMessageContaining("connect");
    var unknown = new HttpConnection("no-such-host.invalid", 80, OPTIONS);
    assertThatThrownBy(() -> unknown.request("GET", "/")).isInstanceOf(NameResolutionException.class)
        .hasMessageContaining("unknown host");
  }
}

package dev.courier.client;

import dev.courier.error.ReadTimeoutException;
import dev.courier.error.PoolTimeoutException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.net.ConnectOptions;
import dev.courier.net.TlsSettings;
import dev.courier.testsupport.ScriptedServer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConnectionPoolTest {
  private static final ConnectOptions OPTIONS = ConnectOptions.defaults()
      .withReadTimeout(Duration.ofSeconds(5));

  /** A clock the test moves by hand. */
  private static final class ManualClock implements InstantSource {
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

    @Override
    public Instant instant() {
      return now.get();
    }

    void advance(Duration d) {
      now.updateAndGet(i -> i.plus(d));
    }
  }

  private static ScriptedServer keepAlive() throws Exception {
    return ScriptedServer.start(peer -> {
      while (peer.readRequest() != null) {
        peer.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
      }
    });
  }

  private static void get(ConnectionPool.Lease lease) throws Exception {
    lease.connection().request("GET", "/");
    assertThat(lease.connection().getResponse().read()).asString().isEqualTo("ok");
  }

  @Test
  void reusesPerRouteAndCountsConnections() throws Exception {
    try (ScriptedServer server = keepAlive();
        ConnectionPool pool = ConnectionPool.builder().connectOptions(OPTIONS).build()) {
      Route route = Route.http("127.0.0.1", server.port());
      for (int i = 0; i < 5; i++) {
        try (var lease = pool.acquire(route)) {
          assertThat(lease.isReused()).isEqualTo(i > 0);
          get(lease);
          assertThat(pool.leasedCount()).isEqualTo(1);
        }
      }
      assertThat(server.connections()).isEqualTo(1);
      assertThat(pool.idleCount(route)).isEqualTo(1);
      assertThat(pool.leasedCount()).isZero();
      // another route (same server, other host name) never shares the connection
      Route other = Route.http("localhost", server.port());
      try (var lease = pool.acquire(other)) {
        assertThat(lease.isReused()).isFalse();
        get(lease);
      }
      assertThat(pool.connectionCount()).isEqualTo(2);
    }
  }

  @Test
  void aLeaseReturnsOnlyWhenItsResponseEnds() throws Exception {
    try (ScriptedServer server = keepAlive();
        ConnectionPool pool = ConnectionPool.builder().connectOptions(OPTIONS).build()) {
      Route route = Route.http("127.0.0.1", server.port());
      HttpResponse response;
      try (var lease = pool.acquire(route)) {
        lease.connection().request("GET", "/");
        response = lease.connection().getResponse();
      }
      assertThat(pool.idleCount()).isZero();
      assertThat(pool.leasedCount()).isEqualTo(1);
      assertThat(response.read()).asString().isEqualTo("ok");
      assertThat(pool.idleCount()).isEqualTo(1);
      assertThat(pool.leasedCount()).isZero();
    }
  }

  @Test
  void eachLeaseBringsItsOwnReadTimeoutToTheSharedConnection() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(peer -> {
          ScriptedServer.Request request;
          while ((request = peer.readRequest()) != null) {
            if (request.requestLine().contains("/slow")) peer.stall(600); // past 200 ms, within 5 s
            peer.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
          }
        });
        ConnectionPool pool = ConnectionPool.builder().connectOptions(OPTIONS).build()) {
      Route route = Route.http("127.0.0.1", server.port());
      Duration shortRead = Duration.ofMillis(200);
      try (var lease = pool.acquire(route, OPTIONS.connectTimeout(), shortRead, null)) {
        get(lease);
      }
      try (var lease = pool.acquire(route)) { // the pool's 5 s again, on the same connection
        assertThat(lease.isReused()).isTrue();
        lease.connection().request("GET", "/slow");
        assertThat(lease.connection().getResponse().read()).asString().isEqualTo("ok");
      }
      try (var lease = pool.acquire(route, OPTIONS.connectTimeout(), shortRead, null)) {
        assertThat(lease.isReused()).isTrue();
        lease.connection().request("GET", "/slow");
        assertThatThrownBy(() -> lease.connection().getResponse()).isInstanceOf(ReadTimeoutException.class);
      }
      assertThat(server.connections()).isEqualTo(1);
    }
  }

  @Test
  void aLeaseClosedMidRequestIsDiscarded() throws Exception {
    try (ScriptedServer server = keepAlive();
        ConnectionPool pool = ConnectionPool.builder().connectOptions(OPTIONS).build()) {
      Route route = Route.http("127.0.0.1", server.port());
      try (var lease = pool.acquire(route)) {
        lease.connection().request("GET", "/"); // response never read
      }
      assertThat(pool.connectionCount()).isZero();
    }
  }

  @Test
  // a pool that kept handing out the retired route would spin here: fail instead of hanging
  @org.junit.jupiter.api.Timeout(value = 30, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
  void aRouteWhoseLastConnectionClosedServesTheSameRouteObjectAgain() throws Exception {
    try (ScriptedServer server = keepAlive();
        ConnectionPool pool = ConnectionPool.builder().connectOptions(OPTIONS).build()) {
      Route route = Route.http("127.0.0.1", server.port());
      for (int i = 0; i < 3; i++) {
        try (var lease = pool.acquire(route)) {
          assertThat(lease.isReused()).isFalse();
          get(lease);
          lease.discard(); // the route's only connection: the route is retired and dropped
        }
        assertThat(pool.connectionCount()).isZero();
      }
      try (var lease = pool.acquire(route)) {
        get(lease);
      }
      try (var lease = pool.acquire(route)) {
        assertThat(lease.isReused()).isTrue();
        get(lease);
      }
      assertThat(pool.connectionCount()).isEqualTo(1);
    }
  }

  @Test
  void evictsIdleAndOldConnectionsByTheClock() throws Exception {
    ManualClock clock = new ManualClock();
    try (ScriptedServer server = keepAlive();
        ConnectionPool pool = ConnectionPool.builder().connectOptions(OPTIONS).clock(clock)
            .idleTimeout(Duration.ofSeconds(30)).maxLifetime(Duration.ofMinutes(5))
            .staleCheckAfter(Duration.ofHours(1)).build()) {
      Route route = Route.http("127.0.0.1", server.port());
      try (var lease = pool.acquire(route)) {
        get(lease);
      }
      clock.advance(Duration.ofSeconds(29));
      pool.evictExpired();
      assertThat(pool.idleCount()).isEqualTo(1);
      clock.advance(Duration.ofSeconds(1));
      pool.evictExpired();
      assertThat(pool.idleCount()).isZero();
      assertThat(pool.connectionCount()).isZero();

    }
    // lifetime: a busy connection still retires after maxLifetime
    try (ScriptedServer server = keepAlive();
        ConnectionPool pool = ConnectionPool.builder().connectOptions(OPTIONS).clock(clock)
            .idleTimeout(Duration.ZERO).maxLifetime(Duration.ofMinutes(5))
            .staleCheckAfter(Duration.ofHours(1)).build()) {
      Route route = Route.http("127.0.0.1", server.port());
      for (int i = 0; i < 11; i++) { // at 0, 59, ... 590 s: created at 0, replaced at 354
        try (var lease = pool.acquire(route)) {
          get(lease);
        }
        clock.advance(Duration.ofSeconds(59));
      }
      assertThat(server.connections()).isEqualTo(2);
    }
  }

  @Test
  void staleCheckDropsAConnectionTheServerClosedWhileIdle() throws Exception {
    ManualClock clock = new ManualClock();
    try (ScriptedServer server = ScriptedServer.start(peer -> {
      peer.readRequest();
      peer.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    }); ConnectionPool pool = ConnectionPool.builder().connectOptions(OPTIONS).clock(clock).build()) {
      Route route = Route.http("127.0.0.1", server.port());
      try (var lease = pool.acquire(route)) {
        get(lease);
      }
      Thread.sleep(50); // the server has closed its end
      clock.advance(Duration.ofSeconds(2));
      try (var lease = pool.acquire(route)) {
        assertThat(lease.isReused()).isFalse();
        get(lease);
      }
    }
  }

  @Test
  void waitsForAFreeSlotAndTimesOut() throws Exception {
    try (ScriptedServer server = keepAlive();
        ConnectionPool pool = ConnectionPool.builder().connectOptions(OPTIONS)
            .maxConnectionsPerRoute(1).maxConnectionsTotal(2)
            .acquireTimeout(Duration.ofSeconds(2)).build()) {
      Route route = Route.http("127.0.0.1", server.port());
      var held = pool.acquire(route);
      assertThatThrownBy(() -> pool.acquire(route)).isInstanceOf(PoolTimeoutException.class)
          .hasMessageContaining("no pooled connection became free after 2 s")
          .satisfies(e -> assertThat(((PoolTimeoutException) e).timeout()).isEqualTo(Duration.ofSeconds(2)))
          .satisfies(e -> assertThat(((PoolTimeoutException) e).mayHaveReachedServer()).isFalse());
      ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
      try {
        Future<Boolean> waiter = executor.submit(() -> {
          try (var lease = ConnectionPoolTest.acquireWithin(pool, route)) {
            get(lease);
            return lease.isReused();
          }
        });
        Thread.sleep(50);
        get(held);
        held.close();
        assertThat(waiter.get()).isTrue();
      } finally {
        executor.shutdown();
      }
    }
  }

  private static ConnectionPool.Lease acquireWithin(ConnectionPool pool, Route route) throws Exception {
    return pool.acquire(route);
  }

  @Test
  void totalLimitEvictsAnIdleConnectionOfAnotherRoute() throws Exception {
    try (ScriptedServer server = keepAlive();
        ConnectionPool pool = ConnectionPool.builder().connectOptions(OPTIONS)
            .maxConnectionsPerRoute(1).maxConnectionsTotal(1).build()) {
      try (var lease = pool.acquire(Route.http("127.0.0.1", server.port()))) {
        get(lease);
      }
      try (var lease = pool.acquire(Route.http("localhost", server.port()))) {
        get(lease);
      }
      assertThat(pool.connectionCount()).isEqualTo(1);
      assertThat(server.connections()).isEqualTo(2);
    }
  }

  @Test
  void tlsSettingsArePartOfTheRoute() {
    Route verified = Route.https("h.example", 443);
    Route insecure = Route.https("h.example", 443, TlsSettings.builder().insecureTrustAll().build());
    assertThat(verified).isNotEqualTo(insecure);
    assertThat(verified).isEqualTo(Route.https("h.example", 443));
    assertThat(insecure.toString()).contains("INSECURE");
    assertThat(verified.withProxy(Proxy.http("p", 3128))).isNotEqualTo(verified);
  }

  @Test
  void closedPoolRefusesAndClosesReturnedConnections() throws Exception {
    try (ScriptedServer server = keepAlive()) {
      ConnectionPool pool = ConnectionPool.builder().connectOptions(OPTIONS).build();
      Route route = Route.http("127.0.0.1", server.port());
      var lease = pool.acquire(route);
      get(lease);
      pool.close();
      lease.close();
      assertThat(pool.connectionCount()).isZero();
      assertThatThrownBy(() -> pool.acquire(route)).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void aLeakedResponseFreesItsSlotOnceCollected() throws Exception {
    try (ScriptedServer server = keepAlive();
        ConnectionPool pool = ConnectionPool.builder().connectOptions(OPTIONS)
            .maxConnectionsPerRoute(1).acquireTimeout(Duration.ofSeconds(5)).build()) {
      Route route = Route.http("127.0.0.1", server.port());
      leakOne(pool, route);
      for (int i = 0; i < 100 && pool.connectionCount() > 0; i++) {
        System.gc();
        Thread.sleep(20);
      }
      assertThat(pool.connectionCount()).isZero();
      assertThat(pool.leasedCount()).isZero();
      try (var lease = pool.acquire(route)) {
        assertThat(lease.isReused()).isFalse();
        get(lease);
      }
    }
  }

  private static void leakOne(ConnectionPool pool, Route route) throws Exception {
    var lease = pool.acquire(route);
    lease.connection().request("GET", "/");
    lease.connection().getResponse(); // never read, never closed
    lease.close();                    // deferred until the response ends, which it never will
  }
}

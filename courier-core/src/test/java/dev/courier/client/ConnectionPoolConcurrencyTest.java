package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.error.PoolTimeoutException;
import dev.courier.net.ConnectOptions;
import dev.courier.testsupport.ScriptedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The pool under many callers at once: limits held exactly, one holder per connection, waiters woken. */
class ConnectionPoolConcurrencyTest {
  private static final ConnectOptions OPTIONS = ConnectOptions.defaults()
      .withReadTimeout(Duration.ofSeconds(10));

  private static ScriptedServer keepAlive() throws Exception {
    return ScriptedServer.start(peer -> {
      while (peer.readRequest() != null) {
        peer.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
      }
    });
  }

  private static void get(ConnectionPool.Lease lease) {
    lease.connection().request("GET", "/");
    assertThat(lease.connection().getResponse().read()).asString().isEqualTo("ok");
  }

  @Test
  void manyCallersNeverShareAConnectionNorPassTheLimit() throws Exception {
    int limit = 3;
    try (ScriptedServer server = keepAlive();
        ConnectionPool pool = ConnectionPool.builder().connectOptions(OPTIONS)
            .maxConnectionsPerRoute(limit).acquireTimeout(Duration.ofSeconds(60)).build();
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      Route route = Route.http("127.0.0.1", server.port());
      Set<HttpConnection> inUse = ConcurrentHashMap.newKeySet();
      AtomicInteger holding = new AtomicInteger();
      AtomicInteger mostHeld = new AtomicInteger();
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < 24; c++) {
        done.add(callers.submit(() -> {
          for (int i = 0; i < 25; i++) {
            try (var lease = pool.acquire(route)) {
              HttpConnection connection = lease.connection();
              assertThat(inUse.add(connection)).as("lent to two callers at once").isTrue();
              mostHeld.accumulateAndGet(holding.incrementAndGet(), Math::max);
              get(lease);
              holding.decrementAndGet();
              inUse.remove(connection);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      assertThat(mostHeld.get()).isLessThanOrEqualTo(limit);
      assertThat(server.connections()).isLessThanOrEqualTo(limit);
      assertThat(pool.connectionCount()).isEqualTo(server.connections());
      assertThat(pool.idleCount(route)).isEqualTo(pool.connectionCount());
      assertThat(pool.leasedCount()).isZero();
      assertThat(pool.waitingCount()).isZero();
    }
  }

  @Test
  void racingCallersGetExactlyTheLimitPerRouteAndInTotal() throws Exception {
    try (ScriptedServer server = keepAlive();
        ConnectionPool pool = ConnectionPool.builder().connectOptions(OPTIONS)
            .maxConnectionsPerRoute(4).maxConnectionsTotal(6).acquireTimeout(Duration.ZERO).build();
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      Route[] routes = {Route.http("127.0.0.1", server.port()), Route.http("localhost", server.port())};
      int n = 20;
      CountDownLatch start = new CountDownLatch(1);
      CountDownLatch tried = new CountDownLatch(n);
      List<Future<Route>> results = new ArrayList<>();
      for (int c = 0; c < n; c++) {
        Route route = routes[c % 2];
        results.add(callers.submit(() -> {
          start.await();
          ConnectionPool.Lease lease;
          try {
            lease = pool.acquire(route);
          } catch (PoolTimeoutException full) {
            tried.countDown();
            return null;
          }
          tried.countDown();
          tried.await(); // hold the connection until every caller has tried
          get(lease);
          lease.close();
          return route;
        }));
      }
      start.countDown();
      int won = 0;
      int[] perRoute = new int[2];
      for (Future<Route> f : results) {
        Route got = f.get();
        if (got != null) {
          won++;
          perRoute[got == routes[0] ? 0 : 1]++;
        }
      }
      assertThat(won).isEqualTo(6);
      assertThat(perRoute[0]).isBetween(2, 4);
      assertThat(perRoute[1]).isBetween(2, 4);
      assertThat(pool.connectionCount()).isEqualTo(6);
      assertThat(pool.leasedCount()).isZero();
    }
  }

  @Test
  void aWaiterWakesWhenAConnectionIsGivenBack() throws Exception {
    try (ScriptedServer server = keepAlive();
        ConnectionPool pool = ConnectionPool.builder().connectOptions(OPTIONS)
            .maxConnectionsPerRoute(1).acquireTimeout(Duration.ofSeconds(60)).build();
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      Route route = Route.http("127.0.0.1", server.port());
      var held = pool.acquire(route);
      get(held);
      Future<Boolean> waiter = callers.submit(() -> {
        try (var lease = pool.acquire(route)) {
          get(lease);
          return lease.isReused();
        }
      });
      awaitWaiters(pool, 1);
      held.close();
      assertThat(waiter.get()).isTrue(); // the connection given back, not a new one
      assertThat(server.connections()).isEqualTo(1);
    }
  }

  @Test
  void aWaiterWakesWhenADiscardedConnectionFreesTheTotalLimit() throws Exception {
    try (ScriptedServer server = keepAlive();
        ConnectionPool pool = ConnectionPool.builder().connectOptions(OPTIONS)
            .maxConnectionsPerRoute(1).maxConnectionsTotal(1).acquireTimeout(Duration.ofSeconds(60)).build();
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      var held = pool.acquire(Route.http("127.0.0.1", server.port()));
      Route other = Route.http("localhost", server.port());
      Future<Boolean> waiter = callers.submit(() -> {
        try (var lease = pool.acquire(other)) {
          get(lease);
          return lease.isReused();
        }
      });
      awaitWaiters(pool, 1);
      held.discard();
      assertThat(waiter.get()).isFalse(); // a new connection, in the slot the discarded one left
      assertThat(pool.connectionCount()).isEqualTo(1);
    }
  }

  @Test
  void manyWaitersAllGetServedThroughOneConnection() throws Exception {
    try (ScriptedServer server = keepAlive();
        ConnectionPool pool = ConnectionPool.builder().connectOptions(OPTIONS)
            .maxConnectionsPerRoute(1).acquireTimeout(Duration.ofSeconds(60)).build();
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      Route route = Route.http("127.0.0.1", server.port());
      AtomicInteger served = new AtomicInteger();
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < 16; c++) {
        done.add(callers.submit(() -> {
          for (int i = 0; i < 10; i++) {
            try (var lease = pool.acquire(route)) {
              get(lease);
              served.incrementAndGet();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      assertThat(served.get()).isEqualTo(160);
      assertThat(server.connections()).isEqualTo(1);
      assertThat(pool.waitingCount()).isZero();
    }
  }

  /** Until {@code n} callers wait in the pool (they park, so this ends quickly). */
  private static void awaitWaiters(ConnectionPool pool, int n) {
    while (pool.waitingCount() < n) {
      Thread.onSpinWait();
      Thread.yield();
    }
  }
}

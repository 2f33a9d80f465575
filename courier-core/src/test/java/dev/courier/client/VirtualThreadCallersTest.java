package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.error.ReadTimeoutException;
import dev.courier.net.ConnectOptions;
import dev.courier.testsupport.ScriptedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Many virtual-thread callers at once, where the first read of each response may yield to the
 * others before it reads (EventPump): every caller gets its own answer on a reused connection, and
 * a server that never answers still ends in the read timeout while the others go on.
 */
class VirtualThreadCallersTest {
  @Test
  void manyVirtualCallersGetTheirOwnAnswersAndASilentServerStillTimesOut() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(peer -> {
      ScriptedServer.Request request;
      while ((request = peer.readRequest()) != null) {
        String path = request.requestLine().split(" ")[1];
        if (path.equals("/silent")) {
          peer.clientClosed(); // never answers; waits until the client gives the connection up
          return;
        }
        peer.write("HTTP/1.1 200 OK\r\nContent-Length: " + path.length() + "\r\n\r\n" + path);
      }
    });
        ConnectionPool pool = ConnectionPool.builder()
            .connectOptions(ConnectOptions.defaults().withReadTimeout(Duration.ofSeconds(10)))
            .maxConnectionsPerRoute(16).acquireTimeout(Duration.ofSeconds(60)).build();
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      Route route = Route.http("127.0.0.1", server.port());
      Future<?> silent = callers.submit(() -> {
        try (var lease = pool.acquire(route)) {
          HttpConnection c = lease.connection();
          c.setTimeouts(Duration.ofSeconds(10), Duration.ofMillis(300));
          c.request("GET", "/silent");
          assertThatThrownBy(c::getResponse).isInstanceOf(ReadTimeoutException.class);
        }
        return null;
      });
      List<Future<?>> done = new ArrayList<>();
      for (int caller = 0; caller < 12; caller++) {
        int id = caller;
        done.add(callers.submit(() -> {
          for (int i = 0; i < 40; i++) {
            String path = "/" + id + "/" + i;
            try (var lease = pool.acquire(route)) {
              lease.connection().request("GET", path);
              assertThat(lease.connection().getResponse().read()).asString().isEqualTo(path);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) f.get();
      silent.get();
      // 480 answers over at most 15 connections (one stays with the silent request): reused.
      assertThat(server.connections()).isLessThanOrEqualTo(16);
    }
  }
}

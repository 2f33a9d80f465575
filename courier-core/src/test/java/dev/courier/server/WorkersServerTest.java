package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The selector path with its own dispatcher ({@link Workers}, no executor configured): handlers
 * that block do not hold up requests on other connections, whichever read path is selected.
 */
class WorkersServerTest {
  HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) server.stop(Duration.ofSeconds(1));
  }

  @Test
  void handlersBlockedUntilTheLastConnectionIsServedAllFinish() throws Exception {
    int count = 40;
    CountDownLatch lastServed = new CountDownLatch(1);
    server = HttpServer.builder().bind("127.0.0.1").port(0).handler(r -> {
      if (r.path().equals("/last")) {
        lastServed.countDown();
      } else if (!lastServed.await(30, TimeUnit.SECONDS)) {
        return ServerResponse.of(500);
      }
      return ServerResponse.ok(r.path());
    }).start();
    List<Raw> clients = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        Raw raw = new Raw(server.port());
        clients.add(raw);
        raw.send("GET /wait" + i + " HTTP/1.1\r\nHost: a\r\n\r\n");
      }
      try (Raw last = new Raw(server.port())) {
        assertThat(last.send("GET /last HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).startsWith("HTTP/1.1 200");
      }
      for (int i = 0; i < count; i++) {
        assertThat(clients.get(i).readResponse()).startsWith("HTTP/1.1 200").endsWith("/wait" + i);
      }
      // and the same connections are served again once the blocked handlers returned
      for (int i = 0; i < count; i++) clients.get(i).send("GET /last HTTP/1.1\r\nHost: a\r\n\r\n");
      for (int i = 0; i < count; i++) assertThat(clients.get(i).readResponse()).endsWith("/last");
    } finally {
      for (Raw raw : clients) raw.close();
    }
  }
}

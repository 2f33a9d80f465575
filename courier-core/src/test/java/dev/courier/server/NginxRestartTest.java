package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.Response;
import dev.courier.Session;
import dev.courier.testsupport.NginxPeer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Two backends behind nginx ({@code upstream}, keep-alive to the backends), each restarted in
 * turn with a graceful {@link HttpServer#stop(Duration)} while a client keeps requesting through
 * nginx: no request fails. Idle keep-alive connections are closed at once (nginx retries an
 * idempotent request that meets a closed one on the other backend, RFC 9110 section 9.2.2),
 * in-flight exchanges finish with {@code Connection: close}. Skipped when nginx is missing.
 */
class NginxRestartTest {
  /** Counts requests per backend; {@code /work} takes a few milliseconds, so stops meet exchanges in flight. */
  static Handler backend(String name, AtomicInteger served) {
    return request -> {
      if (request.path().equals("/work")) {
        try {
          Thread.sleep(5); // the handler's work: a stop arrives while some exchanges run
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      served.incrementAndGet();
      return ServerResponse.ok(name);
    };
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  static HttpServer start(int port, String name, AtomicInteger served) throws IOException {
    return HttpServer.builder().bind("127.0.0.1").port(port).daemon(true).handler(backend(name, served)).start();
  }

  @Test
  void restartingEachBackendInTurnFailsNoRequest() throws Exception {
    int portA = freePort();
    int portB = freePort();
    AtomicInteger servedA = new AtomicInteger();
    AtomicInteger servedB = new AtomicInteger();
    HttpServer a = start(portA, "a", servedA);
    HttpServer b = start(portB, "b", servedB);
    String upstream = "  upstream backends {\n"
        // max_fails=0: a backend that refused while restarting is tried again at once, not
        // benched for fail_timeout (which would leave no live upstream when the other restarts)
        + "    server 127.0.0.1:" + portA + " max_fails=0;\n"
        + "    server 127.0.0.1:" + portB + " max_fails=0;\n"
        + "    keepalive 16;\n"
        + "  }\n";
    String location = "    location /work { proxy_pass http://backends; proxy_http_version 1.1;"
        + " proxy_set_header Connection \"\"; }\n";
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    AtomicInteger ok = new AtomicInteger();
    AtomicBoolean running = new AtomicBoolean(true);
    try (NginxPeer nginx = NginxPeer.builder().http(upstream).locations(location).start();
        Session session = Session.create()) {
      String url = "http://127.0.0.1:" + nginx.port() + "/work";
      List<Thread> clients = List.of(1, 2, 3, 4).stream().map(i -> Thread.ofVirtual().start(() -> {
        while (running.get()) {
          try (Response r = session.get(url)) {
            if (r.statusCode() == 200) ok.incrementAndGet();
            else failures.add(r.statusCode() + " " + r.text());
          } catch (RuntimeException e) {
            failures.add(e.toString());
          }
        }
      })).toList();
      try {
        for (int round = 0; round < 1; round++) {
          awaitMore(ok, 200);
          // graceful stop of a, then a new a on the same port; then the same for b
          int before = servedA.get();
          assertThat(a.stop(Duration.ofSeconds(5))).as("a's exchanges finished in the grace period").isTrue();
          awaitMore(ok, 100); // served by b alone meanwhile
          a = start(portA, "a", servedA);
          awaitMore(ok, 200);
          assertThat(b.stop(Duration.ofSeconds(5))).as("b's exchanges finished in the grace period").isTrue();
          awaitMore(ok, 100);
          b = start(portB, "b", servedB);
          awaitMore(ok, 200);
          assertThat(servedA.get()).as("the new a is used").isGreaterThan(before);
        }
      } finally {
        running.set(false);
        for (Thread t : clients) t.join(10_000);
        a.stop(Duration.ofSeconds(1));
        b.stop(Duration.ofSeconds(1));
      }
      assertThat(failures).as("failed requests (nginx log: %s)", nginx.errorLog()).isEmpty();
      assertThat(ok.get()).isGreaterThanOrEqualTo(800);
    }
  }

  /** Waits until {@code count} has grown by {@code n} (the clients' progress, not a clock). */
  static void awaitMore(AtomicInteger count, int n) throws InterruptedException {
    int target = count.get() + n;
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (count.get() < target) {
      if (System.nanoTime() > deadline) throw new AssertionError("the clients stopped making progress at " + count.get());
      Thread.sleep(5);
    }
  }
}

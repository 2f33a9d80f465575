package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A {@link Router} whose routes are declared non-blocking one by one: the read loop answers those
 * routes (and the router's own 404, 405 and redirects) itself, and hands every other route to a
 * virtual thread, on one connection, in order.
 */
class NonBlockingRoutesTest {
  HttpServer server;
  /** Exchanges handed to a thread (the loop served the others itself). */
  final AtomicInteger handedOver = new AtomicInteger();
  final Executor counting = task -> Thread.ofVirtual().start(() -> {
    handedOver.incrementAndGet();
    task.run();
  });

  @AfterEach
  void stop() {
    if (server != null) server.stop(Duration.ofSeconds(1));
  }

  static Handler where(String name) {
    return r -> ServerResponse.ok(name + " on " + NonBlockingHandlerTest.where());
  }

  final Router router = Router.builder()
      .get("/health", Handler.nonBlocking(where("health")))
      .get("/report", where("report"))
      .post("/echo", Handler.nonBlocking(r -> ServerResponse.ok("echo " + new String(r.body().readAllBytes(),
          java.nio.charset.StandardCharsets.US_ASCII) + " on " + NonBlockingHandlerTest.where())))
      .mount("/api/", Router.builder()
          .get("/ping", Handler.nonBlocking(where("ping")))
          .get("/slow", where("slow"))
          .build())
      .build();

  HttpServer start(Handler handler, boolean compress) throws IOException {
    server = HttpServer.builder().bind("127.0.0.1").port(0).executor(counting).handler(handler)
        .compressResponses(compress).handlersOnLoop(false).readPath(HttpServer.ReadPath.SELECTOR).start();
    return server;
  }

  static String get(Raw raw, String target) throws IOException {
    return raw.send("GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n").readResponse();
  }

  /**
   * One request on a connection of its own: after a thread has answered, the next request on its
   * connection may reach that thread before it parks the connection, so where it runs depends on
   * timing there.
   */
  String getAlone(String target) throws IOException {
    try (Raw raw = new Raw(server.port())) {
      return get(raw, target);
    }
  }

  @Test
  void aNonBlockingRouteRunsOnTheLoopAndABlockingOneOnAThread() throws Exception {
    start(router, false);
    try (Raw raw = new Raw(server.port())) {
      assertThat(get(raw, "/health")).endsWith("health on loop");
      assertThat(get(raw, "/health?probe=1")).endsWith("health on loop");
      assertThat(raw.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi").readResponse())
          .endsWith("echo hi on loop");
      assertThat(handedOver.get()).isZero();
      assertThat(get(raw, "/report")).endsWith("report on virtual");
    }
    assertThat(handedOver.get()).isEqualTo(1);
    assertThat(getAlone("/health")).endsWith("health on loop");
    assertThat(handedOver.get()).isEqualTo(1);
  }

  @Test
  void aMountedRoutersRoutesChooseForThemselves() throws Exception {
    start(router, false);
    try (Raw raw = new Raw(server.port())) {
      assertThat(get(raw, "/api/ping")).endsWith("ping on loop");
      assertThat(handedOver.get()).isZero();
      assertThat(get(raw, "/api/slow")).endsWith("slow on virtual");
    }
    assertThat(handedOver.get()).isEqualTo(1);
  }

  @Test
  void theRoutersOwn404And405AndRedirectAreAnsweredOnTheLoop() throws Exception {
    start(router, false);
    try (Raw raw = new Raw(server.port())) {
      assertThat(get(raw, "/nope")).startsWith("HTTP/1.1 404 ");
      assertThat(get(raw, "/api/nope")).startsWith("HTTP/1.1 404 ");
      assertThat(raw.send("DELETE /health HTTP/1.1\r\nHost: a\r\n\r\n").readResponse())
          .startsWith("HTTP/1.1 405 ").contains("Allow: GET, HEAD, OPTIONS");
      assertThat(get(raw, "/api")).startsWith("HTTP/1.1 301 ").contains("Location: /api/");
    }
    assertThat(handedOver.get()).isZero();
  }

  @Test
  void aPipelinedBatchOfBothKindsIsAnsweredInOrder() throws Exception {
    start(router, false);
    try (Raw raw = new Raw(server.port())) {
      raw.send("GET /health HTTP/1.1\r\nHost: a\r\n\r\n"
          + "GET /report HTTP/1.1\r\nHost: a\r\n\r\n"
          + "GET /api/ping HTTP/1.1\r\nHost: a\r\n\r\n"
          + "GET /nope HTTP/1.1\r\nHost: a\r\n\r\n"
          + "GET /api/slow HTTP/1.1\r\nHost: a\r\n\r\n");
      assertThat(raw.readResponse()).endsWith("health on loop");
      assertThat(raw.readResponse()).endsWith("report on virtual");
      // the thread serves what is buffered after its request, whatever the route (all of it, if
      // the batch came in one read)
      assertThat(raw.readResponse()).contains("ping on ");
      assertThat(raw.readResponse()).startsWith("HTTP/1.1 404 ");
      assertThat(raw.readResponse()).endsWith("slow on virtual");
      assertThat(get(raw, "/health")).contains("health on ");
    }
  }

  @Test
  void wrappingTheRouterDropsTheMarkerAndEveryRouteGetsAThread() throws Exception {
    start(router, true); // gzip on the fly may take milliseconds: never on the loop
    assertThat(getAlone("/health")).endsWith("health on virtual");
    assertThat(getAlone("/nope")).startsWith("HTTP/1.1 404 ");
    assertThat(handedOver.get()).isEqualTo(2);
  }

  @Test
  void aRouterWithoutNonBlockingRoutesServesEverythingOnThreads() throws Exception {
    start(Router.builder().get("/a", where("a")).mount("/m/", where("m")).build(), false);
    assertThat(getAlone("/a")).endsWith("a on virtual");
    assertThat(getAlone("/m/x")).endsWith("m on virtual");
    assertThat(getAlone("/nope")).startsWith("HTTP/1.1 404 ");
    assertThat(handedOver.get()).isEqualTo(3);
  }
}

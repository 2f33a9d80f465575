package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.server.httpbin.HttpBin;
import dev.courier.testsupport.Waits;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Ordinary handlers (not declared non-blocking) on the read loop: answered there by default, and a
 * handler that blocks there is caught by the watchdog, which moves the loop to a new thread so the
 * other connections go on, and sends ordinary handlers back to virtual threads for a while. The
 * handlers wait through {@link Waits}, outside the server's package, as a user's handler would.
 */
class HandlersOnLoopTest {
  HttpServer server;
  /** Released by the test to let a blocked handler return. */
  final CountDownLatch release = new CountDownLatch(1);
  /** Counted down by a handler when it starts blocking. */
  final CountDownLatch blocking = new CountDownLatch(1);

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) server.stop(Duration.ofSeconds(1));
  }

  /** Answers with where it ran; {@code /block} first waits for the test to release it. */
  ServerResponse answer(ServerRequest request) throws InterruptedException {
    if (request.path().equals("/name")) return ServerResponse.ok(Thread.currentThread().getName());
    if (request.path().equals("/block")) {
      blocking.countDown();
      if (!Waits.await(release)) return ServerResponse.of(500);
    }
    return ServerResponse.ok(request.path() + " on " + NonBlockingHandlerTest.where());
  }

  HttpServer start(boolean handlersOnLoop) throws IOException {
    // One loop: a handler blocking it must hold up every other connection but for the watchdog.
    server = HttpServer.builder().bind("127.0.0.1").port(0).handler(this::answer).readLoops(1)
        .handlersOnLoop(handlersOnLoop).readPath(HttpServer.ReadPath.SELECTOR).start();
    return server;
  }

  @Test
  void anOrdinaryHandlerIsAnsweredOnTheLoopByDefault() throws Exception {
    start(true);
    try (Raw raw = new Raw(server.port())) {
      assertThat(raw.send("GET /a HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).endsWith("/a on loop");
      assertThat(raw.send("GET /b HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).endsWith("/b on loop");
    }
  }

  @Test
  void connectionsAreDealtToTheReadLoopsInTurn() throws Exception {
    server = HttpServer.builder().bind("127.0.0.1").port(0).handler(this::answer).readLoops(2)
        .readPath(HttpServer.ReadPath.SELECTOR).start();
    Set<String> threads = new TreeSet<>();
    for (int i = 0; i < 4; i++) {
      try (Raw raw = new Raw(server.port())) {
        String response = raw.send("GET /name HTTP/1.1\r\nHost: a\r\n\r\n").readResponse();
        threads.add(response.substring(response.indexOf("\r\n\r\n") + 4));
      }
    }
    String prefix = "courier-read-" + server.port() + "-";
    assertThat(threads).containsExactly(prefix + 0, prefix + 1);
  }

  @Test
  void theServerStartsOneReadLoopPerTwoProcessorsUnlessTold() throws Exception {
    server = HttpServer.builder().bind("127.0.0.1").port(0).handler(this::answer).start();
    int half = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    assertThat(server.readLoopCount()).isEqualTo(Integer.getInteger("courier.server.readLoops", half));
    assertThatThrownBy(() -> HttpServer.builder().readLoops(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void turnedOffAnOrdinaryHandlerRunsOnAVirtualThread() throws Exception {
    start(false);
    try (Raw raw = new Raw(server.port())) {
      assertThat(raw.send("GET /a HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).endsWith("/a on virtual");
    }
  }

  @Test
  void aHandlerThatBlocksOnTheLoopHoldsUpOnlyItsOwnConnection() throws Exception {
    start(true);
    try (Raw stuck = new Raw(server.port()); Raw other = new Raw(server.port())) {
      stuck.send("GET /block HTTP/1.1\r\nHost: a\r\n\r\n");
      assertThat(blocking.await(10, TimeUnit.SECONDS)).isTrue();
      // Without the watchdog the loop's only thread waits in the handler and this never comes.
      assertThat(other.send("GET /next HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).startsWith("HTTP/1.1 200")
          .endsWith("/next on virtual"); // and ordinary handlers went to virtual threads after the catch
      release.countDown();
      assertThat(stuck.readResponse()).endsWith("/block on loop");
      // The connection whose handler blocked goes on as any other.
      assertThat(stuck.send("GET /after HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).endsWith("/after on virtual");
    }
  }

  @Test
  void aConnectionWhoseHandlerWasCaughtServesItsPipelinedRequestsInOrder() throws Exception {
    start(true);
    try (Raw stuck = new Raw(server.port()); Raw other = new Raw(server.port())) {
      stuck.send("GET /block HTTP/1.1\r\nHost: a\r\n\r\nGET /second HTTP/1.1\r\nHost: a\r\n\r\n");
      assertThat(blocking.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(other.send("GET /next HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).startsWith("HTTP/1.1 200");
      // More bytes for the stuck connection reach the loop's new thread while the handler waits.
      stuck.send("GET /third HTTP/1.1\r\nHost: a\r\n\r\n");
      release.countDown();
      assertThat(stuck.readResponse()).endsWith("/block on loop");
      assertThat(stuck.readResponse()).contains("/second on");
      assertThat(stuck.readResponse()).contains("/third on");
      assertThat(other.send("GET /again HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void manyHandlersBlockingAtOnceAreAllAnsweredAndTheOthersGoOn() throws Exception {
    CountDownLatch open = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(20);
    server = HttpServer.builder().bind("127.0.0.1").port(0).handlersOnLoop(true).readPath(HttpServer.ReadPath.SELECTOR)
        .handler(request -> {
          if (request.path().equals("/block")) {
            started.countDown();
            if (!Waits.await(open)) return ServerResponse.of(500);
          }
          return ServerResponse.ok(request.path());
        }).start();
    Raw[] blocked = new Raw[20];
    try (Raw other = new Raw(server.port())) {
      for (int i = 0; i < blocked.length; i++) blocked[i] = new Raw(server.port()).send("GET /block HTTP/1.1\r\nHost: a\r\n\r\n");
      assertThat(started.await(10, TimeUnit.SECONDS)).as("every blocking handler started").isTrue();
      assertThat(other.send("GET /free HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).endsWith("/free");
      open.countDown();
      for (Raw r : blocked) assertThat(r.readResponse()).startsWith("HTTP/1.1 200").endsWith("/block");
    } finally {
      open.countDown();
      for (Raw r : blocked) if (r != null) r.close();
    }
  }

  @Test
  void aHandlerWronglyDeclaredNonBlockingIsCaughtToo() throws Exception {
    server = HttpServer.builder().bind("127.0.0.1").port(0).handler(Handler.nonBlocking(this::answer))
        .handlersOnLoop(false).readPath(HttpServer.ReadPath.SELECTOR).start();
    try (Raw stuck = new Raw(server.port()); Raw other = new Raw(server.port())) {
      stuck.send("GET /block HTTP/1.1\r\nHost: a\r\n\r\n");
      assertThat(blocking.await(10, TimeUnit.SECONDS)).isTrue();
      // The declaration stands (it is the user's word), but the loop's new thread answers the others.
      assertThat(other.send("GET /next HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).endsWith("/next on loop");
      release.countDown();
      assertThat(stuck.readResponse()).endsWith("/block on loop");
    }
  }

  @Test
  void aHandlerWaitingInASocketReadIsCaught() throws Exception {
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      server = HttpServer.builder().bind("127.0.0.1").port(0).readPath(HttpServer.ReadPath.SELECTOR)
          .handler(request -> {
            if (request.path().equals("/read")) {
              try (java.net.Socket s = new java.net.Socket(silent.getInetAddress(), silent.getLocalPort())) {
                blocking.countDown();
                return ServerResponse.ok("read " + Waits.readByte(s)); // -1 once the test closes it
              }
            }
            return ServerResponse.ok(request.path());
          }).start();
      try (Raw stuck = new Raw(server.port()); Raw other = new Raw(server.port())) {
        stuck.send("GET /read HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(blocking.await(10, TimeUnit.SECONDS)).isTrue();
        // The JDK calls a thread in a native socket read RUNNABLE: it is caught all the same.
        assertThat(other.send("GET /free HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).endsWith("/free");
        try (java.net.Socket peer = silent.accept()) {
          peer.shutdownOutput();
          assertThat(stuck.readResponse()).endsWith("read -1");
        }
      }
    }
  }

  @Test
  void httpbinsDelayIsCaughtAsAHandlerWaitingAndSaidAtInfo() throws Exception {
    CountDownLatch said = new CountDownLatch(1);
    Logger log = Logger.getLogger("dev.courier.server");
    java.util.logging.Handler listener = new java.util.logging.Handler() { // not the server's Handler
      @Override
      public void publish(LogRecord record) {
        String message = record.getMessage();
        if (record.getLevel() == Level.INFO && message != null && message.contains(" waiting")) {
          said.countDown();
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    log.addHandler(listener);
    try {
      server = HttpServer.builder().bind("127.0.0.1").port(0).readPath(HttpServer.ReadPath.SELECTOR)
          .handler(new HttpBin()).start();
      try (Raw delayed = new Raw(server.port())) {
        delayed.send("GET /delay/1 HTTP/1.1\r\nHost: a\r\n\r\n");
        // httpbin lives in the server's package but its handlers are a user's: its sleep is a wait
        // (said at INFO), not the server's own code briefly held up (counted as running, at DEBUG).
        assertThat(said.await(10, TimeUnit.SECONDS)).as("an INFO line naming a waiting handler").isTrue();
        assertThat(delayed.readResponse()).startsWith("HTTP/1.1 200");
      }
    } finally {
      log.removeHandler(listener);
    }
  }
}

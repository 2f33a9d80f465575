package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connections accepted on the first read loop ({@link LoopAcceptor}) rather than by a thread of their own. */
class LoopAcceptorTest {
  HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) server.stop(Duration.ofSeconds(1));
  }

  @Test
  void aBurstOfNewConnectionsLargerThanABatchIsServedWhole() throws Exception {
    server = HttpServer.builder().bind("127.0.0.1").port(0).handler(ReadyLoopTest.ECHO).start();
    int count = LoopAcceptor.BATCH * 5;
    List<Raw> clients = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) clients.add(new Raw(server.port())); // all wait in the backlog at once
      for (int i = 0; i < count; i++) {
        clients.get(i).send("GET /c" + i + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
      }
      for (int i = 0; i < count; i++) {
        assertThat(clients.get(i).readAll()).startsWith("HTTP/1.1 200").endsWith("GET /c" + i + " ");
      }
    } finally {
      for (Raw raw : clients) raw.close();
    }
    for (int i = 0; i < 600 && server.connectionCount() > 0; i++) Thread.sleep(50);
    assertThat(server.connectionCount()).isZero(); // every connection closed after its answer
  }

  /**
   * Clients that connected and sent while the accepting loop was held in a handler: they wait in
   * the backlog with their bytes, and each kind must come out as any other once the loop accepts
   * them: answered and closed, kept alive, a head still arriving, a body still arriving for a
   * thread, a client that left at once.
   */
  @Test
  void requestsThatCameBeforeTheirConnectionWasAcceptedAreServedAsAnyOther() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Handler handler = r -> {
      if (r.path().equals("/hold")) {
        holding.countDown();
        long until = System.nanoTime() + 40_000_000L; // on the loop's thread, below the watchdog's patience
        while (release.getCount() > 0 && System.nanoTime() - until < 0) Thread.onSpinWait();
      }
      return ReadyLoopTest.ECHO.handle(r);
    };
    server = HttpServer.builder().bind("127.0.0.1").port(0).readLoops(1).handler(handler).start();
    try (Raw holder = new Raw(server.port())) {
      holder.send("GET /hold HTTP/1.1\r\nHost: a\r\n\r\n");
      assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
      Raw closing = new Raw(server.port()).send("GET /a HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
      Raw keeping = new Raw(server.port()).send("GET /b HTTP/1.1\r\nHost: a\r\n\r\n");
      Raw partialHead = new Raw(server.port()).send("GET /c HTTP/1.1\r\nHo");
      Raw partialBody = new Raw(server.port()).send("POST /d HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhel");
      Raw leaving = new Raw(server.port());
      leaving.close();
      release.countDown();
      try (closing; keeping; partialHead; partialBody) {
        assertThat(holder.readResponse()).endsWith("GET /hold ");
        assertThat(closing.readAll()).startsWith("HTTP/1.1 200").endsWith("GET /a ");
        assertThat(keeping.readResponse()).endsWith("GET /b ");
        assertThat(keeping.send("GET /b2 HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).endsWith("GET /b2 ");
        assertThat(partialHead.send("st: a\r\n\r\n").readResponse()).endsWith("GET /c ");
        assertThat(partialBody.send("lo").readResponse()).endsWith("POST /d hello");
      }
    }
    for (int i = 0; i < 600 && server.connectionCount() > 0; i++) Thread.sleep(50);
    assertThat(server.connectionCount()).isZero();
  }

  @Test
  void connectionsDealtToThreeLoopsAreServedAndKeptAlive() throws Exception {
    server = HttpServer.builder().bind("127.0.0.1").port(0).readLoops(3).handler(ReadyLoopTest.ECHO).start();
    assertThat(server.readLoopCount()).isEqualTo(3);
    List<Raw> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 30; i++) {
        Raw raw = new Raw(server.port());
        clients.add(raw);
        assertThat(raw.send("GET /k" + i + " HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).endsWith("GET /k" + i + " ");
      }
      // Kept alive: each answers again from whichever loop it was dealt to.
      for (int i = 0; i < 30; i++) {
        assertThat(clients.get(i).send("GET /again HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).endsWith("GET /again ");
      }
    } finally {
      for (Raw raw : clients) raw.close();
    }
  }

  @Test
  void stopReleasesThePortBeforeItReturns() throws Exception {
    server = HttpServer.builder().bind("127.0.0.1").port(0).handler(ReadyLoopTest.ECHO).start();
    int port = server.port();
    try (Raw raw = new Raw(port)) {
      assertThat(raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).startsWith("HTTP/1.1 200");
    }
    server.stop(Duration.ofSeconds(1));
    server = null;
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    try (ServerSocket again = new ServerSocket()) {
      again.setReuseAddress(true);
      again.bind(new InetSocketAddress("127.0.0.1", port)); // fails while the old listener is open
    }
  }

  @Test
  void aHandlerOnTheLoopMayStopItsOwnServer() throws Exception {
    AtomicReference<Boolean> clean = new AtomicReference<>();
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicReference<HttpServer> self = new AtomicReference<>();
    Handler handler = r -> {
      clean.set(self.get().stop(Duration.ZERO)); // on the accepting loop's thread: its own exchange is cut
      stopped.countDown();
      return ServerResponse.ok("stopped");
    };
    server = HttpServer.builder().bind("127.0.0.1").port(0).readLoops(1).handler(handler).start();
    self.set(server);
    int port = server.port();
    try (Raw raw = new Raw(port)) {
      raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readAll();
    }
    assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(clean.get()).isFalse(); // the handler's own exchange was still in flight
    server = null;
    boolean refused = false;
    for (int i = 0; i < 200 && !refused; i++) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        Thread.sleep(10);
      } catch (ConnectException e) {
        refused = true;
      }
    }
    assertThat(refused).as("the port is released").isTrue();
  }

  @Test
  void aRunningServerKeepsTheJvmAliveUnlessItIsADaemonAndStopLetsItGo() throws Exception {
    server = HttpServer.builder().bind("127.0.0.1").port(0).handler(ReadyLoopTest.ECHO).start();
    int port = server.port();
    assertThat(serverThreads(port)).filteredOn(t -> !t.isDaemon()).isNotEmpty();
    server.stop(Duration.ofSeconds(1));
    for (int i = 0; i < 100 && serverThreads(port).stream().anyMatch(t -> !t.isDaemon()); i++) Thread.sleep(20);
    assertThat(serverThreads(port)).filteredOn(t -> !t.isDaemon()).isEmpty();
    server = HttpServer.builder().bind("127.0.0.1").port(0).daemon(true).handler(ReadyLoopTest.ECHO).start();
    assertThat(serverThreads(server.port())).isNotEmpty().allMatch(Thread::isDaemon);
  }

  @Test
  void aFailedAcceptPausesAcceptingUntilTheReaperResumesIt() throws Exception {
    ReadyLoop loop = new ReadyLoop("accept-test");
    loop.start();
    LinkedBlockingQueue<SocketChannel> accepted = new LinkedBlockingQueue<>();
    AtomicReference<LoopAcceptor> acceptor = new AtomicReference<>();
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress("127.0.0.1", 0));
      acceptor.set(new LoopAcceptor(listener, loop, channel -> {
        accepted.add(channel);
        if (accepted.size() == 1) acceptor.get().forceClose(); // on the loop's thread, as after a failure
      }));
      acceptor.get().start();
      try (Socket first = new Socket("127.0.0.1", listener.socket().getLocalPort())) {
        assertThat(accepted.poll(10, TimeUnit.SECONDS)).isNotNull();
        try (Socket second = new Socket("127.0.0.1", listener.socket().getLocalPort())) {
          // Paused: the second waits in the backlog; the selector does not spin on it.
          assertThat(accepted.poll(300, TimeUnit.MILLISECONDS)).isNull();
          acceptor.get().resumeIfDue(System.nanoTime()); // the reaper's next tick
          assertThat(accepted.poll(10, TimeUnit.SECONDS)).isNotNull();
        }
      }
    } finally {
      for (SocketChannel c : accepted) c.close();
      loop.stop();
    }
  }

  /** The live threads whose names end with the server's port (its loops, reaper, watchdog). */
  private static List<Thread> serverThreads(int port) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().matches("courier-.*-" + port + "(-\\d+)?(\\.\\d+)?")).toList();
  }
}

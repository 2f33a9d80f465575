package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The selector-driven read path: connections between requests wait on a {@link ReadyLoop}
 * without a thread, and a thread runs only while a request is served. Every case runs with the
 * loop parsing heads itself, and again in {@link ReadyLoopDispatchTest} with the loop only dispatching.
 */
class ReadyLoopTest {
  static final Handler ECHO = r -> ServerResponse.ok(r.method() + " " + r.path() + " " + new String(r.body().readAllBytes(), StandardCharsets.UTF_8));

  HttpServer server;
  /** Counts the exchanges' threads: each release is a thread that ended (parked its connection or closed it). */
  final Semaphore ended = new Semaphore(0);
  final AtomicInteger started = new AtomicInteger();
  final AtomicInteger running = new AtomicInteger();

  final Executor counting = task -> Thread.ofVirtual().start(() -> {
    started.incrementAndGet();
    running.incrementAndGet();
    try {
      task.run();
    } finally {
      running.decrementAndGet();
      ended.release();
    }
  });

  @AfterEach
  void stop() {
    if (server != null) server.stop(Duration.ofSeconds(1));
  }

  /** The path under test: the loop parses heads; {@link ReadyLoopDispatchTest} has it only dispatch. */
  HttpServer.ReadPath path() {
    return HttpServer.ReadPath.SELECTOR;
  }

  HttpServer start(HttpServer.Builder builder) throws IOException {
    server = builder.bind("127.0.0.1").port(0).executor(counting).readPath(path()).start();
    return server;
  }

  @Test
  void anIdleConnectionIsParkedWithoutAThreadThenResumed() throws Exception {
    start(HttpServer.builder().handler(ECHO));
    try (Raw raw = new Raw(server.port())) {
      assertThat(raw.send("GET /one HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).endsWith("GET /one ");
      ended.acquire(); // the thread that served it has ended: the connection waits on the loop
      assertThat(running.get()).isZero();
      assertThat(server.connectionCount()).isEqualTo(1);
      assertThat(raw.send("GET /two HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).endsWith("GET /two ");
      assertThat(started.get()).isEqualTo(2); // a new thread took the same connection
    }
  }

  @Test
  void manyIdleConnectionsHoldNoThreads() throws Exception {
    start(HttpServer.builder().handler(ECHO));
    int count = 200;
    List<Raw> clients = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        Raw raw = new Raw(server.port());
        clients.add(raw);
        raw.send("GET /a" + i + " HTTP/1.1\r\nHost: a\r\n\r\n");
      }
      for (int i = 0; i < count; i++) assertThat(clients.get(i).readResponse()).endsWith("GET /a" + i + " ");
      ended.acquire(count);
      assertThat(running.get()).isZero();
      assertThat(server.connectionCount()).isEqualTo(count);
      for (int i = 0; i < count; i++) clients.get(i).send("GET /b" + i + " HTTP/1.1\r\nHost: a\r\n\r\n");
      for (int i = 0; i < count; i++) assertThat(clients.get(i).readResponse()).endsWith("GET /b" + i + " ");
    } finally {
      for (Raw raw : clients) raw.close();
    }
  }

  @Test
  void aParkedIdleConnectionTimesOutQuietly() throws Exception {
    start(HttpServer.builder().handler(ECHO).idleTimeout(Duration.ofMillis(300)));
    try (Raw raw = new Raw(server.port())) {
      assertThat(raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).startsWith("HTTP/1.1 200");
      assertThat(raw.readAll()).isEmpty(); // closed without a word
    }
  }

  @Test
  void aPartialHeadParkedOnTheLoopIsAnswered408() throws Exception {
    start(HttpServer.builder().handler(ECHO).headTimeout(Duration.ofMillis(400)));
    try (Raw raw = new Raw(server.port())) {
      assertThat(raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).startsWith("HTTP/1.1 200");
      raw.send("GET /slow HTTP/1.1\r\nHo");
      assertThat(raw.readAll()).startsWith("HTTP/1.1 408");
    }
    ended.acquire(started.get()); // every thread that served it has ended
    assertThat(server.connectionCount()).isZero();
  }

  @Test
  void stopClosesParkedConnectionsAtOnce() throws Exception {
    start(HttpServer.builder().handler(ECHO));
    List<Raw> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        Raw raw = new Raw(server.port());
        clients.add(raw);
        assertThat(raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).startsWith("HTTP/1.1 200");
      }
      Raw fresh = new Raw(server.port()); // accepted, never spoke: parked too
      clients.add(fresh);
      assertThat(server.stop(Duration.ofSeconds(10))).isTrue();
      assertThat(server.connectionCount()).isZero();
      for (Raw raw : clients) assertThat(raw.isClosedByServer()).isTrue();
      server = null;
    } finally {
      for (Raw raw : clients) raw.close();
    }
  }

  @Test
  void aRequestTrickledByteByByteOntoAParkedConnection() throws Exception {
    start(HttpServer.builder().handler(ECHO));
    try (Raw raw = new Raw(server.port())) {
      raw.socket.setTcpNoDelay(true);
      assertThat(raw.send("GET /first HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).endsWith("GET /first ");
      String request = "POST /trickled HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello";
      OutputStream out = raw.socket.getOutputStream();
      for (byte b : request.getBytes(StandardCharsets.US_ASCII)) {
        out.write(b);
        out.flush();
      }
      assertThat(raw.readResponse()).endsWith("POST /trickled hello");
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    start(HttpServer.builder().handler(ECHO));
    try (Raw raw = new Raw(server.port())) {
      StringBuilder batch = new StringBuilder();
      for (int i = 0; i < 20; i++) batch.append("GET /p").append(i).append(" HTTP/1.1\r\nHost: a\r\n\r\n");
      // the last request split in the middle of its head, sent in a second write
      batch.append("POST /last HTTP/1.1\r\nHost: a\r\nContent-");
      raw.send(batch.toString());
      for (int i = 0; i < 20; i++) assertThat(raw.readResponse()).endsWith("GET /p" + i + " ");
      raw.send("Length: 2\r\n\r\nok");
      assertThat(raw.readResponse()).endsWith("POST /last ok");
    }
  }

  /** Many connections, each sending its next request the moment an answer arrives: none may stall. */
  @Test
  void keepAliveRequestsNeverStall() throws Exception {
    start(HttpServer.builder().handler(ECHO));
    List<Thread> clients = new ArrayList<>();
    List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int c = 0; c < 16; c++) {
      int id = c;
      clients.add(Thread.ofVirtual().start(() -> {
        try (Raw raw = new Raw(server.port())) {
          raw.socket.setTcpNoDelay(true);
          for (int i = 0; i < 300; i++) {
            String answer = raw.send("GET /k" + id + "-" + i + " HTTP/1.1\r\nHost: a\r\n\r\n").readResponse();
            if (!answer.endsWith("GET /k" + id + "-" + i + " ")) errors.add(answer);
          }
        } catch (IOException e) {
          errors.add(id + ": " + e); // a stalled connection ends in Raw's read timeout
        }
      }));
    }
    for (Thread t : clients) t.join();
    assertThat(errors).isEmpty();
  }

  @Test
  void aBodyThatArrivesLaterParksTheHandlersThread() throws Exception {
    start(HttpServer.builder().handler(ECHO));
    try (Raw raw = new Raw(server.port())) {
      raw.send("POST /later HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\n\r\n");
      raw.send("abc");
      raw.send("def");
      assertThat(raw.readResponse()).endsWith("POST /later abcdef");
    }
  }
}

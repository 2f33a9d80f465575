package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Handlers declared with {@link Handler#nonBlocking}: the read loop runs them itself for requests
 * without a body, never waits on a socket for them, and hands anything else to a thread.
 */
class NonBlockingHandlerTest {
  static final int BIG = 8 << 20;
  static final byte[] BIG_BODY = new byte[BIG];

  static {
    for (int i = 0; i < BIG; i++) BIG_BODY[i] = (byte) (i * 31 + (i >> 13));
  }

  HttpServer server;
  /** Exchanges handed to a thread (the loop served the others itself). */
  final AtomicInteger handedOver = new AtomicInteger();
  final Semaphore handOvers = new Semaphore(0);
  /** Released when a thread handed the connection back (parked it on the loop) or closed it. */
  final Semaphore threadsDone = new Semaphore(0);
  final Executor counting = task -> Thread.ofVirtual().start(() -> {
    handedOver.incrementAndGet();
    handOvers.release();
    task.run();
    threadsDone.release();
  });

  /**
   * Waits until the thread that served the connection gave it back to the loop: a request sent
   * before that may reach the thread itself, which then serves it (correctly, but not on the loop).
   */
  void awaitThreadDone() throws InterruptedException {
    assertThat(threadsDone.tryAcquire(5, TimeUnit.SECONDS)).as("the thread gave the connection back").isTrue();
  }

  @AfterEach
  void stop() {
    if (server != null) server.stop(Duration.ofSeconds(1));
  }

  /** Answers with the name of the thread it ran on, or as the path asks. */
  static ServerResponse answer(ServerRequest request) throws Exception {
    return switch (request.path()) {
      case "/fail" -> throw new IllegalStateException("broken on purpose");
      case "/error" -> throw new AssertionError("an Error on purpose");
      case "/interrupt" -> throw new InterruptedException("as if a wait were interrupted");
      case "/big" -> ServerResponse.ok(ServerResponseBody.of(BIG_BODY));
      case "/stream" -> ServerResponse.ok(ServerResponseBody.of(new ByteArrayInputStream("streamed".getBytes(StandardCharsets.US_ASCII)), 8));
      case "/close" -> ServerResponse.builder(200).header("Connection", "close").body(ServerResponseBody.of("bye")).build();
      default -> ServerResponse.ok(request.method() + " " + request.path() + " on " + where()
          + (request.method().equals("POST") ? " " + new String(request.body().readAllBytes(), StandardCharsets.US_ASCII) : ""));
    };
  }

  static String where() {
    Thread t = Thread.currentThread();
    return t.isVirtual() ? "virtual" : t.getName().startsWith("courier-read-") ? "loop" : t.getName();
  }

  HttpServer start(Handler handler) throws IOException {
    server = HttpServer.builder().bind("127.0.0.1").port(0).executor(counting).handler(handler)
        .handlersOnLoop(false).readPath(HttpServer.ReadPath.SELECTOR).start();
    return server;
  }

  @Test
  void aNonBlockingHandlerRunsOnTheReadLoopWithoutAHandOver() throws Exception {
    start(Handler.nonBlocking(NonBlockingHandlerTest::answer));
    try (Raw raw = new Raw(server.port())) {
      for (int i = 0; i < 3; i++) {
        assertThat(raw.send("GET /a" + i + " HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).endsWith("GET /a" + i + " on loop");
      }
    }
    assertThat(handedOver.get()).isZero();
  }

  @Test
  void anOrdinaryHandlerStillRunsOnAVirtualThread() throws Exception {
    start(NonBlockingHandlerTest::answer);
    try (Raw raw = new Raw(server.port())) {
      assertThat(raw.send("GET /a HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).endsWith("GET /a on virtual");
    }
    assertThat(handedOver.get()).isEqualTo(1);
  }

  @Test
  void aRequestWithABodyGoesToAThreadAndTheNextComesBackToTheLoop() throws Exception {
    start(Handler.nonBlocking(NonBlockingHandlerTest::answer));
    try (Raw raw = new Raw(server.port())) {
      raw.send("POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\n\r\nabc");
      // the rest of the body comes later: reading it waits, so never on the loop
      assertThat(handOvers.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
      raw.send("def");
      assertThat(raw.readResponse()).endsWith("POST /up on virtual abcdef");
      awaitThreadDone();
      assertThat(raw.send("GET /after HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).endsWith("GET /after on loop");
    }
  }

  @Test
  void aBodyThatCameWithItsHeadIsReadOnTheLoopButOneAwaiting100ContinueIsNot() throws Exception {
    start(Handler.nonBlocking(NonBlockingHandlerTest::answer));
    try (Raw raw = new Raw(server.port())) {
      raw.send("POST /whole HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello");
      assertThat(raw.readResponse()).endsWith("POST /whole on loop hello");
      raw.send("POST /wait HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
      raw.send("later"); // whether or not the 100 went out first, the thread reads it
      assertThat(raw.readResponse()).endsWith("POST /wait on virtual later");
    }
  }

  @Test
  void aThrowingHandlerIsAnswered500AndTheConnectionGoesOn() throws Exception {
    start(Handler.nonBlocking(NonBlockingHandlerTest::answer));
    try (Raw raw = new Raw(server.port())) {
      assertThat(raw.send("GET /fail HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).startsWith("HTTP/1.1 500");
      assertThat(raw.send("GET /ok HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).endsWith("GET /ok on loop");
    }
  }

  @Test
  void anInterruptedHandlerDoesNotLeaveTheLoopInterrupted() throws Exception {
    start(Handler.nonBlocking(NonBlockingHandlerTest::answer));
    try (Raw raw = new Raw(server.port())) {
      raw.send("GET /interrupt HTTP/1.1\r\nHost: a\r\n\r\n");
      assertThat(raw.readAll()).isEmpty(); // the exchange was abandoned, as on a thread
    }
    Thread loop = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("courier-read-" + server.port() + "-0")).findFirst().orElseThrow();
    try (Raw raw = new Raw(server.port())) {
      assertThat(raw.send("GET /next HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).endsWith("GET /next on loop");
    }
    assertThat(loop.isInterrupted()).isFalse();
  }

  @Test
  void anErrorOnTheLoopClosesOnlyItsConnection() throws Exception {
    start(Handler.nonBlocking(NonBlockingHandlerTest::answer));
    try (Raw other = new Raw(server.port()); Raw raw = new Raw(server.port())) {
      assertThat(other.send("GET /first HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).endsWith("on loop");
      raw.send("GET /error HTTP/1.1\r\nHost: a\r\n\r\n");
      assertThat(raw.readAll()).isEmpty();
      assertThat(other.send("GET /second HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).endsWith("GET /second on loop");
    }
  }

  /**
   * 8 MiB answered from memory to a client that does not read yet: the socket takes part of it,
   * the rest goes to a thread, and meanwhile the loop serves other connections. Then it all arrives.
   */
  @Test
  void aLargeAnswerReachesASlowReaderWholeWhileOthersAreServed() throws Exception {
    start(Handler.nonBlocking(NonBlockingHandlerTest::answer));
    try (Raw slow = new Raw(server.port()); Raw other = new Raw(server.port())) {
      slow.send("GET /big HTTP/1.1\r\nHost: a\r\n\r\nGET /next HTTP/1.1\r\nHost: a\r\n\r\n");
      for (int i = 0; i < 50; i++) {
        assertThat(other.send("GET /o" + i + " HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).endsWith("GET /o" + i + " on loop");
      }
      InputStream in = slow.socket.getInputStream();
      String head = readHead(in);
      assertThat(head).startsWith("HTTP/1.1 200").contains("Content-Length: " + BIG);
      byte[] body = in.readNBytes(BIG);
      assertThat(Arrays.equals(body, BIG_BODY)).isTrue();
      assertThat(slow.readResponse()).endsWith("GET /next on virtual"); // the thread that sent the rest served it
      awaitThreadDone();
      assertThat(slow.send("GET /later HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).endsWith("GET /later on loop");
    }
  }

  @Test
  void aPipelinedBatchIsAnsweredInOrderAcrossLoopAndThread() throws Exception {
    start(Handler.nonBlocking(NonBlockingHandlerTest::answer));
    try (Raw raw = new Raw(server.port())) {
      StringBuilder batch = new StringBuilder();
      for (int i = 0; i < 30; i++) batch.append("GET /p").append(i).append(" HTTP/1.1\r\nHost: a\r\n\r\n");
      batch.append("POST /whole HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nok"); // buffered whole: on the loop
      batch.append("POST /body HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n");
      batch.append("HEAD /h HTTP/1.1\r\nHost: a\r\n\r\n");
      batch.append("GET /stream HTTP/1.1\r\nHost: a\r\n\r\n");
      raw.send(batch.toString());
      for (int i = 0; i < 30; i++) assertThat(raw.readResponse()).endsWith("GET /p" + i + " on loop");
      assertThat(raw.readResponse()).endsWith("POST /whole on loop ok");
      assertThat(raw.readResponse()).endsWith("POST /body on virtual ok");
      String head = raw.readHeadOnly();
      assertThat(head).startsWith("HTTP/1.1 200").contains("Content-Length: " + "HEAD /h on virtual".length());
      assertThat(raw.readResponse()).endsWith("\r\n\r\nstreamed");
    }
  }

  @Test
  void aStreamedAnswerIsWrittenByAThread() throws Exception {
    start(Handler.nonBlocking(NonBlockingHandlerTest::answer));
    try (Raw raw = new Raw(server.port())) {
      assertThat(raw.send("GET /stream HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).endsWith("\r\n\r\nstreamed");
      assertThat(handedOver.get()).isEqualTo(1);
      awaitThreadDone();
      assertThat(raw.send("GET /x HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).endsWith("GET /x on loop");
    }
  }

  @Test
  void connectionCloseAndHttp10EndTheConnectionAfterTheAnswer() throws Exception {
    start(Handler.nonBlocking(NonBlockingHandlerTest::answer));
    try (Raw raw = new Raw(server.port())) {
      assertThat(raw.send("GET /a HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").readAll()).endsWith("GET /a on loop");
    }
    try (Raw raw = new Raw(server.port())) {
      assertThat(raw.send("GET /close HTTP/1.1\r\nHost: a\r\n\r\n").readAll()).contains("Connection: close").endsWith("bye");
    }
    try (Raw raw = new Raw(server.port())) {
      assertThat(raw.send("GET /old HTTP/1.0\r\n\r\n").readAll()).contains(" 200 ").endsWith("GET /old on loop");
    }
    assertThat(handedOver.get()).isZero();
    assertThat(SlowReaderTest.allClosed(server, 5)).isTrue();
  }

  @Test
  void aBadHeadIsStillAnswered400() throws Exception {
    start(Handler.nonBlocking(NonBlockingHandlerTest::answer));
    try (Raw raw = new Raw(server.port())) {
      assertThat(raw.send("GET /a HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n").readAll()).startsWith("HTTP/1.1 400");
    }
  }

  @Test
  void aHeadTrickledAfterALoopServedRequestIsCutAtItsDeadlineNotRenewedByEachPiece() throws Exception {
    server = HttpServer.builder().bind("127.0.0.1").port(0).executor(counting).headTimeout(Duration.ofMillis(500))
        .handler(Handler.nonBlocking(NonBlockingHandlerTest::answer)).readPath(HttpServer.ReadPath.SELECTOR).start();
    try (Raw raw = new Raw(server.port())) {
      raw.socket.setTcpNoDelay(true);
      assertThat(raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).endsWith("on loop");
      raw.send("GET /slow HTTP/1.1\r\n");
      // Each piece is a read on the loop that leaves the head unfinished; the deadline runs from
      // the first piece, so the 408 comes while the pieces still come (the trickle would last 8 s).
      int pieces = 0;
      while (pieces < 80 && raw.socket.getInputStream().available() == 0) {
        Thread.sleep(100); // pacing the client, not waiting for the server
        try {
          raw.send("X-a: b\r\n");
        } catch (IOException e) {
          break;
        }
        pieces++;
      }
      assertThat(pieces).isLessThan(80);
      assertThat(raw.readAll()).startsWith("HTTP/1.1 408");
    }
    assertThat(handedOver.get()).isEqualTo(1); // only the 408, written by a thread
  }

  @Test
  void anIdleConnectionServedOnTheLoopStillTimesOut() throws Exception {
    server = HttpServer.builder().bind("127.0.0.1").port(0).executor(counting).idleTimeout(Duration.ofMillis(300))
        .handler(Handler.nonBlocking(NonBlockingHandlerTest::answer)).readPath(HttpServer.ReadPath.SELECTOR).start();
    try (Raw raw = new Raw(server.port())) {
      assertThat(raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).endsWith("on loop");
      assertThat(raw.readAll()).isEmpty(); // closed without a word
    }
    assertThat(SlowReaderTest.allClosed(server, 5)).isTrue();
  }

  @Test
  void onTheBlockingPathTheHandlerRunsOnTheConnectionsThread() throws Exception {
    server = HttpServer.builder().bind("127.0.0.1").port(0).handler(Handler.nonBlocking(NonBlockingHandlerTest::answer))
        .readPath(HttpServer.ReadPath.BLOCKING).start();
    try (Raw raw = new Raw(server.port())) {
      assertThat(raw.send("GET /a HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).endsWith("GET /a on virtual");
    }
  }

  /**
   * Many connections moving between the loop and threads (every third request has a body that
   * arrives after its head), each sending its next request the moment an answer arrives: none may
   * stall or get another's answer.
   */
  @Test
  void connectionsMovingBetweenLoopAndThreadsNeverStall() throws Exception {
    start(Handler.nonBlocking(NonBlockingHandlerTest::answer));
    List<Thread> clients = new ArrayList<>();
    List<String> errors = new CopyOnWriteArrayList<>();
    for (int c = 0; c < 16; c++) {
      int id = c;
      clients.add(Thread.ofVirtual().start(() -> {
        try (Raw raw = new Raw(server.port())) {
          raw.socket.setTcpNoDelay(true);
          for (int i = 0; i < 200; i++) {
            String path = "/k" + id + "-" + i;
            String answer = i % 3 == 0
                ? raw.send("POST " + path + " HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n").send("ok").readResponse()
                : raw.send("GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n").readResponse();
            if (!answer.contains("T " + path + " on ")) errors.add(answer);
          }
        } catch (IOException e) {
          errors.add(id + ": " + e); // a stalled connection ends in Raw's read timeout
        }
      }));
    }
    for (Thread t : clients) t.join();
    assertThat(errors).isEmpty();
    assertThat(server.stop(Duration.ofSeconds(5))).isTrue();
    assertThat(server.connectionCount()).isZero();
    server = null;
  }

  @Test
  void declaringTwiceWrapsOnceAndNullIsRefused() {
    Handler once = Handler.nonBlocking(NonBlockingHandlerTest::answer);
    assertThat(Handler.nonBlocking(once)).isSameAs(once);
    assertThatThrownBy(() -> Handler.nonBlocking(null)).isInstanceOf(NullPointerException.class);
  }

  static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) throw new IOException("closed after: " + head);
      head.append((char) b);
    }
    return head.toString();
  }
}

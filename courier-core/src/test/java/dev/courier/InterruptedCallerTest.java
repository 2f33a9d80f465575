package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.error.ConnectionException;
import dev.courier.error.CourierException;
import dev.courier.net.TlsSettings;
import dev.courier.server.HttpServer;
import dev.courier.server.ServerResponse;
import dev.courier.server.ServerResponseBody;
import dev.courier.testsupport.TestPki;
import dev.courier.testsupport.Waits;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A caller whose thread is interrupted (a cancelled task, a structured-concurrency scope shutting
 * down its other subtasks) fails alone. The client's sockets are channels', which close under an
 * interrupted thread's I/O; over HTTP/2 one connection carries other callers' streams, which must
 * go on: before the fix, a cancelled caller's RST_STREAM closed the connection and another
 * caller's POST in flight failed with it.
 */
class InterruptedCallerTest {
  private final AtomicInteger posts = new AtomicInteger();
  private final AtomicInteger waits = new AtomicInteger();
  private final CountDownLatch waiting = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch dripStarted = new CountDownLatch(1);
  private final AtomicInteger retries = new AtomicInteger();
  private final CountDownLatch uploadHeld = new CountDownLatch(1);
  private HttpServer server;
  private Session session;
  private String base;

  @BeforeEach
  void start() throws Exception {
    TestPki pki = TestPki.get();
    server = HttpServer.builder().bind("127.0.0.1").port(0).tls(pki.serverPkcs12(), TestPki.PASSWORD.toCharArray())
        .handler(request -> switch (request.path()) {
          case "/post" -> { // the other caller's request, answered once the interrupted caller is done
            posts.incrementAndGet();
            request.bodyBytes();
            Waits.await(release);
            yield ServerResponse.ok("posted");
          }
          case "/wait" -> { // holds its answer until the test has interrupted the caller
            waits.incrementAndGet();
            waiting.countDown();
            Waits.await(release);
            yield ServerResponse.ok("late");
          }
          case "/sink" -> { // takes an upload's head, never its body: the client runs out of credit
            uploadHeld.countDown();
            Waits.await(release);
            yield ServerResponse.ok("sunk");
          }
          case "/drip" -> ServerResponse.ok(ServerResponseBody.writer(out -> {
            out.write("first".getBytes());
            out.flush();
            dripStarted.countDown();
            try {
              Waits.await(release);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            out.write("rest".getBytes());
          }));
          default -> ServerResponse.ok("hi");
        }).start();
    base = "https://localhost:" + server.port();
    session = Session.builder().tls(TlsSettings.builder().trustedCertificates(pki.caCert()).build())
        .httpVersionPolicy(HttpVersionPolicy.HTTP_2_ONLY).maxConnectionsPerRoute(1)
        .retry(Retry.defaults()).hook(new Hook() {
          @Override
          public void onRetry(Request request, int retry, Duration wait, String why) {
            retries.incrementAndGet();
          }
        }).build();
    assertThat(session.get(base + "/").text()).isEqualTo("hi"); // the one shared connection
  }

  @AfterEach
  void stop() {
    release.countDown();
    session.close();
    server.close();
  }

  /** Another caller's POST, in flight on the shared connection until {@link #release}. */
  private CompletableFuture<String> postInFlight() throws InterruptedException {
    CompletableFuture<String> post = CompletableFuture.supplyAsync(
        () -> session.post(base + "/post", Body.text("payload")).text(), r -> Thread.ofPlatform().start(r));
    awaitUntil(() -> posts.get() > 0);
    assertThat(posts.get()).as("the POST reached the server").isEqualTo(1);
    return post;
  }

  /** The other caller's POST completes, and the one connection serves the next request. */
  private void assertTheOtherCallerAndTheConnectionWentOn(CompletableFuture<String> post) throws Exception {
    release.countDown();
    assertThat(post.get(10, TimeUnit.SECONDS)).isEqualTo("posted");
    assertThat(session.get(base + "/").text()).isEqualTo("hi");
    assertThat(server.connectionCount()).as("the connection lived on").isEqualTo(1);
  }

  /**
   * Waits until {@code caller} waits (for its response or the rest of its body), past the write
   * that preceded it: an interrupt that lands inside a write closes the channel whatever the
   * client does (see {@code H2ClientWriter.flush}).
   */
  private static void awaitParked(Thread caller) throws InterruptedException {
    awaitUntil(() -> waits(caller));
    assertThat(caller.getState()).isIn(Thread.State.WAITING, Thread.State.TIMED_WAITING);
  }

  /** Polls {@code condition} for up to 10 s: the caller's own thread state gives no event to wait on. */
  private static void awaitUntil(BooleanSupplier condition) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean() && System.nanoTime() < until) Thread.sleep(1);
  }

  private static boolean waits(Thread thread) {
    Thread.State state = thread.getState();
    return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
  }

  @ParameterizedTest(name = "virtual thread: {0}")
  @ValueSource(booleans = {false, true})
  void aCallerInterruptedWhileWaitingForItsResponseFailsAloneAndIsNotRetried(boolean virtual) throws Exception {
    CompletableFuture<String> post = postInFlight();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
    Thread.Builder kind = virtual ? Thread.ofVirtual() : Thread.ofPlatform();
    Thread caller = kind.start(() -> {
      try {
        session.get(base + "/wait");
      } catch (Throwable t) {
        failure.set(t);
      }
      stillInterrupted.set(Thread.currentThread().isInterrupted());
    });
    assertThat(Waits.await(waiting)).isTrue();
    awaitParked(caller);
    caller.interrupt();
    caller.join(10_000);

    assertThat(failure.get()).isInstanceOf(ConnectionException.class).hasMessageContaining("interrupted");
    assertThat(stillInterrupted.get()).as("the interrupt is left for the caller").isTrue();
    assertTheOtherCallerAndTheConnectionWentOn(post);
    assertThat(retries.get()).as("an interrupted GET is not retried, though the policy retries GETs").isZero();
    assertThat(waits.get()).isEqualTo(1);
  }

  @Test
  void aCallAlreadyInterruptedIsRefusedBeforeAnythingIsSent() throws Exception {
    CompletableFuture<String> post = postInFlight();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread caller = Thread.ofPlatform().start(() -> {
      Thread.currentThread().interrupt();
      try {
        session.get(base + "/wait");
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    caller.join(10_000);

    assertThat(failure.get()).isInstanceOf(ConnectionException.class)
        .hasMessageContaining("interrupted before the request was sent")
        .hasCauseInstanceOf(InterruptedIOException.class);
    assertThat(((CourierException) failure.get()).mayHaveReachedServer()).isFalse();
    assertTheOtherCallerAndTheConnectionWentOn(post);
    assertThat(waits.get()).as("nothing reached the server").isZero();
  }

  @Test
  void aBodyReaderInterruptedMidBodyFailsAloneWhenItClosesTheResponse() throws Exception {
    CompletableFuture<String> post = postInFlight();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread caller = Thread.ofPlatform().start(() -> {
      try (Response r = session.send(Request.get(base + "/drip").stream(true).build());
          InputStream body = r.stream()) {
        body.readNBytes(5);
        body.readAllBytes(); // waits for the rest, interrupted there
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    assertThat(Waits.await(dripStarted)).isTrue();
    awaitParked(caller);
    caller.interrupt();
    caller.join(10_000);

    assertThat(failure.get()).isNotNull();
    assertTheOtherCallerAndTheConnectionWentOn(post);
  }

  @Test
  void anUploaderInterruptedWhileItWaitsForFlowControlCreditFailsAlone() throws Exception {
    CompletableFuture<String> post = postInFlight();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    InputStream endless = new InputStream() { // no length: the server opens no more than its first window
      @Override
      public int read() {
        return 'x';
      }

      @Override
      public int read(byte[] b, int off, int len) {
        java.util.Arrays.fill(b, off, off + len, (byte) 'x');
        return len;
      }
    };
    Thread caller = Thread.ofPlatform().start(() -> {
      try {
        session.post(base + "/sink", Body.of(endless, "application/octet-stream"));
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    assertThat(Waits.await(uploadHeld)).isTrue();
    awaitParked(caller); // the windows are spent: the uploader waits for WINDOW_UPDATE
    caller.interrupt();
    caller.join(10_000);

    assertThat(failure.get()).isInstanceOf(ConnectionException.class).hasMessageContaining("interrupted");
    assertTheOtherCallerAndTheConnectionWentOn(post);
  }

  @Test
  void overHttp11AnInterruptedCallerIsToldSoAndTheSessionGoesOn() throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    try (HttpServer plain = HttpServer.builder().bind("127.0.0.1").port(0).handler(r -> {
          if (r.path().equals("/wait")) {
            held.countDown();
            Waits.await(release);
          }
          return ServerResponse.ok("plain");
        }).start();
        Session http1 = Session.builder().timeout(Duration.ofSeconds(10)).build()) {
      String url = "http://127.0.0.1:" + plain.port() + "/";
      assertThat(http1.get(url).text()).isEqualTo("plain");

      Thread.currentThread().interrupt();
      try {
        assertThatThrownBy(() -> http1.get(url)).isInstanceOf(ConnectionException.class)
            .hasMessageContaining("interrupted before the request was sent");
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
      } finally {
        Thread.interrupted();
      }

      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread caller = Thread.ofPlatform().start(() -> {
        try {
          http1.get(url + "wait");
        } catch (Throwable t) {
          failure.set(t);
        }
      });
      assertThat(Waits.await(held)).isTrue();
      awaitUntil(() -> isReading(caller));
      caller.interrupt(); // blocked in the socket read: the channel closes, the caller is told why
      caller.join(10_000);
      assertThat(failure.get()).isInstanceOf(ConnectionException.class)
          .hasMessageContaining("interrupted while");
      assertThat(http1.get(url).text()).isEqualTo("plain");
    }
  }

  /** Whether {@code thread} is in a socket read (which the JDK reports as RUNNABLE). */
  private static boolean isReading(Thread thread) {
    for (StackTraceElement frame : thread.getStackTrace()) {
      if (frame.getMethodName().contains("read") && frame.getClassName().startsWith("sun.nio.ch")) return true;
    }
    return false;
  }
}

package dev.courier;

import dev.courier.error.DeadlineExceededException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.courier.testsupport.ScriptedServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The total deadline where the watchdog holds no connection to abort: waiting for a pooled
 * connection and connecting (TCP, TLS handshake) are capped by what is left of it. Deadlines are
 * 300 ms while every other limit is 30 s: a call that ends within 10 s was ended by the deadline.
 */
class SessionDeadlineTest {
  private static final Duration DEADLINE = Duration.ofMillis(300);
  private static final Timeouts SLOW = Timeouts.of(Duration.ofSeconds(30), Duration.ofSeconds(30));

  /** The failure of {@code call}, which must end within 10 s. */
  private static Throwable failureWithin10s(Supplier<?> call) throws Exception {
    CompletableFuture<Object> f = CompletableFuture.supplyAsync(call::get,
        r -> Thread.ofVirtual().start(r));
    Throwable t = catchThrowable(() -> f.get(10, TimeUnit.SECONDS));
    assertThat(t).as("the call ended by failing within 10 s").isInstanceOf(java.util.concurrent.ExecutionException.class);
    return t.getCause();
  }

  private static void assertDeadline(Throwable t) {
    assertThat(t).isInstanceOf(DeadlineExceededException.class).hasMessageContaining("total deadline exceeded after 300 ms");
    assertThat(((DeadlineExceededException) t).timeout()).isEqualTo(DEADLINE);
  }

  @Test
  void aTlsHandshakeWithASilentServerEndsAtTheDeadline() throws Exception {
    List<Socket> held = new CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Session s = Session.builder().timeouts(SLOW.withTotal(DEADLINE)).build()) {
      Thread.ofVirtual().start(() -> {
        try {
          while (true) held.add(silent.accept()); // accepted, never answered: the ClientHello waits
        } catch (IOException closed) {
          // the test is over
        }
      });
      Throwable t = failureWithin10s(() -> s.get("https://127.0.0.1:" + silent.getLocalPort() + "/"));
      assertDeadline(t);
    } finally {
      for (Socket socket : held) socket.close();
    }
  }

  @Test
  void aTcpConnectThatNeverCompletesEndsAtTheDeadline() throws Exception {
    List<Socket> fillers = new ArrayList<>();
    try (ServerSocket neverAccepts = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), neverAccepts.getLocalPort());
      boolean full = false;
      for (int i = 0; i < 16 && !full; i++) { // fill the accept backlog: further SYNs go unanswered
        Socket filler = new Socket();
        fillers.add(filler);
        try {
          filler.connect(address, 200);
        } catch (SocketTimeoutException e) {
          full = true;
        }
      }
      Assumptions.assumeTrue(full, "this system answers connects beyond the backlog");
      try (Session s = Session.builder().timeouts(SLOW.withTotal(DEADLINE)).build()) {
        Throwable t = failureWithin10s(() -> s.get("http://127.0.0.1:" + neverAccepts.getLocalPort() + "/"));
        assertDeadline(t);
      }
    } finally {
      for (Socket socket : fillers) socket.close();
    }
  }

  @Test
  void waitingForAnExhaustedPoolEndsAtTheDeadline() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(peer -> {
          peer.readRequest();
          peer.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n12345"); // the rest never comes
          peer.stall(5_000);
        });
        Session s = Session.builder().timeouts(SLOW).maxConnectionsPerRoute(1).build()) {
      String url = "http://127.0.0.1:" + server.port() + "/";
      try (Response holder = s.send(Request.get(url).stream(true).build())) { // holds the only connection
        assertThat(holder.statusCode()).isEqualTo(200);
        Throwable t = failureWithin10s(() -> s.send(Request.get(url).timeouts(SLOW.withTotal(DEADLINE)).build()));
        assertDeadline(t);
        assertThat(t.getCause()).hasMessageContaining("became free");
      }
      assertThat(server.connections()).isEqualTo(1); // the second call never connected
    }
  }

  @Test
  void aStreamBodyWaitsFor100Continue() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    InputStream body = new ByteArrayInputStream("never sent".getBytes(StandardCharsets.US_ASCII)) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        reads.incrementAndGet();
        return super.read(b, off, len);
      }

      @Override
      public synchronized int read() {
        reads.incrementAndGet();
        return super.read();
      }
    };
    try (ScriptedServer server = ScriptedServer.start(peer -> {
          String head = peer.readHead();
          if (!head.contains("Expect: 100-continue")) throw new AssertionError(head);
          peer.write("HTTP/1.1 413 Content Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        });
        Session s = Session.builder().timeouts(SLOW).build()) {
      Response r = s.send(Request.post("http://127.0.0.1:" + server.port() + "/upload")
          .header("Expect", "100-continue")
          .body(Body.of(body, 10, "text/plain"))
          .build());
      assertThat(r.statusCode()).isEqualTo(413);
      assertThat(reads).hasValue(0); // refused before the body: not a byte of it was read
      server.assertScriptsPassed();
    }
  }

  @Test
  void aStreamBodyIsSentAfter100Continue() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(peer -> {
          String head = peer.readHead();
          if (!head.contains("Expect: 100-continue")) throw new AssertionError(head);
          peer.write("HTTP/1.1 100 Continue\r\n\r\n");
          byte[] got = peer.readBytes(5);
          peer.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
          peer.write(got);
        });
        Session s = Session.builder().timeouts(SLOW).build()) {
      Response r = s.send(Request.post("http://127.0.0.1:" + server.port() + "/upload")
          .header("Expect", "100-continue")
          .body(Body.of(new ByteArrayInputStream("hello".getBytes(StandardCharsets.US_ASCII)), 5, "text/plain"))
          .build());
      assertThat(r.text()).isEqualTo("hello");
      server.assertScriptsPassed();
    }
  }
}

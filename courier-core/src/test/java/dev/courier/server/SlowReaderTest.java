package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Clients that read their answers too slowly or not at all: the minimum write rate and pipelining. */
class SlowReaderTest {
  static final int MIB = 1 << 20;
  HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) server.stop(Duration.ofSeconds(1));
  }

  /** A server answering {@code /big} with {@code size} streamed bytes, anything else with 1 KiB. */
  HttpServer start(HttpServer.Builder builder, int size) throws IOException {
    byte[] kib = new byte[1024];
    server = builder.bind("127.0.0.1").port(0).handler(request -> request.path().equals("/big")
        ? ServerResponse.ok(ServerResponseBody.writer(size, out -> {
          byte[] block = new byte[64 * 1024];
          for (int sent = 0; sent < size; sent += block.length) out.write(block);
        }))
        : ServerResponse.ok(ServerResponseBody.of(kib))).start();
    return server;
  }

  /** Waits (polling) until the server has no open connection; false after {@code seconds}. */
  static boolean allClosed(HttpServer server, int seconds) throws InterruptedException {
    for (int i = 0; i < seconds * 20; i++) {
      if (server.connectionCount() == 0) return true;
      Thread.sleep(50);
    }
    return false;
  }

  /** Reads to the end of the stream or a reset; the number of bytes read. */
  static long drain(InputStream in) {
    long total = 0;
    byte[] buf = new byte[64 * 1024];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) total += n;
    } catch (IOException e) {
      // reset by the server: what arrived before counts
    }
    return total;
  }

  @Test
  void aClientThatStopsReadingIsCutByTheMinimumRateLongBeforeTheWriteTimeout() throws Exception {
    // 1 MiB/s over 1 s of blocked writing; the write timeout stays at its 60 s default.
    start(HttpServer.builder().minWriteRate(MIB, Duration.ofSeconds(1)), 256 * MIB);
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.getOutputStream().write("GET /big HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(socket.getInputStream().read()).isEqualTo('H'); // the answer has begun
      // Then the client reads nothing: the kernel buffers fill, the server blocks, then closes. Well
      // under the 60 s write timeout (the first window is credited with the buffers' megabytes).
      assertThat(allClosed(server, 30)).as("closed by the minimum write rate").isTrue();
      long got = drain(socket.getInputStream());
      assertThat(got).isGreaterThan(0).isLessThan(256L * MIB - 1);
    }
  }

  @Test
  void aClientReadingAtOnceGetsTheWholeBodyUnderTheSameMinimum() throws Exception {
    start(HttpServer.builder().minWriteRate(MIB, Duration.ofSeconds(1)), 32 * MIB);
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.getOutputStream().write(
          "GET /big HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      long got = drain(socket.getInputStream());
      assertThat(got).isGreaterThan(32L * MIB); // the head and the whole body
    }
  }

  @Test
  void aClientPipeliningWithoutReadingIsStoppedThenCut() throws Exception {
    AtomicInteger answered = new AtomicInteger();
    byte[] kib = new byte[1024];
    server = HttpServer.builder().bind("127.0.0.1").port(0).minWriteRate(MIB, Duration.ofSeconds(1))
        .handler(request -> {
          answered.incrementAndGet();
          return ServerResponse.ok(ServerResponseBody.of(kib));
        }).start();
    byte[] request = "GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    int requests = 64 * MIB / request.length;
    byte[] batch = new byte[request.length * 1024];
    for (int i = 0; i < 1024; i++) System.arraycopy(request, 0, batch, i * request.length, request.length);
    AtomicReference<IOException> writeFailure = new AtomicReference<>();
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      Thread writer = Thread.ofVirtual().start(() -> {
        try {
          OutputStream out = socket.getOutputStream();
          for (int sent = 0; sent < requests; sent += 1024) out.write(batch);
        } catch (IOException e) {
          writeFailure.set(e);
        }
      });
      while (answered.get() == 0) Thread.onSpinWait(); // the connection is open and served
      // The client never reads: the server answers until the kernel buffers are full, stops
      // reading while its write blocks, and closes when the minimum rate is missed.
      assertThat(allClosed(server, 30)).as("closed by the minimum write rate").isTrue();
      writer.join(Duration.ofSeconds(30));
      assertThat(writeFailure.get()).as("the client learns of the close when it writes").isNotNull();
      // 64 MiB of requests, 1 KiB answers: the server read only what the buffers let it answer.
      assertThat(answered.get()).isLessThan(requests / 8);
    }
  }

  @Test
  void aPipelinedAnswerIsSentBeforeTheServerWaitsForTheRestOfTheNextRequest() throws Exception {
    start(HttpServer.builder().headTimeout(Duration.ofSeconds(30)), 0);
    try (Raw raw = new Raw(server.port())) {
      // The first request whole, the second in part: the first answer must not wait for the rest.
      raw.send("GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHo");
      assertThat(raw.readResponse()).startsWith("HTTP/1.1 200");
      raw.send("st: a\r\n\r\n");
      assertThat(raw.readResponse()).startsWith("HTTP/1.1 200");
    }
  }
}

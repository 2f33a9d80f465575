package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.testsupport.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files below the sendfile threshold ({@link SocketOutput#copiesRegion}) are read and written by
 * the read loop itself, with no hand-off; larger ones go to a thread. Each test checks the bytes a
 * client receives, the same either way, and where it matters which way the answer went: the
 * server runs its hand-offs on a counting executor, so an answer written on the loop counts none.
 */
class FilesOnLoopTest {
  @TempDir Path root;
  HttpServer server;
  final AtomicInteger handOffs = new AtomicInteger();
  final Executor counting = task -> {
    handOffs.incrementAndGet();
    Thread.ofVirtual().start(task);
  };

  /** Sizes around the threshold, and one far above it. */
  static final int SMALL = 7_600;
  static final int JUST_BELOW = SocketOutput.ZERO_COPY_THRESHOLD - 1;
  static final int AT = SocketOutput.ZERO_COPY_THRESHOLD;
  static final int LARGE = 1 << 20;

  @BeforeEach
  void writeFiles() throws IOException {
    for (int size : new int[] {0, 1, SMALL, 17 * 1024, JUST_BELOW, AT, LARGE}) {
      Files.write(root.resolve(size + ".bin"), content(size));
    }
  }

  @AfterEach
  void stop() {
    if (server != null) server.stop(Duration.ofSeconds(1));
  }

  static byte[] content(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  HttpServer.Builder files() {
    return HttpServer.builder().bind("127.0.0.1").port(0).handler(FileHandler.of(root)).readLoops(1)
        .executor(counting).handlersOnLoop(true).readPath(HttpServer.ReadPath.SELECTOR);
  }

  @Test
  void aFileBelowTheThresholdIsWrittenByTheLoopWithoutAHandOff() throws Exception {
    server = files().start();
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      Client client = new Client(socket);
      for (int size : new int[] {0, 1, SMALL, 17 * 1024, JUST_BELOW}) {
        client.send("GET /" + size + ".bin HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(client.body(200)).isEqualTo(content(size));
      }
    }
    assertThat(handOffs).hasValue(0);
  }

  @Test
  void aFileAtTheThresholdGoesToAThreadAndArrivesWhole() throws Exception {
    server = files().start();
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      Client client = new Client(socket);
      for (int size : new int[] {AT, LARGE}) {
        client.send("GET /" + size + ".bin HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(client.body(200)).isEqualTo(content(size));
      }
    }
    assertThat(handOffs.get()).isPositive();
  }

  @Test
  void pipelinedRequestsForFilesOfEverySizeAreAnsweredInOrder() throws Exception {
    server = files().start();
    int[] sizes = {SMALL, LARGE, 1, JUST_BELOW, 0, AT, SMALL, 17 * 1024, JUST_BELOW, SMALL};
    StringBuilder requests = new StringBuilder();
    for (int size : sizes) requests.append("GET /").append(size).append(".bin HTTP/1.1\r\nHost: a\r\n\r\n");
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      Client client = new Client(socket);
      client.send(requests.toString());
      for (int size : sizes) assertThat(client.body(200)).as("%d bytes", size).isEqualTo(content(size));
    }
  }

  @Test
  void aClientThatReadsNothingForAWhileStillGetsEveryAnswerWholeAndInOrder() throws Exception {
    // Far more than the socket buffers hold (about 14 MiB): the loop keeps what the socket does
    // not take, and a thread sends it when the client reads again. The buffers are the system's
    // own: a tiny receive buffer on loopback (whose segments are 64 KiB) leaves the window shut
    // until TCP's persist timer probes it, with backoff, which the test would wait for instead.
    server = files().start();
    int count = 400;
    StringBuilder requests = new StringBuilder();
    for (int i = 0; i < count; i++) {
      requests.append("GET /").append(i % 2 == 0 ? JUST_BELOW : SMALL).append(".bin HTTP/1.1\r\nHost: a\r\n\r\n");
    }
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      Client client = new Client(socket);
      client.send(requests.toString());
      Thread.sleep(200); // the client's pace: it reads nothing for a while
      for (int i = 0; i < count; i++) {
        assertThat(client.body(200)).as("answer %d", i).isEqualTo(content(i % 2 == 0 ? JUST_BELOW : SMALL));
      }
    }
    assertThat(handOffs.get()).isPositive();
  }

  @Test
  void aRangeOfASmallFileIsAnsweredOnTheLoop() throws Exception {
    server = files().start();
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      Client client = new Client(socket);
      client.send("GET /" + SMALL + ".bin HTTP/1.1\r\nHost: a\r\nRange: bytes=100-1099\r\n\r\n");
      assertThat(client.body(206)).isEqualTo(Arrays.copyOfRange(content(SMALL), 100, 1100));
    }
    assertThat(handOffs).hasValue(0);
  }

  @Test
  void overTlsASmallFileIsWrittenByTheLoopAndALargeOneByAThread() throws Exception {
    TestPki pki = TestPki.get();
    server = files().tls(pki.serverCert(), pki.serverKey()).start();
    try (Raw raw = Raw.overTls(server.port())) {
      Client client = new Client(raw.socket);
      client.send("GET /" + JUST_BELOW + ".bin HTTP/1.1\r\nHost: a\r\n\r\n");
      assertThat(client.body(200)).isEqualTo(content(JUST_BELOW));
      int afterSmall = handOffs.get(); // the handshake's own hand-off, if any
      client.send("GET /" + SMALL + ".bin HTTP/1.1\r\nHost: a\r\n\r\n");
      assertThat(client.body(200)).isEqualTo(content(SMALL));
      assertThat(handOffs).hasValue(afterSmall);
      client.send("GET /" + LARGE + ".bin HTTP/1.1\r\nHost: a\r\n\r\n");
      assertThat(client.body(200)).isEqualTo(content(LARGE));
      assertThat(handOffs.get()).isGreaterThan(afterSmall);
    }
  }

  /** A client that reads answers as bytes: status, head, and a Content-Length body. */
  static final class Client {
    final Socket socket;
    final DataInputStream in;

    Client(Socket socket) throws IOException {
      this.socket = socket;
      socket.setSoTimeout(10_000);
      this.in = new DataInputStream(socket.getInputStream());
    }

    void send(String text) throws IOException {
      socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
    }

    /** The next answer's body, after checking its status. */
    byte[] body(int status) throws IOException {
      String head = head(in);
      assertThat(head).startsWith("HTTP/1.1 " + status + " ");
      String lower = head.toLowerCase(Locale.ROOT);
      int at = lower.indexOf("\r\ncontent-length: ");
      assertThat(at).as("Content-Length in %s", head).isPositive();
      int length = Integer.parseInt(head.substring(at + 18, head.indexOf("\r\n", at + 2)).trim());
      byte[] body = new byte[length];
      in.readFully(body);
      return body;
    }

    private static String head(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) throw new IOException("closed after: " + head);
        head.write(b);
        matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
      }
      return head.toString(StandardCharsets.ISO_8859_1);
    }
  }
}

package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Large bodies against clients that read slowly or not at all (issue 16, rows 2 and 3). */
class SocketOutputTest {
  static final int SIZE = 8 << 20;
  @TempDir Path dir;
  HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) server.stop(Duration.ofSeconds(1));
  }

  Path bigFile(int size) throws IOException {
    byte[] bytes = new byte[size];
    new Random(16).nextBytes(bytes);
    return Files.write(dir.resolve("big.bin"), bytes);
  }

  static Handler serving(Path file, CountDownLatch answered) {
    return r -> {
      FileChannel channel = FileChannel.open(file);
      ServerResponse response = ServerResponse.ok(ServerResponseBody.file(channel, 0, channel.size()));
      answered.countDown();
      return response;
    };
  }

  /** A client socket with a small receive window, so the server's writes block when it does not read. */
  Socket connect(int receiveBuffer) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(receiveBuffer);
    socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
    socket.setSoTimeout(20_000);
    socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    return socket;
  }

  /** Reads one response head and returns how many body bytes follow it, reading {@code step} at a time. */
  static long readBody(Socket socket, long size, int step, long pauseMillis) throws IOException, InterruptedException {
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) throw new IOException("closed in the head: " + head);
      head.append((char) b);
    }
    assertThat(head.toString()).startsWith("HTTP/1.1 200").contains("Content-Length: " + size);
    byte[] buf = new byte[step];
    long total = 0;
    while (total < size) {
      int n = in.read(buf, 0, (int) Math.min(step, size - total));
      if (n < 0) break;
      total += n;
      if (pauseMillis > 0) Thread.sleep(pauseMillis); // the client's pace, not synchronisation
    }
    return total;
  }

  @Test
  void clientsThatNeverReadDoNotDelayAnotherClientsDownload() throws Exception {
    Path file = bigFile(SIZE);
    int idle = 80; // more than the 64 shared sendfile threads there once were
    CountDownLatch answered = new CountDownLatch(idle);
    server = HttpServer.builder().bind("127.0.0.1").port(0).handler(serving(file, answered))
        .writeTimeout(Duration.ofMinutes(5)).start();
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < idle; i++) stalled.add(connect(4096));
      assertThat(answered.await(60, TimeUnit.SECONDS)).isTrue();
      try (Socket reader = connect(4096)) {
        assertThat(readBody(reader, SIZE, 64 * 1024, 0)).isEqualTo(SIZE);
        // downloaded while every client that never reads still holds its connection
        assertThat(server.connectionCount()).isEqualTo(idle + 1);
      }
    } finally {
      for (Socket s : stalled) s.close();
    }
  }

  @Test
  void aSlowButSteadyReaderGetsTheWholeBodyPastTheWriteTimeout() throws Exception {
    int size = 16 << 20;
    Path file = bigFile(size);
    byte[] bytes = Files.readAllBytes(file);
    for (Handler handler : new Handler[] {
        serving(file, new CountDownLatch(1)), r -> ServerResponse.ok(ServerResponseBody.of(bytes))}) {
      // 16 MiB at 64 KiB per 10 ms or slower: a few write timeouts in all, yet no write stalls.
      // (The kernel wakes a blocked writer when a third of its send buffer, up to 4 MiB, is free:
      // the timeout must be longer than the reader takes for that.)
      server = HttpServer.builder().bind("127.0.0.1").port(0).handler(handler)
          .writeTimeout(Duration.ofSeconds(1)).start();
      try (Socket reader = connect(64 * 1024)) {
        assertThat(readBody(reader, size, 64 * 1024, 10)).isEqualTo(size);
      }
      server.stop(Duration.ofSeconds(1));
    }
  }

  /** Reads one response from {@code in}: its head, then exactly Content-Length body bytes. */
  static byte[] readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) throw new IOException("closed in the head: " + head);
      head.append((char) b);
    }
    assertThat(head.toString()).startsWith("HTTP/1.1 200");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("Content-Length: (\\d+)").matcher(head);
    assertThat(m.find()).as(head.toString()).isTrue();
    return in.readNBytes(Integer.parseInt(m.group(1)));
  }

  @Test
  void filesOfEverySizeAroundTheBufferAndTheFirstSegmentArriveWholeAndInOrder() throws Exception {
    // Sizes about the connection's 16 KiB buffer, the 64 KiB segment that carries the head and the
    // file's first bytes, and the sendfile threshold; pipelined on one connection, so answers that
    // stay buffered and answers written at once must still leave in order.
    int[] sizes = {0, 1, 16 * 1024 - 300, 16 * 1024, 16 * 1024 + 1, 48 * 1024, 64 * 1024 - 200, 64 * 1024,
        64 * 1024 + 1, 128 * 1024 + 3, (1 << 20) + 7};
    Random random = new Random(7);
    byte[][] contents = new byte[sizes.length][];
    for (int i = 0; i < sizes.length; i++) {
      contents[i] = new byte[sizes[i]];
      random.nextBytes(contents[i]);
      Files.write(dir.resolve("f" + i + ".bin"), contents[i]);
    }
    server = HttpServer.builder().bind("127.0.0.1").port(0).handler(FileHandler.of(dir)).start();
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(20_000);
      StringBuilder requests = new StringBuilder();
      for (int i = 0; i < sizes.length; i++) requests.append("GET /f").append(i).append(".bin HTTP/1.1\r\nHost: a\r\n\r\n");
      socket.getOutputStream().write(requests.toString().getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      for (int i = 0; i < sizes.length; i++) {
        assertThat(java.util.Arrays.equals(readResponse(in), contents[i])).as("file of %d bytes", sizes[i]).isTrue();
      }
    }
  }

  @Test
  void keptFilesAndArraysOfEverySizeArriveWholeAndInOrderToAClientThatReadsLate() throws Exception {
    // The same sizes as files a FileHandler may keep in memory (settled a year ago) and as arrays
    // a handler answers, around the buffer, the kept size and the sendfile threshold. The client
    // reads nothing until every request was sent.
    int[] sizes = {0, 1, 16 * 1024, 16 * 1024 + 1, 17 * 1024 - 300, 17 * 1024, 17 * 1024 + 1, 48 * 1024, 64 * 1024 - 200, 64 * 1024 - 1,
        64 * 1024, 128 * 1024 + 3};
    Random random = new Random(9);
    byte[][] contents = new byte[sizes.length][];
    Path files = Files.createDirectory(dir.resolve("kept"));
    for (int i = 0; i < sizes.length; i++) {
      contents[i] = new byte[sizes[i]];
      random.nextBytes(contents[i]);
      Files.setLastModifiedTime(Files.write(files.resolve("f" + i + ".bin"), contents[i]),
          java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(Duration.ofDays(365))));
    }
    FileHandler fileHandler = FileHandler.of(files);
    Handler handler = request -> request.path().startsWith("/array/")
        ? ServerResponse.ok(ServerResponseBody.of(contents[Integer.parseInt(request.path().substring(7))]))
        : fileHandler.handle(request);
    server = HttpServer.builder().bind("127.0.0.1").port(0).handler(handler).start();
    StringBuilder requests = new StringBuilder();
    for (int round = 0; round < 2; round++) { // the second round answers files from kept bytes
      for (int i = 0; i < sizes.length; i++) {
        requests.append("GET /f").append(i).append(".bin HTTP/1.1\r\nHost: a\r\n\r\n");
        requests.append("GET /array/").append(i).append(" HTTP/1.1\r\nHost: a\r\n\r\n");
      }
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(requests.toString().getBytes(StandardCharsets.US_ASCII));
      Thread.sleep(100); // the client's pace: it reads nothing for a while
      InputStream in = socket.getInputStream();
      for (int round = 0; round < 2; round++) {
        for (int i = 0; i < sizes.length; i++) {
          assertThat(java.util.Arrays.equals(readResponse(in), contents[i])).as("file of %d bytes", sizes[i]).isTrue();
          assertThat(java.util.Arrays.equals(readResponse(in), contents[i])).as("array of %d bytes", sizes[i]).isTrue();
        }
      }
    }
    // Kept: the files of up to 16 KiB, but for one that shares a slot with another (the paths' hashes decide).
    assertThat(fileHandler.keptBytes()).isPositive()
        .isLessThanOrEqualTo(java.util.Arrays.stream(sizes).filter(n -> n <= FileFacts.MAX_KEPT_BYTES).sum());
  }

  @Test
  void pipelinedFilesToAClientThatReadsOnlyLaterArriveWhole() throws Exception {
    // The client asks for several files at once and reads nothing until the server has answered
    // the first: the send buffer fills, so later heads meet a socket that takes part or nothing.
    int size = 300 * 1024 + 11;
    Path file = bigFile(size);
    byte[] bytes = Files.readAllBytes(file);
    CountDownLatch answered = new CountDownLatch(1);
    server = HttpServer.builder().bind("127.0.0.1").port(0).handler(serving(file, answered)).start();
    try (Socket socket = connect(4096)) {
      socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: a\r\n\r\n".repeat(3).getBytes(StandardCharsets.US_ASCII));
      assertThat(answered.await(20, TimeUnit.SECONDS)).isTrue();
      InputStream in = socket.getInputStream();
      for (int i = 0; i < 4; i++) assertThat(java.util.Arrays.equals(readResponse(in), bytes)).as("response %d", i).isTrue();
    }
  }
}

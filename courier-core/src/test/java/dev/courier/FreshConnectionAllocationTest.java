package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.testsupport.Allocations;
import dev.courier.testsupport.TestBytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a connection used for one exchange costs the caller's thread, from the JVM's own count of
 * its allocations (no timing), against a server that closes every connection after its answer:
 * the read and write buffers start small and grow only when a read or a request needs more.
 */
class FreshConnectionAllocationTest {
  private static final byte[] SMALL = "{\"id\":1,\"name\":\"a small answer\"}".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] LARGE = TestBytes.random(40_000, 7);

  private ServerSocket listener;
  private Thread server;

  @BeforeEach
  void start() throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    server = Thread.ofPlatform().daemon().start(this::serveAndClose);
  }

  @AfterEach
  void stop() throws Exception {
    listener.close();
    server.join(5000);
  }

  @Test
  void aConnectionUsedOnceAllocatesNoFullSizeBuffers() {
    try (Session session = Session.create()) {
      String url = "http://127.0.0.1:" + listener.getLocalPort() + "/small";
      long least = Long.MAX_VALUE;
      for (int i = 0; i < 300; i++) {
        long before = Allocations.currentThread();
        byte[] body = session.get(url).bytes();
        long after = Allocations.currentThread();
        assertThat(body).isEqualTo(SMALL);
        least = Math.min(least, after - before);
      }
      // Socket, codec and exchange objects, a 4 KiB read buffer and a 1 KiB write buffer: about 12 KB.
      // It was 31 KB, with a 16 KiB read buffer and an 8 KiB write buffer for each new connection.
      assertThat(least).isLessThan(14 * 1024);
    }
  }

  @Test
  void aLargerAnswerOnAFreshConnectionGrowsTheReadBufferAndArrivesWhole() {
    try (Session session = Session.create()) {
      String url = "http://127.0.0.1:" + listener.getLocalPort() + "/large";
      for (int i = 0; i < 20; i++) assertThat(session.get(url).bytes()).isEqualTo(LARGE);
    }
  }

  /** Answers each connection's one request with Connection: close, then closes it. */
  private void serveAndClose() {
    while (!listener.isClosed()) {
      try (Socket socket = listener.accept()) {
        String target = readHead(socket.getInputStream());
        byte[] body = target.startsWith("GET /large ") ? LARGE : SMALL;
        OutputStream out = socket.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
      } catch (IOException e) {
        // closed by stop(), or the client went away
      }
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    for (int b; matched < 4 && (b = in.read()) >= 0; ) {
      head.write(b);
      matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
    }
    return head.toString(StandardCharsets.US_ASCII);
  }
}

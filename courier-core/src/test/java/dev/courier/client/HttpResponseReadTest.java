package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.net.ConnectOptions;
import dev.courier.testsupport.ScriptedServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reads of every size give the same body, whatever the framing and however the server's bytes
 * are split into packets, and never read past the end of the message (CPython's test_httplib
 * checks the same for sizes 1 to 11).
 */
class HttpResponseReadTest {
  private static final String BODY = "The quick brown fox jumps over the lazy dog; 0123456789.".repeat(20);

  private static String chunked(String body, int chunk) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < body.length(); i += chunk) {
      String piece = body.substring(i, Math.min(body.length(), i + chunk));
      out.append(Integer.toHexString(piece.length())).append(";x=y\r\n").append(piece).append("\r\n");
    }
    return out.append("0\r\n\r\n").toString();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 4096})
  void everyReadSizeGivesTheSameBody(int readSize) throws Exception {
    String fixed = "HTTP/1.1 200 OK\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + BODY;
    String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(BODY, 37);
    Random random = new Random(readSize);
    try (ScriptedServer server = ScriptedServer.start(peer -> {
      int n = 0;
      while (peer.readRequest() != null) {
        byte[] bytes = (n++ % 2 == 0 ? fixed : chunked).getBytes(StandardCharsets.ISO_8859_1);
        // dribble the response in random fragments
        int at = 0;
        while (at < bytes.length) {
          int size = 1 + random.nextInt(300);
          int end = Math.min(bytes.length, at + size);
          peer.write(java.util.Arrays.copyOfRange(bytes, at, end));
          at = end;
        }
      }
    })) {
      var c = new HttpConnection("127.0.0.1", server.port(), ConnectOptions.defaults()
          .withReadTimeout(Duration.ofSeconds(5)));
      for (int round = 0; round < 4; round++) {
        c.request("GET", "/" + round);
        var r = c.getResponse();
        ByteArrayOutputStream collected = new ByteArrayOutputStream();
        if (round == 3) {
          byte[] piece;
          while ((piece = r.read(readSize)).length > 0) {
            collected.writeBytes(piece);
          }
        } else {
          byte[] buffer = new byte[readSize];
          int n;
          while ((n = r.readInto(buffer)) > 0) {
            collected.write(buffer, 0, n);
          }
        }
        assertThat(collected.toString(StandardCharsets.ISO_8859_1)).isEqualTo(BODY);
        assertThat(r.isClosed()).isTrue();
      }
      assertThat(server.connections()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 1119, 1120, 1121, 100_000})
  void readNBytesOfTheStreamGivesTheBodyUpToTheCountAndKeepsTheConnection(int count) throws Exception {
    // 1120 is BODY's length: the stream may hand over the codec's array whole when asked for at
    // least that much before any byte was read; fewer gives a prefix, and what is left still reads.
    String fixed = "HTTP/1.1 200 OK\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + BODY;
    try (ScriptedServer server = ScriptedServer.start(peer -> {
      int n = 0;
      while (peer.readRequest() != null) {
        byte[] bytes = fixed.getBytes(StandardCharsets.ISO_8859_1);
        if (n++ % 2 == 0) {
          peer.write(bytes); // one packet: one body event
        } else {
          peer.write(java.util.Arrays.copyOfRange(bytes, 0, bytes.length - 7)); // the body in two events
          peer.write(java.util.Arrays.copyOfRange(bytes, bytes.length - 7, bytes.length));
        }
      }
    })) {
      var c = new HttpConnection("127.0.0.1", server.port(), ConnectOptions.defaults()
          .withReadTimeout(Duration.ofSeconds(5)));
      for (int round = 0; round < 4; round++) {
        c.request("GET", "/" + round);
        var r = c.getResponse();
        try (var in = r.body()) {
          byte[] first = in.readNBytes(count);
          assertThat(new String(first, StandardCharsets.ISO_8859_1))
              .isEqualTo(BODY.substring(0, Math.min(count, BODY.length())));
          assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1))
              .isEqualTo(BODY.substring(Math.min(count, BODY.length())));
        }
      }
      assertThat(server.connections()).isEqualTo(1);
    }
  }

  @org.junit.jupiter.api.Test
  void aHugeContentLengthIsNotAllocatedBeforeTheBytesArrive() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(peer -> {
      peer.readRequest();
      peer.write("HTTP/1.1 200 OK\r\nContent-Length: " + 60 * 1024 * 1024 + "\r\n\r\n0123456789");
      peer.close();
    })) {
      var c = new HttpConnection("127.0.0.1", server.port(), ConnectOptions.defaults()
          .withReadTimeout(Duration.ofSeconds(5)));
      c.request("GET", "/");
      var r = c.getResponse();
      long before = dev.courier.testsupport.Allocations.currentThread();
      org.assertj.core.api.Assertions.assertThatThrownBy(r::read)
          .isInstanceOf(dev.courier.error.IncompleteReadException.class);
      long allocated = dev.courier.testsupport.Allocations.currentThread() - before;
      assertThat(allocated).as("bytes allocated by read()").isLessThan(8L * 1024 * 1024);
    }
  }

  @org.junit.jupiter.api.Test
  void aBodyPastTheFirstBufferGrowsToExactlyItsLength() throws Exception {
    byte[] body = new byte[1024 * 1024 + 3];
    new Random(7).nextBytes(body);
    try (ScriptedServer server = ScriptedServer.start(peer -> {
      while (peer.readRequest() != null) {
        peer.write("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n");
        for (int at = 0; at < body.length; at += 50_000) {
          peer.write(java.util.Arrays.copyOfRange(body, at, Math.min(body.length, at + 50_000)));
        }
      }
    })) {
      var c = new HttpConnection("127.0.0.1", server.port(), ConnectOptions.defaults()
          .withReadTimeout(Duration.ofSeconds(5)));
      c.request("GET", "/whole");
      var whole = c.getResponse();
      assertThat(whole.read()).isEqualTo(body);
      assertThat(whole.isClosed()).isTrue();
      c.request("GET", "/rest"); // same connection: the first response ended cleanly
      var rest = c.getResponse();
      byte[] start = rest.read(10);
      byte[] tail = rest.read();
      assertThat(tail).hasSize(body.length - 10);
      assertThat(java.util.Arrays.copyOfRange(body, 10, body.length)).isEqualTo(tail);
      assertThat(start).isEqualTo(java.util.Arrays.copyOf(body, 10));
      assertThat(server.connections()).isEqualTo(1);
    }
  }
}

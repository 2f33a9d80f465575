package dev.courier;

import dev.courier.error.BadStatusLineException;
import dev.courier.error.BodyTooLargeException;
import dev.courier.error.ContentDecodingException;
import dev.courier.error.IncompleteReadException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.testing.ScriptedServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** What the API makes of broken, hostile or odd servers (decompression bombs, truncated or garbled responses, odd encodings, header injection), over real sockets. */
class SessionFaultTest {
  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  private static byte[] concat(String head, byte[] body) {
    byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[h.length + body.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }

  @Test
  void gzipBombStopsAtTheDecodedCap() throws Exception {
    byte[] bomb = gzip(new byte[20_000_000]);
    try (ScriptedServer server = ScriptedServer.start(peer -> {
          while (peer.readRequest() != null) {
            peer.write(concat("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + bomb.length + "\r\n\r\n", bomb));
          }
        });
        Session s = Session.builder().maxDecodedBody(1_000_000).build()) {
      String url = "http://127.0.0.1:" + server.port() + "/";
      assertThatThrownBy(() -> s.get(url)).isInstanceOf(BodyTooLargeException.class).hasMessageContaining("1000000");
      try (Response r = s.send(Request.get(url).stream(true).build())) {
        byte[] small = new byte[256];
        assertThat(r.stream().read(small)).isBetween(1, 256); // lazy: nothing inflated beyond the read
      }
    }
  }

  @Test
  void aBombOnARedirectIsNeverInflated() throws Exception {
    byte[] bomb = gzip(new byte[20_000_000]);
    try (ScriptedServer server = ScriptedServer.start(peer -> {
          ScriptedServer.Request req;
          while ((req = peer.readRequest()) != null) {
            if (req.requestLine().startsWith("GET /start")) {
              peer.write(concat("HTTP/1.1 302 Found\r\nLocation: /end\r\nContent-Encoding: gzip\r\nContent-Length: "
                  + bomb.length + "\r\n\r\n", bomb));
            } else {
              peer.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            }
          }
        });
        Session s = Session.builder().maxDecodedBody(1_000).build()) {
      Response r = s.get("http://127.0.0.1:" + server.port() + "/start");
      assertThat(r.text()).isEqualTo("ok");
      assertThat(r.history()).hasSize(1);
    }
  }

  @Test
  void truncatedGarbledAndCorruptResponsesAreProtocolErrors() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(peer -> {
          ScriptedServer.Request req = peer.readRequest();
          String line = req.requestLine();
          if (line.startsWith("GET /short")) {
            peer.write("HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n12345");
          } else if (line.startsWith("GET /garbage")) {
            peer.write("SMTP ready\r\n\r\n");
          } else if (line.startsWith("GET /chunk")) {
            peer.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
          } else {
            peer.write("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 8\r\n\r\nnot gzip");
          }
          peer.close();
        });
        Session s = Session.create()) {
      String base = "http://127.0.0.1:" + server.port();
      assertThatThrownBy(() -> s.get(base + "/short")).isInstanceOf(IncompleteReadException.class)
          .hasMessageContaining("/short");
      assertThatThrownBy(() -> s.get(base + "/garbage")).isInstanceOf(BadStatusLineException.class);
      assertThatThrownBy(() -> s.get(base + "/chunk")).isInstanceOf(IncompleteReadException.class);
      assertThatThrownBy(() -> s.get(base + "/corrupt")).isInstanceOf(ContentDecodingException.class)
          .hasMessageContaining("corrupt gzip");
    }
  }

  @Test
  void headWithEncodingAndLengthHasNoBodyAndTheConnectionIsReused() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(peer -> {
          ScriptedServer.Request req;
          while ((req = peer.readRequest()) != null) {
            if (req.requestLine().startsWith("HEAD")) {
              peer.write("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\nContent-Encoding: gzip\r\n\r\n");
            } else {
              peer.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            }
          }
        });
        Session s = Session.create()) {
      String url = "http://127.0.0.1:" + server.port() + "/";
      assertThat(s.head(url).bytes()).isEmpty();
      assertThat(s.get(url).text()).isEqualTo("ok");
      assertThat(server.connections()).isEqualTo(1);
    }
  }

  @Test
  void unknownEncodingsAreReturnedAsSent() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(peer -> {
          peer.readRequest();
          peer.write("HTTP/1.1 200 OK\r\nContent-Encoding: x-foo\r\nContent-Length: 3\r\n\r\nabc");
        });
        Session s = Session.create()) {
      Response r = s.get("http://127.0.0.1:" + server.port() + "/");
      assertThat(r.text()).isEqualTo("abc");
      assertThat(r.header("Content-Encoding")).contains("x-foo");
    }
  }

  @Test
  void headerInjectionIsRefusedBeforeAnythingIsSent() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(peer -> peer.readRequest());
        Session s = Session.create()) {
      String url = "http://127.0.0.1:" + server.port() + "/";
      assertThatThrownBy(() -> s.send(Request.get(url).header("X", "a\r\nInjected: 1").build()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> s.send(Request.builder("GET / HTTP/1.1\r\nX: y", url).build()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(server.requests()).isEmpty();
    }
  }

  @Test
  void aHugeContentLengthIsNotAllocatedBeforeTheBytesArrive() throws Exception {
    // one header announcing 60 MiB, then 10 bytes and a close: buffering must grow with what came
    try (ScriptedServer server = ScriptedServer.start(peer -> {
          peer.readRequest();
          peer.write("HTTP/1.1 200 OK\r\nContent-Length: " + 60 * 1024 * 1024 + "\r\n\r\n0123456789");
          peer.close();
        });
        Session s = Session.create()) {
      String url = "http://127.0.0.1:" + server.port() + "/";
      long before = dev.courier.testing.Allocations.currentThread();
      assertThatThrownBy(() -> s.get(url)).isInstanceOf(IncompleteReadException.class);
      long allocated = dev.courier.testing.Allocations.currentThread() - before;
      assertThat(allocated).as("bytes allocated by the call").isLessThan(8L * 1024 * 1024);
    }
  }

  @Test
  void aBodyPastTheFirstBufferIsBufferedWhole() throws Exception {
    byte[] body = new byte[1024 * 1024 + 3];
    new java.util.Random(7).nextBytes(body);
    try (ScriptedServer server = ScriptedServer.start(peer -> {
          while (peer.readRequest() != null) {
            peer.write("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n");
            peer.write(body);
          }
        });
        Session s = Session.create()) {
      String url = "http://127.0.0.1:" + server.port() + "/";
      assertThat(s.get(url).bytes()).isEqualTo(body);
      assertThat(s.get(url).bytes()).isEqualTo(body);
      assertThat(server.connections()).isEqualTo(1); // read to its end: the connection went back to the pool
    }
  }
}

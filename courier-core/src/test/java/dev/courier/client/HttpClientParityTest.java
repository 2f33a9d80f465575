package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.http.Headers;
import dev.courier.net.ConnectOptions;
import dev.courier.testsupport.ScriptedServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** http.client parity: peek, chunked, block size, debug levels, default ports. */
class HttpClientParityTest {
  private static final String FIXED = "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello world";
  private static final String CHUNKED = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nSet-Cookie: sid=secret\r\n\r\n"
      + "3\r\nhel\r\n2\r\nlo\r\n6\r\n world\r\n0\r\n\r\n";

  private static ScriptedServer answering(String... responses) throws Exception {
    return ScriptedServer.start(peer -> {
      int n = 0;
      while (peer.readRequest() != null) {
        peer.write(responses[n++ % responses.length]);
      }
    });
  }

  private static HttpConnection connect(ScriptedServer server) {
    return new HttpConnection("127.0.0.1", server.port(), ConnectOptions.defaults().withReadTimeout(Duration.ofSeconds(5)));
  }

  @Test
  void peekShowsBytesThatTheNextReadsStillReturn() throws Exception {
    try (ScriptedServer server = answering(CHUNKED, FIXED)) {
      HttpConnection c = connect(server);
      c.request("GET", "/a");
      HttpResponse r = c.getResponse();
      assertThat(r.chunked()).isTrue();
      assertThat(new String(r.peek(4), StandardCharsets.US_ASCII)).as("spans two chunks").isEqualTo("hell");
      assertThat(new String(r.peek(2), StandardCharsets.US_ASCII)).isEqualTo("he");
      assertThat(new String(r.read(3), StandardCharsets.US_ASCII)).isEqualTo("hel");
      assertThat(new String(r.peek(100), StandardCharsets.US_ASCII)).as("to the end").isEqualTo("lo world");
      assertThat(r.isClosed()).isTrue();
      assertThat(new String(r.read(), StandardCharsets.US_ASCII)).isEqualTo("lo world");
      assertThat(r.peek(5)).isEmpty();

      c.request("GET", "/b"); // the connection stayed in step
      HttpResponse fixed = c.getResponse();
      assertThat(fixed.chunked()).isFalse();
      assertThat(fixed.peek(0)).isEmpty();
      assertThat(new String(fixed.peek(5), StandardCharsets.US_ASCII)).isEqualTo("hello");
      assertThat(new String(fixed.read(), StandardCharsets.US_ASCII)).isEqualTo("hello world");
      assertThatThrownBy(() -> fixed.peek(-1)).isInstanceOf(IllegalArgumentException.class);
      c.close();
    }
  }

  @Test
  void blockSizeBoundsEachReadOfAStreamedBody() throws Exception {
    try (ScriptedServer server = answering(FIXED)) {
      HttpConnection c = connect(server);
      assertThat(c.blockSize()).isEqualTo(8192);
      c.setBlockSize(1000);
      AtomicInteger largest = new AtomicInteger();
      byte[] data = new byte[10_000];
      InputStream body = new ByteArrayInputStream(data) {
        @Override
        public synchronized int read(byte[] b, int off, int len) {
          largest.accumulateAndGet(len, Math::max);
          return super.read(b, off, len);
        }
      };
      c.request("PUT", "/up", body, data.length, Headers.empty());
      c.getResponse().read();
      assertThat(largest.get()).isEqualTo(1000);
      assertThat(server.requests().get(0).body()).hasSize(10_000);
      assertThatThrownBy(() -> c.setBlockSize(0)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> c.setBlockSize(HttpConnection.MAX_BLOCK_SIZE + 1)).isInstanceOf(IllegalArgumentException.class);
      c.close();
    }
  }

  @Test
  void debugLevelOneShowsHeadsAndTwoAddsBodySizes() throws Exception {
    try (ScriptedServer server = answering(CHUNKED)) {
      HttpConnection c = connect(server);
      ByteArrayOutputStream text = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8);
      c.debug(1, out);
      c.request("POST", "/one", "abc".getBytes(StandardCharsets.US_ASCII), Headers.of("Authorization", "Bearer t0k3n"));
      c.getResponse().read();
      String one = text.toString(StandardCharsets.UTF_8);
      assertThat(one).contains("> POST /one HTTP/1.1").contains("< HTTP/1.1 200 OK").contains("Authorization: <hidden>")
          .contains("Set-Cookie: <hidden>").doesNotContain("t0k3n").doesNotContain("secret").doesNotContain("body:");
      text.reset();
      c.debug(2, out);
      c.request("POST", "/two", "abcd".getBytes(StandardCharsets.US_ASCII), Headers.empty());
      c.getResponse().read();
      String two = text.toString(StandardCharsets.UTF_8);
      assertThat(two).contains("> body: 4 bytes").contains("< body: 11 bytes (chunked)").doesNotContain("hello");
      text.reset();
      c.debug(0, out);
      c.request("GET", "/three");
      c.getResponse().read();
      assertThat(text.size()).isZero();
      assertThatThrownBy(() -> c.debug(3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 (off)");
      assertThatThrownBy(() -> c.debug(-1, out)).isInstanceOf(IllegalArgumentException.class);
      c.close();
    }
  }

  @Test
  void defaultPorts() {
    assertThat(HttpConnection.HTTP_PORT).isEqualTo(80);
    assertThat(HttpConnection.HTTPS_PORT).isEqualTo(443);
  }
}

package dev.courier.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.Request;
import dev.courier.Response;
import dev.courier.Session;
import dev.courier.error.BadStatusLineException;
import dev.courier.error.BodyTooLargeException;
import dev.courier.error.ContentDecodingException;
import dev.courier.error.IncompleteReadException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * What a {@link Session} makes of broken, hostile or odd servers (decompression bombs, truncated or
 * garbled responses, odd encodings, header injection), each scripted with {@link MockServer}. Moved
 * here from core's SessionFaultTest, which keeps the allocation check (it measures with a core test
 * helper).
 */
class SessionFaultTest {
  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  private static MockResponse gzipped(int status, byte[] compressed) {
    return MockResponse.builder().status(status).header("Content-Encoding", "gzip").body(compressed).build();
  }

  @Test
  void gzipBombStopsAtTheDecodedCap() throws Exception {
    byte[] bomb = gzip(new byte[20_000_000]);
    try (MockServer server = MockServer.start();
        Session s = Session.builder().maxDecodedBody(1_000_000).build()) {
      server.dispatcher(request -> gzipped(200, bomb));
      String url = server.url("/");
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
    try (MockServer server = MockServer.start(); Session s = Session.builder().maxDecodedBody(1_000).build()) {
      server.dispatcher(request -> request.path().equals("/start")
          ? gzipped(302, bomb).newBuilder().header("Location", "/end").build()
          : MockResponse.text("ok"));
      Response r = s.get(server.url("/start"));
      assertThat(r.text()).isEqualTo("ok");
      assertThat(r.history()).hasSize(1);
    }
  }

  @Test
  void truncatedGarbledAndCorruptResponsesAreProtocolErrors() throws Exception {
    try (MockServer server = MockServer.start(); Session s = Session.create()) {
      server.enqueue(MockResponse.builder().body("12345678901234567890").fault(Fault.CLOSE_MID_BODY).build());
      server.enqueue(MockResponse.builder().body("SMTP ready\r\n\r\n").fault(Fault.GARBAGE).build());
      server.enqueue(MockResponse.builder().body("hello").fault(Fault.TRUNCATED_CHUNK).build());
      server.enqueue(MockResponse.builder().header("Content-Encoding", "gzip").body("not gzip").build());
      assertThatThrownBy(() -> s.get(server.url("/short"))).isInstanceOf(IncompleteReadException.class)
          .hasMessageContaining("/short");
      assertThatThrownBy(() -> s.get(server.url("/garbage"))).isInstanceOf(BadStatusLineException.class);
      assertThatThrownBy(() -> s.get(server.url("/chunk"))).isInstanceOf(IncompleteReadException.class);
      assertThatThrownBy(() -> s.get(server.url("/corrupt"))).isInstanceOf(ContentDecodingException.class)
          .hasMessageContaining("corrupt gzip");
    }
  }

  @Test
  void headWithEncodingAndLengthHasNoBodyAndTheConnectionIsReused() throws Exception {
    try (MockServer server = MockServer.start(); Session s = Session.create()) {
      server.enqueue(MockResponse.builder().header("Content-Length", "1234").header("Content-Encoding", "gzip")
          .build());
      server.enqueue(MockResponse.text("ok"));
      String url = server.url("/");
      assertThat(s.head(url).bytes()).isEmpty();
      assertThat(s.get(url).text()).isEqualTo("ok");
      assertThat(server.connectionCount()).isEqualTo(1);
      assertThat(server.takeRequest().method()).isEqualTo("HEAD");
      assertThat(server.takeRequest().connectionSequenceNumber()).isEqualTo(1);
    }
  }

  @Test
  void unknownEncodingsAreReturnedAsSent() throws Exception {
    try (MockServer server = MockServer.start(); Session s = Session.create()) {
      server.enqueue(MockResponse.builder().header("Content-Encoding", "x-foo").body("abc").build());
      Response r = s.get(server.url("/"));
      assertThat(r.text()).isEqualTo("abc");
      assertThat(r.header("Content-Encoding")).contains("x-foo");
    }
  }

  @Test
  void headerInjectionIsRefusedBeforeAnythingIsSent() throws Exception {
    try (MockServer server = MockServer.start(); Session s = Session.create()) {
      String url = server.url("/");
      assertThatThrownBy(() -> s.send(Request.get(url).header("X", "a\r\nInjected: 1").build()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> s.send(Request.builder("GET / HTTP/1.1\r\nX: y", url).build()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(server.requestCount()).isZero();
      assertThat(server.connectionCount()).isZero();
    }
  }

  @Test
  void aBodyPastTheFirstBufferIsBufferedWhole() throws Exception {
    byte[] body = new byte[1024 * 1024 + 3];
    new Random(7).nextBytes(body);
    try (MockServer server = MockServer.start(); Session s = Session.create()) {
      server.dispatcher(request -> MockResponse.builder().body(body).build());
      String url = server.url("/");
      assertThat(s.get(url).bytes()).isEqualTo(body);
      assertThat(s.get(url).bytes()).isEqualTo(body);
      assertThat(server.connectionCount()).isEqualTo(1); // read to its end: the connection went back to the pool
    }
  }
}

package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.http.Headers;
import dev.courier.http.wire.HttpVersion;
import dev.courier.server.HttpServer;
import dev.courier.server.ServerResponse;
import dev.courier.server.ServerResponseBody;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * {@link Response#trailers()} over HTTP/1.1 (a chunked body's trailer section) and HTTP/2 (h2c,
 * a last HEADERS frame) against Courier's server: valid once the body was read to its end, never
 * merged into the headers, fields that may not be trailers dropped.
 */
class ResponseTrailersTest {
  private static HttpServer server;
  private static final byte[] TEXT = "hello, trailers".getBytes(StandardCharsets.UTF_8);

  @BeforeAll
  static void start() throws Exception {
    server = HttpServer.builder().bind("127.0.0.1").port(0).handler(request -> switch (request.path()) {
      case "/sum" -> ServerResponse.builder(200).header("Trailer", "x-checksum")
          .trailers(() -> Headers.of("x-checksum", "7861", "server-timing", "db;dur=53"))
          .text("hello, trailers");
      case "/gzip", "/deflate" -> ServerResponse.builder(200).header("Content-Encoding", request.path().substring(1))
          .trailers(() -> Headers.of("x-checksum", "7861"))
          .body(ServerResponseBody.of(request.path().equals("/gzip") ? gzip(TEXT) : deflate(TEXT))).build();
      default -> ServerResponse.ok("no trailers");
    }).start();
  }

  @AfterAll
  static void stop() {
    server.stop(Duration.ofSeconds(1));
  }

  /** HTTP/1.1 on plain http (the default policy) or h2c with prior knowledge. */
  enum Version {
    HTTP_1_1(HttpVersionPolicy.HTTP_2_PREFERRED, HttpVersion.HTTP_1_1),
    HTTP_2(HttpVersionPolicy.HTTP_2_ONLY, HttpVersion.HTTP_2);

    final HttpVersionPolicy policy;
    final HttpVersion expected;

    Version(HttpVersionPolicy policy, HttpVersion expected) {
      this.policy = policy;
      this.expected = expected;
    }

    Session session() {
      return Session.builder().httpVersionPolicy(policy).build();
    }
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void aResponseReadWholeHasItsTrailersAndTheyAreNotHeaders(Version v) {
    try (Session s = v.session()) {
      Response r = s.get(url("/sum"));
      assertThat(r.version()).isEqualTo(v.expected);
      assertThat(r.text()).isEqualTo("hello, trailers");
      assertThat(r.trailers()).isEqualTo(Headers.of("x-checksum", "7861", "server-timing", "db;dur=53"));
      assertThat(r.headers().contains("x-checksum")).isFalse();
      assertThat(r.headers().contains("server-timing")).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void aStreamedBodyHasItsTrailersOnlyAfterItsEnd(Version v) throws Exception {
    try (Session s = v.session();
        Response r = s.send(Request.get(url("/sum")).stream(true).build())) {
      assertThatThrownBy(r::trailers).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("read to its end");
      InputStream body = r.stream();
      assertThat(body.readNBytes(5)).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
      assertThatThrownBy(r::trailers).isInstanceOf(IllegalStateException.class);
      body.transferTo(OutputStream.nullOutputStream());
      assertThat(r.trailers().firstValue("x-checksum")).hasValue("7861");
    }
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void aBodyClosedBeforeItsEndHasNoTrailersToGive(Version v) {
    try (Session s = v.session()) {
      Response r = s.send(Request.get(url("/sum")).stream(true).build());
      r.close();
      assertThatThrownBy(r::trailers).isInstanceOf(IllegalStateException.class);
    }
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void aResponseWithoutTrailersHasNone(Version v) {
    try (Session s = v.session()) {
      Response r = s.get(url("/plain"));
      assertThat(r.text()).isEqualTo("no trailers");
      assertThat(r.trailers().isEmpty()).isTrue();
      Response head = s.send(Request.head(url("/sum")).build());
      assertThat(head.trailers().isEmpty()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void aDecodedBodyStillGetsTheTrailersThatFollowTheCompressedData(Version v) throws Exception {
    // A decoder stops at the end of its own data (deflate's always; gzip's before JDK 23), before
    // the end of the message that carries the trailers.
    try (Session s = v.session()) {
      for (String coding : new String[] {"/gzip", "/deflate"}) {
        Response whole = s.get(url(coding));
        assertThat(whole.text()).as(coding).isEqualTo("hello, trailers");
        assertThat(whole.trailers().firstValue("x-checksum")).as(coding).hasValue("7861");
        try (Response streamed = s.send(Request.get(url(coding)).stream(true).build())) {
          assertThat(streamed.stream().readAllBytes()).as(coding).isEqualTo(TEXT);
          assertThat(streamed.trailers().firstValue("x-checksum")).as(coding).hasValue("7861");
        }
      }
    }
  }

  @Test
  void fieldsThatMayNotBeTrailersAreDroppedAndNeverMergedIntoTheHeaders() throws Exception {
    String response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n"
        + "5\r\nhello\r\n0\r\n"
        + "X-Checksum: 7861\r\nContent-Length: 99\r\nContent-Type: application/evil\r\nHost: evil.example\r\n"
        + "Transfer-Encoding: gzip\r\n\r\n";
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Session s = Session.builder().build()) {
      CompletableFuture<Void> served = CompletableFuture.runAsync(() -> answerOnce(listener, response));
      Response r = s.get("http://127.0.0.1:" + listener.getLocalPort() + "/");
      assertThat(r.text()).isEqualTo("hello");
      assertThat(r.trailers()).isEqualTo(Headers.of("X-Checksum", "7861"));
      assertThat(r.headers().allValues("Content-Type")).containsExactly("text/plain");
      assertThat(r.headers().contains("Content-Length")).isFalse();
      served.get();
    }
  }

  /** Reads one request head, writes {@code response} and closes. */
  private static void answerOnce(ServerSocket listener, String response) {
    try (Socket socket = listener.accept()) {
      socket.setSoTimeout(10_000);
      InputStream in = socket.getInputStream();
      int matched = 0;
      byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
      while (matched < end.length) {
        int b = in.read();
        if (b < 0) return;
        matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
      }
      socket.getOutputStream().write(response.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] deflate(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (java.util.zip.DeflaterOutputStream z = new java.util.zip.DeflaterOutputStream(out)) {
      z.write(data);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}

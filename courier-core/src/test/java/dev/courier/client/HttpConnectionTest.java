package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.http.Headers;
import dev.courier.http.wire.HttpVersion;
import dev.courier.net.ConnectOptions;
import dev.courier.testsupport.ScriptedServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class HttpConnectionTest {
  private static final ConnectOptions FAST = ConnectOptions.defaults()
      .withReadTimeout(Duration.ofSeconds(5));

  private static ScriptedServer keepAlive(String response) throws Exception {
    return ScriptedServer.start(peer -> {
      while (peer.readRequest() != null) {
        peer.write(response);
      }
    });
  }

  @Test
  void readsLikeHttpClientAndKeepsTheConnection() throws Exception {
    try (ScriptedServer server = keepAlive(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n"
            + "Content-Length: 5\r\n\r\nhello")) {
      var c = new HttpConnection("127.0.0.1", server.port(), FAST);
      c.request("GET", "/hello.txt");
      var r = c.getResponse();
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.reason()).isEqualTo("OK");
      assertThat(r.version()).isEqualTo(HttpVersion.HTTP_1_1);
      assertThat(r.header("content-type")).contains("text/plain");
      assertThat(r.header("Set-Cookie")).contains("a=1, b=2");
      assertThat(r.header("X-None")).isEmpty();
      assertThat(r.contentLength()).hasValue(5);
      assertThat(r.read()).asString().isEqualTo("hello");
      assertThat(r.isClosed()).isTrue();
      assertThat(r.read()).isEmpty();

      c.request("GET", "/again");
      assertThat(c.getResponse().read()).asString().isEqualTo("hello");
      assertThat(server.connections()).isEqualTo(1);
      var first = server.requests().get(0);
      assertThat(first.requestLine()).isEqualTo("GET /hello.txt HTTP/1.1");
      assertThat(first.header("Host")).isEqualTo("127.0.0.1:" + server.port());
      assertThat(first.header("Accept-Encoding")).isEqualTo("identity");
      assertThat(first.header("Content-Length")).isNull();
      c.close();
    }
  }

  @Test
  void reconnectsAfterTheServerSaidClose() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(peer -> {
      peer.readRequest();
      peer.write("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
    })) {
      var c = new HttpConnection("127.0.0.1", server.port(), FAST);
      for (int i = 0; i < 3; i++) {
        c.request("GET", "/");
        assertThat(c.getResponse().read()).asString().isEqualTo("ok");
      }
      assertThat(server.connections()).isEqualTo(3);
    }
  }

  @Test
  void readsAnHttp10CloseDelimitedBody() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(peer -> {
      peer.readRequest();
      peer.write("HTTP/1.0 200 OK\r\n\r\nbody until close");
      peer.close();
    })) {
      var c = new HttpConnection("127.0.0.1", server.port(), FAST);
      c.request("GET", "/");
      var r = c.getResponse();
      assertThat(r.version()).isEqualTo(HttpVersion.HTTP_1_0);
      assertThat(r.contentLength()).isEmpty();
      assertThat(r.read()).asString().isEqualTo("body until close");
      assertThat(c.isConnected()).isFalse();
    }
  }

  @Test
  void framesRequestBodiesLikePython() throws Exception {
    try (ScriptedServer server = keepAlive("HTTP/1.1 204 No Content\r\n\r\n")) {
      var c = new HttpConnection("127.0.0.1", server.port(), FAST);
      c.request("POST", "/a", "abc".getBytes(StandardCharsets.US_ASCII));
      c.getResponse().close();
      c.request("POST", "/b");
      c.getResponse().close();
      c.request("DELETE", "/c");
      c.getResponse().close();
      InputStream unknown = new ByteArrayInputStream("streamed body".getBytes(StandardCharsets.US_ASCII));
      c.request("PUT", "/d", unknown, -1, Headers.of("Content-Type", "text/plain"));
      c.getResponse().close();
      InputStream known = new ByteArrayInputStream("12345".getBytes(StandardCharsets.US_ASCII));
      c.request("PUT", "/e", known, 5, Headers.empty());
      c.getResponse().close();
      c.request("POST", "/f", "x".getBytes(StandardCharsets.US_ASCII), Headers.of("content-length", "1"));
      c.getResponse().close();

      List<ScriptedServer.Request> seen = server.requests();
      assertThat(seen).hasSize(6);
      assertThat(seen.get(0).header("Content-Length")).isEqualTo("3");
      assertThat(seen.get(0).bodyText()).isEqualTo("abc");
      assertThat(seen.get(1).header("Content-Length")).isEqualTo("0");
      assertThat(seen.get(2).header("Content-Length")).isNull();
      assertThat(seen.get(3).header("Transfer-Encoding")).isEqualTo("chunked");
      assertThat(seen.get(3).bodyText()).isEqualTo("streamed body");
      assertThat(seen.get(4).header("Content-Length")).isEqualTo("5");
      assertThat(seen.get(4).bodyText()).isEqualTo("12345");
      assertThat(seen.get(5).head()).containsOnlyOnce("ontent-length").contains("content-length: 1");
      assertThat(server.connections()).isEqualTo(1);
    }
  }

  @Test
  void stepByStepWithChunkedSend() throws Exception {
    try (ScriptedServer server = keepAlive("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")) {
      var c = new HttpConnection("127.0.0.1", server.port(), FAST);
      c.putRequest("POST", "/upload");
      c.putHeader("Transfer-Encoding", "chunked");
      c.putHeader("X-Many", "1", "2");
      c.endHeaders();
      c.send("hello ".getBytes(StandardCharsets.US_ASCII));
      c.send("world".getBytes(StandardCharsets.US_ASCII));
      var r = c.getResponse();
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.isClosed()).isTrue(); // Content-Length: 0 ends the exchange at once
      var seen = server.requests().get(0);
      assertThat(seen.bodyText()).isEqualTo("hello world");
      assertThat(seen.head()).contains("X-Many: 1\r\nX-Many: 2\r\n");

      c.putRequest("GET", "/raw", true, true);
      c.putHeader("Host", "custom.example");
      c.endHeaders();
      c.getResponse();
      assertThat(server.requests().get(1).head()).doesNotContain("Accept-Encoding")
          .containsOnlyOnce("Host: custom.example");
    }
  }

  @Test
  void enforcesTheStateMachine() throws Exception {
    try (ScriptedServer server = keepAlive("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc")) {
      var c = new HttpConnection("127.0.0.1", server.port(), FAST);
      assertThatThrownBy(c::getResponse).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no request was sent");
      assertThatThrownBy(() -> c.putHeader("A", "b")).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("putRequest");
      c.request("GET", "/");
      assertThatThrownBy(() -> c.request("GET", "/")).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("getResponse");
      var r = c.getResponse();
      assertThatThrownBy(c::getResponse).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already taken");
      assertThatThrownBy(() -> c.request("GET", "/")).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("not been read to the end");
      assertThat(r.read(1)).asString().isEqualTo("a");
      assertThat(r.read(10)).asString().isEqualTo("bc");
      assertThat(r.read(10)).isEmpty();
      c.request("GET", "/");
      assertThat(c.getResponse().read()).asString().isEqualTo("abc");
      assertThat(server.connections()).isEqualTo(1);
    }
  }

  @Test
  void refusesInjectionInMethodTargetAndHeaders() throws Exception {
    var c = new HttpConnection("127.0.0.1", 9);
    assertThatThrownBy(() -> c.request("GET /x HTTP/1.1\r\nX:", "/"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.request("GET", "/a b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 2");
    assertThatThrownBy(() -> c.request("GET", "/\r\nX: y"))
        .isInstanceOf(IllegalArgumentException.class);
    c.putRequest("GET", "/");
    assertThatThrownBy(() -> c.putHeader("X", "a\r\nInjected: 1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.putHeader("Bad Name", "v"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void headAnd304AndChunkedTrailersKeepTheConnectionInStep() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(peer -> {
      peer.readRequest();
      peer.write("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\nContent-Encoding: gzip\r\n\r\n");
      peer.readRequest();
      peer.write("HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n");
      peer.readRequest();
      peer.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "3;ext=1\r\nabc\r\n4\r\ndefg\r\n0\r\nX-Checksum: 42\r\n\r\n");
      peer.readRequest();
      peer.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    })) {
      var c = new HttpConnection("127.0.0.1", server.port(), FAST);
      c.request("HEAD", "/");
      var head = c.getResponse();
      assertThat(head.isClosed()).isTrue();
      assertThat(head.read()).isEmpty();
      c.request("GET", "/cached");
      assertThat(c.getResponse().read()).isEmpty();
      c.request("GET", "/chunked");
      var chunked = c.getResponse();
      byte[] buffer = new byte[2];
      StringBuilder text = new StringBuilder();
      int n;
      while ((n = chunked.readInto(buffer)) > 0) {
        text.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
      }
      assertThat(text).hasToString("abcdefg");
      assertThat(chunked.trailers().firstValue("X-Checksum")).contains("42");
      c.request("GET", "/last");
      assertThat(c.getResponse().body().readAllBytes()).asString().isEqualTo("ok");
      assertThat(server.connections()).isEqualTo(1);
    }
  }

  @Test
  void skipsInformationalResponses() throws Exception {
    try (ScriptedServer server = keepAlive("HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
        + "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx")) {
      var c = new HttpConnection("127.0.0.1", server.port(), FAST);
      c.request("GET", "/");
      var r = c.getResponse();
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.read()).asString().isEqualTo("x");
    }
  }

  @Test
  void expectContinueSendsTheBodyAfter100() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(peer -> {
      var head = peer.readRequest();
      peer.write("HTTP/1.1 100 Continue\r\n\r\n");
      byte[] body = peer.readBytes(Integer.parseInt(head.header("Content-Length")));
      peer.write("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n");
      peer.write(body);
      peer.readRequest();
    })) {
      var c = new HttpConnection("127.0.0.1", server.port(), FAST);
      c.request("PUT", "/big", "payload".getBytes(StandardCharsets.US_ASCII),
          Headers.of("Expect", "100-continue"));
      var r = c.getResponse();
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.read()).asString().isEqualTo("payload");
    }
  }

  @Test
  void expectContinueSkipsTheBodyWhenRefusedAndThenReconnects() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(peer -> {
      peer.readRequest();
      peer.write("HTTP/1.1 417 Expectation Failed\r\nContent-Length: 4\r\n\r\nnope");
      // the client must not send the body: the next thing is the connection closing
      if (!peer.clientClosed()) {
        throw new AssertionError("client sent the body after a final response");
      }
    })) {
      var c = new HttpConnection("127.0.0.1", server.port(), FAST);
      c.request("PUT", "/big", new byte[100], Headers.of("Expect", "100-continue"));
      var r = c.getResponse();
      assertThat(r.statusCode()).isEqualTo(417);
      assertThat(r.read()).asString().isEqualTo("nope");
      assertThat(c.isConnected()).isFalse();
      server.assertScriptsPassed();
    }
  }

  @Test
  void retriesOnceWhenAReusedConnectionWasClosedBeforeAnswering() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(peer -> {
      peer.readRequest();
      // keep-alive promised, but the server drops the connection before the next request
      peer.write("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n1");
    })) {
      var c = new HttpConnection("127.0.0.1", server.port(), FAST);
      c.request("GET", "/");
      assertThat(c.getResponse().read()).asString().isEqualTo("1");
      Thread.sleep(50); // the server has closed its side by now
      // PUT is idempotent (RFC 9110, Section 9.2.2): it may be sent again; a POST would not be
      // (StaleConnectionResendTest)
      c.request("PUT", "/again", "x".getBytes(StandardCharsets.US_ASCII));
      assertThat(c.getResponse().read()).asString().isEqualTo("1");
      assertThat(server.connections()).isEqualTo(2);
      assertThat(server.requests()).hasSize(2); // the PUT reached a server exactly once
    }
  }

  @Test
  void absoluteFormThroughAnHttpProxyWithCredentials() throws Exception {
    try (ScriptedServer proxy = keepAlive("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")) {
      Route route = Route.http("example.test", 8080)
          .withProxy(Proxy.http("127.0.0.1", proxy.port()).withCredentials("u", "p w"));
      var c = new HttpConnection(route, FAST);
      c.request("GET", "/path?q=1");
      assertThat(c.getResponse().read()).asString().isEqualTo("ok");
      var seen = proxy.requests().get(0);
      assertThat(seen.requestLine()).isEqualTo("GET http://example.test:8080/path?q=1 HTTP/1.1");
      assertThat(seen.header("Host")).isEqualTo("example.test:8080");
      assertThat(seen.header("Proxy-Authorization")).isEqualTo("Basic dTpwIHc=");
    }
  }

  @Test
  void debugLogsHeadsWithCredentialsHidden() throws Exception {
    List<String> logged = new ArrayList<>();
    Logger wire = Logger.getLogger("dev.courier.client.wire");
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        logged.add(record.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    wire.addHandler(handler);
    try (ScriptedServer server = keepAlive(
        "HTTP/1.1 200 OK\r\nSet-Cookie: session=s3cr3t\r\nContent-Length: 0\r\n\r\n")) {
      var c = new HttpConnection("127.0.0.1", server.port(), FAST);
      c.debug(true);
      c.request("GET", "/", null, Headers.of("Authorization", "Bearer t0k3n", "Cookie", "id=42"));
      c.getResponse();
    } finally {
      wire.removeHandler(handler);
    }
    String all = String.join("\n", logged);
    assertThat(all).contains("> GET / HTTP/1.1", "> Authorization: <hidden>", "> Cookie: <hidden>",
        "< HTTP/1.1 200 OK", "< Set-Cookie: <hidden>");
    assertThat(all).doesNotContain("t0k3n", "id=42", "s3cr3t");
  }

  @Test
  void closingAnUnreadResponseDrainsSmallBodiesAndDropsBigOnes() throws Exception {
    String big = "x".repeat(200_000);
    try (ScriptedServer server = ScriptedServer.start(peer -> {
      while (true) {
        var request = peer.readRequest();
        if (request == null) {
          return;
        }
        String body = request.requestLine().contains("big") ? big : "small body";
        peer.write("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
      }
    })) {
      var c = new HttpConnection("127.0.0.1", server.port(), FAST);
      c.request("GET", "/small");
      var small = c.getResponse();
      small.read(3);
      small.close();
      assertThat(c.isConnected()).isTrue();
      c.request("GET", "/big");
      var r = c.getResponse();
      r.read(10);
      r.close();
      assertThat(c.isConnected()).isFalse();
      c.request("GET", "/small");
      assertThat(c.getResponse().read()).asString().isEqualTo("small body");
      assertThat(server.connections()).isEqualTo(2);
    }
  }

  @Test
  void anEarlyAnswerIsReadEvenWhenTheServerStoppedReadingTheBody() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(peer -> {
      peer.readHead();
      peer.write("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"x\"\r\n"
          + "Content-Length: 6\r\nConnection: close\r\n\r\ndenied");
      peer.socket().shutdownOutput();
      peer.stall(300);
    })) {
      var c = new HttpConnection("127.0.0.1", server.port(), FAST);
      c.request("PUT", "/upload", new byte[8 << 20]);
      var r = c.getResponse();
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate")).contains("Basic realm=\"x\"");
      assertThat(r.read()).asString().isEqualTo("denied");
      assertThat(c.isConnected()).isFalse();
    }
  }

  @Test
  void expectContinueSendsTheBodyAnywayWhenTheServerIgnoresIt() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(peer -> {
      var head = peer.readRequest(); // does not answer 100
      byte[] body = peer.readBytes(Integer.parseInt(head.header("Content-Length")));
      peer.write("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n");
      peer.write(body);
    })) {
      var c = new HttpConnection("127.0.0.1", server.port(), FAST);
      c.request("POST", "/", "late".getBytes(StandardCharsets.US_ASCII),
          Headers.of("Expect", "100-continue"));
      assertThat(c.getResponse().read()).asString().isEqualTo("late");
    }
  }

  @Test
  void aStreamedBodyIsNotSentOnAConnectionTheServerClosedWhileIdle() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(peer -> {
      var request = peer.readRequest();
      peer.write("HTTP/1.1 200 OK\r\nContent-Length: " + request.body().length + "\r\n\r\n");
      peer.write(request.body());
      // then the server's idle timeout closes the connection
    })) {
      var c = new HttpConnection("127.0.0.1", server.port(), FAST);
      c.request("GET", "/");
      c.getResponse().read();
      Thread.sleep(1_100); // idle past the stale check threshold
      c.request("PUT", "/stream", new ByteArrayInputStream("once".getBytes(StandardCharsets.US_ASCII)),
          -1, Headers.empty());
      assertThat(c.getResponse().read()).asString().isEqualTo("once");
      assertThat(server.connections()).isEqualTo(2);
    }
  }
}

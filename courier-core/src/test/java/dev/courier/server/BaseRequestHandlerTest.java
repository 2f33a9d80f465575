package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Handlers written the way CPython's http.server documentation and tests write theirs (echo the
 * path, read a POST body by Content-Length, send_error cases), ported to {@link BaseRequestHandler}
 * and run on a real server.
 */
class BaseRequestHandlerTest {
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  private int start(Handler handler) throws IOException {
    server = HttpServer.builder().port(0).handler(handler).start();
    return server.port();
  }

  /** Echoes the path, as the simplest do_GET of Python's docs does. */
  static final class EchoPath extends BaseRequestHandler {
    @Override
    protected void doGet() throws IOException {
      byte[] body = ("path=" + path() + " command=" + command() + " version=" + requestVersion()
          + " agent=" + headers().firstValue("User-Agent").orElse("-")).getBytes(StandardCharsets.UTF_8);
      sendResponse(200);
      sendHeader("Content-Type", "text/plain; charset=utf-8");
      sendHeader("Content-Length", String.valueOf(body.length));
      endHeaders();
      wfile().write(body);
    }

    @Override
    protected void doHead() {
      sendResponse(200);
      sendHeader("Content-Type", "text/plain; charset=utf-8");
      sendHeader("Content-Length", "42");
      endHeaders();
    }
  }

  /** Reads exactly Content-Length bytes of a POST, as Python handlers do with rfile.read(n). */
  static final class EchoPost extends BaseRequestHandler {
    @Override
    protected void doPost() throws IOException {
      int length = Integer.parseInt(headers().firstValue("Content-Length").orElse("0"));
      byte[] data = rfile().readNBytes(length);
      sendResponse(201, "Created it");
      sendHeader("Content-Type", "application/octet-stream");
      endHeaders(); // no Content-Length: chunked
      wfile().write("got ".getBytes(StandardCharsets.US_ASCII));
      wfile().write(data);
    }
  }

  /** The send_error cases of CPython's tests: with a message, with an explanation, 404 and 418. */
  static final class Errors extends BaseRequestHandler {
    @Override
    protected void doGet() throws IOException {
      switch (path()) {
        case "/404" -> sendError(404);
        case "/418" -> sendError(418, "I'm a teapot", "short and stout");
        case "/bad" -> sendError(400, "<script>alert(1)</script>");
        case "/304" -> sendError(304);
        default -> sendError(500, "unexpected path " + path());
      }
    }
  }

  @Test
  void echoesThePathQueryVersionAndHeaders() throws Exception {
    int port = start(BaseRequestHandler.handler(EchoPath::new));
    try (Raw raw = new Raw(port)) {
      String response = raw.send("GET /some/path?x=1&y=2 HTTP/1.1\r\nHost: a\r\nUser-Agent: py\r\n\r\n").readResponse();
      assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Length: ")
          .endsWith("path=/some/path?x=1&y=2 command=GET version=HTTP/1.1 agent=py");
      // keep-alive: a second request on the same connection
      String again = raw.send("GET /two HTTP/1.1\r\nHost: a\r\n\r\n").readResponse();
      assertThat(again).endsWith("path=/two command=GET version=HTTP/1.1 agent=-");
    }
  }

  @Test
  void headSendsTheHeadOnly() throws Exception {
    int port = start(BaseRequestHandler.handler(EchoPath::new));
    try (Raw raw = new Raw(port)) {
      String response = raw.send("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n").readHeadOnly();
      assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Length: 42\r\n");
      assertThat(raw.send("GET /after HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).endsWith("path=/after command=GET version=HTTP/1.1 agent=-");
    }
  }

  @Test
  void postReadsTheBodyByContentLengthAndStreamsTheAnswerChunked() throws Exception {
    int port = start(BaseRequestHandler.handler(EchoPost::new));
    try (Raw raw = new Raw(port)) {
      String response = raw.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello").readResponse();
      assertThat(response).startsWith("HTTP/1.1 201 Created\r\n").contains("Transfer-Encoding: chunked").endsWith("got hello");
    }
  }

  @Test
  void expectContinueIsAnsweredBeforeTheMethodRuns() throws Exception {
    int port = start(BaseRequestHandler.handler(EchoPost::new));
    try (Raw raw = new Raw(port)) {
      raw.send("POST /u HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
      String interim = new String(raw.socket.getInputStream().readNBytes(25), StandardCharsets.US_ASCII);
      assertThat(interim).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
      assertThat(raw.send("abc").readResponse()).endsWith("got abc");
    }
  }

  @Test
  void sendErrorCases() throws Exception {
    int port = start(BaseRequestHandler.handler(Errors::new));
    try (Raw raw = new Raw(port)) {
      String notFound = raw.send("GET /404 HTTP/1.1\r\nHost: a\r\n\r\n").readAll();
      assertThat(notFound).startsWith("HTTP/1.1 404 Not Found\r\n").contains("Connection: close\r\n", "<title>404 Not Found</title>");
    }
    try (Raw raw = new Raw(port)) {
      String teapot = raw.send("GET /418 HTTP/1.1\r\nHost: a\r\nAccept: application/json\r\n\r\n").readAll();
      assertThat(teapot).startsWith("HTTP/1.1 418 ").contains("application/json", "\"detail\":\"I'm a teapot: short and stout\"");
    }
    try (Raw raw = new Raw(port)) {
      assertThat(raw.send("GET /bad HTTP/1.1\r\nHost: a\r\n\r\n").readAll())
          .startsWith("HTTP/1.1 400 ").contains("&lt;script&gt;").doesNotContain("<script>");
    }
    try (Raw raw = new Raw(port)) {
      assertThat(raw.send("GET /304 HTTP/1.1\r\nHost: a\r\n\r\n").readAll()).startsWith("HTTP/1.1 304 ").doesNotContain("Content-Length");
    }
  }

  @Test
  void anUnknownOrUnimplementedMethodIs501LikePython() throws Exception {
    int port = start(BaseRequestHandler.handler(EchoPath::new));
    try (Raw raw = new Raw(port)) {
      assertThat(raw.send("PROPFIND / HTTP/1.1\r\nHost: a\r\n\r\n").readAll())
          .startsWith("HTTP/1.1 501 Not Implemented\r\n").contains("Unsupported method (&#39;PROPFIND&#39;)");
    }
    try (Raw raw = new Raw(port)) {
      assertThat(raw.send("DELETE / HTTP/1.1\r\nHost: a\r\n\r\n").readAll()).startsWith("HTTP/1.1 501 ");
    }
  }

  @Test
  void aNewInstanceAnswersEachRequest() throws Exception {
    AtomicInteger made = new AtomicInteger();
    int port = start(BaseRequestHandler.handler(() -> {
      made.incrementAndGet();
      return new EchoPath();
    }));
    try (Raw raw = new Raw(port)) {
      raw.send("GET /a HTTP/1.1\r\nHost: a\r\n\r\n").readResponse();
      raw.send("GET /b HTTP/1.1\r\nHost: a\r\n\r\n").readResponse();
    }
    assertThat(made).hasValue(2);
  }

  @Test
  void aLargeBodyStreamsThroughTheBoundedBuffer() throws Exception {
    int port = start(BaseRequestHandler.handler(() -> new BaseRequestHandler() {
      @Override
      protected void doGet() throws IOException {
        sendResponse(200);
        sendHeader("Content-Length", String.valueOf(200_000));
        endHeaders();
        byte[] block = new byte[1000];
        java.util.Arrays.fill(block, (byte) 'x');
        for (int sent = 0; sent < 200_000; sent += 1000) wfile().write(block, 0, Math.min(1000, (200_000) - sent));
      }
    }));
    try (Raw raw = new Raw(port)) {
      String response = raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readResponse();
      assertThat(response.substring(response.indexOf("\r\n\r\n") + 4)).hasSize(200_000).matches("x+");
    }
  }

  @Test
  void misuseIsA500WithoutABrokenResponse() throws Exception {
    int port = start(BaseRequestHandler.handler(() -> new BaseRequestHandler() {
      @Override
      protected void doGet() throws IOException {
        switch (path()) {
          case "/nothing" -> { }
          case "/body-first" -> wfile().write(1);
          case "/header-first" -> sendHeader("X", "y");
          case "/bad-header" -> {
            sendResponse(200);
            sendHeader("X", "a\r\nSet-Cookie: evil=1");
          }
          case "/status" -> throw new HttpResponseException(422, "bad entity");
          default -> sendResponse(204); // no endHeaders: sent anyway
        }
      }
    }));
    for (String path : new String[] {"/nothing", "/body-first", "/header-first", "/bad-header"}) {
      try (Raw raw = new Raw(port)) {
        String response = raw.send("GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n").readResponse();
        assertThat(response).as(path).startsWith("HTTP/1.1 500 ").doesNotContain("evil");
      }
    }
    try (Raw raw = new Raw(port)) {
      assertThat(raw.send("GET /status HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).startsWith("HTTP/1.1 422 ").contains("bad entity");
      assertThat(raw.send("GET /unended HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).startsWith("HTTP/1.1 204 ");
    }
  }

  @Test
  void aFailureAfterTheHeadClosesTheConnection() throws Exception {
    int port = start(BaseRequestHandler.handler(() -> new BaseRequestHandler() {
      @Override
      protected void doGet() throws IOException {
        sendResponse(200);
        endHeaders();
        wfile().write("partial".getBytes(StandardCharsets.US_ASCII));
        throw new IllegalStateException("boom");
      }
    }));
    try (Raw raw = new Raw(port)) {
      String all = raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readAll();
      assertThat(all).startsWith("HTTP/1.1 200 OK").doesNotEndWith("0\r\n\r\n").doesNotContain("TIMEOUT");
    }
  }

  @Test
  void theFactoryMustMakeAnInstanceEachTime() throws Exception {
    EchoPath shared = new EchoPath();
    Handler handler = BaseRequestHandler.handler(() -> shared);
    assertThat(handler.handle(ServerRequest.builder("GET", "/").build()).statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> handler.handle(ServerRequest.builder("GET", "/").build()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("new one");
    assertThatThrownBy(() -> BaseRequestHandler.handler(() -> null).handle(ServerRequest.builder("GET", "/").build()))
        .isInstanceOf(NullPointerException.class);
  }
}

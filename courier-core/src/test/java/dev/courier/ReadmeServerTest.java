package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.client.HttpConnection;
import dev.courier.server.BaseRequestHandler;
import dev.courier.server.FileHandler;
import dev.courier.server.FormLimits;
import dev.courier.server.FormPart;
import dev.courier.server.Handler;
import dev.courier.server.HttpServer;
import dev.courier.server.Router;
import dev.courier.server.ServerRequest;
import dev.courier.server.ServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Runs the README's http.server parity examples (handler port, forms, files) as printed. */
class ReadmeServerTest {
  @Test
  void theReadmeShowsExactlyTheseExamples() {
    ReadmeBlocks.assertReadmeShowsEveryBlockOf("ReadmeServerTest.java");
  }

  @Test
  void pythonStyleHandlerExample() throws Exception {
    // README:begin
    class Hello extends BaseRequestHandler {
      @Override
      protected void doGet() throws IOException {
        byte[] body = ("you asked for " + path()).getBytes(StandardCharsets.UTF_8);
        sendResponse(200);
        sendHeader("Content-Type", "text/plain; charset=utf-8");
        sendHeader("Content-Length", String.valueOf(body.length));
        endHeaders();
        wfile().write(body);
      }
    }
    HttpServer server = HttpServer.builder().port(0).handler(BaseRequestHandler.handler(Hello::new)).start();
    // README:end
    try (server) {
      var c = new HttpConnection("127.0.0.1", server.port());
      c.request("GET", "/a/b?c=d");
      assertThat(new String(c.getResponse().read(), StandardCharsets.UTF_8)).isEqualTo("you asked for /a/b?c=d");
      c.request("POST", "/");
      assertThat(c.getResponse().statusCode()).isEqualTo(501);
      c.close();
    }
  }

  @Test
  void formsUploadsAndCookiesExample() throws Exception {
    // README:begin
    Handler upload = request -> {
      String user = request.cookies().value("user").orElse("anonymous");
      StringBuilder seen = new StringBuilder(user + ":");
      for (FormPart part : request.multipart(FormLimits.defaults().withMaxParts(10))) {
        seen.append(' ').append(part.name()).append('=').append(part.filename().orElseGet(part::text));
      }
      return ServerResponse.ok(seen.toString());
    };
    Handler search = request -> ServerResponse.ok("q=" + request.form().value("q").orElse(""));
    // README:end
    String body = "--b\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHi\r\n"
        + "--b\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"a.txt\"\r\n\r\nfile text\r\n--b--\r\n";
    ServerResponse answer = upload.handle(ServerRequest.builder("POST", "/upload")
        .header("Content-Type", "multipart/form-data; boundary=b").header("Cookie", "user=ada").body(body).build());
    assertThat(text(answer)).isEqualTo("ada: title=Hi doc=a.txt");
    ServerResponse found = search.handle(ServerRequest.builder("POST", "/search")
        .header("Content-Type", "application/x-www-form-urlencoded").body("q=caf%C3%A9+au+lait").build());
    assertThat(text(found)).isEqualTo("q=café au lait");
  }

  @Test
  void filesExample() throws Exception {
    Path publicDir = Files.createDirectories(Path.of("public")); // the README's working directory
    Files.writeString(publicDir.resolve("m.wasm"), "\0asm");
    try {
      // README:begin
      HttpServer files = HttpServer.builder().port(0)
          .handler(FileHandler.builder(Path.of("public"))
              .mimeType("wasm", "application/wasm")   // Python's extensions_map
              .precompressed(true)                    // app.js.br, app.js.gz beside app.js
              .build())
          .compressResponses(true)                    // gzip text on the fly
          .start();
      // README:end
      try (files) {
        var c = new HttpConnection("127.0.0.1", files.port());
        c.request("GET", "/m.wasm");
        assertThat(c.getResponse().header("Content-Type")).contains("application/wasm");
        c.close();
      }
    } finally {
      Files.deleteIfExists(publicDir.resolve("m.wasm"));
      Files.deleteIfExists(publicDir);
    }
  }

  @Test
  void nonBlockingHandlerExample() throws Exception {
    // README:begin
    Handler health = Handler.nonBlocking(request -> ServerResponse.ok("up " + Thread.currentThread().getName()));
    HttpServer server = HttpServer.builder().port(0).handler(health).start();
    // README:end
    try (server) {
      var c = new HttpConnection("127.0.0.1", server.port());
      c.request("GET", "/health");
      // on the plaintext read path the read loop ran it, not a virtual thread
      assertThat(new String(c.getResponse().read(), StandardCharsets.UTF_8)).startsWith("up courier-read-");
      c.close();
    }
  }

  @Test
  void handlersOnLoopOffExample() throws Exception {
    Handler app = request -> ServerResponse.ok(Thread.currentThread().isVirtual() ? "virtual" : "loop");
    // README:begin
    HttpServer server = HttpServer.builder().port(0).handler(app).handlersOnLoop(false).start();
    // README:end
    try (server) {
      var c = new HttpConnection("127.0.0.1", server.port());
      c.request("GET", "/");
      assertThat(new String(c.getResponse().read(), StandardCharsets.UTF_8)).isEqualTo("virtual");
      c.close();
    }
  }

  @Test
  void nonBlockingRoutesExample() throws Exception {
    Path report = Files.writeString(Path.of("report.txt"), "all well"); // the README's working directory
    try {
      // README:begin
      Router app = Router.builder()
          .get("/health", Handler.nonBlocking(r -> ServerResponse.ok("up " + Thread.currentThread().getName())))
          .get("/report", r -> ServerResponse.ok(Files.readString(Path.of("report.txt")))) // not declared
          .build();
      HttpServer server = HttpServer.builder().port(0).handler(app).start();
      // README:end
      try (server) {
        var c = new HttpConnection("127.0.0.1", server.port());
        c.request("GET", "/health");
        // the read loop ran the non-blocking route
        assertThat(new String(c.getResponse().read(), StandardCharsets.UTF_8)).startsWith("up courier-read-");
        c.request("GET", "/report");
        assertThat(new String(c.getResponse().read(), StandardCharsets.UTF_8)).isEqualTo("all well");
        c.close();
      }
    } finally {
      Files.deleteIfExists(report);
    }
  }

  private static String text(ServerResponse response) {
    return new String(((dev.courier.server.ServerResponseBody.Bytes) response.body()).data(), StandardCharsets.UTF_8);
  }
}

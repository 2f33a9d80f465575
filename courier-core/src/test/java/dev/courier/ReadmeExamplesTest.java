package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.courier.client.HttpConnection;
import dev.courier.cookies.CookieFileFormat;
import dev.courier.cookies.CookieFiles;
import dev.courier.cookies.CookieJar;
import dev.courier.server.FileHandler;
import dev.courier.server.HttpServer;
import dev.courier.server.Router;
import dev.courier.server.ServerResponse;
import java.io.IOException;
import java.net.BindException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the README's server, low-level client and cookie examples as the README prints them. */
class ReadmeExamplesTest {
  @Test
  void theReadmeShowsExactlyTheseExamples() {
    ReadmeBlocks.assertReadmeShowsEveryBlockOf("ReadmeExamplesTest.java");
  }

  @Test
  void embeddedServerExample() throws Exception {
    assumeTrue(portIsFree(8080), "port 8080 is taken on this machine");
    Path publicDir = Files.createDirectories(Path.of("public")); // the README's working directory
    Files.writeString(publicDir.resolve("index.html"), "<h1>home</h1>");
    try {
      // README:begin
      HttpServer server = HttpServer.builder()
          .port(8080)
          .handler(Router.builder()
              .get("/hi/{name}", request -> ServerResponse.ok("hi " + request.pathParam("name").orElseThrow()))
              .mount("/", FileHandler.of(Path.of("public")))
              .build())
          .start();
      // README:end
      try (server) {
        var c = new HttpConnection("127.0.0.1", 8080);
        c.request("GET", "/hi/ada");
        assertThat(new String(c.getResponse().read(), StandardCharsets.UTF_8)).isEqualTo("hi ada");
        c.request("GET", "/");
        assertThat(new String(c.getResponse().read(), StandardCharsets.UTF_8)).contains("home");
        c.close();
      }
    } finally {
      Files.deleteIfExists(publicDir.resolve("index.html"));
      Files.deleteIfExists(publicDir);
    }
  }

  @Test
  @SuppressWarnings("unused")
  void lowLevelClientExample(@TempDir Path dir) throws Exception {
    assumeTrue(portIsFree(8000), "port 8000 is taken on this machine");
    Files.writeString(dir.resolve("hello.txt"), "hello");
    try (HttpServer server = HttpServer.builder().port(8000).handler(FileHandler.of(dir)).start()) {
      // README:begin
      var c = new HttpConnection("127.0.0.1", 8000);
      c.request("GET", "/hello.txt");
      var r = c.getResponse();
      r.statusCode(); r.reason(); r.header("Content-Type");
      byte[] body = r.read();
      // README:end
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("hello");
      c.close();
    }
  }

  @Test
  void cookieExample() throws Exception {
    try {
      // README:begin
      CookieJar jar = CookieJar.create();
      jar.setCookie("https://example.com/", "sid=31d4d96e; Max-Age=3600; Path=/; Secure; HttpOnly");
      jar.cookieHeader("https://example.com/account");      // "sid=31d4d96e"
      CookieFiles.save(jar, Path.of("cookies.txt"), CookieFileFormat.NETSCAPE);
      CookieJar again = CookieFiles.load(Path.of("cookies.txt"));   // format recognised by content
      // README:end
      assertThat(jar.cookieHeader("https://example.com/account")).isEqualTo("sid=31d4d96e");
      assertThat(again.cookieHeader("https://example.com/account")).isEqualTo("sid=31d4d96e");
    } finally {
      Files.deleteIfExists(Path.of("cookies.txt"));
    }
  }

  private static boolean portIsFree(int port) {
    try (ServerSocket probe = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      return true;
    } catch (BindException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }
}

package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.courier.http.wire.HttpVersion;
import dev.courier.net.ConnectOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Courier's client against {@code python3 -m http.server} (HTTP/1.0, a new connection each time). */
class PythonHttpServerInteropTest {
  private static Process server;
  private static int port;
  private static Path dir;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("courier-python");
    Files.writeString(dir.resolve("hello.txt"), "hello from python\n");
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/a.json"), "{\"a\": 1}");
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    try {
      server = new ProcessBuilder("python3", "-m", "http.server", "--bind", "127.0.0.1",
          Integer.toString(port), "--directory", dir.toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
    } catch (IOException e) {
      assumeTrue(false, "python3 is not installed: " + e.getMessage());
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        if (!server.isAlive() || System.nanoTime() > deadline) {
          // python3 is there but its server did not come up: a failure, not a skip
          throw new AssertionError("python http.server did not start: "
              + Files.readString(dir.resolve("server.log")));
        }
        Thread.sleep(30);
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.destroy();
      server.waitFor(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void theReadmeExample() throws Exception {
    var c = new HttpConnection("127.0.0.1", port, ConnectOptions.defaults()
        .withReadTimeout(Duration.ofSeconds(10)));
    c.request("GET", "/hello.txt");
    var r = c.getResponse();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.reason()).isEqualTo("OK");
    assertThat(r.version()).isEqualTo(HttpVersion.HTTP_1_0);
    assertThat(r.header("Content-Type")).contains("text/plain");
    assertThat(r.read()).asString().isEqualTo("hello from python\n");

    // the server closed the connection: the next request reconnects on its own
    c.request("GET", "/sub/a.json");
    var json = c.getResponse();
    assertThat(json.header("Content-Type")).contains("application/json");
    assertThat(json.read()).asString().isEqualTo("{\"a\": 1}");

    c.request("GET", "/missing");
    var missing = c.getResponse();
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.read()).asString().contains("File not found");

    c.request("HEAD", "/hello.txt");
    var head = c.getResponse();
    assertThat(head.contentLength()).hasValue(18);
    assertThat(head.read()).isEmpty();

    c.request("GET", "/sub");
    var redirect = c.getResponse();
    assertThat(redirect.statusCode()).isEqualTo(301);
    assertThat(redirect.header("Location")).contains("/sub/");
    redirect.read();

    c.request("GET", "/");
    assertThat(c.getResponse().read()).asString().contains("hello.txt");
    c.close();
  }
}

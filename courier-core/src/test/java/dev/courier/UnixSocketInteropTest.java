package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.error.ConnectFailedException;
import dev.courier.error.InvalidUrlException;
import dev.courier.http.Url;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTP over a Unix-domain socket against Python's {@code http.server} on a {@code
 * socketserver.UnixStreamServer}: the requests-unixsocket URL form from {@link Courier} and a
 * session, and a socket bound to a prefix with {@code mount}.
 */
class UnixSocketInteropTest {
  /** Answers every GET with JSON: the path, the Host field and this connection's number. */
  private static final String SERVER = """
      import http.server, json, socketserver, sys, itertools
      counter = itertools.count(1)
      class Handler(http.server.BaseHTTPRequestHandler):
          protocol_version = "HTTP/1.1"
          def setup(self):
              super().setup()
              self.connection_number = next(counter)
          def do_GET(self):
              if self.path == "/moved":
                  self.send_response(302)
                  self.send_header("Location", "/info?from=moved")
                  self.send_header("Content-Length", "0")
                  self.end_headers()
                  return
              body = json.dumps({"path": self.path, "host": self.headers.get("Host"),
                                 "connection": self.connection_number}).encode()
              self.send_response(200)
              self.send_header("Content-Type", "application/json")
              self.send_header("Content-Length", str(len(body)))
              self.end_headers()
              self.wfile.write(body)
          def log_message(self, *args):
              pass
      class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
          daemon_threads = True
      with Server(sys.argv[1], Handler) as server:
          print("ready", flush=True)
          server.serve_forever()
      """;

  private static Path dir;
  private static Path socket;
  private static Process python;

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory("courier-unix");
    socket = dir.resolve("api.sock");
    try {
      python = new ProcessBuilder("python3", "-c", SERVER, socket.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      assumeTrue(false, "python3 is not installed");
    }
    BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine(); // blocks until the socket is bound (or python died)
    assertThat(line).as("python's first line").isEqualTo("ready");
  }

  @AfterAll
  static void stop() throws IOException {
    if (python != null) python.destroy();
    if (socket != null) Files.deleteIfExists(socket);
    if (dir != null) Files.deleteIfExists(dir);
  }

  private static String unixUrl(String path) {
    return "http+unix://" + Url.encodePathSegment(socket.toString()).replace("/", "%2F") + path;
  }

  @Test
  void theRequestsUnixsocketUrlFormFromCourier() {
    JsonNode info = Courier.get(unixUrl("/info?x=1")).raiseForStatus().json();
    assertThat(info.get("path").asText()).isEqualTo("/info?x=1");
    assertThat(info.get("host").asText()).as("a socket file is no host name").isEqualTo("localhost");
  }

  @Test
  void aSessionKeepsTheConnectionAliveAndFollowsARelativeRedirectOnTheSocket() {
    try (Session s = Session.create()) {
      JsonNode first = s.get(unixUrl("/a")).json();
      JsonNode second = s.get(unixUrl("/b")).json();
      assertThat(second.get("connection").asInt()).as("pooled").isEqualTo(first.get("connection").asInt());
      Response moved = s.get(unixUrl("/moved"));
      assertThat(moved.json().get("path").asText()).isEqualTo("/info?from=moved");
      assertThat(moved.url().scheme()).isEqualTo("http+unix");
    }
  }

  @Test
  void anAdapterMountedForAPrefixSendsItToTheSocket() {
    try (Session s = Session.builder()
        .mount("http://api.local/", NetworkAdapter.builder().unixSocket(socket).build())
        .build()) {
      JsonNode info = s.get("http://api.local/v1/info").json();
      assertThat(info.get("path").asText()).isEqualTo("/v1/info");
      assertThat(info.get("host").asText()).as("the URL's host still names the service").isEqualTo("api.local");
    }
  }

  @Test
  void aMissingSocketFileIsAConnectFailureThatSentNothing() {
    String missing = "http+unix://" + dir.resolve("nope.sock").toString().replace("/", "%2F") + "/";
    assertThatThrownBy(() -> Courier.get(missing)).isInstanceOf(ConnectFailedException.class)
        .satisfies(e -> assertThat(((ConnectFailedException) e).mayHaveReachedServer()).isFalse());
  }

  @Test
  void badUnixUrlsFailAtOnce() {
    assertThatThrownBy(() -> Request.get("http+unix:///info")).isInstanceOf(InvalidUrlException.class)
        .hasMessageContaining("no host");
    assertThatThrownBy(() -> Request.get("http+unix://%2Ftmp%00x/")).isInstanceOf(InvalidUrlException.class)
        .hasMessageContaining("decodes to");
    assertThatThrownBy(() -> Request.get("http+unix://%2Ftmp%2/")).isInstanceOf(InvalidUrlException.class)
        .hasMessageContaining("%XX");
  }

  @Test
  void httpsOverAMountedSocketIsRefusedWithAReason() {
    try (Session s = Session.builder().mount("https://api.local/", NetworkAdapter.builder().unixSocket(socket).build())
        .build()) {
      assertThatThrownBy(() -> s.get("https://api.local/")).isInstanceOf(ConnectFailedException.class)
          .hasMessageContaining("TLS over unix:").hasMessageContaining("not supported");
    }
  }
}

package dev.courier.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MockServer is an ordinary HTTP/1.1 server to clients that are not Courier: the JDK's and curl. */
class MockServerInteropTest {
  private MockServer server;

  @BeforeEach
  void start() {
    server = MockServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theJdkClientPostsReusesTheConnectionAndReadsChunkedBodies() throws Exception {
    server.enqueue(MockResponse.builder().status(201).json(java.util.Map.of("id", 1)).build());
    server.enqueue(MockResponse.builder().body("streamed body").chunked(5).build());
    try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      var created = client.send(HttpRequest.newBuilder(URI.create(server.url("/items?x=1")))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Ada\"}")).build(),
          BodyHandlers.ofString());
      assertThat(created.statusCode()).isEqualTo(201);
      assertThat(created.body()).isEqualTo("{\"id\":1}");
      var streamed = client.send(HttpRequest.newBuilder(URI.create(server.url("/s"))).build(),
          BodyHandlers.ofString());
      assertThat(streamed.body()).isEqualTo("streamed body");
    }
    RecordedRequest post = server.takeRequest();
    assertThat(post.method()).isEqualTo("POST");
    assertThat(post.queryParameters()).containsEntry("x", List.of("1"));
    assertThat(post.bodyText()).isEqualTo("{\"name\":\"Ada\"}");
    assertThat(post.header("User-Agent")).hasValueSatisfying(v -> assertThat(v).startsWith("Java-http-client"));
    RecordedRequest get = server.takeRequest();
    assertThat(get.connectionIndex()).isEqualTo(post.connectionIndex());
    assertThat(get.connectionSequenceNumber()).isEqualTo(1);
  }

  @Test
  void curlSendsFormsFollowsRedirectsAndKeepsTheConnection() throws Exception {
    assumeTrue(curlAvailable(), "curl is not installed (apt-get install curl): test skipped");
    server.enqueue(MockResponse.builder().status(302).header("Location", "/done").build());
    server.enqueue(MockResponse.text("done"));
    String out = curl("-s", "-L", "--data", "a=1&b=two", server.url("/form"));
    assertThat(out).isEqualTo("done");
    RecordedRequest form = server.takeRequest();
    assertThat(form.method()).isEqualTo("POST");
    assertThat(form.header("Content-Type")).hasValue("application/x-www-form-urlencoded");
    assertThat(form.bodyText()).isEqualTo("a=1&b=two");
    RecordedRequest redirected = server.takeRequest();
    assertThat(redirected.method()).isEqualTo("GET"); // curl turns a POST into GET after a 302
    assertThat(redirected.path()).isEqualTo("/done");
    assertThat(redirected.connectionSequenceNumber()).isEqualTo(1);
  }

  @Test
  void curlTrustsTheHttpsCaFromAPemFile(@TempDir Path dir) throws Exception {
    assumeTrue(curlAvailable(), "curl is not installed (apt-get install curl): test skipped");
    try (MockServer https = MockServer.builder().https().start()) {
      Path ca = dir.resolve("ca.pem");
      Files.writeString(ca, https.certificateAuthorityPem());
      https.enqueue(MockResponse.text("over tls"));
      https.enqueue(MockResponse.text("by name"));
      assertThat(curl("-s", "--cacert", ca.toString(), https.url("/"))).isEqualTo("over tls");
      assertThat(curl("-s", "--cacert", ca.toString(), https.url("/").replace("127.0.0.1", "localhost")))
          .isEqualTo("by name");
      assertThat(https.takeRequest().tls()).isPresent();
      assertThat(https.takeRequest().tls().orElseThrow().serverNames()).containsExactly("localhost");
    }
  }

  @Test
  void curlReportsTheFaults() throws Exception {
    assumeTrue(curlAvailable(), "curl is not installed (apt-get install curl): test skipped");
    server.enqueue(MockResponse.builder().body("0123456789").fault(Fault.CLOSE_MID_BODY).build());
    server.enqueue(MockResponse.builder().fault(Fault.CLOSE_AFTER_REQUEST).build());
    // curl's exit codes: 18 partial file, 52 empty reply from server
    assertThat(curlExit("-s", server.url("/partial"))).isEqualTo(18);
    assertThat(curlExit("-s", server.url("/empty"))).isEqualTo(52);
  }

  private static boolean curlAvailable() {
    try {
      return new ProcessBuilder("curl", "--version").redirectErrorStream(true).start()
          .waitFor(10, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static String curl(String... args) throws Exception {
    Process process = start(args);
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("curl exit code, output: %s", out).isZero();
    return out;
  }

  private static int curlExit(String... args) throws Exception {
    Process process = start(args);
    process.getInputStream().readAllBytes();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }

  private static Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("curl", "--max-time", "20"));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }
}

package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.server.httpbin.HttpBin;
import dev.courier.server.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's quick start, verbatim between the markers, run against a local HttpBin in place of
 * https://httpbin.org (the only change: {@code base}). If this test fails, the README lies.
 */
class ReadmeQuickStartTest {
  @SuppressWarnings("try")
  static void quickStart(String base) {
    // README:begin
    Response r = Courier.get(base + "/get", Map.of("q", "courier"));
    System.out.println(r.statusCode());                        // 200
    System.out.println(r.json().at("/args/q").asText());       // courier

    try (Session session = Session.builder()
        .header("Accept", "application/json")
        .auth(Auth.basic("ada", "s3cret"))
        .timeouts(Timeouts.defaults().withTotal(Duration.ofSeconds(20)))
        .retry(Retry.defaults())
        .build()) {
      Response created = session.send(Request.post(base + "/post")
          .json(Map.of("name", "Ada"))
          .build())
          .raiseForStatus();
      System.out.println(created.json().at("/json/name").asText());   // Ada

      try (Response big = session.send(Request.get(base + "/stream/3").stream(true).build())) {
        System.out.println(big.lines().count());               // 3
      }
    } catch (HttpStatusException e) {
      System.out.println("server said " + e.statusCode());
    }
    // README:end
  }

  @Test
  void theQuickStartRunsAndPrintsWhatTheCommentsSay() throws Exception {
    try (HttpServer server = HttpServer.builder().bind("127.0.0.1").port(0).handler(new HttpBin()).start()) {
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      PrintStream original = System.out;
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      try {
        quickStart("http://127.0.0.1:" + server.port()); // the README has: String base = "https://httpbin.org";
      } finally {
        System.setOut(original);
      }
      assertThat(printed.toString(StandardCharsets.UTF_8).lines().toList())
          .containsExactly("200", "courier", "Ada", "3");
    }
  }

  @Test
  void theReadmeShowsExactlyThisQuickStart() {
    ReadmeBlocks.assertReadmeShowsEveryBlockOf("ReadmeQuickStartTest.java");
  }
}

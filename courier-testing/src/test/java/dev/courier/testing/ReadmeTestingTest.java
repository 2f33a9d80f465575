package dev.courier.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.Body;
import dev.courier.Courier;
import dev.courier.Response;
import dev.courier.Session;
import dev.courier.error.IncompleteReadException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The README's "Testing code that uses HTTP" examples, verbatim between the markers: the first
 * runs and prints what its comments say, the second is a JUnit test class run as one.
 */
class ReadmeTestingTest {
  @SuppressWarnings("try")
  static void mockServerExample() {
    // README:begin
    try (MockServer server = MockServer.start()) {
      server.enqueue(MockResponse.json(Map.of("id", 7)));
      server.enqueue(MockResponse.builder().body("0123456789").fault(Fault.CLOSE_MID_BODY).build());

      Response created = Courier.post(server.url("/users"), Body.json(Map.of("name", "Ada")));
      System.out.println(created.json().at("/id").asInt());                 // 7

      RecordedRequest request = server.takeRequest();
      System.out.println(request.method() + " " + request.path());          // POST /users
      System.out.println(request.bodyText());                               // {"name":"Ada"}

      try {
        Courier.get(server.url("/report"));
      } catch (IncompleteReadException e) {
        System.out.println(e.received() + " of " + e.expected().orElseThrow()); // 5 of 10
      }
    }

    try (MockServer server = MockServer.builder().https().start();
        Session session = Session.builder().tls(server.tlsSettings()).build()) {
      server.enqueue(MockResponse.text("no trust-all needed"));
      System.out.println(session.get(server.url("/")).text());              // no trust-all needed
    }
    // README:end
  }

  @Test
  void theExampleRunsAndPrintsWhatTheCommentsSay() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      mockServerExample();
    } finally {
      System.setOut(original);
    }
    assertThat(printed.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
        "7", "POST /users", "{\"name\":\"Ada\"}", "5 of 10", "no trust-all needed");
  }

  @Nested
  // README:begin
  @CourierTest
  class UserClientTest {
    @Test
    void sendsTheUserAsJson(MockServer server) {
      server.enqueue(MockResponse.builder().status(201).json(Map.of("id", 7)).build());

      Courier.post(server.url("/users"), Body.json(Map.of("name", "Ada"))).raiseForStatus();

      RecordedRequest request = server.takeRequest();
      assertThat(request.path()).isEqualTo("/users");
      assertThat(request.header("Content-Type")).hasValue("application/json");
    }
  }
  // README:end

  @Test
  void theReadmeShowsExactlyTheseExamples() {
    ReadmeBlocks.assertReadmeShowsEveryBlockOf("ReadmeTestingTest.java");
  }
}

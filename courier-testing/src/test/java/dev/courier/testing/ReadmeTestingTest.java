package dev.courier.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.Body;
import dev.courier.Courier;
import dev.courier.Response;
import dev.courier.Session;
import dev.courier.error.IncompleteReadException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  static void transportExample() {
    // README:begin
    RouteTable routes = new RouteTable();
    routes.on(RequestPattern.get("/users/{id}")).respond(MockResponse.json(Map.of("name", "Ada")));
    Route created = routes.on(RequestPattern.post("/users")).respond(MockResponse.status(201));
    MockTransport transport = MockTransport.of(routes);

    try (Session session = transport.session()) {
      System.out.println(session.get("https://api.test/users/7").json().at("/name").asText()); // Ada
      session.post("https://api.test/users", Body.json(Map.of("name", "Grace")));
      try {
        session.delete("https://api.test/users/7");
      } catch (AssertionError e) {
        System.out.println(e.getMessage().lines().findFirst().orElseThrow());
        // MockTransport: no route matches DELETE https://api.test/users/7; registered routes:
      }
    }
    created.assertCalled(1);
    transport.assertCalled(RequestPattern.post("/users").jsonBody(Map.of("name", "Grace")), 1);
    transport.assertNotCalled(RequestPattern.get("/users").query("page", "2"));
    routes.assertAllRoutesCalled();
    // README:end
  }

  @Test
  void theTransportExampleRunsAndPrintsWhatTheCommentsSay() {
    assertThat(printed(ReadmeTestingTest::transportExample)).containsExactly("Ada",
        "MockTransport: no route matches DELETE https://api.test/users/7; registered routes:");
  }

  @SuppressWarnings("try")
  static void cassetteExample() throws IOException {
    // README:begin
    Path file = Files.createTempDirectory("cassettes").resolve("users.json");
    try (MockServer api = MockServer.start()) {
      api.enqueue(MockResponse.text("ada, grace"));
      String url = api.url("/users?api_key=s3cret");
      for (CassetteMode mode : List.of(CassetteMode.ONCE, CassetteMode.NONE)) {
        try (Cassette cassette = Cassette.builder(file).mode(mode).redactQueryParameter("api_key").build();
            Session session = Session.builder().networkInterceptor(cassette.interceptor()).build()) {
          System.out.println(mode + ": " + session.get(url).text());  // ONCE: ada, grace / NONE: ada, grace
        }
      }
      System.out.println(api.requestCount());                        // 1: the second run replayed
      System.out.println(Files.readString(file).contains("s3cret")); // false
    }
    // README:end
  }

  @Test
  void theCassetteExampleRunsAndPrintsWhatTheCommentsSay() {
    assertThat(printed(() -> {
      try {
        cassetteExample();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    })).containsExactly("ONCE: ada, grace", "NONE: ada, grace", "1", "false");
  }

  private static List<String> printed(Runnable example) {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      example.run();
    } finally {
      System.setOut(original);
    }
    return printed.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void theReadmeShowsExactlyTheseExamples() {
    ReadmeBlocks.assertReadmeShowsEveryBlockOf("ReadmeTestingTest.java");
  }
}

package dev.courier.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.Body;
import dev.courier.Response;
import dev.courier.Session;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link RouteTable} and {@link RequestHistory} on a {@link MockServer}, seen from a client. */
class RouteTableTest {
  private final RouteTable routes = new RouteTable();
  private MockServer server;
  private Session session;

  @BeforeEach
  void start() {
    server = MockServer.start();
    server.dispatcher(routes);
    session = Session.builder().build();
  }

  @AfterEach
  void stop() {
    session.close();
    server.close();
  }

  @Test
  void theFirstMatchingRouteAnswersAndCountsItsCalls() {
    Route user = routes.on(RequestPattern.get("/users/{id}")).respond(MockResponse.json(Map.of("name", "Ada")));
    Route created = routes.on(RequestPattern.post("/users")).respond(MockResponse.status(201));
    Route any = routes.on(RequestPattern.any()).respond(MockResponse.text("fallthrough"));

    assertThat(session.get(server.url("/users/7")).json().at("/name").asText()).isEqualTo("Ada");
    assertThat(session.get(server.url("/users/8")).statusCode()).isEqualTo(200);
    assertThat(session.post(server.url("/users"), Body.json(Map.of("name", "Grace"))).statusCode()).isEqualTo(201);
    assertThat(session.delete(server.url("/users/7")).text()).isEqualTo("fallthrough");

    user.assertCalled(2);
    created.assertCalled(1);
    assertThat(any.calls()).extracting(RecordedRequest::method).containsExactly("DELETE");
    routes.assertAllRoutesCalled();
    routes.assertNoUnmatchedRequests();
  }

  @Test
  void aRouteWithALimitStepsAsideForTheNextAndSequencesRepeatTheirLast() {
    routes.on(RequestPattern.get("/report")).times(1).respond(MockResponse.status(503));
    routes.on(RequestPattern.get("/report")).respondInOrder(MockResponse.text("a"), MockResponse.text("b"));

    assertThat(session.get(server.url("/report")).statusCode()).isEqualTo(503);
    assertThat(session.get(server.url("/report")).text()).isEqualTo("a");
    assertThat(session.get(server.url("/report")).text()).isEqualTo("b");
    assertThat(session.get(server.url("/report")).text()).isEqualTo("b");
  }

  @Test
  void anUnmatchedRequestGetsA404ListingTheRoutesAndFailsTheCheck() {
    routes.on(RequestPattern.get("/users").query("page", "2")).respond(MockResponse.text("page 2"));

    Response missed = session.get(server.url("/users?page=3"));

    assertThat(missed.statusCode()).isEqualTo(404);
    assertThat(missed.text()).isEqualTo("""
        no route matches GET /users?page=3; registered routes:
          GET /users [page=2], called 0
              query page: expected 2, was 3
        """);
    assertThatThrownBy(routes::assertNoUnmatchedRequests).isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("1 request matched no route:\nno route matches GET /users?page=3");
    assertThat(routes.unmatchedRequests()).extracting(RecordedRequest::target).containsExactly("/users?page=3");
  }

  @Test
  void assertAllRoutesCalledNamesTheIdleRoutesAndWhatArrived() {
    routes.on(RequestPattern.get("/a")).respond(MockResponse.text("a"));
    routes.on(RequestPattern.delete("/b")).respond(MockResponse.status(204));
    session.get(server.url("/a"));
    session.get(server.url("/c"));

    assertThatThrownBy(routes::assertAllRoutesCalled).isInstanceOf(AssertionError.class)
        .hasMessage("""
            1 of 2 routes were never called:
              DELETE /b
            requests received:
              #0 GET /a
              #1 GET /c  (unmatched)""");
  }

  @Test
  void aFallbackReplacesThe404() {
    routes.fallback(MockResponse.status(418));
    assertThat(session.get(server.url("/tea")).statusCode()).isEqualTo(418);
    assertThat(routes.unmatchedRequests()).hasSize(1);
  }

  @Test
  void aRouteWithoutAnAnswerFailsTheServersClose() {
    routes.on(RequestPattern.get("/"));
    assertThat(session.get(server.url("/")).statusCode()).isEqualTo(500);
    assertThatThrownBy(server::close).isInstanceOf(AssertionError.class)
        .hasMessageContaining("the dispatcher failed on GET / HTTP/1.1")
        .hasMessageContaining("has no response: call respond(...)");
  }

  @Test
  void historyAssertionsCountMatchesAndListEveryRequestWithItsMismatch() {
    routes.on(RequestPattern.any()).respond(MockResponse.status(204));
    session.post(server.url("/users"), Body.json(Map.of("name", "Ada")));
    session.post(server.url("/users"), Body.json(Map.of("name", "Grace")));
    session.get(server.url("/users?page=2"));

    server.assertCalled(RequestPattern.post("/users").jsonBody(Map.of("name", "Ada")), 1);
    server.assertCalled(RequestPattern.post("/users").header("Content-Type", "application/json"), 2);
    server.assertCalled(RequestPattern.get("/users").query("page", "2"));
    server.assertNotCalled(RequestPattern.delete("/users/**"));
    assertThat(server.requestsMatching(RequestPattern.post("/users"))).hasSize(2);

    assertThatThrownBy(() -> server.assertCalled(RequestPattern.post("/users").jsonBody(Map.of("name", "Bob")), 1))
        .isInstanceOf(AssertionError.class)
        .hasMessage("""
            expected 1 request matching POST /users [JSON body {"name":"Bob"}], got 0
            3 requests were received:
              #0 POST /users [14 body bytes]
                  body: expected JSON {"name":"Bob"}, was {"name":"Ada"}
              #1 POST /users [16 body bytes]
                  body: expected JSON {"name":"Bob"}, was {"name":"Grace"}
              #2 GET /users?page=2
                  method: expected POST, was GET
                  body: expected JSON {"name":"Bob"}, was empty""");
    assertThatThrownBy(() -> server.assertCalled(RequestPattern.get("/none")))
        .hasMessageStartingWith("expected a request matching GET /none, got none\n3 requests were received:");
    assertThat(List.of(server.receivedRequests().size())).containsExactly(3);
  }

  @Test
  void aServerKeepingFewRequestsStillCountsThemAll() {
    try (MockServer bounded = MockServer.builder().keepRequests(1).start()) {
      bounded.dispatcher(request -> MockResponse.status(204));
      session.get(bounded.url("/a"));
      session.get(bounded.url("/b"));
      assertThat(bounded.requestCount()).isEqualTo(2);
      assertThat(bounded.receivedRequests()).extracting(RecordedRequest::path).containsExactly("/b");
      assertThat(bounded.takeRequest().path()).isEqualTo("/b");
    }
  }
}

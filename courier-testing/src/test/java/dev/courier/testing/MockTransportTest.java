package dev.courier.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.Auth;
import dev.courier.Body;
import dev.courier.Hook;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.Retry;
import dev.courier.Session;
import dev.courier.Timeouts;
import dev.courier.error.IncompleteReadException;
import dev.courier.error.ReadTimeoutException;
import dev.courier.error.RemoteDisconnectedException;
import dev.courier.TooManyRedirectsException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** {@link MockTransport} answers from memory under the whole chain of a session. */
class MockTransportTest {
  private final RouteTable routes = new RouteTable();
  private final MockTransport transport = MockTransport.of(routes);

  @Test
  void redirectsAreFollowedAndEachHopIsRecorded() {
    routes.on(RequestPattern.get("/old")).respond(MockResponse.builder().status(301).header("Location", "/new").build());
    routes.on(RequestPattern.get("/new")).respond(MockResponse.text("moved here"));
    try (Session session = transport.session()) {
      Response response = session.get("https://api.test/old");
      assertThat(response.text()).isEqualTo("moved here");
      assertThat(response.url().toString()).isEqualTo("https://api.test/new");
      assertThat(response.history()).extracting(Response::statusCode).containsExactly(301);
    }
    assertThat(transport.receivedRequests()).extracting(RecordedRequest::requestLine)
        .containsExactly("GET https://api.test/old HTTP/1.1", "GET https://api.test/new HTTP/1.1");
    routes.assertAllRoutesCalled();
  }

  @Test
  void aRedirectLoopEndsWithTooManyRedirects() {
    routes.on(RequestPattern.get("/loop")).respond(MockResponse.builder().status(302).header("Location", "/loop").build());
    try (Session session = transport.sessionBuilder().maxRedirects(5).build()) {
      assertThatThrownBy(() -> session.get("http://api.test/loop")).isInstanceOf(TooManyRedirectsException.class);
    }
    assertThat(transport.requestCount()).isEqualTo(6);
  }

  @Test
  void cookiesSetByAResponseAreSentBackOnlyWhereTheyBelong() {
    routes.on(RequestPattern.post("/login")).respond(MockResponse.builder().status(204)
        .header("Set-Cookie", "sid=abc; Path=/; Secure; HttpOnly").build());
    routes.on(RequestPattern.any()).respond(MockResponse.text("ok"));
    try (Session session = transport.session()) {
      session.post("https://api.test/login", Body.form(Map.of("user", "ada")));
      session.get("https://api.test/me");
      session.get("http://api.test/me"); // a Secure cookie stays off plain HTTP (RFC 6265, 5.4)
      session.get("https://other.test/me");
    }
    transport.assertCalled(RequestPattern.get("/me").header("Cookie", "sid=abc"), 1);
    transport.assertCalled(RequestPattern.get("/me").headerAbsent("Cookie"), 2);
    transport.assertCalled(RequestPattern.post("/login").formField("user", "ada"), 1);
  }

  @Test
  void anAuthChallengeIsAnsweredByTheSessionsAuth() {
    routes.on(RequestPattern.get("/private").headerAbsent("Authorization")).respond(MockResponse.builder()
        .status(401).header("WWW-Authenticate", "Digest realm=\"api\", nonce=\"n1\", qop=\"auth\", algorithm=SHA-256")
        .build());
    routes.on(RequestPattern.get("/private").headerPresent("Authorization")).respond(MockResponse.text("welcome"));
    try (Session session = transport.sessionBuilder().auth(Auth.digest("ada", "pw")).build()) {
      assertThat(session.get("https://api.test/private").text()).isEqualTo("welcome");
    }
    RecordedRequest answer = transport.receivedRequests().get(1);
    assertThat(answer.header("Authorization")).get().asString()
        .startsWith("Digest ").contains("username=\"ada\"", "realm=\"api\"", "nonce=\"n1\"", "algorithm=SHA-256",
            "uri=\"/private\"");
    routes.assertAllRoutesCalled();
  }

  @Test
  void retriesFollowRetryAfterAndDisconnectsThroughThePolicy() {
    routes.on(RequestPattern.get("/busy")).respondInOrder(
        MockResponse.builder().status(503).header("Retry-After", "0").build(),
        MockResponse.builder().fault(Fault.CLOSE_AFTER_REQUEST).build(),
        MockResponse.text("done"));
    List<String> retries = new CopyOnWriteArrayList<>();
    Hook hook = new Hook() {
      @Override
      public void onRetry(Request request, int retry, Duration wait, String why) {
        retries.add(retry + ": " + why);
      }
    };
    Retry retry = Retry.builder().total(3).backoff(Duration.ZERO).build();
    try (Session session = transport.sessionBuilder().retry(retry).hook(hook).build()) {
      assertThat(session.get("https://api.test/busy").text()).isEqualTo("done");
    }
    assertThat(transport.requestCount()).isEqualTo(3);
    assertThat(retries).hasSize(2);
    assertThat(retries.get(0)).contains("503");
  }

  @Test
  void aPostIsNotSentAgainAfterADisconnectWithoutPermission() {
    transport.enqueue(MockResponse.builder().fault(Fault.CLOSE_AFTER_REQUEST).build());
    try (Session session = transport.sessionBuilder().retry(Retry.builder().total(3).backoff(Duration.ZERO).build())
        .build()) {
      assertThatThrownBy(() -> session.post("https://api.test/pay", Body.text("1 EUR")))
          .isInstanceOf(RemoteDisconnectedException.class);
    }
    assertThat(transport.requestCount()).isEqualTo(1);
  }

  @Test
  void compressedBodiesAreDecodedAsFromTheNetwork() throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write("{\"name\":\"Ada\"}".getBytes(StandardCharsets.UTF_8));
    }
    transport.enqueue(MockResponse.builder().header("Content-Encoding", "gzip")
        .header("Content-Type", "application/json").body(gz.toByteArray()).build());
    try (Session session = transport.session()) {
      assertThat(session.get("https://api.test/user").json().get("name").asText()).isEqualTo("Ada");
    }
    assertThat(transport.takeRequest().header("Accept-Encoding")).get().asString().contains("gzip");
  }

  @Test
  void hooksAndInterceptorsSeeEveryCall() {
    transport.enqueue(MockResponse.text("a"));
    List<String> seen = new CopyOnWriteArrayList<>();
    Hook hook = new Hook() {
      @Override
      public void onResponse(Request request, Response response) {
        seen.add("hook " + response.statusCode());
      }
    };
    try (Session session = transport.sessionBuilder().hook(hook)
        .interceptor(chain -> chain.proceed(chain.request().newBuilder().header("X-Trace", "t1").build()))
        .build()) {
      session.get("https://api.test/");
    }
    assertThat(seen).containsExactly("hook 200");
    assertThat(transport.takeRequest().header("X-Trace")).hasValue("t1");
  }

  @Test
  void faultsRaiseWhatTheNetworkClientRaises() {
    transport.enqueue(MockResponse.builder().body("0123456789").fault(Fault.CLOSE_MID_BODY).build());
    transport.enqueue(MockResponse.builder().fault(Fault.STALL).build());
    transport.enqueue(MockResponse.builder().delayHead(Duration.ofMinutes(5)).body("late").build());
    transport.enqueue(MockResponse.builder().delayHead(Duration.ofMillis(1)).body("soon").build());
    try (Session session = transport.sessionBuilder().timeouts(Timeouts.of(Duration.ofSeconds(2))).build()) {
      assertThatThrownBy(() -> session.get("https://api.test/report"))
          .isInstanceOfSatisfying(IncompleteReadException.class, e -> {
            assertThat(e.received()).isEqualTo(5);
            assertThat(e.expected()).hasValue(10);
          });
      assertThatThrownBy(() -> session.get("https://api.test/stall")).isInstanceOf(ReadTimeoutException.class);
      assertThatThrownBy(() -> session.get("https://api.test/late")).isInstanceOf(ReadTimeoutException.class);
      assertThat(session.get("https://api.test/soon").text()).isEqualTo("soon");
    }
  }

  @Test
  void anUnmatchedRequestFailsTheCallListingTheRoutes() {
    routes.on(RequestPattern.get("/users/{id}")).respond(MockResponse.json(Map.of()));
    try (Session session = transport.session()) {
      assertThatThrownBy(() -> session.delete("https://api.test/users/7"))
          .isInstanceOf(AssertionError.class)
          .hasMessage("""
              MockTransport: no route matches DELETE https://api.test/users/7; registered routes:
                GET /users/{id}, called 0
                    method: expected GET, was DELETE""");
    }
    assertThatThrownBy(routes::assertNoUnmatchedRequests).hasMessageStartingWith("1 request matched no route");
  }

  @Test
  void aHandlerBuildsResponsesFromTheCourierRequest() {
    MockTransport echo = MockTransport.handling(request -> Response.builder().request(request)
        .body(request.method() + " " + request.url().path(), StandardCharsets.UTF_8).build());
    try (Session session = echo.session()) {
      assertThat(session.put("https://api.test/items/1", Body.text("x")).text()).isEqualTo("PUT /items/1");
    }
    echo.assertCalled(RequestPattern.put("/items/1").body("x"), 1);
    assertThat(echo.takeRequest().requestLine()).isEqualTo("PUT https://api.test/items/1 HTTP/1.1");
    assertThatThrownBy(echo::takeRequest).hasMessage("no request left to take (1 received)");
  }

  @Test
  void headAnd204AnswersCarryNoBody() {
    transport.enqueue(MockResponse.text("body of a GET"));
    transport.enqueue(MockResponse.status(204));
    try (Session session = transport.session()) {
      Response head = session.head("https://api.test/file");
      assertThat(head.header("Content-Length")).hasValue("13");
      assertThat(head.bytes()).isEmpty();
      assertThat(session.delete("https://api.test/file").bytes()).isEmpty();
    }
  }

  @Test
  void keepRequestsBoundsTheHistoryButCountsEveryRequest() {
    MockTransport bounded = MockTransport.of(request -> MockResponse.status(204)).keepRequests(2);
    try (Session session = bounded.session()) {
      for (int i = 0; i < 5; i++) {
        session.get("https://api.test/" + i);
      }
    }
    assertThat(bounded.requestCount()).isEqualTo(5);
    assertThat(bounded.receivedRequests()).extracting(RecordedRequest::path).containsExactly("/3", "/4");
    assertThat(bounded.takeRequest().path()).isEqualTo("/3");
  }
}

package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RouterTest {
  static String text(ServerResponse r) {
    return new String(((ServerResponseBody.Bytes) r.body()).data(), StandardCharsets.UTF_8);
  }

  static ServerResponse call(Router router, String method, String target) throws Exception {
    return router.handle(ServerRequest.builder(method, target).build());
  }

  final Router router = Router.builder()
      .get("/", r -> ServerResponse.ok("root"))
      .get("/users/{id}", r -> ServerResponse.ok("user " + r.pathParam("id").orElseThrow()))
      .post("/users", r -> ServerResponse.of(201))
      .delete("/users/{id}", r -> ServerResponse.of(204))
      .get("/files/*", r -> ServerResponse.ok("file [" + r.pathParam("*").orElseThrow() + "]"))
      .get("/a/{x}/b/{y}", r -> ServerResponse.ok(r.pathParams().toString()))
      .mount("/api/", r -> ServerResponse.ok("api " + r.basePath() + " " + r.path()))
      .build();

  @Test
  void matchesLiteralsParamsAndWildcards() throws Exception {
    assertThat(text(call(router, "GET", "/"))).isEqualTo("root");
    assertThat(text(call(router, "GET", "/users/42"))).isEqualTo("user 42");
    assertThat(text(call(router, "GET", "/users/a%20b"))).isEqualTo("user a b");
    assertThat(text(call(router, "GET", "/files/a/b.txt"))).isEqualTo("file [a/b.txt]");
    assertThat(text(call(router, "GET", "/files/"))).isEqualTo("file []");
    assertThat(text(call(router, "GET", "/a/1/b/2?q"))).isEqualTo("{x=1, y=2}");
    assertThat(call(router, "POST", "/users").statusCode()).isEqualTo(201);
  }

  @Test
  void notFoundAndMethodNotAllowed() throws Exception {
    assertThat(call(router, "GET", "/nope").statusCode()).isEqualTo(404);
    assertThat(call(router, "GET", "/users/").statusCode()).isEqualTo(404);
    assertThat(call(router, "GET", "/users/1/extra").statusCode()).isEqualTo(404);
    assertThat(call(router, "GET", "/files").statusCode()).isEqualTo(404);
    ServerResponse r = call(router, "PUT", "/users/1");
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).contains("GET, DELETE, HEAD, OPTIONS");
    ServerResponse options = call(router, "OPTIONS", "/users/1");
    assertThat(options.statusCode()).isEqualTo(204);
    assertThat(options.headers().firstValue("Allow")).contains("GET, DELETE, HEAD, OPTIONS");
  }

  @Test
  void headFallsBackToGet() throws Exception {
    assertThat(text(call(router, "HEAD", "/users/7"))).isEqualTo("user 7");
  }

  @Test
  void mountStripsThePrefixAndRedirectsTheBareOne() throws Exception {
    assertThat(text(call(router, "GET", "/api/v1/x"))).isEqualTo("api /api /v1/x");
    assertThat(text(call(router, "POST", "/api/"))).isEqualTo("api /api /");
    ServerResponse bare = call(router, "GET", "/api?x=1");
    assertThat(bare.statusCode()).isEqualTo(301);
    assertThat(bare.headers().firstValue("Location")).contains("/api/?x=1");
  }

  @Test
  void customNotFoundAndBadPatterns() throws Exception {
    Router r = Router.builder().notFound(req -> ServerResponse.builder(404).text("custom")).build();
    assertThat(text(call(r, "GET", "/x"))).isEqualTo("custom");
    assertThatThrownBy(() -> Router.builder().get("nope", req -> null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Router.builder().get("/a/*/b", req -> null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Router.builder().get("/{x", req -> null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Router.builder().mount("/a", req -> null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void errorPagesFollowAccept() throws Exception {
    ServerResponse json = router.handle(ServerRequest.builder("GET", "/nope").header("Accept", "application/json").build());
    assertThat(json.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(text(json)).contains("\"status\":404").contains("\"error\":\"Not Found\"");
    ServerResponse html = router.handle(ServerRequest.builder("GET", "/nope")
        .header("Accept", "text/html,application/json;q=0.9").build());
    assertThat(text(html)).contains("<h1>404 Not Found</h1>");
    assertThat(text(ErrorPages.html(400, "<script>"))).contains("&lt;script&gt;").doesNotContain("<script>");
    assertThat(ErrorPages.wantsJson("application/problem+json")).isTrue();
    assertThat(ErrorPages.wantsJson("*/*")).isFalse();
  }

  /** Answers with the kind of handler that ran, so a test can compare it with the loop's choice. */
  static Handler named(String name) {
    return r -> ServerResponse.ok(name);
  }

  static Handler loop(String name) {
    return Handler.nonBlocking(named(name));
  }

  final Router mixed = Router.builder()
      .get("/health", loop("loop"))
      .get("/users/{id}", named("thread"))
      .post("/users/{id}", loop("loop"))
      .any("/any/*", loop("loop"))
      .mount("/api/", Router.builder()
          .get("/ping", loop("loop"))
          .get("/slow", named("thread"))
          .mount("/deep/", Router.builder().get("/{x}", loop("loop")).build())
          .build())
      .mount("/plain/", Router.builder().get("/x", named("thread")).build())
      .mount("/whole/", loop("loop"))
      .build();

  @Test
  void aRouterWithoutNonBlockingRoutesGivesTheLoopNothingToAsk() {
    assertThat(LoopRouting.of(router)).isNull();
    assertThat(LoopRouting.of(Router.builder().mount("/a/", router).notFound(named("x")).build())).isNull();
    assertThat(LoopRouting.of(named("x"))).isNull();
    assertThat(LoopRouting.of(loop("x"))).isSameAs(LoopRouting.EVERY);
    assertThat(LoopRouting.of(mixed)).isNotNull();
    assertThat(LoopRouting.of(Router.builder().notFound(loop("x")).build())).isNotNull();
  }

  @Test
  void theLoopRunsExactlyTheRoutesDeclaredNonBlocking() {
    LoopRouting loop = LoopRouting.of(mixed);
    assertThat(loop.runsOnLoop("GET", "/health")).isTrue();
    assertThat(loop.runsOnLoop("GET", "/health?next=/users/1")).isTrue();
    assertThat(loop.runsOnLoop("HEAD", "/health")).isTrue(); // HEAD falls back to the GET route
    assertThat(loop.runsOnLoop("GET", "/users/7")).isFalse();
    assertThat(loop.runsOnLoop("POST", "/users/7")).isTrue();
    assertThat(loop.runsOnLoop("GET", "/any/")).isTrue();
    assertThat(loop.runsOnLoop("GET", "/api/ping")).isTrue();
    assertThat(loop.runsOnLoop("GET", "/api/slow")).isFalse();
    assertThat(loop.runsOnLoop("GET", "/api/deep/7")).isTrue();
    assertThat(loop.runsOnLoop("GET", "/plain/x")).isFalse();
    assertThat(loop.runsOnLoop("GET", "/whole/anything/below")).isTrue();
    // a target that is not plain origin-form is left to a thread, which parses it whole
    assertThat(loop.runsOnLoop("GET", "http://a/health")).isFalse();
    assertThat(loop.runsOnLoop("GET", "/health%zz")).isFalse();
    assertThat(loop.runsOnLoop("OPTIONS", "*")).isFalse();
  }

  @Test
  void theRoutersOwnAnswersRunOnTheLoopButACustomNotFoundOnlyWhenDeclared() throws Exception {
    LoopRouting loop = LoopRouting.of(mixed);
    assertThat(loop.runsOnLoop("GET", "/nope")).isTrue(); // 404
    assertThat(loop.runsOnLoop("DELETE", "/users/7")).isTrue(); // 405
    assertThat(loop.runsOnLoop("OPTIONS", "/users/7")).isTrue(); // 204 with Allow
    assertThat(loop.runsOnLoop("GET", "/api")).isTrue(); // the mount's redirect
    assertThat(loop.runsOnLoop("GET", "/plain/nope")).isFalse(); // the 404 of a router without such routes
    Router custom = Router.builder().get("/a", loop("loop")).notFound(named("thread")).build();
    assertThat(LoopRouting.of(custom).runsOnLoop("GET", "/b")).isFalse();
    assertThat(call(custom, "GET", "/b").statusCode()).isEqualTo(200);
  }

  @Test
  void theLoopsChoiceAgreesWithTheRouteThatAnswers() throws Exception {
    LoopRouting loop = LoopRouting.of(mixed);
    String[][] requests = {
        {"GET", "/health"}, {"HEAD", "/health"}, {"PUT", "/health"}, {"GET", "/users/7"}, {"POST", "/users/7"},
        {"HEAD", "/users/7"}, {"GET", "/users/"}, {"GET", "/any/x/y"}, {"GET", "/any"}, {"GET", "/api/ping"},
        {"GET", "/api/slow"}, {"HEAD", "/api/slow"}, {"GET", "/api/deep/1"}, {"GET", "/api/deep/1/2"},
        {"GET", "/api/deep"}, {"GET", "/plain/x"}, {"GET", "/plain/y"}, {"GET", "/whole/"}, {"GET", "/"},
    };
    for (String[] r : requests) {
      ServerResponse answer = call(mixed, r[0], r[1]);
      // a 404, 405 or redirect is the router's own answer, which runs where the loop's routes run
      boolean ownAnswer = answer.statusCode() != 200;
      boolean onLoop = ownAnswer ? !r[1].startsWith("/plain/") : text(answer).equals("loop");
      assertThat(loop.runsOnLoop(r[0], r[1])).as(r[0] + " " + r[1]).isEqualTo(onLoop);
    }
  }

  @Test
  void accessLogIsCommonLogFormat() throws Exception {
    String line = AccessLog.to(s -> { }).format(InetAddress.getByName("127.0.0.1"), null,
        Instant.parse("2026-11-22T00:16:33Z"), "GET /a\"b HTTP/1.1", 200, 1043);
    assertThat(line).isEqualTo("127.0.0.1 - - [22/Nov/2026:00:16:33 +0000] \"GET /a\\\"b HTTP/1.1\" 200 1043");
    assertThat(AccessLog.off().enabled()).isFalse();
  }

  @Test
  void responseBuilderRefusesInjection() {
    assertThatThrownBy(() -> ServerResponse.builder(200).header("X", "v\r\nSet-Cookie: a=1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ServerResponse.builder(200).header("X\r\n", "v")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ServerResponse.builder(100)).isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.courier.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.http.Headers;
import dev.courier.http.wire.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which requests a {@link RequestPattern} matches, and what it says about those it does not. */
class RequestPatternTest {
  static RecordedRequest request(String method, String target, Headers headers, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return new RecordedRequest(method, target, HttpVersion.HTTP_1_1, headers, bytes, bytes.length,
        Headers.empty(), 0, 0, 0, Optional.empty(), Instant.EPOCH);
  }

  static RecordedRequest get(String target) {
    return request("GET", target, Headers.empty(), "");
  }

  @Test
  void pathPatternsMatchSegmentBySegment() {
    assertThat(RequestPattern.get("/users").matches(get("/users"))).isTrue();
    assertThat(RequestPattern.get("/users").matches(get("/users/"))).isFalse();
    assertThat(RequestPattern.get("/users").matches(get("/users/7"))).isFalse();
    assertThat(RequestPattern.get("/users/{id}").matches(get("/users/7?x=1"))).isTrue();
    assertThat(RequestPattern.get("/users/{id}").matches(get("/users/"))).isFalse();
    assertThat(RequestPattern.get("/users/*/posts").matches(get("/users/7/posts"))).isTrue();
    assertThat(RequestPattern.get("/users/*/posts").matches(get("/users/7/likes"))).isFalse();
    assertThat(RequestPattern.get("/files/**").matches(get("/files"))).isTrue();
    assertThat(RequestPattern.get("/files/**").matches(get("/files/a/b/c.txt"))).isTrue();
    assertThat(RequestPattern.get("/files/**").matches(get("/filesystem"))).isFalse();
    assertThat(RequestPattern.any().matches(request("BREW", "/pot", Headers.empty(), ""))).isTrue();
    assertThat(RequestPattern.get("/a").matches(get("http://example.com/a?b"))).isTrue();
  }

  @Test
  void methodsAreCaseSensitive() {
    assertThat(RequestPattern.get("/").mismatches(request("get", "/", Headers.empty(), "")))
        .containsExactly("method: expected GET, was get");
    assertThat(RequestPattern.path("/").matches(request("DELETE", "/", Headers.empty(), ""))).isTrue();
  }

  @Test
  void queryParametersAreMatchedAsASubsetOrExactly() {
    RequestPattern page = RequestPattern.get("/users").query("page", "2");
    assertThat(page.matches(get("/users?page=2&size=10"))).isTrue();
    assertThat(page.matches(get("/users?page=1&page=2"))).isTrue();
    assertThat(page.mismatches(get("/users?page=3"))).containsExactly("query page: expected 2, was 3");
    assertThat(page.mismatches(get("/users"))).containsExactly("query page: expected 2, was absent");
    assertThat(RequestPattern.get("/users").query("q", "a b").matches(get("/users?q=a+b"))).isTrue();

    RequestPattern exactly = RequestPattern.get("/users").queryExactly(Map.of("page", List.of("2")));
    assertThat(exactly.matches(get("/users?page=2"))).isTrue();
    assertThat(exactly.matches(get("/users?page=2&size=10"))).isFalse();
  }

  @Test
  void headersCompareNamesInAnyCaseAndValuesExactly() {
    RecordedRequest json = request("GET", "/", Headers.of("accept", "application/json"), "");
    assertThat(RequestPattern.get("/").header("Accept", "application/json").matches(json)).isTrue();
    assertThat(RequestPattern.get("/").header("Accept", "text/html").mismatches(json))
        .containsExactly("header Accept: expected text/html, was application/json");
    assertThat(RequestPattern.get("/").headerPresent("ACCEPT").matches(json)).isTrue();
    assertThat(RequestPattern.get("/").headerAbsent("Authorization").matches(json)).isTrue();
    assertThat(RequestPattern.get("/").headerAbsent("Accept").matches(json)).isFalse();
  }

  @Test
  void bodiesMatchAsTextJsonOrForm() {
    RecordedRequest json = request("POST", "/users", Headers.empty(), "{ \"b\": [1, 2], \"a\": \"x\" }");
    assertThat(RequestPattern.post("/users").jsonBody(Map.of("a", "x", "b", List.of(1, 2))).matches(json)).isTrue();
    assertThat(RequestPattern.post("/users").jsonBody(Map.of("a", "y")).mismatches(json))
        .containsExactly("body: expected JSON {\"a\":\"y\"}, was {\"b\":[1,2],\"a\":\"x\"}");
    assertThat(RequestPattern.post("/users").bodyContains("\"a\"").matches(json)).isTrue();
    assertThat(RequestPattern.post("/users").body("{}").matches(json)).isFalse();
    assertThat(RequestPattern.post("/users").jsonBody(Map.of()).mismatches(
        request("POST", "/users", Headers.empty(), "name=Ada")))
        .containsExactly("body: expected JSON {}, was not JSON: \"name=Ada\"");

    RecordedRequest form = request("POST", "/login", Headers.empty(), "user=ada&pass=x%26y");
    assertThat(RequestPattern.post("/login").formField("pass", "x&y").matches(form)).isTrue();
    assertThat(RequestPattern.post("/login").formField("user", "bob").matches(form)).isFalse();
  }

  @Test
  void everyMismatchIsListedAndThePatternDescribesItself() {
    RequestPattern pattern = RequestPattern.post("/users").query("dry", "1")
        .matching("a JSON content type", r -> r.header("Content-Type").orElse("").contains("json"));
    assertThat(pattern.mismatches(get("/items"))).containsExactly(
        "method: expected POST, was GET", "path: expected /users, was /items",
        "query dry: expected 1, was absent", "not a JSON content type");
    assertThat(pattern).hasToString("POST /users [dry=1, a JSON content type]");
    assertThat(RequestPattern.any()).hasToString("any method /**");
  }

  @Test
  void badPatternsAreRefusedAtOnce() {
    assertThatThrownBy(() -> RequestPattern.get("users")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("starts with /");
    assertThatThrownBy(() -> RequestPattern.of("", "/")).isInstanceOf(IllegalArgumentException.class);
  }
}

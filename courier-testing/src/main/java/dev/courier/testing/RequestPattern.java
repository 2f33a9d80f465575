package dev.courier.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.http.FormData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which requests a route answers or an assertion counts: a method, a path pattern, and optionally
 * query parameters, header fields and a body. Immutable; each {@code with}-style method returns a
 * new pattern. {@link #mismatches} says why a request does not match, so failure messages can show
 * the nearest miss.
 *
 * <p>Paths are compared as sent (percent-encoding kept), segment by segment: {@code {name}} or
 * {@code *} stands for one segment, a final {@code **} for any number of them (none included).
 *
 * <pre>{@code
 * RequestPattern page2 = RequestPattern.get("/users/{id}/posts")
 *     .query("page", "2")
 *     .header("Accept", "application/json");
 * RequestPattern created = RequestPattern.post("/users").jsonBody(Map.of("name", "Ada"));
 * }</pre>
 */
public final class RequestPattern {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String method; // "*" for any
  private final String path; // "/**" for any
  private final List<Condition> conditions;

  /** One extra condition: a description for messages and a test that says what differs. */
  private record Condition(String description, Check check) {}

  /** Empty when the request passes; otherwise what differs. */
  @FunctionalInterface
  private interface Check {
    Optional<String> mismatch(RecordedRequest request);
  }

  private RequestPattern(String method, String path, List<Condition> conditions) {
    this.method = method;
    this.path = path;
    this.conditions = List.copyOf(conditions);
  }

  /**
   * Requests with {@code method} ({@code *} for any, compared exactly: methods are
   * case-sensitive, RFC 9110 Section 9.1) to a path matching {@code pathPattern}.
   */
  public static RequestPattern of(String method, String pathPattern) {
    Objects.requireNonNull(method, "method");
    if (method.isEmpty()) {
      throw new IllegalArgumentException("empty method: use \"*\" for any method");
    }
    if (!pathPattern.startsWith("/")) {
      throw new IllegalArgumentException("a path pattern starts with /: " + pathPattern);
    }
    return new RequestPattern(method, pathPattern, List.of());
  }

  /** Any request at all. */
  public static RequestPattern any() {
    return of("*", "/**");
  }

  /** Any method to a path matching {@code pathPattern}. */
  public static RequestPattern path(String pathPattern) {
    return of("*", pathPattern);
  }

  /** {@code GET} requests to a path matching {@code pathPattern}. */
  public static RequestPattern get(String pathPattern) {
    return of("GET", pathPattern);
  }

  /** {@code POST} requests to a path matching {@code pathPattern}. */
  public static RequestPattern post(String pathPattern) {
    return of("POST", pathPattern);
  }

  /** {@code PUT} requests to a path matching {@code pathPattern}. */
  public static RequestPattern put(String pathPattern) {
    return of("PUT", pathPattern);
  }

  /** {@code PATCH} requests to a path matching {@code pathPattern}. */
  public static RequestPattern patch(String pathPattern) {
    return of("PATCH", pathPattern);
  }

  /** {@code DELETE} requests to a path matching {@code pathPattern}. */
  public static RequestPattern delete(String pathPattern) {
    return of("DELETE", pathPattern);
  }

  /** {@code HEAD} requests to a path matching {@code pathPattern}. */
  public static RequestPattern head(String pathPattern) {
    return of("HEAD", pathPattern);
  }

  /** Also requires the query parameter {@code name} with {@code value} among its values. */
  public RequestPattern query(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    return with(name + "=" + value, request -> {
      List<String> values = request.queryParameters().getOrDefault(name, List.of());
      return values.contains(value) ? Optional.empty()
          : Optional.of("query " + name + ": expected " + value + ", was " + shown(values));
    });
  }

  /**
   * Also requires the query to hold exactly these parameters, each with exactly these values in
   * this order, and no others.
   */
  public RequestPattern queryExactly(Map<String, List<String>> parameters) {
    Map<String, List<String>> expected = new LinkedHashMap<>();
    parameters.forEach((name, values) -> expected.put(name, List.copyOf(values)));
    return with("query exactly " + expected, request -> {
      Map<String, List<String>> actual = request.queryParameters();
      return actual.equals(expected) ? Optional.empty()
          : Optional.of("query: expected exactly " + expected + ", was " + actual);
    });
  }

  /** Also requires a field {@code name} (any case) with exactly {@code value} among its values. */
  public RequestPattern header(String name, String value) {
    Objects.requireNonNull(value, "value");
    return with(name + ": " + value, request -> {
      List<String> values = request.headers().allValues(name);
      return values.contains(value) ? Optional.empty()
          : Optional.of("header " + name + ": expected " + value + ", was " + shown(values));
    });
  }

  /** Also requires a field {@code name} (any case), whatever its value. */
  public RequestPattern headerPresent(String name) {
    return with("has " + name, request -> request.headers().contains(name) ? Optional.empty()
        : Optional.of("header " + name + ": missing"));
  }

  /** Also requires no field {@code name} (any case). */
  public RequestPattern headerAbsent(String name) {
    return with("no " + name, request -> request.headers().contains(name)
        ? Optional.of("header " + name + ": expected none, was " + request.headers().allValues(name))
        : Optional.empty());
  }

  /** Also requires the body to be exactly {@code text} in UTF-8. */
  public RequestPattern body(String text) {
    Objects.requireNonNull(text, "text");
    return with("body " + quoted(text), request -> request.bodyText().equals(text) ? Optional.empty()
        : Optional.of("body: expected " + quoted(text) + ", was " + quoted(request.bodyText())));
  }

  /** Also requires the body to contain {@code text} (UTF-8). */
  public RequestPattern bodyContains(String text) {
    Objects.requireNonNull(text, "text");
    return with("body containing " + quoted(text), request -> request.bodyText().contains(text)
        ? Optional.empty()
        : Optional.of("body: expected to contain " + quoted(text) + ", was " + quoted(request.bodyText())));
  }

  /**
   * Also requires the body to be JSON equal to {@code value} serialised by Jackson (object member
   * order and whitespace do not matter; numbers compare by value and type as Jackson reads them).
   */
  public RequestPattern jsonBody(Object value) {
    JsonNode expected = MAPPER.valueToTree(value);
    return with("JSON body " + expected, request -> {
      if (request.body().length == 0) {
        return Optional.of("body: expected JSON " + expected + ", was empty");
      }
      JsonNode actual;
      try {
        actual = MAPPER.readTree(request.body());
      } catch (IOException e) {
        return Optional.of("body: expected JSON " + expected + ", was not JSON: " + quoted(request.bodyText()));
      }
      return expected.equals(actual) ? Optional.empty()
          : Optional.of("body: expected JSON " + expected + ", was " + actual);
    });
  }

  /** Also requires the form field {@code name} with {@code value} in a URL-encoded body. */
  public RequestPattern formField(String name, String value) {
    Objects.requireNonNull(value, "value");
    return with("form " + name + "=" + value, request -> {
      List<String> values = FormData.parse(request.bodyText()).values(name);
      return values.contains(value) ? Optional.empty()
          : Optional.of("form " + name + ": expected " + value + ", was " + shown(values));
    });
  }

  /** Also requires {@code test} to hold; {@code description} names it in messages. */
  public RequestPattern matching(String description, Predicate<RecordedRequest> test) {
    Objects.requireNonNull(test, "test");
    return with(description, request -> test.test(request) ? Optional.empty()
        : Optional.of("not " + description));
  }

  /** The method this pattern asks for, {@code *} for any. */
  public String method() {
    return method;
  }

  /** The path pattern. */
  public String pathPattern() {
    return path;
  }

  /** Whether {@code request} matches every part of this pattern. */
  public boolean matches(RecordedRequest request) {
    return mismatches(request).isEmpty();
  }

  /** What differs between {@code request} and this pattern, one line each; empty when it matches. */
  public List<String> mismatches(RecordedRequest request) {
    List<String> out = new ArrayList<>();
    if (!method.equals("*") && !method.equals(request.method())) {
      out.add("method: expected " + method + ", was " + request.method());
    }
    if (!pathMatches(path, request.path())) {
      out.add("path: expected " + path + ", was " + request.path());
    }
    for (Condition condition : conditions) {
      condition.check().mismatch(request).ifPresent(out::add);
    }
    return out;
  }

  /** E.g. {@code GET /users/{id} [page=2, Accept: application/json]}. */
  @Override
  public String toString() {
    String head = (method.equals("*") ? "any method" : method) + " " + path;
    if (conditions.isEmpty()) {
      return head;
    }
    return head + " " + conditions.stream().map(Condition::description).toList();
  }

  private RequestPattern with(String description, Check check) {
    List<Condition> more = new ArrayList<>(conditions);
    more.add(new Condition(description, check));
    return new RequestPattern(method, path, more);
  }

  static boolean pathMatches(String pattern, String path) {
    String[] want = pattern.substring(1).split("/", -1);
    String[] have = path.startsWith("/") ? path.substring(1).split("/", -1) : new String[] {path};
    for (int i = 0; i < want.length; i++) {
      String segment = want[i];
      if (segment.equals("**") && i == want.length - 1) {
        return true;
      }
      if (i >= have.length) {
        return false;
      }
      boolean wildcard = segment.equals("*")
          || (segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}"));
      if (wildcard ? have[i].isEmpty() : !segment.equals(have[i])) {
        return false;
      }
    }
    return want.length == have.length;
  }

  private static String shown(List<String> values) {
    return values.isEmpty() ? "absent" : values.size() == 1 ? values.get(0) : values.toString();
  }

  private static String quoted(String text) {
    String cut = text.length() > 200 ? text.substring(0, 200) + "..." : text;
    return '"' + cut.replace("\r", "\\r").replace("\n", "\\n") + '"';
  }
}

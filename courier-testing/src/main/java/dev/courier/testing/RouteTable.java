package dev.courier.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A route table for {@link MockServer#dispatcher} or a {@link MockTransport}: requests are
 * answered by the first {@link Route} (in the order added) whose {@link RequestPattern} matches and
 * that has uses left; the rest get the fallback, a {@code 404} whose body lists the routes and why
 * each did not match. Then, as Python's {@code responses} does, the test can check that every route
 * was used and no request went unanswered. Thread-safe.
 *
 * <pre>{@code
 * RouteTable routes = new RouteTable();
 * routes.on(RequestPattern.get("/users/{id}")).respond(MockResponse.json(Map.of("name", "Ada")));
 * routes.on(RequestPattern.post("/users")).respond(MockResponse.status(201));
 * server.dispatcher(routes);
 * // ... run the code under test ...
 * routes.assertAllRoutesCalled();
 * routes.assertNoUnmatchedRequests();
 * }</pre>
 */
public final class RouteTable implements Dispatcher {
  private final List<Route> routes = new CopyOnWriteArrayList<>();
  private final List<RecordedRequest> unmatched = new CopyOnWriteArrayList<>();
  private volatile MockResponse fallback;

  /** An empty table: every request is unmatched until routes are added. */
  public RouteTable() {}

  /** Adds a route for requests matching {@code pattern}; give it an answer with {@code respond}. */
  public Route on(RequestPattern pattern) {
    Route route = new Route(pattern);
    routes.add(route);
    return route;
  }

  /** Answers unmatched requests with {@code response} instead of the listing {@code 404}. */
  public RouteTable fallback(MockResponse response) {
    fallback = Objects.requireNonNull(response, "response");
    return this;
  }

  /** The routes in the order added. */
  public List<Route> routes() {
    return List.copyOf(routes);
  }

  /** The requests no route answered, in arrival order. */
  public List<RecordedRequest> unmatchedRequests() {
    return List.copyOf(unmatched);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) throws Exception {
    Optional<Route> route = claim(request);
    if (route.isPresent()) {
      return route.get().answer(request);
    }
    unmatched.add(request);
    MockResponse answer = fallback;
    return answer != null ? answer : MockResponse.builder().status(404)
        .body(describeUnmatched(request) + "\n").build();
  }

  /** The first route that matches {@code request} and has a use left, now used; empty if none. */
  Optional<Route> claim(RecordedRequest request) {
    for (Route route : routes) {
      if (route.claim(request)) {
        return Optional.of(route);
      }
    }
    return Optional.empty();
  }

  boolean hasFallback() {
    return fallback != null;
  }

  /** Records a request that found no route (for a transport that fails instead of answering). */
  void recordUnmatched(RecordedRequest request) {
    unmatched.add(request);
  }

  /** Why no route answered {@code request}: each route with what differs. */
  public String describeUnmatched(RecordedRequest request) {
    StringBuilder out = new StringBuilder("no route matches " + request.method() + " "
        + request.target());
    if (routes.isEmpty()) {
      return out.append(" (no routes are registered)").toString();
    }
    out.append("; registered routes:");
    for (Route route : routes) {
      out.append("\n  ").append(route);
      List<String> mismatches = route.pattern().mismatches(request);
      if (mismatches.isEmpty()) {
        out.append("\n      matches, but has answered all the requests it may");
      }
      for (String mismatch : mismatches) {
        out.append("\n      ").append(mismatch);
      }
    }
    return out.toString();
  }

  /**
   * Fails unless every route answered at least one request, like {@code responses}'s {@code
   * assert_all_requests_are_fired}.
   *
   * @throws AssertionError listing the routes never called and the requests that did arrive
   */
  public void assertAllRoutesCalled() {
    List<Route> idle = routes.stream().filter(route -> !route.called()).toList();
    if (idle.isEmpty()) {
      return;
    }
    StringBuilder message = new StringBuilder(idle.size() + " of " + routes.size()
        + " routes were never called:");
    idle.forEach(route -> message.append("\n  ").append(route.pattern()));
    message.append('\n').append(arrived());
    throw new AssertionError(message.toString());
  }

  /**
   * Fails if any request found no route.
   *
   * @throws AssertionError listing each unmatched request with why each route refused it
   */
  public void assertNoUnmatchedRequests() {
    List<RecordedRequest> missed = unmatchedRequests();
    if (missed.isEmpty()) {
      return;
    }
    List<String> reasons = new ArrayList<>();
    for (RecordedRequest request : missed) {
      reasons.add(describeUnmatched(request));
    }
    throw new AssertionError(missed.size() + " request" + (missed.size() == 1 ? "" : "s")
        + " matched no route:\n" + String.join("\n", reasons));
  }

  private String arrived() {
    List<RecordedRequest> all = new ArrayList<>();
    routes.forEach(route -> all.addAll(route.calls()));
    all.addAll(unmatched);
    all.sort((a, b) -> Integer.compare(a.sequenceNumber(), b.sequenceNumber()));
    if (all.isEmpty()) {
      return "no requests were received";
    }
    StringBuilder out = new StringBuilder("requests received:");
    all.forEach(request -> out.append("\n  ").append(RequestReport.line(request))
        .append(unmatched.contains(request) ? "  (unmatched)" : ""));
    return out.toString();
  }
}

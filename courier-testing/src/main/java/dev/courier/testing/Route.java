package dev.courier.testing;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One entry of a {@link RouteTable}: the requests it answers ({@link RequestPattern}), how it
 * answers them, how often it may, and the requests it answered, for assertions. Made by {@link
 * RouteTable#on}; thread-safe.
 *
 * <pre>{@code
 * Route users = routes.on(RequestPattern.get("/users")).respond(MockResponse.json(List.of("ada")));
 * Route flaky = routes.on(RequestPattern.get("/report"))
 *     .respondInOrder(MockResponse.status(503), MockResponse.text("done"));
 * // ... run the code under test ...
 * users.assertCalled(1);
 * }</pre>
 */
public final class Route {
  private final RequestPattern pattern;
  private volatile Dispatcher answer;
  private volatile int limit = -1; // -1: no limit
  private final AtomicInteger uses = new AtomicInteger();
  private final ConcurrentLinkedQueue<RecordedRequest> calls = new ConcurrentLinkedQueue<>();
  private final AtomicInteger callCount = new AtomicInteger();

  Route(RequestPattern pattern) {
    this.pattern = Objects.requireNonNull(pattern, "pattern");
  }

  /** Answers every matching request with {@code response}. */
  public Route respond(MockResponse response) {
    Objects.requireNonNull(response, "response");
    answer = request -> response;
    return this;
  }

  /** Answers each matching request with what {@code responder} makes of it. */
  public Route respond(Dispatcher responder) {
    answer = Objects.requireNonNull(responder, "responder");
    return this;
  }

  /**
   * Answers the first matching request with the first response, the next with the second, and so
   * on; the last one answers every request after that.
   */
  public Route respondInOrder(MockResponse... responses) {
    List<MockResponse> sequence = List.of(responses);
    if (sequence.isEmpty()) {
      throw new IllegalArgumentException("respondInOrder needs at least one response");
    }
    AtomicInteger next = new AtomicInteger();
    answer = request -> sequence.get(Math.min(next.getAndIncrement(), sequence.size() - 1));
    return this;
  }

  /**
   * Answers at most {@code n} requests; after that the table looks further down for a route, as
   * {@code responses} does with a registration it has used up.
   */
  public Route times(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("a route answers at least once: " + n);
    }
    limit = n;
    return this;
  }

  /** The requests this route matches. */
  public RequestPattern pattern() {
    return pattern;
  }

  /** The requests this route answered, in order. */
  public List<RecordedRequest> calls() {
    return List.copyOf(calls);
  }

  /** How many requests this route answered. */
  public int callCount() {
    return callCount.get();
  }

  /** Whether this route answered at least one request. */
  public boolean called() {
    return callCount.get() > 0;
  }

  /**
   * Fails unless this route answered exactly {@code times} requests.
   *
   * @throws AssertionError naming the route and listing the requests it answered
   */
  public void assertCalled(int times) {
    List<RecordedRequest> answered = calls();
    if (answered.size() != times) {
      StringBuilder message = new StringBuilder("expected " + pattern + " to be called " + times
          + " time" + (times == 1 ? "" : "s") + ", was called " + answered.size());
      for (RecordedRequest request : answered) {
        message.append("\n  ").append(RequestReport.line(request));
      }
      throw new AssertionError(message.toString());
    }
  }

  @Override
  public String toString() {
    return pattern + (limit < 0 ? "" : " (at most " + limit + ")") + ", called " + callCount();
  }

  /** Takes one use when the route matches and has uses left. */
  boolean claim(RecordedRequest request) {
    if (!pattern.matches(request)) {
      return false;
    }
    while (true) {
      int used = uses.get();
      if (limit >= 0 && used >= limit) {
        return false;
      }
      if (uses.compareAndSet(used, used + 1)) {
        return true;
      }
    }
  }

  /** Records {@code request} and answers it; the route must have been claimed. */
  MockResponse answer(RecordedRequest request) throws Exception {
    calls.add(request);
    callCount.incrementAndGet();
    Dispatcher responder = answer;
    if (responder == null) {
      throw new IllegalStateException("the route " + pattern + " has no response: call respond(...)");
    }
    return Objects.requireNonNull(responder.dispatch(request), "the route's responder returned null");
  }
}

package dev.courier.testing;

import java.util.List;

/**
 * Assertions in the style of Python's {@code responses} over the requests a {@link MockServer} or
 * a {@link MockTransport} received: how many matched a {@link RequestPattern}, with a failure
 * message that lists every request that arrived and, for each, why it did not match.
 *
 * <pre>{@code
 * server.assertCalled(RequestPattern.post("/users").jsonBody(Map.of("name", "Ada")), 1);
 * server.assertNotCalled(RequestPattern.delete("/users/**"));
 * }</pre>
 */
public interface RequestHistory {
  /** Every request received so far, in arrival order. */
  List<RecordedRequest> receivedRequests();

  /** The requests received so far that match {@code pattern}, in arrival order. */
  default List<RecordedRequest> requestsMatching(RequestPattern pattern) {
    return receivedRequests().stream().filter(pattern::matches).toList();
  }

  /**
   * Fails unless exactly {@code times} requests received so far match {@code pattern}.
   *
   * @throws AssertionError naming the pattern, the count, and every request with its mismatch
   */
  default void assertCalled(RequestPattern pattern, int times) {
    if (times < 0) {
      throw new IllegalArgumentException("negative count: " + times);
    }
    List<RecordedRequest> all = receivedRequests();
    long matched = all.stream().filter(pattern::matches).count();
    if (matched != times) {
      throw new AssertionError("expected " + times + " request" + (times == 1 ? "" : "s")
          + " matching " + pattern + ", got " + matched + "\n" + RequestReport.describe(all, pattern));
    }
  }

  /** Fails unless at least one request received so far matches {@code pattern}. */
  default void assertCalled(RequestPattern pattern) {
    List<RecordedRequest> all = receivedRequests();
    if (all.stream().noneMatch(pattern::matches)) {
      throw new AssertionError("expected a request matching " + pattern + ", got none\n"
          + RequestReport.describe(all, pattern));
    }
  }

  /** Fails if any request received so far matches {@code pattern}. */
  default void assertNotCalled(RequestPattern pattern) {
    assertCalled(pattern, 0);
  }
}

package dev.courier;

import dev.courier.error.CourierException;
import java.time.Duration;

/**
 * Observes a session's calls: each attempt sent, each response, each redirect and retry, each
 * failure. For changing requests (signing, headers) use an {@link Interceptor}. Hooks run on the
 * calling thread; keep them quick and do not throw.
 *
 * <pre>{@code
 * Session s = Session.builder().hook(new Hook() {
 *   public void onResponse(Request req, Response res) { log.info("{} -> {} in {}", req, res.statusCode(), res.elapsed()); }
 *   public void onRetry(Request req, int retry, Duration wait, String why) { log.warn("retry {} of {}: {}", retry, req, why); }
 * }).build();
 * }</pre>
 */
public interface Hook {
  /** Called before each attempt is sent (after defaults and auth were added). */
  default void onRequest(Request request) {}

  /** Called with each response head, redirects and challenges included. */
  default void onResponse(Request request, Response response) {}

  /** Called before following a redirect to {@code next}. */
  default void onRedirect(Response redirect, Request next) {}

  /** Called before retry number {@code retry} (1-based) after waiting {@code wait}; {@code why} says what failed. */
  default void onRetry(Request request, int retry, Duration wait, String why) {}

  /** Called when a call fails with {@code failure}. */
  default void onFailure(Request request, CourierException failure) {}

  /** A hook that does nothing. */
  static Hook none() {
    return new Hook() {};
  }
}

package dev.courier;

/**
 * Wraps each call of a session: sees the request before defaults from the chain below are added,
 * may change it (sign, add headers), call {@link Chain#proceed} (any number of times) and look at
 * or replace the response, or answer without calling {@code proceed} at all with a response of
 * its own ({@link Response#builder()}). Interceptors added with {@link
 * Session.Builder#interceptor} run first, in the order added, once per call, around retries,
 * redirects, the bridge and the exchange: a response they make is returned as it is. Those added
 * with {@link Session.Builder#networkInterceptor} run once per attempt, between the bridge and
 * the exchange: a response they make is treated as the network's (cookies stored, redirects
 * followed, retries and hooks applied).
 *
 * <pre>{@code
 * Interceptor timing = chain -> {
 *   long start = System.nanoTime();
 *   Response r = chain.proceed(chain.request().newBuilder().header("X-Request-Id", id()).build());
 *   metrics.record(System.nanoTime() - start);
 *   return r;
 * };
 * Interceptor maintenance = chain -> Response.builder()
 *     .request(chain.request())
 *     .status(HttpStatus.SERVICE_UNAVAILABLE)
 *     .header("Retry-After", "120")
 *     .build();
 * Session s = Session.builder().interceptor(timing).networkInterceptor(maintenance).build();
 * }</pre>
 */
@FunctionalInterface
public interface Interceptor {
  /**
   * Handles one call (or, as a network interceptor, one attempt); usually returns {@code
   * chain.proceed(chain.request())}. Never returns null.
   */
  Response intercept(Chain chain);

  /** The rest of the chain for one call. */
  interface Chain {
    /** The request as it stands at this interceptor. */
    Request request();

    /**
     * Sends {@code request} through the rest of the chain.
     *
     * @throws IllegalStateException when a later interceptor returns null
     */
    Response proceed(Request request);
  }
}

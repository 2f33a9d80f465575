package dev.courier;

/**
 * Wraps each call of a session: sees the request before defaults from the chain below are added,
 * may change it (sign, add headers), call {@link Chain#proceed} (any number of times) and look at
 * or replace the response. Interceptors run first, in the order added, around retries, redirects,
 * the bridge and the exchange.
 *
 * <pre>{@code
 * Interceptor timing = chain -> {
 *   long start = System.nanoTime();
 *   Response r = chain.proceed(chain.request().newBuilder().header("X-Request-Id", id()).build());
 *   metrics.record(System.nanoTime() - start);
 *   return r;
 * };
 * Session s = Session.builder().interceptor(timing).build();
 * }</pre>
 */
@FunctionalInterface
public interface Interceptor {
  /** Handles one call; usually returns {@code chain.proceed(chain.request())}. */
  Response intercept(Chain chain);

  /** The rest of the chain for one call. */
  interface Chain {
    /** The request as it stands at this interceptor. */
    Request request();

    /** Sends {@code request} through the rest of the chain. */
    Response proceed(Request request);
  }
}

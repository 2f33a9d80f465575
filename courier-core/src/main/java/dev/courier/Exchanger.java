package dev.courier;

import dev.courier.client.ClientResponse;

/**
 * The bottom of the chain: exchanges one request for a response head and its raw body, the one
 * call the chain makes downward. The request's headers are final (the bridge has set Host,
 * framing, Accept-Encoding and cookies). Failures come out as {@link
 * dev.courier.error.CourierException}s, translated by the client, that say whether the request
 * may have reached the server.
 * Closing the body returns the connection to the pool when it
 * was read to the end and discards it otherwise.
 *
 * <p>{@link ClientExchanger} goes over the network through {@link dev.courier.client.RoundTripper};
 * the seam is here so that other exchangers (in memory, or one per URL prefix) can take its place.
 */
interface Exchanger extends AutoCloseable {
  /**
   * Exchanges {@code request}. {@code watchdog} is given an action that aborts the exchange (closes
   * the connection) once there is one to abort: the call's deadline runs it. {@code resendAllowed}:
   * the caller allows the request to be sent again though the server may have processed it (its
   * {@link Retry} lists the method), so a stale pooled connection may be retried on a new one
   * whatever the method; without it only idempotent requests are.
   */
  ClientResponse exchange(Request request, Timeouts timeouts, Watchdog watchdog, boolean resendAllowed);

  /**
   * As above, telling {@code listener} the phases of the round trip; an exchanger that has no
   * network round trip ignores it (and the call then ends when its response is returned).
   */
  default ClientResponse exchange(Request request, Timeouts timeouts, Watchdog watchdog, boolean resendAllowed,
      dev.courier.client.ExchangeListener listener) {
    return exchange(request, timeouts, watchdog, resendAllowed);
  }

  /** Closes the connections no call is using now; the exchanger stays usable. By default nothing. */
  default void evictIdleConnections() {}

  @Override
  void close();
}

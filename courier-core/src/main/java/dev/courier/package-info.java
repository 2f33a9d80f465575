/**
 * The requests-style API: {@code Courier} one-liners over a default {@code Session}, with requests, responses, bodies, auth, retries, timeouts and the exception hierarchy under {@code CourierException}.
 *
 * <p>Null policy: no parameter accepts {@code null} unless its Javadoc says so, and no method
 * returns {@code null}; absent values are {@link java.util.Optional} or empty collections.
 */
package dev.courier;

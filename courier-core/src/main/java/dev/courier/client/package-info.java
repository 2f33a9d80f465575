/**
 * The low-level client: {@code HttpConnection} and {@code HttpsConnection} (like Python's {@code http.client}), routes, the connection pool and proxies.
 *
 * <p>Null policy: no parameter accepts {@code null} unless its Javadoc says so, and no method
 * returns {@code null}; absent values are {@link java.util.Optional} or empty collections.
 */
package dev.courier.client;

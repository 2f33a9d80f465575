/**
 * The embedded HTTP server: {@code HttpServer}, handlers, routing, the static {@code FileHandler} and a built-in httpbin.
 *
 * <p>Null policy: no parameter accepts {@code null} unless its Javadoc says so, and no method
 * returns {@code null}; absent values are {@link java.util.Optional} or empty collections.
 */
package dev.courier.server;

/**
 * The built-in httpbin: {@link dev.courier.server.httpbin.HttpBin}, a {@link
 * dev.courier.server.Handler} that answers httpbin's endpoints as Debian's python3-httpbin 0.7 does
 * (with the deliberate differences listed by the parity test), for pointing a client's test suite
 * at, as {@code pytest-httpbin} does.
 *
 * <pre>{@code
 * HttpServer server = HttpServer.builder().port(0).handler(new HttpBin()).start();
 * }</pre>
 *
 * <p>An application of {@code dev.courier.server}: it uses the server's public API only (and the
 * library's internal helpers); the server never uses it. One file per endpoint group.
 */
package dev.courier.server.httpbin;

/**
 * A mock HTTP server for tests: enqueue or dispatch {@link dev.courier.testing.MockResponse}s,
 * point the code under test at {@link dev.courier.testing.MockServer#url(String)}, then assert on
 * the {@link dev.courier.testing.RecordedRequest}s it received.
 *
 * <p>The server speaks HTTP/1.1 through Courier's sans-I/O codec ({@code dev.courier.http.wire})
 * over plain sockets rather than through {@code dev.courier.server.HttpServer}: a mock must be
 * able to misbehave on purpose (close after the head, cut a chunk short, reset, stall, send
 * garbage), and a real server is built never to do any of that.
 *
 * <p>HTTPS certificates (a throw-away CA and a leaf for {@code localhost} and {@code 127.0.0.1})
 * are made in memory with Bouncy Castle's {@code bcpkix}. The JDK has no public API to issue
 * certificates, and the library's own DER code only converts private keys; writing and
 * maintaining an X.509 encoder for a test kit is not worth it when a well-reviewed one exists. The
 * dependency stays in this module: the library itself needs nothing beyond Jackson.
 *
 * <p>Nulls: no method accepts or returns null; absent values are {@link java.util.Optional}.
 */
package dev.courier.testing;

/**
 * Test doubles for code that uses HTTP: a mock server on loopback ({@link
 * dev.courier.testing.MockServer}) and an in-memory transport ({@link
 * dev.courier.testing.MockTransport}, mounted on a session through the {@code Adapter} seam) that
 * both answer with {@link dev.courier.testing.MockResponse}s, queued, dispatched or routed by a
 * {@link dev.courier.testing.RouteTable}, and record {@link dev.courier.testing.RecordedRequest}s
 * for {@link dev.courier.testing.RequestHistory}'s assertions; and record/replay of real
 * exchanges ({@link dev.courier.testing.Cassette}).
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

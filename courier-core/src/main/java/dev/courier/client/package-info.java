/**
 * The low-level client: one connection with the wire in hand, routes, the connection pool and
 * proxies. This is the layer the requests-style API in {@code dev.courier} stands on.
 *
 * <ul>
 *   <li>{@link dev.courier.client.HttpConnection} and {@link dev.courier.client.HttpsConnection}:
 *       Python's {@code http.client} for Java ({@code request}, or {@code putRequest} /
 *       {@code putHeader} / {@code endHeaders} / {@code send}; {@code getResponse}), with
 *       reconnection after a server close, {@code Expect: 100-continue}, CONNECT tunnels and a
 *       debug switch that logs heads with credentials hidden;
 *   <li>{@link dev.courier.client.HttpResponse}: status, reason, headers, and the body by
 *       {@code read()}, {@code read(n)}, {@code readInto(buffer)} or as a stream;
 *   <li>{@link dev.courier.client.Route}, {@link dev.courier.client.ConnectionPool}: keep-alive
 *       connections keyed by scheme, host, port, proxy, TLS settings and Unix socket;
 *   <li>{@link dev.courier.client.RoundTripper}: one {@link dev.courier.client.ClientRequest}
 *       down, one {@link dev.courier.client.ClientResponse} up, over the pool (what a session
 *       calls once per exchange); {@link dev.courier.client.ClientDefaults}: the one table of
 *       client limits and defaults;
 *   <li>{@link dev.courier.client.Proxy}, {@link dev.courier.client.ProxyRules},
 *       {@link dev.courier.client.NoProxy}: HTTP proxies (absolute form, CONNECT), SOCKS5, and
 *       the {@code HTTP_PROXY}/{@code HTTPS_PROXY}/{@code ALL_PROXY}/{@code NO_PROXY} rules of
 *       curl and requests;
 *   <li>failures: the unchecked types of {@link dev.courier.error} (timeouts, connection,
 *       TLS and protocol failures), each saying whether the request may have reached the server;
 *       low-level failures are translated in one place, the package-private {@code Failures}.
 * </ul>
 *
 * <pre>{@code
 * var c = new HttpConnection("127.0.0.1", 8000);
 * c.request("GET", "/hello.txt");
 * var r = c.getResponse();
 * System.out.println(r.statusCode() + " " + r.reason() + " " + r.header("Content-Type").orElse(""));
 * byte[] body = r.read();
 * }</pre>
 *
 * <p>Null policy: no parameter accepts {@code null} unless its Javadoc says so, and no method
 * returns {@code null}; absent values are {@link java.util.Optional} or empty collections.
 */
package dev.courier.client;

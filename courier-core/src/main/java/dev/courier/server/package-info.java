/**
 * The embedded HTTP/1.1 server: {@link dev.courier.server.HttpServer} (HTTP/1.1 connections,
 * plaintext or TLS, parked on a selector loop between requests, answered on the loop or on pooled
 * virtual threads; HTTP/2 over TLS on a virtual thread each; over the sans-I/O codec in {@code
 * dev.courier.http.wire}), the functional
 * {@link dev.courier.server.Handler} API ({@link dev.courier.server.ServerRequest},
 * {@link dev.courier.server.ServerResponse}, {@link dev.courier.server.ServerResponseBody}),
 * {@link dev.courier.server.Router}, {@link dev.courier.server.ErrorPages},
 * {@link dev.courier.server.AccessLog}, the static {@link dev.courier.server.FileHandler} and a
 * built-in {@link dev.courier.server.httpbin.HttpBin}. Request bodies as forms: {@link
 * dev.courier.server.ServerRequest#form()}, streamed {@link dev.courier.server.FormPart}s within
 * {@link dev.courier.server.FormLimits}. For code ported from Python's {@code http.server}:
 * {@link dev.courier.server.BaseRequestHandler}.
 *
 * <pre>{@code
 * Router router = Router.builder()
 *     .get("/hello/{name}", r -> ServerResponse.ok("Hello, " + r.pathParam("name").orElseThrow()))
 *     .mount("/httpbin/", new HttpBin())
 *     .mount("/", FileHandler.of(Path.of("public")))
 *     .build();
 * HttpServer server = HttpServer.builder().port(8000).handler(router)
 *     .accessLog(AccessLog.to(System.err)).start();
 * }</pre>
 *
 * <p>Null policy: no parameter accepts {@code null} unless its Javadoc says so, and no method
 * returns {@code null}; absent values are {@link java.util.Optional} or empty collections.
 */
package dev.courier.server;

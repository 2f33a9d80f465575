package dev.courier.server;

import java.util.Objects;

/**
 * Answers one request: the whole application as seen by {@link HttpServer}.
 *
 * <p>A handler may read the request body as a stream ({@link ServerRequest#body()}) and return a
 * response whose body is streamed too ({@link ServerResponseBody#writer}). Anything it throws becomes a
 * 500 answer, is logged, and the connection stays usable when framing allows.
 *
 * <pre>{@code
 * Handler hello = request -> ServerResponse.ok("Hello, " + request.queryParam("name").orElse("world"));
 * HttpServer server = HttpServer.builder().port(0).handler(hello).start();
 * }</pre>
 */
@FunctionalInterface
public interface Handler {
  /**
   * The response to {@code request}; never {@code null}.
   *
   * @throws Exception anything; the server answers 500 and logs it
   */
  ServerResponse handle(ServerRequest request) throws Exception;

  /**
   * Declares {@code handler} non-blocking, so the server may run it on its read loop's own thread
   * instead of handing the request to a virtual thread: the hand-off is most of the server's own
   * work for a small answer computed from memory (a cache hit, a health check, a fixed page).
   *
   * <p>The contract, which the server cannot check: the handler must not block. It must not wait
   * for a lock, another thread, a file, the network or a sleep; it should return in microseconds.
   * The server runs it on the loop only when reading the request body cannot wait either: no
   * body, or a Content-Length body already received whole; otherwise on a virtual thread as usual. The other connections of its loop wait while it runs
   * (one that blocks anyway is caught by the server's watchdog after ten to twenty milliseconds, and the
   * loop goes on on a new thread). Its answer is best
   * a byte body or no body; any other body (a stream, a writer, a file) is written on a virtual
   * thread, as is whatever the socket does not take at once. Everything else is as for any handler:
   * a thrown exception is answered 500, and the connection, keep-alive and timeouts behave alike.
   * The access log, when on, is written from the loop too. Plain HTTP/1.1 connections use this,
   * and HTTP/2 ones (h2c and h2): there a request that ends with its HEADERS (no body) is answered
   * by the connection's reader thread, with no thread per stream, and an answer that cannot leave
   * at once (its flow-control windows, a large or streamed body) is sent from a virtual thread;
   * HTTP/1.1 over TLS runs the handler as any other. In a {@link Router}, a route given a non-blocking
   * handler runs on the loop while the other routes keep their threads (see there).
   *
   * <p>By default a plaintext HTTP/1.1 server tries ordinary handlers on the loop as well, and
   * sends them back to virtual threads for a while when its watchdog catches one blocking there
   * ({@link HttpServer.Builder#handlersOnLoop}). The declaration still matters: a declared handler
   * stays on the loop through such a pause, and over HTTP/2 only declared handlers run on the
   * connection's reader.
   *
   * <pre>{@code
   * Handler health = Handler.nonBlocking(request -> ServerResponse.ok("up"));
   * HttpServer server = HttpServer.builder().port(0).handler(health).start();
   * }</pre>
   *
   * @return a handler that answers as {@code handler} does, marked non-blocking
   */
  static Handler nonBlocking(Handler handler) {
    Objects.requireNonNull(handler, "handler");
    return handler instanceof NonBlockingHandler ? handler : new NonBlockingHandler(handler);
  }
}

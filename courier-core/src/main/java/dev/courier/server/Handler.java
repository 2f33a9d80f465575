package dev.courier.server;

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
}

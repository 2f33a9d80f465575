package dev.courier.cli;

import dev.courier.server.ErrorPages;
import dev.courier.server.Handler;
import dev.courier.server.HttpResponseException;
import dev.courier.server.ServerRequest;
import dev.courier.server.ServerResponse;

/**
 * {@code courier serve --cors}: lets pages from any origin read the answers, for local development
 * (Fetch standard, CORS protocol). Every answer, errors included, carries
 * {@code Access-Control-Allow-Origin: *}; a preflight ({@code OPTIONS} with {@code Origin} and
 * {@code Access-Control-Request-Method}) is answered 204 with the methods and the request headers
 * asked for. No credentials: {@code *} never allows cookies, which is the point for a dev server.
 *
 * <pre>{@code
 * Handler h = new CorsHandler(FileHandler.of(dir));
 * }</pre>
 */
final class CorsHandler implements Handler {
  static final String METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
  private final Handler inner;

  CorsHandler(Handler inner) {
    this.inner = inner;
  }

  @Override
  public ServerResponse handle(ServerRequest request) throws Exception {
    if (request.method().equals("OPTIONS") && request.header("Origin").isPresent()
        && request.header("Access-Control-Request-Method").isPresent()) {
      ServerResponse.Builder preflight = ServerResponse.builder(204)
          .header("Access-Control-Allow-Origin", "*")
          .header("Access-Control-Allow-Methods", METHODS)
          .header("Access-Control-Max-Age", "600");
      String asked = String.join(", ", request.headers().allValues("Access-Control-Request-Headers"));
      if (!asked.isBlank()) preflight.header("Access-Control-Allow-Headers", asked); // validated by Headers
      return preflight.build();
    }
    ServerResponse response;
    try {
      response = inner.handle(request);
    } catch (HttpResponseException e) {
      response = ErrorPages.response(e.statusCode(), request, e.getMessage());
    }
    return response.newBuilder()
        .setHeader("Access-Control-Allow-Origin", "*")
        .setHeader("Access-Control-Expose-Headers", "*")
        .build();
  }
}

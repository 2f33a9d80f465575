package dev.courier.bench;

import dev.courier.server.FileHandler;
import dev.courier.server.HttpServer;
import dev.courier.server.ServerResponseBody;
import dev.courier.server.Router;
import dev.courier.server.ServerResponse;
import java.nio.file.Path;

/** Courier: the Router, a plaintext route and a FileHandler, virtual thread per connection. */
final class CourierServer {
  private CourierServer() {}

  static void start(int port, Path dir) throws Exception {
    Router router = Router.builder()
        .get("/plaintext", r -> ServerResponse.builder(200).contentType("text/plain")
            .body(ServerResponseBody.of(BenchServers.HELLO)).build())
        .mount("/static/", FileHandler.of(dir))
        .build();
    HttpServer.builder().bind("127.0.0.1").port(port).handler(router).start();
  }
}

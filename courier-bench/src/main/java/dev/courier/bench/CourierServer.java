package dev.courier.bench;

import dev.courier.server.FileHandler;
import dev.courier.server.Handler;
import dev.courier.server.HttpServer;
import dev.courier.server.Router;
import dev.courier.server.ServerResponse;
import dev.courier.server.ServerResponseBody;
import java.nio.file.Path;

/**
 * Courier: one plain {@link Handler} (no Router, as the peers have none either) answering the
 * plaintext path and handing {@code /static/} to a FileHandler; a virtual thread per connection.
 */
final class CourierServer {
  private CourierServer() {}

  static void start(int port, Path dir) throws Exception {
    // The Router only strips the /static prefix for the file test; plaintext never reaches it.
    Handler files = Router.builder().mount("/static/", FileHandler.of(dir)).build();
    ServerResponseBody hello = ServerResponseBody.of(BenchServers.HELLO);
    Handler handler = request -> request.path().startsWith("/static/")
        ? files.handle(request)
        : ServerResponse.builder(200).contentType("text/plain").body(hello).build();
    HttpServer.builder().bind("127.0.0.1").port(port).handler(handler).start();
  }
}

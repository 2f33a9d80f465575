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
 * plaintext path and handing {@code /static/} to a FileHandler. As {@code courier} the handler is
 * an ordinary one (exchanges run on virtual threads); as {@code courier-inline} the plaintext
 * answer comes from a handler declared {@link Handler#nonBlocking non-blocking}, which the read
 * loop runs itself, as Netty and Undertow run handlers on their I/O threads. The file test goes
 * through the same handler there: its look-ups ({@code lstat}, {@code open}) then run on the loop,
 * as nginx's do on its event loop, and the file is sent from a virtual thread (a file body is never
 * written on the loop); an application that may wait on a disk would not declare it so.
 */
final class CourierServer {
  private CourierServer() {}

  static void start(int port, Path dir) throws Exception {
    start(port, dir, false);
  }

  /** Starts the server; {@code inline} declares the plaintext handler non-blocking. */
  static void start(int port, Path dir, boolean inline) throws Exception {
    // The Router only strips the /static prefix for the file test; plaintext never reaches it.
    Handler files = Router.builder().mount("/static/", FileHandler.of(dir)).build();
    ServerResponseBody hello = ServerResponseBody.of(BenchServers.HELLO);
    Handler plaintext = request -> ServerResponse.builder(200).contentType("text/plain").body(hello).build();
    Handler handler = request -> request.path().startsWith("/static/") ? files.handle(request) : plaintext.handle(request);
    HttpServer.builder().bind("127.0.0.1").port(port).handler(inline ? Handler.nonBlocking(handler) : handler).start();
  }
}

package dev.courier.bench;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.SimpleFileServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/** The JDK's com.sun.net.httpserver with a virtual-thread executor and SimpleFileServer. */
final class JdkServer {
  private JdkServer() {}

  static void start(int port, Path dir) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
    server.createContext("/plaintext", exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.sendResponseHeaders(200, BenchServers.HELLO.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(BenchServers.HELLO);
      }
    });
    server.createContext("/static/", SimpleFileServer.createFileHandler(dir.toAbsolutePath()));
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }
}

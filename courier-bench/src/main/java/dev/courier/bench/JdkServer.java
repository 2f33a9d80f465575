package dev.courier.bench;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import com.sun.net.httpserver.SimpleFileServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * The JDK's com.sun.net.httpserver with a virtual-thread executor and SimpleFileServer; for the
 * {@code tls} test an {@link HttpsServer} with the same contexts and an {@link HttpsConfigurator}
 * of the default settings beside it.
 */
final class JdkServer {
  private JdkServer() {}

  /** Starts the server on {@code port}, and HTTPS on {@code tls}'s port unless it is null. */
  static void start(int port, Path dir, BenchTls tls) throws Exception {
    serve(HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024), dir);
    if (tls != null) {
      HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", tls.port()), 1024);
      https.setHttpsConfigurator(new HttpsConfigurator(tls.sslContext()));
      serve(https, dir);
    }
  }

  private static void serve(HttpServer server, Path dir) {
    server.createContext("/plaintext", exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.sendResponseHeaders(200, BenchServers.HELLO.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(BenchServers.HELLO);
      }
    });
    server.createContext(BenchServers.UPLOAD, exchange -> {
      exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
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

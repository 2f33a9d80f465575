package dev.courier.bench;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.handlers.resource.PathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/** Undertow core: a non-blocking plaintext handler and a ResourceHandler (sendfile above 10 KiB). */
final class UndertowServer {
  private UndertowServer() {}

  static void start(int port, Path dir) {
    ByteBuffer hello = ByteBuffer.allocateDirect(BenchServers.HELLO.length).put(BenchServers.HELLO).flip();
    ResourceHandler files = new ResourceHandler(new PathResourceManager(dir.toAbsolutePath(), 10 * 1024));
    Undertow server = Undertow.builder()
        .addHttpListener(port, "127.0.0.1")
        .setHandler(Handlers.path()
            .addExactPath("/plaintext", exchange -> {
              exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
              exchange.getResponseSender().send(hello.duplicate());
            })
            .addPrefixPath("/static", files))
        .build();
    server.start();
  }
}

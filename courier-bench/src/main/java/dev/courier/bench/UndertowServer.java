package dev.courier.bench;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.handlers.resource.PathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Undertow core: a non-blocking plaintext handler, an upload read with its non-blocking receiver,
 * and a ResourceHandler (sendfile above 10 KiB).
 * For the {@code tls} test an HTTPS listener with a JDK {@code SSLContext} beside the plain one;
 * Undertow leaves HTTP/2 off unless asked, so it speaks HTTP/1.1 there.
 */
final class UndertowServer {
  private UndertowServer() {}

  /** Starts the server on {@code port}, and HTTPS on {@code tls}'s port unless it is null. */
  static void start(int port, Path dir, BenchTls tls) {
    ByteBuffer hello = ByteBuffer.allocateDirect(BenchServers.HELLO.length).put(BenchServers.HELLO).flip();
    ResourceHandler files = new ResourceHandler(new PathResourceManager(dir.toAbsolutePath(), 10 * 1024));
    Undertow.Builder builder = Undertow.builder().addHttpListener(port, "127.0.0.1");
    if (tls != null) builder.addHttpsListener(tls.port(), "127.0.0.1", tls.sslContext());
    Undertow server = builder
        .setHandler(Handlers.path()
            .addExactPath("/plaintext", exchange -> {
              exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
              exchange.getResponseSender().send(hello.duplicate());
            })
            .addExactPath(BenchServers.UPLOAD, exchange -> exchange.getRequestReceiver().receivePartialBytes(
                (done, bytes, last) -> {
                  if (!last) return; // each piece dropped as it comes, on the I/O thread
                  done.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                  done.getResponseSender().send(hello.duplicate());
                }))
            .addPrefixPath("/static", files))
        .build();
    server.start();
  }
}

package dev.courier.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The servers {@link ServerBenchmark} compares. Each answers {@code GET /plaintext} with
 * {@code Hello, World!} as {@code text/plain} and serves {@code DIR} under {@code /static/}, in
 * its own JVM, configured the way its documentation suggests for a small fast server. Courier runs
 * three ways (see {@link CourierServer}): {@code courier} with an ordinary handler and the
 * server's defaults, {@code courier-inline} with one declared non-blocking, and, over HTTP/1.1,
 * {@code courier-threads} with every exchange on a virtual thread.
 */
final class BenchServers {
  private BenchServers() {}

  static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

  /** Starts server {@code name} on 127.0.0.1:{@code port}; returns when it listens. */
  static void start(String name, int port, Path dir) throws Exception {
    start(name, port, dir, "http1");
  }

  /**
   * Starts server {@code name} speaking {@code protocol}: {@code http1}, or {@code h2c} (HTTP/2
   * with prior knowledge; Courier's server takes it on its ordinary port, Jetty and Netty get
   * their HTTP/2 connection factories).
   */
  static void start(String name, int port, Path dir, String protocol) throws Exception {
    if (protocol.equals("h2c")) {
      switch (name) {
        case "courier" -> CourierServer.start(port, dir);
        case "courier-inline" -> CourierServer.start(port, dir, CourierServer.Mode.INLINE);
        case "jetty" -> JettyServer.start(port, dir, true);
        case "netty" -> NettyH2Server.start(port);
        default -> throw new IllegalArgumentException("no h2c variant of " + name + " (courier, courier-inline, jetty, netty)");
      }
      return;
    }
    switch (name) {
      case "courier" -> CourierServer.start(port, dir);
      case "courier-inline" -> CourierServer.start(port, dir, CourierServer.Mode.INLINE);
      case "courier-threads" -> CourierServer.start(port, dir, CourierServer.Mode.THREADS);
      case "jdk" -> JdkServer.start(port, dir);
      case "jetty" -> JettyServer.start(port, dir, false);
      case "undertow" -> UndertowServer.start(port, dir);
      case "netty" -> NettyServer.start(port, dir);
      default -> throw new IllegalArgumentException("unknown server: " + name);
    }
  }
}

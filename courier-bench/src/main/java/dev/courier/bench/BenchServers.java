package dev.courier.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The servers {@link ServerBenchmark} compares. Each answers {@code GET /plaintext} with
 * {@code Hello, World!} as {@code text/plain} and serves {@code DIR} under {@code /static/}, in
 * its own JVM, configured the way its documentation suggests for a small fast server; each also
 * reads a POSTed body to its end at {@link #UPLOAD} before answering the same. Courier runs
 * three ways (see {@link CourierServer}): {@code courier} with an ordinary handler and the
 * server's defaults, {@code courier-inline} with one declared non-blocking, and, over HTTP/1.1,
 * {@code courier-threads} with every exchange on a virtual thread.
 *
 * <p>Each may also get a {@link BenchTls} listener: a second port serving the same answers over
 * HTTPS through the JDK's TLS provider (SunJSSE), for the {@code tls} test: HTTP/1.1 in the
 * HTTP/1.1 runs, HTTP/2 chosen by ALPN in the h2 runs.
 */
final class BenchServers {
  private BenchServers() {}

  static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

  /**
   * Where each server takes an upload ({@code upload} test): it reads the request body to its end,
   * each the way its documentation shows for a body it does not keep, then answers {@link #HELLO}.
   */
  static final String UPLOAD = "/upload";

  /** The size of the upload test's request body: 1 MiB, within every server's default limit. */
  static final int UPLOAD_BYTES = 1 << 20;

  /**
   * The size of the post test's request body, to the same {@link #UPLOAD}: 512 bytes, what an API
   * client's JSON request weighs, so the request's head and body come in one read.
   */
  static final int SMALL_POST_BYTES = 512;

  /**
   * Where each server answers the {@code gzip} test: {@link ApiJson#PAGE}, 7.6 KB of JSON made by
   * the handler, compressed on the fly for a client that accepts gzip, each server the way its
   * documentation turns compression on (Courier {@code compressResponses(true)}, Netty an {@code
   * HttpContentCompressor}, nginx {@code gzip on}), at zlib's level 6, the default of the first two.
   */
  static final String JSON = "/json";

  /**
   * The system property that turns on each JVM server's compression ({@code true} when the run has
   * the {@code gzip} or {@code gzip-file} test): set for the whole server, as a user would, so run
   * those tests apart.
   */
  static final String COMPRESS = "courier.bench.compress";

  /** Starts server {@code name} on 127.0.0.1:{@code port}; returns when it listens. */
  static void start(String name, int port, Path dir) throws Exception {
    start(name, port, dir, "http1", null);
  }

  /**
   * Starts server {@code name} speaking {@code protocol}: {@code http1}, or {@code h2c} (HTTP/2
   * with prior knowledge; Courier's server takes it on its ordinary port, Jetty and Netty get
   * their HTTP/2 connection factories), and, when {@code tls} is not null, HTTPS on its port too:
   * HTTP/1.1 beside http1, HTTP/2 chosen by ALPN beside h2c.
   */
  static void start(String name, int port, Path dir, String protocol, BenchTls tls) throws Exception {
    if (protocol.equals("h2c")) {
      switch (name) {
        case "courier" -> CourierServer.start(port, dir, CourierServer.Mode.DEFAULT, tls);
        case "courier-inline" -> CourierServer.start(port, dir, CourierServer.Mode.INLINE, tls);
        case "jetty" -> JettyServer.start(port, dir, true, tls);
        case "netty" -> NettyH2Server.start(port, tls);
        default -> throw new IllegalArgumentException("no h2c variant of " + name + " (courier, courier-inline, jetty, netty)");
      }
      return;
    }
    switch (name) {
      case "courier" -> CourierServer.start(port, dir, CourierServer.Mode.DEFAULT, tls);
      case "courier-inline" -> CourierServer.start(port, dir, CourierServer.Mode.INLINE, tls);
      case "courier-threads" -> CourierServer.start(port, dir, CourierServer.Mode.THREADS, tls);
      case "jdk" -> JdkServer.start(port, dir, tls);
      case "jetty" -> JettyServer.start(port, dir, false, tls);
      case "undertow" -> UndertowServer.start(port, dir, tls);
      case "netty" -> NettyServer.start(port, dir, tls);
      default -> throw new IllegalArgumentException("unknown server: " + name);
    }
  }
}

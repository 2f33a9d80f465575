package dev.courier.bench;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts a private nginx on 127.0.0.1 for benchmarks: one worker, keep-alive without a request
 * limit, no gzip (every client gets the same bytes), no access log. Serves {@code /index.html}
 * (612 bytes, the size of nginx's welcome page) unless given other files.
 *
 * <p>Set {@code -Dcourier.bench.port=N} to use an nginx you started yourself instead (plain
 * HTTP/1.1 only). {@link #startHttps} runs it with HTTP/1.1 over TLS, {@link #startHttp2} with
 * HTTP/2 over TLS (ALPN h2), each on a fresh self-signed certificate. A TLS server also serves
 * the same files under {@link #CLOSING} with keep-alive off, so that every request there comes on
 * a new connection, and logs for each whether its TLS session was resumed ({@link #closingLog}).
 */
final class LocalNginx implements AutoCloseable {
  /** The body every benchmark GETs: 612 bytes of HTML. */
  static final String INDEX = buildIndex();

  /**
   * The path prefix under which nginx closes each connection after its response ({@code
   * keepalive_timeout 0}, answered with {@code Connection: close}), plain or over TLS.
   */
  static final String CLOSING = "/closing/";

  /**
   * Where a POST is answered with {@link SessionBenchmark#JSON} ({@code return 200}: nginx reads
   * the request body and drops it; its static files refuse POST with 405).
   */
  static final String POST = "/post.json";

  private final Path dir;
  private final Process process;
  private final int port;
  private final BenchCertificate certificate;

  private LocalNginx(Path dir, Process process, int port, BenchCertificate certificate) {
    this.dir = dir;
    this.process = process;
    this.port = port;
    this.certificate = certificate;
  }

  int port() {
    return port;
  }

  /**
   * One line per request under {@link #CLOSING}: {@code r} when its TLS session was resumed,
   * {@code .} after a full handshake (nginx's {@code $ssl_session_reused}).
   */
  Path closingLog() {
    return dir.resolve("closing.log");
  }

  /** The server's certificate when it speaks TLS; null for plain HTTP. */
  BenchCertificate certificate() {
    return certificate;
  }

  /** How the server block listens: its {@code listen} parameters. */
  private enum Listen {
    PLAIN(""),
    /** HTTP/1.1 over TLS. */
    HTTPS(" ssl"),
    /** HTTP/2 over TLS (ALPN h2). */
    H2(" ssl http2");

    private final String parameters;

    Listen(String parameters) {
      this.parameters = parameters;
    }
  }

  /**
   * nginx 1.22 leaves TLSv1.3 out of its default {@code ssl_protocols} (it joined the default in
   * 1.23.4) and would settle on TLS 1.2, so every TLS port names them: most HTTPS traffic today
   * negotiates TLS 1.3 (the HTTP/2 runs before 2026-12-05 17:30 had TLS 1.2).
   */
  private static final String TLS_PROTOCOLS = "    ssl_protocols TLSv1.2 TLSv1.3;\n";

  /**
   * Starts nginx serving {@code files} over TLS with HTTP/2 offered by ALPN ({@code listen ...
   * ssl http2}, nginx's default of 128 concurrent streams per connection).
   */
  static LocalNginx startHttp2(Map<String, String> files) throws IOException, InterruptedException {
    return start(files, Listen.H2);
  }

  /**
   * Starts nginx serving {@code files} with HTTP/1.1 over TLS 1.3 ({@code listen ... ssl}, no
   * HTTP/2), keep-alive as on the plain port.
   */
  static LocalNginx startHttps(Map<String, String> files) throws IOException, InterruptedException {
    return start(files, Listen.HTTPS);
  }

  static LocalNginx startOrUseExisting() throws IOException, InterruptedException {
    return startOrUseExisting(Map.of("index.html", INDEX));
  }

  /** Starts nginx serving {@code files} (name to content) from its root. */
  static LocalNginx startOrUseExisting(Map<String, String> files)
      throws IOException, InterruptedException {
    String existing = System.getProperty("courier.bench.port");
    if (existing != null) {
      return new LocalNginx(null, null, Integer.parseInt(existing), null);
    }
    return start(files, Listen.PLAIN);
  }

  /**
   * Starts nginx (plain HTTP/1.1) serving the files of {@code downloads} under {@code /download/}
   * with sendfile, as a file server would, and with {@code gzip_static}: a client that accepts
   * gzip gets {@code NAME.gz} when it exists, compressed beforehand, so that nginx spends no CPU
   * compressing while the clients are measured.
   */
  static LocalNginx startDownloads(Path downloads) throws IOException, InterruptedException {
    return start(Map.of(), Listen.PLAIN, downloads);
  }

  /**
   * The same downloads over {@code protocol}: {@code http1} (plain), {@code https} (HTTP/1.1 over
   * TLS) or {@code h2} ({@link #startHttp2Downloads}).
   */
  static LocalNginx startDownloads(Path downloads, String protocol) throws IOException, InterruptedException {
    return start(Map.of(), listen(protocol), downloads);
  }

  /**
   * The same downloads over HTTP/2 and TLS ({@code listen ... ssl http2}): nginx sends each body in
   * DATA frames of its {@code http2_chunk_size} (8 KiB), as far as the client's windows allow.
   */
  static LocalNginx startHttp2Downloads(Path downloads) throws IOException, InterruptedException {
    return start(Map.of(), Listen.H2, downloads);
  }

  /**
   * Starts nginx taking uploads: a {@code PUT /put/NAME} is written by its WebDAV module to {@code
   * uploads/put/NAME} (nginx's own way of reading a body whole before it answers: 201 for a new
   * file, 204 for a replaced one), through a temporary file in {@code uploads/body}, so {@code
   * uploads} should be on a memory file system. {@code protocol}: {@code http1} (plain), {@code
   * https} (HTTP/1.1 over TLS) or {@code h2} (HTTP/2 over TLS, ALPN).
   */
  static LocalNginx startUploads(Path uploads, String protocol) throws IOException, InterruptedException {
    Files.createDirectories(uploads.resolve("put"));
    Files.createDirectories(uploads.resolve("body"));
    return start(Map.of(), listen(protocol), null, uploads);
  }

  private static Listen listen(String protocol) {
    return switch (protocol) {
      case "http1" -> Listen.PLAIN;
      case "https" -> Listen.HTTPS;
      case "h2" -> Listen.H2;
      default -> throw new IllegalArgumentException("protocol http1, https or h2, not " + protocol);
    };
  }

  /**
   * Starts nginx (plain HTTP/1.1) serving {@code files} under {@link #GZIPPED} with {@code
   * gzip_static}: each is stored beside its gzip (level 6), and a client that accepts gzip gets
   * that, compressed beforehand, as a JSON API behind a compressing proxy answers; nginx spends no
   * CPU compressing while the clients are measured.
   */
  static LocalNginx startGzipped(Map<String, String> files) throws IOException, InterruptedException {
    return start(Map.of(), Listen.PLAIN, null, null, files);
  }

  /**
   * Where {@link #startOrUseExisting(Map)}'s files are also served as a JSON API's answers are:
   * with the fields such a service adds ({@link #API_FIELDS}), among them a load balancer's
   * affinity cookie set again on every response.
   */
  static final String API = "/api/";

  /**
   * The response fields nginx adds under {@link #API}: caching, CORS, security and rate-limit
   * fields, a request id that differs for every response, and an affinity cookie (as AWS's load
   * balancers set on each response, valid a week).
   */
  static final List<String> API_FIELDS = List.of(
      "add_header Cache-Control \"private, no-cache, no-store, must-revalidate\";",
      "add_header Vary \"Accept-Encoding, Origin\";",
      "add_header Access-Control-Allow-Origin \"*\";",
      "add_header Access-Control-Expose-Headers \"X-Request-Id, X-RateLimit-Remaining\";",
      "add_header Strict-Transport-Security \"max-age=31536000; includeSubDomains\";",
      "add_header X-Content-Type-Options nosniff;",
      "add_header X-Frame-Options DENY;",
      "add_header Content-Security-Policy \"default-src 'none'; frame-ancestors 'none'\";",
      "add_header Referrer-Policy no-referrer;",
      "add_header X-Request-Id $request_id;",
      "add_header X-RateLimit-Limit 5000;",
      "add_header X-RateLimit-Remaining 4987;",
      "add_header X-RateLimit-Reset 1765123200;",
      "add_header Set-Cookie \"AWSALB=Xq1fLw0bRk7vS2Zt9yHc4Jm8pN3dQe6uVa5Gi1Ko7Br2Ts9Wx4Yz0Cf8Hj3Ln6Mp; "
          + "Expires=Mon, 14 Dec 2026 16:00:00 GMT; Path=/\";");

  /** The path prefix of {@link #startGzipped}'s files. */
  static final String GZIPPED = "/gz/";

  /**
   * The same files, each request logged with the Content-Encoding it was answered with ({@link
   * #gzippedLog}): to check that a client asked for gzip, apart from the measured path.
   */
  static final String GZIPPED_LOGGED = "/gz-logged/";

  /** One line per request under {@link #GZIPPED_LOGGED}: its Content-Encoding, or {@code -}. */
  Path gzippedLog() {
    return dir.resolve("gzipped.log");
  }

  private static LocalNginx start(Map<String, String> files, Listen listen) throws IOException, InterruptedException {
    return start(files, listen, null, null);
  }

  private static LocalNginx start(Map<String, String> files, Listen listen, Path downloads)
      throws IOException, InterruptedException {
    return start(files, listen, downloads, null);
  }

  private static LocalNginx start(Map<String, String> files, Listen listen, Path downloads, Path uploads)
      throws IOException, InterruptedException {
    return start(files, listen, downloads, uploads, Map.of());
  }

  private static LocalNginx start(Map<String, String> files, Listen listen, Path downloads, Path uploads,
      Map<String, String> gzipped) throws IOException, InterruptedException {
    String nginx = List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx").stream()
        .filter(p -> new File(p).canExecute()).findFirst()
        .orElseThrow(() -> new IllegalStateException(
            "nginx not found: apt-get install nginx, or pass -Dcourier.bench.port=<port>"));
    Path dir = Files.createTempDirectory("courier-bench-nginx");
    Files.createDirectories(dir.resolve("www"));
    for (Map.Entry<String, String> file : files.entrySet()) {
      Files.writeString(dir.resolve("www").resolve(file.getKey()), file.getValue());
    }
    if (!gzipped.isEmpty()) Files.createDirectories(dir.resolve("www").resolve(GZIPPED.substring(1)));
    for (Map.Entry<String, String> file : gzipped.entrySet()) {
      Path plain = dir.resolve("www").resolve(GZIPPED.substring(1)).resolve(file.getKey());
      Files.writeString(plain, file.getValue());
      try (var gz = new java.util.zip.GZIPOutputStream(Files.newOutputStream(plain.resolveSibling(file.getKey() + ".gz")))) {
        gz.write(file.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    boolean tls = listen != Listen.PLAIN;
    BenchCertificate certificate = tls ? BenchCertificate.create(dir) : null;
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.toList()) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
            Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    String d = dir.toString();
    boolean root = "root".equals(System.getProperty("user.name"));
    Files.writeString(dir.resolve("nginx.conf"), (root ? "user root root;\n" : "")
        + "worker_processes 1;\npid " + d + "/nginx.pid;\nerror_log " + d + "/error.log warn;\n"
        + "events { worker_connections 1024; }\n"
        + "http {\n  access_log off;\n  client_body_temp_path " + d + "/cb;\n  proxy_temp_path " + d
        + "/px;\n  fastcgi_temp_path " + d + "/fc;\n  uwsgi_temp_path " + d + "/uw;\n  scgi_temp_path "
        + d + "/sc;\n  types { text/html html; application/json json; }\n  keepalive_requests 100000000;\n"
        + "  keepalive_timeout 300s;\n  gzip off;\n  open_file_cache max=100;\n"
        + "  log_format reused '$ssl_session_reused';\n  log_format coding '$sent_http_content_encoding';\n"
        + "  server {\n    listen 127.0.0.1:" + port + listen.parameters + ";\n" + (tls ? "    ssl_certificate "
        + certificate.certificate() + ";\n    ssl_certificate_key " + certificate.key() + ";\n" + TLS_PROTOCOLS : "")
        + "    location " + CLOSING + " {\n      keepalive_timeout 0;\n      alias " + d + "/www/;\n"
        + (tls ? "      access_log " + d + "/closing.log reused;\n" : "") + "    }\n"
        + (downloads == null ? "" : "    location /download/ {\n      alias " + downloads.toAbsolutePath() + "/;\n"
        + "      default_type application/octet-stream;\n      sendfile on;\n      gzip_static on;\n    }\n")
        + (listen == Listen.PLAIN && !files.isEmpty() ? "    location " + API + " {\n      alias " + d + "/www/;\n      "
        + String.join("\n      ", API_FIELDS) + "\n    }\n" : "")
        + (gzipped.isEmpty() ? "" : "    location " + GZIPPED + " {\n      gzip_static on;\n    }\n"
        + "    location " + GZIPPED_LOGGED + " {\n      gzip_static on;\n      alias " + d + "/www" + GZIPPED
        + ";\n      access_log " + d + "/gzipped.log coding;\n    }\n")
        + (uploads == null ? "" : "    location /put/ {\n      client_max_body_size 0;\n      client_body_temp_path "
        + uploads.toAbsolutePath() + "/body;\n      dav_methods PUT;\n      alias " + uploads.toAbsolutePath()
        + "/put/;\n    }\n")
        + "    location = " + POST + " {\n      default_type application/json;\n      return 200 '"
        + SessionBenchmark.JSON.replace("\n", "\\n") + "';\n    }\n"
        + "    root " + d + "/www;\n  }\n}\n");
    Process process = new ProcessBuilder(nginx, "-p", d, "-e", d + "/error.log", "-c",
        d + "/nginx.conf", "-g", "daemon off;").redirectErrorStream(true)
        .redirectOutput(dir.resolve("stdout.log").toFile()).start();
    LocalNginx local = new LocalNginx(dir, process, port, certificate);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return local;
      } catch (IOException notYet) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          local.close();
          throw new IOException("nginx did not start on " + port);
        }
        Thread.sleep(20);
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    TempDirectories.delete(dir);
  }

  private static String buildIndex() {
    StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome</title>\n"
        + "</head>\n<body>\n<h1>Welcome to the benchmark page</h1>\n");
    while (html.length() < 590) {
      html.append("<p>filler text for a realistic page.</p>\n");
    }
    html.setLength(590);
    html.append("\n</body>\n</html>\n");
    while (html.length() < 612) {
      html.append(' ');
    }
    return html.substring(0, 612);
  }
}

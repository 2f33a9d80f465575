package dev.courier.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real nginx on 127.0.0.1 for interop tests and benchmarks: writes an {@code nginx.conf} into a
 * temporary prefix directory, runs {@code nginx -p dir -c nginx.conf -g 'daemon off;'} on a free
 * port, and stops it on {@link #close()}. Tests calling {@link #start} are skipped (JUnit
 * assumption) when nginx is not installed; {@code ./check} installs it.
 *
 * <p>The server serves files from {@link #root()} with keep-alive, gzip for text (gzip responses
 * are chunked), adds {@code X-Connection: $connection} (nginx's connection serial number, so a
 * test can tell whether requests shared a connection) and answers {@code /status} with a fixed
 * 200.
 *
 * <pre>{@code
 * try (NginxPeer nginx = NginxPeer.builder().keepaliveRequests(3).file("a.txt", "hello").start()) {
 *   var c = new HttpConnection("127.0.0.1", nginx.port());
 * }
 * }</pre>
 */
public final class NginxPeer implements AutoCloseable {
  private final Path dir;
  private final Process process;
  private final int port;

  private NginxPeer(Path dir, Process process, int port) {
    this.dir = dir;
    this.process = process;
    this.port = port;
  }

  /** The nginx binary, if installed. */
  public static String binary() {
    for (String candidate : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx",
        "/usr/local/nginx/sbin/nginx")) {
      if (new File(candidate).canExecute()) {
        return candidate;
      }
    }
    return null;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** The document root. */
  public Path root() {
    return dir.resolve("www");
  }

  /** The contents of nginx's error log (for failure messages). */
  public String errorLog() throws IOException {
    Path log = dir.resolve("error.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  @Override
  public void close() throws IOException {
    process.destroy(); // SIGTERM: fast shutdown
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Configures and starts an {@link NginxPeer}. */
  public static final class Builder {
    private int keepaliveRequests = 1000;
    private String keepaliveTimeout = "65s";
    private boolean gzip = true;
    private String extraLocations = "";
    private String extraHttp = "";
    private Path tlsCert;
    private Path tlsKey;
    private final Map<String, byte[]> files = new LinkedHashMap<>();

    private Builder() {
      files.put("index.html", "<!doctype html><title>courier</title><p>hello from nginx</p>\n"
          .getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Serves HTTPS with this PEM chain and key, HTTP/2 offered by ALPN ({@code listen ... ssl
     * http2}, the spelling nginx 1.22 knows; 1.25 adds {@code http2 on}).
     */
    public Builder tlsWithHttp2(Path certificateChainPem, Path privateKeyPem) {
      this.tlsCert = certificateChainPem;
      this.tlsKey = privateKeyPem;
      return this;
    }

    /** nginx's {@code keepalive_requests}: requests per connection before it closes it. */
    public Builder keepaliveRequests(int n) {
      keepaliveRequests = n;
      return this;
    }

    /** nginx's {@code keepalive_timeout}, e.g. {@code "1s"}. */
    public Builder keepaliveTimeout(String value) {
      keepaliveTimeout = value;
      return this;
    }

    public Builder gzip(boolean on) {
      gzip = on;
      return this;
    }

    /** Extra {@code location} blocks for the server block. */
    public Builder locations(String config) {
      extraLocations = config;
      return this;
    }

    /** Extra directives for the {@code http} block, e.g. an {@code upstream}. */
    public Builder http(String config) {
      extraHttp = config;
      return this;
    }

    /** A file under the document root. */
    public Builder file(String name, byte[] content) {
      files.put(name, content);
      return this;
    }

    public Builder file(String name, String content) {
      return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Starts nginx, or skips the calling test when nginx is not installed. */
    public NginxPeer start() throws IOException {
      String nginx = binary();
      assumeTrue(nginx != null, "nginx is not installed (apt-get install nginx)");
      Path dir = Files.createTempDirectory("courier-nginx");
      Path www = dir.resolve("www");
      Files.createDirectories(www);
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        Path path = www.resolve(file.getKey());
        Files.createDirectories(path.getParent());
        Files.write(path, file.getValue());
      }
      // workers may run as another user when started by root: let them read the tree
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.toList()) {
          Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
              Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
        }
      }
      int port = freePort();
      Files.writeString(dir.resolve("nginx.conf"), config(dir, port));
      Process process = new ProcessBuilder(nginx, "-p", dir.toString(), "-e",
          dir.resolve("error.log").toString(), "-c", dir.resolve("nginx.conf").toString(),
          "-g", "daemon off;")
          .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
      NginxPeer peer = new NginxPeer(dir, process, port);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (true) {
        try (Socket probe = new Socket()) {
          probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
          return peer;
        } catch (IOException notYet) {
          if (!process.isAlive() || System.nanoTime() > deadline) {
            String log = peer.errorLog() + Files.readString(dir.resolve("stdout.log"));
            peer.close();
            throw new IOException("nginx did not start on port " + port + ": " + log);
          }
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
          }
        }
      }
    }

    private String config(Path dir, int port) {
      String d = dir.toString();
      boolean root = "root".equals(System.getProperty("user.name"));
      return (root ? "user root root;\n" : "")
          + "worker_processes 1;\n"
          + "pid " + d + "/nginx.pid;\n"
          + "error_log " + d + "/error.log warn;\n"
          + "events { worker_connections 1024; }\n"
          + "http {\n"
          + "  access_log off;\n"
          + "  client_body_temp_path " + d + "/client_body;\n"
          + "  proxy_temp_path " + d + "/proxy;\n"
          + "  fastcgi_temp_path " + d + "/fastcgi;\n"
          + "  uwsgi_temp_path " + d + "/uwsgi;\n"
          + "  scgi_temp_path " + d + "/scgi;\n"
          + "  types { text/html html; text/plain txt; application/json json; }\n"
          + "  default_type application/octet-stream;\n"
          + "  keepalive_requests " + keepaliveRequests + ";\n"
          + "  keepalive_timeout " + keepaliveTimeout + ";\n"
          + "  gzip " + (gzip ? "on" : "off") + ";\n"
          + "  gzip_types text/plain application/json;\n"
          + "  gzip_min_length 64;\n"
          + extraHttp
          + "  server {\n"
          + "    listen 127.0.0.1:" + port + (tlsCert == null ? "" : " ssl http2") + ";\n"
          + (tlsCert == null ? "" : "    ssl_certificate " + tlsCert + ";\n    ssl_certificate_key " + tlsKey + ";\n")
          + "    root " + d + "/www;\n"
          + "    add_header X-Connection $connection always;\n"
          + "    location = /status { default_type text/plain; return 200 \"ok\\n\"; }\n"
          + extraLocations
          + "  }\n"
          + "}\n";
    }

    private static int freePort() throws IOException {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      }
    }
  }
}

package dev.courier.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** nginx as a benchmark peer: where its binary is and the configuration ServerBenchmark runs. */
final class NginxConf {
  private NginxConf() {}

  /**
   * The file nginx answers the gzip test from ({@link ApiJson#PAGE}, in the static directory): a
   * string in its configuration may not pass 4 KB. For that test it stays open between requests
   * ({@code open_file_cache}), so nginx reads it with one {@code pread} per request where the JVM
   * servers hand over an array; as the gzip-file test's static file it is opened for each request,
   * as a file server does by default (Courier's FileHandler too). Compressed on the fly, it does not
   * go by {@code sendfile}.
   */
  static final String PAGE_FILE = "page.json";

  static String binary() {
    for (String candidate : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")) {
      if (Files.isExecutable(Path.of(candidate))) return candidate;
    }
    return "nginx";
  }

  /**
   * One worker (the JVM servers get the same two cores), sendfile, no access log. With
   * {@code h2c} the port speaks only HTTP/2 with prior knowledge: nginx 1.22's {@code listen ...
   * http2} on a plaintext port takes the preface directly (and no HTTP/1.1 at all). With {@code
   * tls} (null for none) a second {@code listen ... ssl} port serves the same locations over HTTPS
   * through nginx's OpenSSL, a different TLS stack than the JVM servers' JSSE, TLS 1.2 and 1.3
   * (nginx 1.22 leaves 1.3 out of its default): HTTP/1.1 only beside a plain HTTP/1.1 port, and
   * {@code listen ... ssl http2} beside an h2c one, so ALPN offers h2 (and HTTP/1.1).
   */
  static String forBenchmark(int port, Path staticDir, Path work, boolean h2c, BenchTls tls) {
    return """
        worker_processes 1;
        daemon off;
        pid %1$s/nginx-%2$d.pid;
        error_log %1$s/nginx-error.log warn;
        events { worker_connections 4096; }
        http {
          access_log off;
          sendfile on;
          tcp_nopush on;
          keepalive_requests 1000000;
          client_body_temp_path %1$s/body;
          proxy_temp_path %1$s/proxy;
          fastcgi_temp_path %1$s/fastcgi;
          uwsgi_temp_path %1$s/uwsgi;
          scgi_temp_path %1$s/scgi;
          server {
            listen 127.0.0.1:%2$d%4$s;%5$s
            location = / { default_type text/plain; return 200 "Hello, World!"; }
            location = /plaintext { default_type text/plain; return 200 "Hello, World!"; }
            location = /json {
              default_type application/json;
              gzip on; gzip_types application/json; gzip_comp_level 6; gzip_min_length 1024;
              alias %3$s/%6$s;
              open_file_cache max=16;
            }
            location = /static/%6$s {
              default_type application/json;
              gzip on; gzip_types application/json; gzip_comp_level 6; gzip_min_length 1024;
              alias %3$s/%6$s;
            }
            location = /upload { client_max_body_size 2m; default_type text/plain; return 200 "Hello, World!"; }
            location /static/ { alias %3$s/; default_type application/octet-stream; }
            location /put/ { client_max_body_size 0; dav_methods PUT; alias %1$s/put/; }
          }
        }
        """.formatted(work, port, staticDir, h2c ? " http2" : "", tlsListener(tls, h2c), PAGE_FILE);
  }

  /** The lines of the HTTPS listener inside the server block; empty without one. */
  private static String tlsListener(BenchTls tls, boolean h2) {
    if (tls == null) return "";
    return ("\n    listen 127.0.0.1:%d ssl%s;\n    ssl_certificate %s;\n    ssl_certificate_key %s;"
        + "\n    ssl_protocols TLSv1.2 TLSv1.3;").formatted(tls.port(), h2 ? " http2" : "", tls.certificate(), tls.key());
  }
}

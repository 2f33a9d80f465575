package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.http.Headers;
import dev.courier.net.ConnectOptions;
import dev.courier.testsupport.NginxPeer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** Courier's client against a real nginx on 127.0.0.1. */
class NginxInteropTest {
  private static final ConnectOptions OPTIONS = ConnectOptions.defaults()
      .withReadTimeout(Duration.ofSeconds(10));

  @Test
  void keepAliveGetsShareOneConnection() throws Exception {
    try (NginxPeer nginx = NginxPeer.builder().start()) {
      var c = new HttpConnection("127.0.0.1", nginx.port(), OPTIONS);
      Set<String> connections = new HashSet<>();
      for (int i = 0; i < 20; i++) {
        c.request("GET", "/index.html");
        var r = c.getResponse();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header("Content-Type")).contains("text/html");
        assertThat(r.read()).asString().contains("hello from nginx");
        connections.add(r.header("X-Connection").orElseThrow());
      }
      assertThat(connections).hasSize(1);
      c.close();
    }
  }

  @Test
  void keepaliveRequestsClosesAndTheClientReconnects() throws Exception {
    try (NginxPeer nginx = NginxPeer.builder().keepaliveRequests(3).start()) {
      var c = new HttpConnection("127.0.0.1", nginx.port(), OPTIONS);
      List<String> connections = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        c.request("GET", "/status");
        var r = c.getResponse();
        assertThat(r.read()).asString().isEqualTo("ok\n");
        connections.add(r.header("X-Connection").orElseThrow());
        if (i % 3 == 2) {
          assertThat(r.header("Connection")).contains("close");
        }
      }
      assertThat(new HashSet<>(connections)).hasSize(4);
      assertThat(connections.get(0)).isEqualTo(connections.get(2)).isNotEqualTo(connections.get(3));
    }
  }

  @Test
  void gzipResponsesAreChunkedAndDecodeToTheFile() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      text.append("line ").append(i).append(" of a compressible text file\n");
    }
    try (NginxPeer nginx = NginxPeer.builder().file("big.txt", text.toString()).start()) {
      var c = new HttpConnection("127.0.0.1", nginx.port(), OPTIONS);
      c.request("GET", "/big.txt", null, Headers.of("Accept-Encoding", "gzip"));
      var r = c.getResponse();
      assertThat(r.header("Transfer-Encoding")).contains("chunked");
      assertThat(r.header("Content-Encoding")).contains("gzip");
      assertThat(r.contentLength()).isEmpty();
      byte[] compressed = r.read();
      assertThat(compressed.length).isLessThan(text.length() / 4);
      String decoded = new String(new GZIPInputStream(new ByteArrayInputStream(compressed)).readAllBytes(),
          java.nio.charset.StandardCharsets.UTF_8);
      assertThat(decoded).isEqualTo(text.toString());
      // the same connection serves the identity version next
      c.request("GET", "/big.txt");
      var plain = c.getResponse();
      assertThat(plain.contentLength()).hasValue(text.length());
      ByteArrayOutputStream collected = new ByteArrayOutputStream();
      byte[] buffer = new byte[1000];
      int n;
      while ((n = plain.readInto(buffer)) > 0) {
        collected.write(buffer, 0, n);
      }
      assertThat(collected.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(text.toString());
    }
  }

  @Test
  void headNotFoundAndRefusedPost() throws Exception {
    try (NginxPeer nginx = NginxPeer.builder().start()) {
      var c = new HttpConnection("127.0.0.1", nginx.port(), OPTIONS);
      c.request("HEAD", "/index.html");
      var head = c.getResponse();
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.contentLength()).isPresent();
      assertThat(head.read()).isEmpty();
      c.request("GET", "/missing");
      var missing = c.getResponse();
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.reason()).isEqualTo("Not Found");
      assertThat(missing.read()).asString().contains("404");
      c.request("POST", "/index.html", "x=1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      var post = c.getResponse();
      assertThat(post.statusCode()).isEqualTo(405);
      post.read();
      c.request("GET", "/status");
      assertThat(c.getResponse().read()).asString().isEqualTo("ok\n");
    }
  }

  @Test
  void poolUnderLoadWithConnectionsClosingEveryFewRequests() throws Exception {
    byte[] blob = new byte[100_000];
    new Random(7).nextBytes(blob);
    try (NginxPeer nginx = NginxPeer.builder().keepaliveRequests(5).file("blob.bin", blob).start();
        ConnectionPool pool = ConnectionPool.builder().connectOptions(OPTIONS)
            .maxConnectionsPerRoute(4).build()) {
      Route route = Route.http("127.0.0.1", nginx.port());
      ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
      List<Future<Integer>> workers = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        workers.add(executor.submit(() -> {
          int ok = 0;
          for (int i = 0; i < 40; i++) {
            try (var lease = pool.acquire(route)) {
              HttpConnection c = lease.connection();
              boolean big = i % 4 == 0;
              c.request("GET", big ? "/blob.bin" : "/status");
              byte[] body = c.getResponse().read();
              if (big ? java.util.Arrays.equals(body, blob) : body.length == 3) {
                ok++;
              }
            }
          }
          return ok;
        }));
      }
      int total = 0;
      for (Future<Integer> worker : workers) {
        total += worker.get();
      }
      executor.shutdown();
      assertThat(total).isEqualTo(8 * 40);
      assertThat(pool.connectionCount()).isLessThanOrEqualTo(4);
      assertThat(pool.leasedCount()).isZero();
    }
  }
}

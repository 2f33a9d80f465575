package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.courier.server.InteropTest.Result;
import dev.courier.server.httpbin.HttpBin;
import dev.courier.testsupport.TestPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real HTTP/2 clients against the server on loopback: curl over TLS (ALPN h2, the test CA) and
 * with prior knowledge on plaintext (h2c), nghttp, and Python's h2. Router, FileHandler and HttpBin
 * serve unchanged. Each test is skipped when its client is missing; {@code ./check} installs them.
 */
class H2InteropTest {
  @TempDir static Path dir;
  static HttpServer plain;
  static HttpServer tls;
  static byte[] digits;

  @BeforeAll
  static void start() throws IOException {
    digits = new byte[300_000];
    for (int i = 0; i < digits.length; i++) digits[i] = (byte) ('0' + i % 10);
    Files.write(dir.resolve("digits.txt"), digits);
    Files.writeString(dir.resolve("index.html"), "<h1>home</h1>");
    Handler echo = r -> ServerResponse.ok("received " + r.bodyBytes().length + " bytes over " + r.version());
    Router router = Router.builder()
        .post("/upload", echo)
        .mount("/httpbin/", new HttpBin())
        .mount("/", FileHandler.of(dir))
        .build();
    plain = HttpServer.builder().bind("127.0.0.1").port(0).handler(router).start();
    tls = HttpServer.builder().bind("127.0.0.1").port(0).handler(router)
        .tls(TestPki.get().serverCert(), TestPki.get().serverKey()).start();
  }

  @AfterAll
  static void stop() {
    plain.stop(Duration.ofSeconds(1));
    tls.stop(Duration.ofSeconds(1));
  }

  static Result curl(String... args) throws IOException, InterruptedException {
    return InteropTest.curl(args);
  }

  static String tlsUrl(String path) {
    return "https://localhost:" + tls.port() + path;
  }

  @Test
  void curlWithPriorKnowledgeOnPlaintext() throws Exception {
    Result r = curl("-v", "--http2-prior-knowledge", plain.url() + "digits.txt");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(digits);
    assertThat(r.err()).contains("< HTTP/2 200");
  }

  @Test
  void curlOverTlsChoosesH2ByAlpn() throws Exception {
    Result r = curl("-v", "--http2", "--cacert", TestPki.get().caCert().toString(), tlsUrl("/index.html"),
        tlsUrl("/digits.txt"));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("ALPN: server accepted h2").contains("< HTTP/2 200");
    assertThat(r.out()).startsWith("<h1>home</h1>").hasSize(13 + digits.length);
    assertThat(r.err()).containsPattern("Re-?using existing connection");
  }

  @Test
  void curlUploadsAndHttpBinEchoes() throws Exception {
    byte[] upload = new byte[1_000_000];
    Path file = dir.resolve("upload.bin");
    Files.write(file, upload);
    Result r = curl("--http2-prior-knowledge", "--data-binary", "@" + file, plain.url() + "upload");
    assertThat(r.out()).isEqualTo("received 1000000 bytes over HTTP/2");
    Result bin = curl("--http2", "--cacert", TestPki.get().caCert().toString(), "-H", "X-Test: yes",
        tlsUrl("/httpbin/headers"));
    assertThat(bin.out()).containsPattern("\"X-Test\" ?: \"yes\"").doesNotContain("Connection");
  }

  @Test
  void curlHeadAndRangesOverH2() throws Exception {
    Result head = curl("-sI", "--http2-prior-knowledge", plain.url() + "digits.txt");
    assertThat(head.out()).startsWith("HTTP/2 200").contains("content-length: 300000");
    Result range = curl("--http2-prior-knowledge", "-r", "10-19", plain.url() + "digits.txt");
    assertThat(range.out()).isEqualTo("0123456789");
  }

  @Test
  void curlAskingForAnH2cUpgradeGetsHttp11() throws Exception {
    Result r = curl("-v", "--http2", plain.url() + "index.html"); // plaintext --http2 sends Upgrade: h2c
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("Upgrade: h2c").contains("< HTTP/1.1 200")
        .doesNotContain("< HTTP/1.1 101"); // the whole status line: an ETag or port may hold "101"
    assertThat(r.out()).isEqualTo("<h1>home</h1>");
  }

  @Test
  void curlWithoutH2StillGetsHttp11OverTls() throws Exception {
    Result r = curl("-v", "--http1.1", "--cacert", TestPki.get().caCert().toString(), tlsUrl("/index.html"));
    assertThat(r.out()).isEqualTo("<h1>home</h1>");
    assertThat(r.err()).contains("< HTTP/1.1 200");
  }

  @Test
  void h2loadManyConcurrentStreamsPerConnection() throws Exception {
    assumeTrue(InteropTest.has("h2load"), "h2load is not installed");
    // 2 connections, 50 streams in flight on each: the handlers run concurrently on one socket.
    // (curl 7.88's --parallel fails its own multiplexing with "Error in the HTTP2 framing layer"
    // before any byte from the server, so h2load drives the concurrency.)
    Result r = InteropTest.run("h2load", "-n", "400", "-c", "2", "-m", "50", plain.url() + "digits.txt");
    assertThat(r.out()).as(r.out() + r.err()).contains("400 succeeded, 0 failed, 0 errored");
    Result overTls = InteropTest.run("h2load", "-n", "200", "-c", "1", "-m", "100", tlsUrl("/index.html"));
    assertThat(overTls.out()).as(overTls.out() + overTls.err()).contains("200 succeeded, 0 failed, 0 errored")
        .contains("Application protocol: h2");
  }

  @Test
  void nghttpFetchesWithItsOwnFlowControl() throws Exception {
    assumeTrue(InteropTest.has("nghttp"), "nghttp is not installed");
    // -w 16: a 64 KiB stream window, so the 300 KB file needs many WINDOW_UPDATEs from nghttp
    Result r = InteropTest.run("nghttp", "-n", "-s", "-w", "16", "-W", "16", plain.url() + "digits.txt",
        plain.url() + "index.html");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("/digits.txt").contains("/index.html");
    Result tlsRun = InteropTest.run("nghttp", "-v", "-n", tlsUrl("/index.html"));
    assertThat(tlsRun.exit()).as(tlsRun.out() + tlsRun.err()).isZero();
    assertThat(tlsRun.out()).contains(":status: 200");
  }

  @Test
  void pythonH2Client() throws Exception {
    String python = InteropTest.has("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
    Result probe = InteropTest.run(python, "-c", "import h2");
    assumeTrue(probe.exit() == 0, "python3-h2 is not installed");
    String script = String.join("\n",
        "import socket, h2.connection, h2.events",
        "s = socket.create_connection(('127.0.0.1', " + plain.port() + "))",
        "c = h2.connection.H2Connection()",
        "c.initiate_connection()",
        "c.send_headers(1, [(':method','GET'),(':scheme','http'),(':authority','127.0.0.1'),(':path','/httpbin/get')], end_stream=True)",
        "s.sendall(c.data_to_send())",
        "body = b''; status = None; done = False",
        "while not done:",
        "    data = s.recv(65536)",
        "    if not data: break",
        "    for e in c.receive_data(data):",
        "        if isinstance(e, h2.events.ResponseReceived): status = dict(e.headers)[b':status']",
        "        if isinstance(e, h2.events.DataReceived):",
        "            body += e.data; c.acknowledge_received_data(e.flow_controlled_length, e.stream_id)",
        "        if isinstance(e, h2.events.StreamEnded): done = True",
        "    s.sendall(c.data_to_send())",
        "print(status.decode(), len(body) > 0, b'/httpbin/get' in body)");
    Result r = InteropTest.run(python, "-c", script);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().trim()).isEqualTo("200 True True");
  }
}

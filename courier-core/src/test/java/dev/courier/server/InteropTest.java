package dev.courier.server;

import dev.courier.server.httpbin.HttpBin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real clients against the server on loopback: curl and Python requests. Each test is skipped
 * (not failed) when its client is not installed; {@code ./check} installs them when it can.
 */
class InteropTest {
  @TempDir static Path dir;
  static HttpServer server;
  static byte[] digits;

  @BeforeAll
  static void start() throws IOException {
    digits = new byte[200_000];
    for (int i = 0; i < digits.length; i++) digits[i] = (byte) ('0' + i % 10);
    Files.write(dir.resolve("digits.txt"), digits);
    Files.writeString(dir.resolve("index.html"), "<h1>home</h1>");
    Files.createDirectory(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub").resolve("x.txt"), "x");
    Handler echo = r -> {
      byte[] body = r.bodyBytes();
      return ServerResponse.ok("received " + body.length + " bytes, chunked="
          + r.header("Transfer-Encoding").isPresent());
    };
    Router router = Router.builder()
        .post("/upload", echo)
        .put("/upload", echo)
        .mount("/httpbin/", new HttpBin())
        .mount("/", FileHandler.of(dir))
        .build();
    server = HttpServer.builder().bind("127.0.0.1").port(0).handler(router).start();
  }

  @AfterAll
  static void stop() {
    server.stop(Duration.ofSeconds(1));
  }

  record Result(int exit, String out, String err) {}

  static boolean has(String command) {
    try {
      Process p = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  static Result run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), new String(out, StandardCharsets.ISO_8859_1), new String(err, StandardCharsets.UTF_8));
  }

  static Result curl(String... args) throws IOException, InterruptedException {
    assumeTrue(has("curl"), "curl is not installed");
    List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20"));
    command.addAll(List.of(args));
    return run(command.toArray(String[]::new));
  }

  @Test
  void curlReusesTheConnection() throws Exception {
    Result r = curl("-v", server.url() + "digits.txt", "-o", "/dev/null", server.url() + "sub/x.txt");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("x");
    assertThat(r.err()).containsPattern("Re-?using existing connection");
  }

  @Test
  void curlHttp10() throws Exception {
    Result r = curl("-v", "--http1.0", server.url() + "sub/x.txt");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("x");
    assertThat(r.err()).contains("GET /sub/x.txt HTTP/1.0");
  }

  @Test
  void curlRanges() throws Exception {
    Result single = curl("-r", "10-19", server.url() + "digits.txt");
    assertThat(single.out()).isEqualTo("0123456789");
    Result head = curl("-I", "-r", "0-0,-1", server.url() + "digits.txt");
    assertThat(head.out()).contains("HTTP/1.1 200"); // HEAD ignores Range
    Result multi = curl("-i", "-r", "0-0,-1", server.url() + "digits.txt");
    assertThat(multi.out()).contains("HTTP/1.1 206").contains("multipart/byteranges; boundary=")
        .contains("Content-Range: bytes 0-0/200000").contains("Content-Range: bytes 199999-199999/200000");
    Result resume = curl("-C", "199990", server.url() + "digits.txt");
    assertThat(resume.out()).isEqualTo("0123456789");
    Result unsat = curl("-o", "/dev/null", "-w", "%{http_code}", "-r", "300000-", server.url() + "digits.txt");
    assertThat(unsat.out()).isEqualTo("416");
  }

  @Test
  void curlConditionalRequests() throws Exception {
    Result head = curl("-I", server.url() + "digits.txt");
    String etag = head.out().lines().filter(l -> l.startsWith("ETag:")).findFirst().orElseThrow().substring(6).trim();
    Result cached = curl("-o", "/dev/null", "-w", "%{http_code}", "-H", "If-None-Match: " + etag, server.url() + "digits.txt");
    assertThat(cached.out()).isEqualTo("304");
    Path stamp = dir.resolve("stamp");
    Files.writeString(stamp, "");
    Files.setLastModifiedTime(stamp, Files.getLastModifiedTime(dir.resolve("digits.txt")));
    Result since = curl("-o", "/dev/null", "-w", "%{http_code}", "-z", stamp.toString(), server.url() + "digits.txt");
    assertThat(since.out()).isEqualTo("304");
  }

  @Test
  void curlChunkedUploadAndExpectContinue() throws Exception {
    Path upload = dir.resolve("upload.bin");
    Files.write(upload, new byte[300_000]);
    Result chunked = curl("-H", "Transfer-Encoding: chunked", "--data-binary", "@" + upload, server.url() + "upload");
    assertThat(chunked.out()).isEqualTo("received 300000 bytes, chunked=true");
    Result expect = curl("-v", "-H", "Expect: 100-continue", "-T", upload.toString(), server.url() + "upload");
    assertThat(expect.out()).isEqualTo("received 300000 bytes, chunked=false");
    assertThat(expect.err()).contains("HTTP/1.1 100 Continue");
  }

  @Test
  void curlDirectoryRedirectAndListing() throws Exception {
    Result r = curl("-i", server.url() + "sub");
    assertThat(r.out()).startsWith("HTTP/1.1 301").contains("Location: /sub/");
    Result listing = curl("-L", server.url() + "sub");
    assertThat(listing.out()).contains("Index of /sub/").contains("href=\"./x.txt\"");
  }

  static Result python(String script) throws IOException, InterruptedException {
    assumeTrue(has("python3"), "python3 is not installed");
    Result probe = run("python3", "-c", "import requests");
    assumeTrue(probe.exit() == 0, "python3 requests is not installed");
    return run("python3", "-c", script);
  }

  @Test
  void pythonRequestsAgainstFilesAndHttpbin() throws Exception {
    String base = server.url();
    Result r = python(String.join("\n",
        "import requests, sys",
        "s = requests.Session()",
        "base = '" + base + "'",
        "r = s.get(base + 'httpbin/get', params={'a': '1', 'b': ['x', 'y']})",
        "j = r.json()",
        "assert r.status_code == 200, r.status_code",
        "assert j['args'] == {'a': '1', 'b': ['x', 'y']}, j['args']",
        "r = s.post(base + 'httpbin/post', data={'k': 'v'})",
        "assert r.json()['form'] == {'k': 'v'}, r.text",
        "r = s.post(base + 'httpbin/post', json={'n': [1, 2]})",
        "assert r.json()['json'] == {'n': [1, 2]}, r.text",
        "r = s.post(base + 'httpbin/post', files={'f': ('a.txt', b'file-data')})",
        "assert r.json()['files'] == {'f': 'file-data'}, r.text",
        "r = s.get(base + 'httpbin/redirect/3')",
        "assert r.status_code == 200 and len(r.history) == 3, (r.status_code, r.history)",
        "r = s.get(base + 'httpbin/cookies/set?flavor=oat')",
        "assert r.json()['cookies'] == {'flavor': 'oat'}, r.text",
        "r = s.get(base + 'httpbin/basic-auth/u/p', auth=('u', 'p'))",
        "assert r.json()['authenticated'] is True",
        "from requests.auth import HTTPDigestAuth",
        "r = s.get(base + 'httpbin/digest-auth/auth/u/p', auth=HTTPDigestAuth('u', 'p'))",
        "assert r.status_code == 200 and r.json()['user'] == 'u', (r.status_code, r.headers)",
        "r = s.get(base + 'httpbin/digest-auth/auth/u/p/SHA-256', auth=HTTPDigestAuth('u', 'p'))",
        "assert r.status_code == 200, (r.status_code, r.headers)",
        "r = s.get(base + 'httpbin/gzip')",
        "assert r.json()['gzipped'] is True",
        "r = s.get(base + 'digits.txt', headers={'Range': 'bytes=5-9'})",
        "assert r.status_code == 206 and r.content == b'56789', (r.status_code, r.content)",
        "r = s.get(base + 'httpbin/stream/4', stream=True)",
        "assert len(list(r.iter_lines())) == 4",
        "r = s.get(base + 'sub')",
        "assert r.status_code == 200 and r.url.endswith('/sub/'), r.url",
        "print('python ok')"));
    assertThat(r.err()).isEmpty();
    assertThat(r.out().trim()).isEqualTo("python ok");
  }
}

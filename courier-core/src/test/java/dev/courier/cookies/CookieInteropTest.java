package dev.courier.cookies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.courier.http.Url;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with real peers on loopback: curl writes a jar we load; a jar we save is read by curl and
 * by Python's http.cookiejar.MozillaCookieJar, and they send the same cookies. Skipped (with the
 * reason) when curl or python3 is not installed; ./check installs them as root.
 */
class CookieInteropTest {
  static final String HOST = "www.courier.test";
  /** What the test server sets: domain and host-only cookies, HttpOnly, paths, session, odd values. */
  static final List<String> SET_COOKIES = List.of(
      "plain=v1; Path=/; Max-Age=86400",
      "dom=v2; Domain=courier.test; Path=/; Max-Age=86400",
      "ho=v3; Path=/; HttpOnly; Max-Age=86400",
      "deep=v4; Path=/echo/deep; Max-Age=86400",
      "sess=v5; Path=/",
      "exp=v6; Path=/; Expires=" + CookieDate.format(Instant.now().plusSeconds(7 * 86400)),
      "eq=a=b==; Path=/; Max-Age=86400",
      "q=\"quoted\"; Path=/; Max-Age=86400",
      // "café" as the UTF-8 bytes a server sends; header strings hold one char per byte.
      "utf8=caf\u00c3\u00a9; Path=/; Max-Age=86400");

  @TempDir Path dir;
  ServerSocket server;
  Thread acceptor;
  int port;

  /**
   * A tiny HTTP/1.0-style server on 127.0.0.1 (one request per connection): {@code /set} answers
   * with the Set-Cookie lines, {@code /echo...} answers with the Cookie header it received. (The
   * Courier server lives in another package; com.sun.net.httpserver is not readable from the
   * module under test without build changes.)
   */
  @BeforeEach
  void start() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    port = server.getLocalPort();
    acceptor = Thread.ofVirtual().start(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          Thread.ofVirtual().start(() -> serve(s));
        } catch (IOException e) {
          return;
        }
      }
    });
  }

  static void serve(Socket socket) {
    try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
      String head = readHead(in);
      String[] lines = head.split("\r\n");
      String path = lines[0].split(" ")[1];
      StringBuilder response = new StringBuilder();
      if (path.startsWith("/set")) {
        response.append("HTTP/1.1 204 No Content\r\n");
        for (String h : SET_COOKIES) response.append("Set-Cookie: ").append(h).append("\r\n");
        response.append("Connection: close\r\n\r\n");
      } else {
        List<String> cookies = new ArrayList<>();
        for (String line : lines) {
          if (line.regionMatches(true, 0, "Cookie:", 0, 7)) cookies.add(line.substring(7).strip());
        }
        String body = String.join("; ", cookies);
        response.append("HTTP/1.1 200 OK\r\nContent-Length: ").append(body.length())
            .append("\r\nConnection: close\r\n\r\n").append(body);
      }
      out.write(response.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    } catch (IOException e) {
      // The client went away; nothing to do.
    }
  }

  static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && head.length() < 65_536) {
      head.append((char) c);
      if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) break;
    }
    return head.toString();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    acceptor.join(5000);
  }

  static boolean onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(d, tool))) return true;
    }
    return false;
  }

  static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    String text = new String(out, StandardCharsets.ISO_8859_1);
    assertThat(p.exitValue()).as("%s exit status; output: %s", command, text).isZero();
    return text;
  }

  String url(String path) {
    return "http://" + HOST + ":" + port + path;
  }

  List<String> curl(String... args) {
    List<String> c = new ArrayList<>(List.of("curl", "-s", "-S", "--noproxy", "*", "--resolve", HOST + ":" + port + ":127.0.0.1"));
    c.addAll(List.of(args));
    return c;
  }

  /** The jar Courier builds from the same headers (what a browser would hold). */
  CookieJar courierJar() {
    CookieJar jar = CookieJar.create();
    Url setUrl = Url.parse(url("/set"));
    for (String h : SET_COOKIES) assertThat(jar.setCookie(setUrl, h)).as(h).isTrue();
    return jar;
  }

  static Set<CookieHeader.Pair> pairs(String header) {
    return new HashSet<>(CookieHeader.parse(header.strip()).pairs());
  }

  static String essentials(Cookie c) {
    return String.join("|", c.name(), c.value(), c.domain(), String.valueOf(c.hostOnly()), c.path(),
        String.valueOf(c.secure()), String.valueOf(c.httpOnly()), String.valueOf(c.persistent()));
  }

  @Test
  void jarWrittenByCurlLoadsWithEveryCookieIntact() throws Exception {
    assumeTrue(onPath("curl"), "curl is not installed: skipping the curl -c interop test");
    Path curlJar = dir.resolve("curl-cookies.txt");
    run(curl("-c", curlJar.toString(), url("/set")));
    CookieFiles.LoadResult loaded = CookieFiles.read(Files.readAllBytes(curlJar),
        CookieFiles.Options.defaults().ignoreDiscard(true));
    assertThat(loaded.problems()).isEmpty();
    assertThat(loaded.cookies()).hasSize(SET_COOKIES.size());
    Set<String> expected = new HashSet<>();
    for (Cookie c : courierJar().cookies()) expected.add(essentials(c));
    Set<String> actual = new HashSet<>();
    for (Cookie c : loaded.cookies()) actual.add(essentials(c));
    assertThat(actual).isEqualTo(expected);
    // Expiry survives to the second (curl computes Max-Age from its own clock; allow a minute).
    for (Cookie c : loaded.cookies()) {
      Cookie ours = courierJar().cookies().stream().filter(o -> o.name().equals(c.name())).findFirst().orElseThrow();
      if (ours.persistent()) {
        assertThat(c.expires().orElseThrow()).isBetween(
            ours.expires().orElseThrow().minusSeconds(60), ours.expires().orElseThrow().plusSeconds(60));
      }
    }
  }

  @Test
  void jarSavedByCourierIsSentByCurl() throws Exception {
    assumeTrue(onPath("curl"), "curl is not installed: skipping the curl -b interop test");
    CookieJar jar = courierJar();
    Path saved = dir.resolve("courier-cookies.txt");
    CookieFiles.save(jar, saved, CookieFileFormat.NETSCAPE, CookieFiles.Options.defaults().ignoreDiscard(true));
    for (String path : List.of("/echo", "/echo/deep/x")) {
      String sentByCurl = run(curl("-b", saved.toString(), url(path)));
      String ours = jar.cookieHeader(url(path));
      assertThat(pairs(sentByCurl)).as(path).isEqualTo(pairs(ours)).isNotEmpty();
    }
    assertThat(pairs(jar.cookieHeader(url("/echo/deep/x")))).contains(new CookieHeader.Pair("deep", "v4"));
  }

  @Test
  void jarSavedByCourierIsSentByPythonMozillaCookieJar() throws Exception {
    assumeTrue(onPath("python3"), "python3 is not installed: skipping the http.cookiejar interop test");
    CookieJar jar = courierJar();
    Path saved = dir.resolve("courier-cookies.txt");
    CookieFiles.SaveResult result = CookieFiles.save(jar, saved, CookieFileFormat.NETSCAPE);
    assertThat(result.skippedSession()).isEqualTo(1); // Python's default too: no session cookies
    String script = String.join("\n",
        "import sys, http.cookiejar, urllib.request",
        "cj = http.cookiejar.MozillaCookieJar()",
        "cj.load(sys.argv[1])",
        "req = urllib.request.Request(sys.argv[2])",
        "cj.add_cookie_header(req)",
        // Python decodes the file as UTF-8 text; re-encoding its header as UTF-8 gives back the
        // bytes of the file, which is what we compare (http.client itself would send latin-1).
        "sys.stdout.buffer.write((req.get_header('Cookie') or '').encode('utf-8'))");
    CookieJar reloaded = CookieFiles.load(saved);
    for (String path : List.of("/echo", "/echo/deep/x")) {
      String sentByPython = run(List.of("python3", "-c", script, saved.toString(), url(path)));
      String ours = reloaded.cookieHeader(url(path));
      assertThat(pairs(sentByPython)).as(path).isEqualTo(pairs(ours)).hasSize(path.contains("deep") ? 8 : 7);
    }
  }
}

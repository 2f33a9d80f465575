package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.server.HttpServer;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {
  @TempDir Path dir;

  static HttpServer start(String... args) throws IOException {
    ServeCommand command = new ServeCommand();
    new CommandLine(command).parseArgs(args);
    return command.start();
  }

  static String get(String url) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    c.setInstanceFollowRedirects(false);
    try (var in = c.getResponseCode() >= 400 ? c.getErrorStream() : c.getInputStream()) {
      return c.getResponseCode() + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void servesADirectoryOnLoopbackByDefault() throws IOException {
    Files.writeString(dir.resolve("a.txt"), "hello");
    HttpServer server = start("0", "--directory", dir.toString(), "-q");
    try {
      assertThat(server.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
      assertThat(get(server.url() + "a.txt")).isEqualTo("200 hello");
      assertThat(get(server.url())).startsWith("200 ").contains("a.txt");
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }

  @Test
  void httpbinAloneIsAtTheRootAndWithADirectoryUnderHttpbin() throws IOException {
    HttpServer alone = start("0", "--httpbin", "-q");
    try {
      assertThat(get(alone.url() + "get")).startsWith("200 {").contains("\"args\"");
    } finally {
      alone.stop(Duration.ofSeconds(1));
    }
    Files.writeString(dir.resolve("index.html"), "<p>home</p>");
    HttpServer both = start("0", "-d", dir.toString(), "--httpbin", "-q");
    try {
      assertThat(get(both.url())).isEqualTo("200 <p>home</p>");
      assertThat(get(both.url() + "httpbin/get")).contains("/httpbin/get");
      assertThat(get(both.url() + "httpbin")).startsWith("301");
    } finally {
      both.stop(Duration.ofSeconds(1));
    }
  }

  @Test
  void connectionsPerAddressAreCappedByTheFlag() throws IOException {
    HttpServer server = start("0", "--httpbin", "-q", "--max-connections-per-address", "1");
    try (java.net.Socket first = new java.net.Socket("127.0.0.1", server.port())) {
      first.getOutputStream().write("GET /get HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      first.setSoTimeout(5000);
      assertThat(first.getInputStream().read()).isEqualTo('H'); // served, and kept open
      HttpURLConnection second = (HttpURLConnection) URI.create(server.url() + "get").toURL().openConnection();
      assertThat(second.getResponseCode()).isEqualTo(503);
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }

  @Test
  void forwardedFieldsCountOnlyFromATrustedProxy() throws Exception {
    for (boolean trusted : new boolean[] {false, true}) {
      HttpServer server = trusted
          ? start("0", "--httpbin", "-q", "--trusted-proxy", "127.0.0.0/8")
          : start("0", "--httpbin", "-q");
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create(server.url() + "ip").toURL().openConnection();
        c.setRequestProperty("X-Forwarded-For", "198.51.100.7");
        String body = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(body).contains(trusted ? "198.51.100.7" : "127.0.0.1");
      } finally {
        server.stop(Duration.ofSeconds(1));
      }
    }
  }

  @Test
  void defaultsAndHelp() {
    ServeCommand command = new ServeCommand();
    new CommandLine(command).parseArgs();
    assertThat(command.port).isEqualTo(8000);
    assertThat(command.bind).isEqualTo("127.0.0.1");
    assertThat(command.maxConnectionsPerAddress).isEqualTo(256);
    String help = Main.commandLine(Io.system()).getSubcommands().get("serve").getUsageMessage();
    assertThat(help).contains("--bind").contains("/httpbin/").contains("0.0.0.0");
  }

  @Test
  void servesHttpsFromPemFiles() throws Exception {
    // Fixtures (copies of courier-core's test PKI, see its pki/README.md): no openssl needed.
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    try (var in = getClass().getResourceAsStream("server-chain.pem")) {
      Files.copy(in, cert);
    }
    try (var in = getClass().getResourceAsStream("server.key")) {
      Files.copy(in, key);
    }
    Files.writeString(dir.resolve("s.txt"), "secret page");
    HttpServer server = start("0", "-d", dir.toString(), "--tls-cert", cert.toString(), "--tls-key", key.toString(), "-q");
    try {
      assertThat(server.url()).startsWith("https://");
      Process curl;
      try {
        curl = new ProcessBuilder("curl", "-sk", server.url() + "s.txt").start();
      } catch (IOException e) {
        org.junit.jupiter.api.Assumptions.abort("curl is not installed");
        return;
      }
      assertThat(new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("secret page");
      assertThat(curl.waitFor()).as("curl's exit status").isZero();
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }

  @Test
  void httpsSpeaksHttp2ByDefault() throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    try (var in = getClass().getResourceAsStream("server-chain.pem")) {
      Files.copy(in, cert);
    }
    try (var in = getClass().getResourceAsStream("server.key")) {
      Files.copy(in, key);
    }
    Files.writeString(dir.resolve("s.txt"), "over h2");
    HttpServer server = start("0", "-d", dir.toString(), "--tls-cert", cert.toString(), "--tls-key", key.toString(), "-q");
    try {
      // curl offers h2 and http/1.1 by ALPN; the server picks h2 (RFC 9113 section 3.2).
      assertThat(curl("--http2", "-w", " %{http_version}", server.url() + "s.txt")).isEqualTo("over h2 2");
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }

  @Test
  void tlsOptionsGoTogether() {
    ServeCommand command = new ServeCommand();
    new CommandLine(command).parseArgs("0", "--tls-cert", "x.pem");
    org.assertj.core.api.Assertions.assertThatThrownBy(command::start).hasMessageContaining("go together");
  }

  // ---- --protocol, --cors, --no-listing, --index, --tls-password-file, compression ----

  /** Sends {@code request} on a raw socket and reads until the server closes (or 5 s pass). */
  static String raw(HttpServer server, String request) throws IOException {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      try {
        s.getInputStream().transferTo(out);
      } catch (java.net.SocketTimeoutException e) {
        return out.toString(StandardCharsets.ISO_8859_1) + "<<NOT CLOSED>>";
      }
      return out.toString(StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void protocolHttp10AnswersAsHttp10AndClosesAfterEachResponse() throws IOException {
    Files.writeString(dir.resolve("a.txt"), "hello");
    HttpServer server = start("0", "-d", dir.toString(), "-q", "--protocol", "HTTP/1.0");
    try {
      String answer = raw(server, "GET /a.txt HTTP/1.1\r\nHost: a\r\n\r\nGET /a.txt HTTP/1.1\r\nHost: a\r\n\r\n");
      assertThat(answer).startsWith("HTTP/1.0 200 OK\r\n").contains("Connection: close\r\n").endsWith("hello");
      assertThat(answer.split("HTTP/1.0 200").length - 1).as("one response, then the close").isEqualTo(1);
      // a listing (length unknown to the head? no: known) and a chunk-less streamed body
      assertThat(raw(server, "GET / HTTP/1.1\r\nHost: a\r\n\r\n")).startsWith("HTTP/1.0 200 ").doesNotContain("chunked", "NOT CLOSED");
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
    HttpServer http11 = start("0", "-d", dir.toString(), "-q");
    try {
      assertThat(raw(http11, "GET /a.txt HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200 OK");
    } finally {
      http11.stop(Duration.ofSeconds(1));
    }
    ServeCommand bad = new ServeCommand();
    new CommandLine(bad).parseArgs("0", "--protocol", "HTTP/2");
    org.assertj.core.api.Assertions.assertThatThrownBy(bad::start).hasMessageContaining("HTTP/1.0 or HTTP/1.1");
  }

  @Test
  void corsAllowsAnyOriginAndAnswersPreflights() throws IOException {
    Files.writeString(dir.resolve("a.txt"), "hello");
    HttpServer server = start("0", "-d", dir.toString(), "-q", "--cors");
    try {
      String preflight = raw(server, "OPTIONS /a.txt HTTP/1.1\r\nHost: a\r\nOrigin: http://localhost:3000\r\n"
          + "Access-Control-Request-Method: PUT\r\nAccess-Control-Request-Headers: content-type, x-token\r\nConnection: close\r\n\r\n");
      assertThat(preflight).startsWith("HTTP/1.1 204 ").contains("Access-Control-Allow-Origin: *\r\n",
          "Access-Control-Allow-Methods: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS\r\n",
          "Access-Control-Allow-Headers: content-type, x-token\r\n");
      String get = raw(server, "GET /a.txt HTTP/1.1\r\nHost: a\r\nOrigin: http://localhost:3000\r\nConnection: close\r\n\r\n");
      assertThat(get).startsWith("HTTP/1.1 200 ").contains("Access-Control-Allow-Origin: *\r\n").endsWith("hello");
      assertThat(raw(server, "GET /missing HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))
          .startsWith("HTTP/1.1 404 ").contains("Access-Control-Allow-Origin: *\r\n");
      // a preflight asking for no headers gets no Allow-Headers
      assertThat(raw(server, "OPTIONS / HTTP/1.1\r\nHost: a\r\nOrigin: x\r\nAccess-Control-Request-Method: GET\r\n"
          + "Connection: close\r\n\r\n")).startsWith("HTTP/1.1 204 ").doesNotContain("Allow-Headers");
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
    HttpServer plain = start("0", "-d", dir.toString(), "-q");
    try {
      assertThat(raw(plain, "GET /a.txt HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")).doesNotContain("Access-Control");
    } finally {
      plain.stop(Duration.ofSeconds(1));
    }
  }

  @Test
  void noListingAndIndexFiles() throws IOException {
    Files.createDirectories(dir.resolve("docs"));
    Files.writeString(dir.resolve("docs").resolve("start.html"), "start page");
    Files.writeString(dir.resolve("docs").resolve("other.txt"), "x");
    HttpServer server = start("0", "-d", dir.toString(), "-q", "--no-listing", "--index", "home.html", "--index", "start.html");
    try {
      assertThat(get(server.url() + "docs/")).isEqualTo("200 start page");
      assertThat(get(server.url())).startsWith("404 ");
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
    ServeCommand bad = new ServeCommand();
    new CommandLine(bad).parseArgs("0", "-d", dir.toString(), "--index", "../secret.html");
    org.assertj.core.api.Assertions.assertThatThrownBy(bad::start).hasMessageContaining("file name, not a path");
  }

  @Test
  void textIsGzippedForClientsThatAskAndPrecompressedSiblingsAreServed() throws IOException {
    Files.writeString(dir.resolve("big.txt"), "compress me ".repeat(500));
    Files.writeString(dir.resolve("app.js"), "identity");
    Files.writeString(dir.resolve("app.js.br"), "BR!");
    HttpServer server = start("0", "-d", dir.toString(), "-q");
    try {
      assertThat(raw(server, "GET /big.txt HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n"))
          .contains("Content-Encoding: gzip\r\n", "Vary: Accept-Encoding\r\n");
      assertThat(raw(server, "GET /app.js HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip, br\r\nConnection: close\r\n\r\n"))
          .contains("Content-Encoding: br\r\n").endsWith("BR!");
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
    HttpServer off = start("0", "-d", dir.toString(), "-q", "--no-compression");
    try {
      assertThat(raw(off, "GET /app.js HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip, br\r\nConnection: close\r\n\r\n"))
          .doesNotContain("Content-Encoding").endsWith("identity");
    } finally {
      off.stop(Duration.ofSeconds(1));
    }
  }

  private Path fixture(String name) throws IOException {
    Path p = dir.resolve("fixture-" + name);
    try (var in = getClass().getResourceAsStream(name)) {
      Files.copy(in, p);
    }
    return p;
  }

  private static String curl(String... args) throws Exception {
    Process curl;
    try {
      java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("curl", "-sk"));
      command.addAll(java.util.List.of(args));
      curl = new ProcessBuilder(command).start();
    } catch (IOException e) {
      org.junit.jupiter.api.Assumptions.abort("curl is not installed");
      return "";
    }
    String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(curl.waitFor()).as("curl's exit status").isZero();
    return out;
  }

  @Test
  void pkcs12WithAPasswordFromAFile() throws Exception {
    var identity = dev.courier.net.TlsIdentity.fromPem(fixture("server-chain.pem"), fixture("server.key"));
    char[] password = "s3cret pass".toCharArray();
    java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("server", identity.privateKey(), password,
        identity.certificateChain().toArray(java.security.cert.Certificate[]::new));
    Path p12 = dir.resolve("server.p12");
    try (var out = Files.newOutputStream(p12)) {
      store.store(out, password);
    }
    Path passwordFile = dir.resolve("pw.txt");
    Files.writeString(passwordFile, "s3cret pass\n");
    Files.writeString(dir.resolve("s.txt"), "over tls");
    HttpServer server = start("0", "-d", dir.toString(), "-q", "--tls-cert", p12.toString(), "--tls-password-file", passwordFile.toString());
    try {
      assertThat(curl(server.url() + "s.txt")).isEqualTo("over tls");
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
    Files.writeString(passwordFile, "wrong\n");
    ServeCommand wrong = new ServeCommand();
    new CommandLine(wrong).parseArgs("0", "-d", dir.toString(), "-q", "--tls-cert", p12.toString(), "--tls-password-file", passwordFile.toString());
    org.assertj.core.api.Assertions.assertThatThrownBy(wrong::start).isInstanceOfAny(IOException.class, RuntimeException.class);
    ServeCommand missing = new ServeCommand();
    new CommandLine(missing).parseArgs("0", "--tls-password-file", passwordFile.toString());
    org.assertj.core.api.Assertions.assertThatThrownBy(missing::start).hasMessageContaining("needs --tls-cert");
  }

  @Test
  void encryptedPemKeyWithAPasswordFromAFile() throws Exception {
    Path key = fixture("server.key");
    Path encrypted = dir.resolve("enc.key");
    Path passwordFile = dir.resolve("pw.txt");
    Files.writeString(passwordFile, "hunter2\r\n");
    Process openssl;
    try {
      openssl = new ProcessBuilder("openssl", "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", key.toString(),
          "-out", encrypted.toString(), "-passout", "pass:hunter2").redirectErrorStream(true).start();
    } catch (IOException e) {
      org.junit.jupiter.api.Assumptions.abort("openssl is not installed");
      return;
    }
    openssl.getInputStream().readAllBytes();
    assertThat(openssl.waitFor()).isZero();
    assertThat(Files.readString(encrypted)).contains("ENCRYPTED PRIVATE KEY");
    Files.writeString(dir.resolve("s.txt"), "encrypted key");
    HttpServer server = start("0", "-d", dir.toString(), "-q", "--tls-cert", fixture("server-chain.pem").toString(),
        "--tls-key", encrypted.toString(), "--tls-password-file", passwordFile.toString());
    try {
      assertThat(curl(server.url() + "s.txt")).isEqualTo("encrypted key");
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }

  /**
   * Every {@code ./courier serve} line of the README's "Serve files" section parses and starts (on a
   * free port, on loopback, with the files it names made here), so the README cannot drift from
   * the command's flags.
   */
  @Test
  void theReadmeServeExamplesStart() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    int section = readme.indexOf("## Serve files");
    int start = readme.indexOf("```sh\n", section) + 6;
    String block = readme.substring(start, readme.indexOf("```", start));
    Files.createDirectories(dir.resolve("public"));
    Path p12 = dir.resolve("site.p12");
    var identity = dev.courier.net.TlsIdentity.fromPem(fixture("server-chain.pem"), fixture("server.key"));
    java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("site", identity.privateKey(), "pw".toCharArray(),
        identity.certificateChain().toArray(java.security.cert.Certificate[]::new));
    try (var out = Files.newOutputStream(p12)) {
      store.store(out, "pw".toCharArray());
    }
    Files.writeString(dir.resolve("pw.txt"), "pw\n");
    java.util.Map<String, String> files = java.util.Map.of("public", dir.resolve("public").toString(),
        "cert.pem", dir.resolve("fixture-server-chain.pem").toString(), "key.pem", dir.resolve("fixture-server.key").toString(),
        "site.p12", p12.toString(), "pw.txt", dir.resolve("pw.txt").toString(), "0.0.0.0", "127.0.0.1");
    int ran = 0;
    for (String line : block.lines().toList()) {
      if (!line.startsWith("./courier serve")) continue;
      String command = line.replaceFirst("\\s+#.*$", "").substring("./courier serve".length()).trim();
      java.util.List<String> args = new java.util.ArrayList<>();
      for (String arg : command.isEmpty() ? new String[0] : command.split("\\s+")) args.add(files.getOrDefault(arg, arg));
      args.add("-q");
      ServeCommand serve = new ServeCommand();
      new CommandLine(serve).parseArgs(args.toArray(String[]::new));
      serve.port = 0;
      if (serve.directory == null && !serve.httpbin) serve.directory = dir;
      HttpServer server = serve.start();
      try {
        assertThat(server.port()).as(line).isPositive();
      } finally {
        server.stop(Duration.ofSeconds(1));
      }
      ran++;
    }
    assertThat(ran).isGreaterThanOrEqualTo(7);
  }
}

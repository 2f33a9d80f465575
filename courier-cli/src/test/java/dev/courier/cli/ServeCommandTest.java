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
  void tlsOptionsGoTogether() {
    ServeCommand command = new ServeCommand();
    new CommandLine(command).parseArgs("0", "--tls-cert", "x.pem");
    org.assertj.core.api.Assertions.assertThatThrownBy(command::start).hasMessageContaining("go together");
  }
}

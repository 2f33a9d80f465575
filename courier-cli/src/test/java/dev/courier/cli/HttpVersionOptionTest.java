package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.server.HttpServer;
import dev.courier.server.httpbin.HttpBin;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code --http-version} end to end: h2c with prior knowledge on plain http, ALPN over TLS, the printed lines. */
class HttpVersionOptionTest {
  @RegisterExtension static final HttpBinServer BIN = new HttpBinServer();
  @TempDir static Path dir;
  private static HttpServer tls;

  @BeforeAll
  static void startTls() throws Exception {
    // Fixtures: copies of courier-core's test PKI (see ServeCommandTest); --verify no below.
    Path cert = copy("server-chain.pem");
    Path key = copy("server.key");
    tls = HttpServer.builder().bind("127.0.0.1").port(0).handler(new HttpBin()).tls(cert, key).start();
  }

  private static Path copy(String resource) throws Exception {
    Path file = dir.resolve(resource);
    try (InputStream in = HttpVersionOptionTest.class.getResourceAsStream(resource)) {
      Files.copy(in, file);
    }
    return file;
  }

  @AfterAll
  static void stopTls() {
    if (tls != null) tls.stop(Duration.ofSeconds(1));
  }

  private static String https(String path) {
    return "https://127.0.0.1:" + tls.port() + path;
  }

  @Test
  void priorKnowledgeSpeaksH2cToOurServerAndVerboseSaysHttp2BothWays() {
    Run run = Run.piped().run("-v", "--http-version", "2-prior-knowledge", BIN.url("/get"), "q==1");
    assertThat(run.status).as(run.err).isZero();
    assertThat(run.out).startsWith("GET /get?q=1 HTTP/2\n").contains("\nHTTP/2 200\n").contains("\"url\" : \"" + BIN.url("/get?q=1") + "\"");
  }

  @Test
  void plainHttpStaysHttp11WithVersion2AsCurlsHttp2DoesWithoutUpgrade() {
    Run two = Run.piped().run("-h", "--http-version", "2", BIN.url("/get"));
    assertThat(two.out).startsWith("HTTP/1.1 200");
    Run one = Run.piped().run("-h", "--http-version=1.1", BIN.url("/get"));
    assertThat(one.out).startsWith("HTTP/1.1 200");
  }

  @Test
  void overTlsTheServerChoosesH2ByAlpnUnlessAskedForHttp11() {
    Run byDefault = Run.piped().run("-h", "--verify", "no", https("/get"));
    assertThat(byDefault.out).as(byDefault.err).startsWith("HTTP/2 200");
    Run two = Run.piped().run("-h", "--verify", "no", "--http-version", "2", https("/get"));
    assertThat(two.out).startsWith("HTTP/2 200");
    Run one = Run.piped().run("-h", "--verify", "no", "--http-version", "1.1", https("/get"));
    assertThat(one.out).startsWith("HTTP/1.1 200");
    Run only = Run.piped().run("-h", "--verify", "no", "--http-version", "2-prior-knowledge", https("/get"));
    assertThat(only.out).startsWith("HTTP/2 200");
  }

  @Test
  void verboseOverTlsNamesTheVersionAlpnChoseOnTheRequestLineToo() {
    Run h2 = Run.piped().run("-v", "--verify", "no", https("/get"));
    assertThat(h2.status).as(h2.err).isZero();
    assertThat(h2.out).startsWith("GET /get HTTP/2\n").contains("\nHTTP/2 200\n");
    Run http11 = Run.piped().run("-v", "--verify", "no", "--http-version", "1.1", https("/get"));
    assertThat(http11.out).startsWith("GET /get HTTP/1.1\n").contains("\nHTTP/1.1 200 OK\n");
  }

  @Test
  void everyAttemptOfARedirectedCallSaysHttp2WithTimingBeside() {
    Run run = Run.piped().run("--all", "--follow", "--timing", "-p", "Hh", "--verify", "no", https("/redirect/2"));
    assertThat(run.status).as(run.err).isZero();
    assertThat(run.out.lines().filter(l -> l.startsWith("GET ")))
        .containsExactly("GET /redirect/2 HTTP/2", "GET /relative-redirect/1 HTTP/2", "GET /get HTTP/2");
    assertThat(run.err).startsWith("Timing (3 requests");
  }

  @Test
  void aRequestThatGotNoConnectionIsStillShownBeforeTheError() throws Exception {
    int port = Run.closedPort();
    Run run = Run.piped().run("-v", "http://127.0.0.1:" + port + "/nothing");
    assertThat(run.status).isEqualTo(1);
    assertThat(run.out).startsWith("GET /nothing HTTP/1.1\n");
    assertThat(run.err).contains("courier: error:");
  }

  @Test
  void anUnknownVersionIsOneLineNamingTheChoices() {
    Run run = Run.piped().run("--http-version", "3", BIN.url("/get"));
    assertThat(run.status).isEqualTo(1);
    assertThat(run.err).isEqualTo("courier: error: --http-version 3: expected 1.1, 2 or 2-prior-knowledge\n");
  }

  @Test
  void helpListsTheOptionWithItsValues() {
    Run run = Run.piped().run("--help");
    assertThat(run.out).contains("--http-version=1.1|2|2-prior-knowledge");
  }
}

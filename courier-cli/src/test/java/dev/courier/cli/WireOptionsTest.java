package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** --compress, --chunked, --boundary, --timing, --all and --style end to end against the built-in httpbin. */
class WireOptionsTest {
  @RegisterExtension static final HttpBinServer BIN = new HttpBinServer();
  @TempDir Path dir;

  @Test
  void compressDeflatesABodyThatShrinksAndTheServerGetsTheSameJsonBack() throws Exception {
    String long_ = "x".repeat(2000);
    Run offline = Run.piped().run("--offline", "-x", "-p", "HB", BIN.url("/post"), "text=" + long_);
    assertThat(offline.out).contains("Content-Encoding: deflate").contains("Content-Length: ");
    byte[] raw = offline.outBytes;
    int bodyStart = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    if (bodyStart < 0) bodyStart = indexOf(raw, "\n\n".getBytes(StandardCharsets.US_ASCII)) + 2; else bodyStart += 4;
    byte[] sent = java.util.Arrays.copyOfRange(raw, bodyStart, raw.length);
    String inflated = new String(new InflaterInputStream(new ByteArrayInputStream(sent)).readAllBytes(), StandardCharsets.UTF_8);
    assertThat(inflated).isEqualTo("{\"text\":\"" + long_ + "\"}");

    Run sent2 = Run.piped().run("-x", BIN.url("/post"), "text=" + long_);
    JsonNode echo = CliJson.MAPPER.readTree(sent2.out);
    assertThat(echo.at("/headers/Content-Encoding").asText()).isEqualTo("deflate");
    assertThat(Integer.parseInt(echo.at("/headers/Content-Length").asText())).isLessThan(200);
  }

  @Test
  void compressLeavesABodyThatWouldGrowUnlessGivenTwice() {
    Run once = Run.piped().run("--offline", "-x", "-p", "H", BIN.url("/post"), "a=1");
    assertThat(once.out).doesNotContain("Content-Encoding").contains("Content-Length: 9");
    Run twice = Run.piped().run("--offline", "-xx", "-p", "H", BIN.url("/post"), "a=1");
    assertThat(twice.out).contains("Content-Encoding: deflate");
  }

  @Test
  void chunkedSendsTransferEncodingChunkedAndTheServerReadsTheWholeBody() throws Exception {
    Run offline = Run.piped().run("--offline", "--chunked", "-p", "H", BIN.url("/post"), "a=1");
    assertThat(offline.out).contains("Transfer-Encoding: chunked").doesNotContain("Content-Length");
    Run run = Run.piped().run("--chunked", BIN.url("/post"), "name=ada");
    JsonNode echo = CliJson.MAPPER.readTree(run.out);
    assertThat(echo.at("/json/name").asText()).isEqualTo("ada");
    assertThat(echo.at("/headers/Transfer-Encoding").asText()).isEqualTo("chunked");
  }

  @Test
  void boundaryIsUsedForMultipartAndABadOneIsOneLineNamingIt() throws Exception {
    Files.writeString(dir.resolve("a.txt"), "hello");
    Run run = Run.piped().cwd(dir).run("--boundary", "my-own-boundary", BIN.url("/post"), "f@a.txt", "n=1");
    JsonNode echo = CliJson.MAPPER.readTree(run.out);
    assertThat(echo.at("/headers/Content-Type").asText()).isEqualTo("multipart/form-data; boundary=my-own-boundary");
    assertThat(echo.at("/files/f").asText()).isEqualTo("hello");
    assertThat(echo.at("/form/n").asText()).isEqualTo("1");

    Run bad = Run.piped().cwd(dir).run("--boundary", "semi;colon", BIN.url("/post"), "f@a.txt");
    assertThat(bad.status).isEqualTo(1);
    assertThat(bad.err).startsWith("courier: error: --boundary 'semi;colon': unexpected char 0x3b at 4")
        .hasLineCount(1);
  }

  @Test
  void timingPrintsThePhasesOnStderrLeavingThePipedBodyAlone() throws Exception {
    Run run = Run.piped().run("--timing", BIN.url("/get"));
    assertThat(CliJson.MAPPER.readTree(run.out).at("/url").asText()).endsWith("/get");
    assertThat(run.err).startsWith("Timing (1 request, new connection)")
        .contains("TCP connect", "Request sent", "Waiting (TTFB)", "Content transfer", "Total")
        .doesNotContain("\033[");
    // an IP literal needs no lookup: no time shown for it
    assertThat(run.err.lines().filter(l -> l.contains("DNS lookup")).findFirst().orElseThrow()).contains(" - ");
  }

  @Test
  void timingGoesIntoTheMetadataWithPrintM() {
    Run run = Run.piped().run("--timing", "-p", "m", BIN.url("/get"));
    assertThat(run.out).contains("Elapsed time").contains("Timing (1 request").contains("Total");
    assertThat(run.err).isEmpty();
  }

  @Test
  void timingOfAFailedConnectShowsWhereItStopped() throws Exception {
    int port = Run.closedPort();
    Run run = Run.piped().run("--timing", "http://127.0.0.1:" + port + "/");
    assertThat(run.status).isEqualTo(1);
    assertThat(run.err).contains("Timing (no request sent)").contains("TCP connect").contains("courier: error: ConnectFailed");
  }

  @Test
  void allPrintsTheRedirectsFollowedBeforeTheFinalResponse() {
    Run run = Run.piped().run("--all", "--follow", "-p", "Hh", BIN.url("/redirect/2"));
    assertThat(run.status).isZero();
    assertThat(run.out.lines().filter(l -> l.startsWith("GET ")))
        .containsExactly("GET /redirect/2 HTTP/1.1", "GET /relative-redirect/1 HTTP/1.1", "GET /get HTTP/1.1");
    assertThat(run.out.lines().filter(l -> l.startsWith("HTTP/1.1 ")))
        .containsExactly("HTTP/1.1 302 Found", "HTTP/1.1 302 Found", "HTTP/1.1 200 OK");
    // without --all: the final response only
    Run plain = Run.piped().run("--follow", "-p", "h", BIN.url("/redirect/2"));
    assertThat(plain.out.lines().filter(l -> l.startsWith("HTTP/1.1 "))).containsExactly("HTTP/1.1 200 OK");
  }

  @Test
  void allShowsTheChallengeAnsweredByDigestAuthWithItsBody() {
    Run run = Run.piped().run("--all", "-p", "hb", "-A", "digest", "-a", "ada:pw", BIN.url("/digest-auth/auth/ada/pw"));
    assertThat(run.status).isZero();
    assertThat(run.out.lines().filter(l -> l.startsWith("HTTP/1.1 "))).containsExactly("HTTP/1.1 401 Unauthorized", "HTTP/1.1 200 OK");
    assertThat(run.out).contains("WWW-Authenticate: Digest").contains("\"authenticated\"");
  }

  @Test
  void stylesPaintWithTheirPalettesAndAnUnknownOneIsRefused() {
    Run monokai = Run.onTerminal().run("--style", "monokai", BIN.url("/get"));
    assertThat(monokai.out).contains("\033[38;5;148m200");
    Run solarized = Run.onTerminal().run("--style", "solarized", BIN.url("/get"));
    assertThat(solarized.out).contains("\033[38;5;106m200");
    Run auto = Run.onTerminal().run(BIN.url("/get"));
    assertThat(auto.out).contains("\033[32m200");
    Run bad = Run.onTerminal().run("--style", "neon", BIN.url("/get"));
    assertThat(bad.status).isEqualTo(1);
    assertThat(bad.err).isEqualTo("courier: error: --style neon: expected one of auto, monokai, solarized, mono\n");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }
}

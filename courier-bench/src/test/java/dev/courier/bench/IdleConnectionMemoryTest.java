package dev.courier.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.server.HttpServer;
import dev.courier.server.ServerResponse;
import dev.courier.server.ServerResponseBody;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The idle-connection benchmark's parts: the connections it holds (each answered, from more than
 * one source address, still open when counted), the check that stops it before measuring a server
 * that answers something else, and its report's medians.
 */
class IdleConnectionMemoryTest {
  @TempDir Path dir;

  @Test
  void heldConnectionsAreAnsweredAndStayOpenAcrossSourceAddresses() throws Exception {
    int count = HeldConnections.PER_ADDRESS + 50; // two source addresses
    try (HttpServer server = hello(200, null);
        HeldConnections held = HeldConnections.open(server.port(), count, null, false)) {
      assertThat(held.size()).isEqualTo(count);
      assertThat(server.connectionCount()).isEqualTo(count);
      assertThat(held.stillOpen()).isEqualTo(count);
    }
  }

  @Test
  void heldConnectionsOverTls() throws Exception {
    BenchCertificate certificate = BenchCertificate.create(dir);
    BenchTls tls = new BenchTls(0, certificate.certificate(), certificate.key());
    try (HttpServer server = hello(200, tls);
        HeldConnections held = HeldConnections.open(server.port(), 20, certificate.clientContext(), false)) {
      assertThat(held.stillOpen()).isEqualTo(20);
    }
  }

  @Test
  void heldConnectionsOverH2cAskOnANewStreamEachTime() throws Exception {
    try (HttpServer server = hello(200, null, true);
        HeldConnections held = HeldConnections.open(server.port(), 30, null, true)) {
      assertThat(server.connectionCount()).isEqualTo(30);
      assertThat(held.stillOpen()).isEqualTo(30); // stream 3 on each
      assertThat(held.stillOpen()).isEqualTo(30); // stream 5
    }
  }

  @Test
  void heldConnectionsOverH2ChosenByAlpn() throws Exception {
    BenchCertificate certificate = BenchCertificate.create(dir);
    BenchTls tls = new BenchTls(0, certificate.certificate(), certificate.key());
    try (HttpServer server = hello(200, tls, true);
        HeldConnections held = HeldConnections.open(server.port(), 20, certificate.clientContext(), true)) {
      assertThat(held.stillOpen()).isEqualTo(20);
    }
  }

  @Test
  void anH2AnswerMayBeginWithTableSizeUpdates() {
    // Jetty 12's first answer: a size update to 4096 (3f e1 1f), then :status 200 (88).
    assertThat(H2Conversation.skipSizeUpdates(java.util.HexFormat.of().parseHex("3fe11f88768b"), 0)).isEqualTo(3);
    assertThat(H2Conversation.skipSizeUpdates(new byte[] {0x20, 0x3f, 0x01, (byte) 0x88}, 0)).isEqualTo(3);
    assertThat(H2Conversation.skipSizeUpdates(new byte[] {(byte) 0x88}, 0)).isZero();
  }

  @Test
  void anH2ServerAnsweringSomethingElseStopsTheRun() throws Exception {
    try (HttpServer server = hello(301, null, true)) {
      assertThatThrownBy(() -> HeldConnections.open(server.port(), 3, null, true))
          .isInstanceOf(IOException.class).hasMessageContaining(":status 200");
    }
  }

  @Test
  void aServerWithoutH2OverTlsStopsTheH2Run() throws Exception {
    BenchCertificate certificate = BenchCertificate.create(dir);
    BenchTls tls = new BenchTls(0, certificate.certificate(), certificate.key());
    try (HttpServer server = hello(200, tls, false)) {
      // Courier refuses the handshake (RFC 7301 section 3.2: no_application_protocol); a server
      // that ignores ALPN would be stopped by the check after it.
      assertThatThrownBy(() -> HeldConnections.open(server.port(), 1, certificate.clientContext(), true))
          .isInstanceOf(IOException.class).hasMessageContaining("no_application_protocol");
    }
  }

  @Test
  void aServerAnsweringSomethingElseStopsTheRun() throws Exception {
    try (HttpServer server = hello(301, null)) {
      assertThatThrownBy(() -> HeldConnections.open(server.port(), 3, null, false))
          .isInstanceOf(IOException.class).hasMessageContaining("HTTP/1.1 301");
      // what was opened is closed again
      for (int i = 0; i < 100 && server.connectionCount() > 0; i++) Thread.sleep(20);
      assertThat(server.connectionCount()).isZero();
    }
  }

  @Test
  void reportGivesTheMedianRoundPerServerNoHeapForNginxAndItsFirstBatchRss() {
    IdleConnectionMemory.Options options = IdleConnectionMemory.Options.parse(new String[] {"--rounds", "3"});
    List<IdleConnectionMemory.Held> rows = List.of(
        new IdleConnectionMemory.Held("courier", false, 2000, 2000, 5300, 0, 900, 10),
        new IdleConnectionMemory.Held("courier", false, 2000, 2000, 5100, 0, 1100, 30),
        new IdleConnectionMemory.Held("courier", false, 2000, 2000, 9000, 0, 1000, 20),
        new IdleConnectionMemory.Held("nginx", true, 1000, 1000, Double.NaN, Double.NaN, 400, Double.NaN));
    List<IdleConnectionMemory.Held> firstBatches = List.of(
        new IdleConnectionMemory.Held("nginx", true, 1000, 1000, Double.NaN, Double.NaN, 15_250, Double.NaN));
    String report = IdleConnectionMemory.report(rows, firstBatches, options, "--rounds 3");

    assertThat(report).contains("| courier | plain | 2,000 | 2000, 2000, 2000 | 5,300 | 0 | 1,000 | 20 | — |")
        .contains("| nginx | TLS | 1,000 | 1000 | — | — | 400 | — | 15,250 |");
    assertThat(report.indexOf("| courier | plain")).isLessThan(report.indexOf("| nginx | TLS"));
  }

  @Test
  void anH2RunNamesItsTransportsAndDefaultsToTheServersWithAnH2Variant() {
    IdleConnectionMemory.Options options = IdleConnectionMemory.Options.parse(new String[] {"--protocol", "h2c"});
    assertThat(options.servers()).containsExactly("courier", "jetty", "netty", "nginx");
    List<IdleConnectionMemory.Held> rows = List.of(
        new IdleConnectionMemory.Held("courier", false, 1000, 1000, 10_800, 0, 900, 10),
        new IdleConnectionMemory.Held("courier", true, 1000, 1000, 20_000, 0, 900, 10));
    String report = IdleConnectionMemory.report(rows, List.of(), options, "--protocol h2c");

    assertThat(report).contains("h2c (prior knowledge)").contains("h2 (TLS 1.3, ALPN)")
        .contains("| courier | h2c | 1,000 |").contains("| courier | h2 (TLS) | 1,000 |");
    assertThatThrownBy(() -> IdleConnectionMemory.Options.parse(new String[] {"--protocol", "h3"}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void chartShowsEachJvmsHeapAndNginxsFirstBatchRss() throws Exception {
    List<IdleConnectionMemory.Held> rows = List.of(
        new IdleConnectionMemory.Held("courier", true, 1000, 1000, 10_300, 0, 200, 10),
        new IdleConnectionMemory.Held("courier", true, 1000, 1000, 10_200, 0, 300, 10),
        new IdleConnectionMemory.Held("nginx", true, 1000, 1000, Double.NaN, Double.NaN, 4, Double.NaN));
    List<IdleConnectionMemory.Held> firstBatches = List.of(
        new IdleConnectionMemory.Held("nginx", true, 1000, 1000, Double.NaN, Double.NaN, 15_250, Double.NaN));
    Map<String, Double> tls = IdleConnectionMemory.chartValues(rows, firstBatches, true);

    assertThat(tls).containsExactly(Map.entry("courier", 10_250.0), Map.entry("nginx (RSS)", 15_250.0));
    assertThat(IdleConnectionMemory.chartValues(rows, firstBatches, false)).isEmpty();
    String stem = BenchCharts.idle(dir, "HTTP/1.1", "plain", "TLS", Map.of("courier", 5_200.0), tls);
    assertThat(dir.resolve(stem + ".png")).isNotEmptyFile();
    assertThat(Files.readString(dir.resolve(stem + ".svg"))).contains("<svg").contains("nginx (RSS)");
  }

  private static HttpServer hello(int status, BenchTls tls) throws IOException {
    return hello(status, tls, false);
  }

  private static HttpServer hello(int status, BenchTls tls, boolean http2) throws IOException {
    ServerResponseBody body = ServerResponseBody.of(BenchServers.HELLO);
    HttpServer.Builder builder = HttpServer.builder().bind("127.0.0.1").port(0).http2(http2)
        .handler(request -> ServerResponse.builder(status).contentType("text/plain").body(body).build());
    if (tls != null) builder.tls(tls.certificate(), tls.key());
    return builder.start();
  }
}

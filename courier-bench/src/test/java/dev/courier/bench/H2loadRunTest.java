package dev.courier.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** h2load's summary, as nghttp2 1.52 printed it here, parsed into the harness's figures, and the HTTP/2 reports. */
class H2loadRunTest {
  @Test
  void timedRunGivesRateCompletedRequestsAndRequestTimeInMilliseconds() throws Exception {
    // h2load -c10 -m100 -D 3 --warm-up-time=1 against nginx 1.22 (listen ... http2)
    H2loadRun run = H2loadRun.parse(captured("h2load-nginx-c10-m100.txt"));
    assertThat(run.requestsPerSecond()).isEqualTo(38150.67);
    assertThat(run.requests()).isEqualTo(114452);
    assertThat(run.meanMillis()).isEqualTo(26.63);
    assertThat(run.sdMillis()).isEqualTo(20.03);
    assertThat(run.maxMillis()).isEqualTo(166.59);
    assertThat(run.errors()).isZero();
    assertThat(run.latencyMillis()).containsExactly(26.63, 20.03, 166.59);
  }

  @Test
  void completedRequestsAreTheDoneCountNotTheStartedOne() throws Exception {
    // Courier, cold: 1,000 streams were still open when the timed run ended.
    H2loadRun run = H2loadRun.parse(captured("h2load-courier-c10-m100-cold.txt"));
    assertThat(run.requests()).isEqualTo(26245);
    assertThat(run.requestsPerSecond()).isEqualTo(8748.33);
    assertThat(run.maxMillis()).isEqualTo(908.28);
  }

  @Test
  void responsesThatAreNot2xxCountAsErrors() throws Exception {
    H2loadRun run = H2loadRun.parse(captured("h2load-courier-404.txt"));
    assertThat(run.requests()).isEqualTo(5893);
    assertThat(run.errors()).isEqualTo(5893);
  }

  @Test
  void redirectsCountAsErrorsThoughH2loadCountsThemSucceeded() throws Exception {
    H2loadRun run = H2loadRun.parse(captured("h2load-jetty-301.txt"));
    assertThat(run.requests()).isEqualTo(5893);
    assertThat(run.errors()).isEqualTo(5893);
  }

  @Test
  void aRunThatNeverSpokeHttp2IsAFailureNotAZeroRow() throws Exception {
    // Nothing listened on the port: h2load exits 0 with an all-zero summary.
    String out = captured("h2load-connection-refused.txt");
    assertThatThrownBy(() -> H2loadRun.parse(out)).isInstanceOf(IOException.class).hasMessageContaining("HTTP/2");
    assertThatThrownBy(() -> H2loadRun.parse("h2load: command not found")).isInstanceOf(IOException.class)
        .hasMessageContaining("no h2load summary");
  }

  @Test
  void aRunOverTlsThatFellBackToHttp11IsAFailure() throws Exception {
    // h2load -n100 -c1 -m10 against nginx's listen ... ssl without http2: ALPN chose http/1.1.
    String out = captured("h2load-nginx-tls-http11.txt");
    assertThatThrownBy(() -> H2loadRun.parse(out)).isInstanceOf(IOException.class).hasMessageContaining("HTTP/2");
    assertThatThrownBy(() -> H2loadRun.tlsSessionOf(out)).isInstanceOf(IOException.class)
        .hasMessageContaining("ALPN chose http/1.1, not h2");
  }

  @Test
  void aRunOverTlsWithAlpnH2GivesItsFiguresAndSession() throws Exception {
    // h2load -n100 -c1 -m10 against nginx's listen ... ssl http2.
    String out = captured("h2load-nginx-tls-h2.txt");
    assertThat(H2loadRun.parse(out).requests()).isEqualTo(100);
    assertThat(H2loadRun.tlsSessionOf(out)).isEqualTo("TLSv1.3 TLS_AES_128_GCM_SHA256, ALPN h2");
    assertThatThrownBy(() -> H2loadRun.tlsSessionOf(captured("h2load-nginx-c10-m100.txt")))
        .isInstanceOf(IOException.class).hasMessageContaining("no TLS session");
  }

  @Test
  void durationsInEveryUnitH2loadPrints() {
    assertThat(H2loadRun.millis("795us")).isEqualTo(0.795);
    assertThat(H2loadRun.millis("26.63ms")).isEqualTo(26.63);
    assertThat(H2loadRun.millis("1.20s")).isEqualTo(1200.0);
    assertThatThrownBy(() -> H2loadRun.millis("12min")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anH2loadReportLabelsItsLatencyColumnsMeanSdMax(@TempDir Path dir) throws Exception {
    List<BenchRow> rows = List.of(
        new BenchRow("parallel", "courier", "h2load m100", 10, 1, 50000, 20, 5, 90, 30, 900, 0),
        new BenchRow("parallel", "nginx", "h2load m100", 10, 1, 60000, 15, 4, 80, 10, -1, 0));
    BenchReport.write(dir, rows, "Run on a test machine.", "HTTP/2 server benchmark");
    String md = java.nio.file.Files.readString(dir.resolve("report.md"));
    assertThat(md).contains("# HTTP/2 server benchmark", "### h2load m100 c10 (parallel)",
        "| mean ms | sd ms | max ms | errors |", "| **courier** | 50000 | 1.00× | 30.0 | 1.00× | 900 | 20.00 | 5.00 | 90.00 | 0 |");
    assertThat(md).doesNotContain("p99");
  }

  @Test
  void theHttp2ServerReportSaysWhetherCourierNeedsLessCpuPerRequestThanJettyAndNetty(@TempDir Path dir) throws Exception {
    List<BenchRow> rows = List.of(
        new BenchRow("parallel", "courier", "h2load m100", 10, 1, 50000, 20, 5, 90, 30, 900, 0),
        new BenchRow("parallel", "jetty", "h2load m100", 10, 1, 40000, 20, 5, 90, 45, 1500, 0),
        new BenchRow("parallel", "netty", "h2load m100", 10, 1, 55000, 20, 5, 90, 25, 1200, 0),
        new BenchRow("parallel", "courier", "h2load m10", 64, 1, 50000, 20, 5, 90, 20, 900, 0),
        new BenchRow("parallel", "jetty", "h2load m10", 64, 1, 40000, 20, 5, 90, 45, 1500, 0),
        new BenchRow("parallel", "netty", "h2load m10", 64, 1, 55000, 20, 5, 90, 25, 1200, 0));
    BenchReport.write(dir, rows, "Run on a test machine.", "HTTP/2 server benchmark");
    String md = java.nio.file.Files.readString(dir.resolve("report.md"));
    assertThat(md).contains("Aim (CPU per request below Jetty's and Netty's): **not met**, behind netty. Courier 30.0 µs, jetty 45.0, netty 25.0.");
    assertThat(md).contains("Aim (CPU per request below Jetty's and Netty's): **met**. Courier 20.0 µs, jetty 45.0, netty 25.0.");
  }

  @Test
  void theLowLevelCourierClientIsTheBaselineWhenNoPlainCourierRowExists(@TempDir Path dir) throws Exception {
    List<BenchRow> rows = List.of(
        new BenchRow("parallel", "courier-h2", "client h2 virtual", 64, 1, 20000, 1, 2, 3, 40, 2000, 0),
        new BenchRow("parallel", "okhttp", "client h2 virtual", 64, 1, 10000, 2, 4, 6, 80, 6000, 0));
    BenchReport.write(dir, rows, "Run on a test machine.", "HTTP/2 client benchmark");
    String md = java.nio.file.Files.readString(dir.resolve("report.md"));
    assertThat(md).contains("| **courier-h2** | 20000 | 1.00× | 40.0 | 1.00× |", "| okhttp | 10000 | 0.50× | 80.0 | 2.00× |",
        "| p50 ms | p90 ms | p99 ms |");
  }

  private static String captured(String name) throws IOException {
    try (InputStream in = H2loadRunTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}

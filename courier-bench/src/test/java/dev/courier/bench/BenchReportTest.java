package dev.courier.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {
  private static final String WRK_OUTPUT = """
      Running 10s test @ http://127.0.0.1:8080/plaintext
        1 threads and 64 connections
        Thread Stats   Avg      Stdev     Max   +/- Stdev
          Latency     1.20ms  500.00us  30.00ms   90.00%
        Latency Distribution
           50%  850.00us
           75%    1.10ms
           90%    2.50ms
           99%    1.20s
        480000 requests in 10.00s, 60.00MB read
        Socket errors: connect 0, read 3, write 0, timeout 2
        Non-2xx or 3xx responses: 5
      Requests/sec:  48000.00
      Transfer/sec:      6.00MB
      """;

  @Test
  void wrkOutputGivesThroughputPercentilesInMillisecondsAndEveryKindOfError() {
    WrkRun run = WrkRun.parse(WRK_OUTPUT);
    assertThat(run.requestsPerSecond()).isEqualTo(48000.0);
    assertThat(run.requests()).isEqualTo(480000);
    assertThat(run.p50Millis()).isEqualTo(0.85);
    assertThat(run.p90Millis()).isEqualTo(2.5);
    assertThat(run.p99Millis()).isEqualTo(1200.0);
    assertThat(run.errors()).isEqualTo(10);
  }

  @Test
  void reportHasOneTablePerScenarioWithMediansRangesAndRatiosAndAChartEach(@TempDir Path dir) throws Exception {
    List<BenchRow> rows = List.of(
        row("courier", 1, 40000, 20, 300), row("netty", 1, 50000, 15, 1000),
        row("courier", 2, 44000, 22, 310), row("netty", 2, 52000, 16, 1100),
        row("courier", 3, 42000, 21, 305), row("netty", 3, 54000, 17, 1050),
        new BenchRow("parallel", "nginx", "plaintext", 64, 1, 60000, 1, 2, 3, 10, -1, 0));
    BenchReport.write(dir, rows, "Run on a test machine.", "Server benchmark");

    String md = Files.readString(dir.resolve("report.md"));
    assertThat(md).contains("# Server benchmark", "Run on a test machine.", "### plaintext c64 (parallel)");
    // medians of the three rounds, with the range; netty's throughput over Courier's: 52000 / 42000
    assertThat(md).contains("| **courier** | 42000 (40000–44000) | 1.00× | 21.0 (20.0–22.0) | 1.00× | 305 (300–310) |");
    assertThat(md).contains("| netty | 52000 (50000–54000) | 1.24× | 16.0 (15.0–17.0) | 0.76× | 1050 (1000–1100) |");
    assertThat(md).contains("| nginx | 60000 | 1.43× | 10.0 | 0.48× | — |"); // no allocation figure for nginx
    assertThat(md).contains("![plaintext c64 (parallel)](plaintext-c64-parallel.png)");
    assertThat(Files.size(dir.resolve("plaintext-c64-parallel.png"))).isGreaterThan(1000);
    assertThat(Files.readString(dir.resolve("plaintext-c64-parallel.svg"))).contains("<svg", "courier", "netty");
    assertThat(Files.readAllLines(dir.resolve("results.csv"))).hasSize(rows.size() + 1).first().isEqualTo(BenchRow.CSV_HEADER);
  }

  @Test
  void ratiosRoundByRoundPairEachPeerRoundWithCouriersSameRound(@TempDir Path dir) throws Exception {
    // Courier's rounds drift (20, 30, 40 µs) and nginx's follow them: the medians' ratio is 1.00,
    // the per-round ratios 0.90, 0.80, 1.10, whose median is 0.90.
    List<BenchRow> rows = List.of(
        row("courier", 1, 40000, 20, 300), row("nginx", 1, 44000, 18, -1),
        row("courier", 2, 30000, 30, 300), row("nginx", 2, 33000, 24, -1),
        row("courier", 3, 20000, 40, 300), row("nginx", 3, 18000, 44, -1));
    BenchReport.write(dir, rows, "Run on a test machine.", "Server benchmark");

    String md = Files.readString(dir.resolve("report.md"));
    assertThat(md).contains("| nginx | 33000 (18000–44000) | 1.10× | 24.0 (18.0–44.0) | 0.80× |");
    assertThat(md).contains("Round by round, the peer's figure over Courier's in the same round (median, range): CPU per"
        + " request nginx 0.90× (0.80–1.10); requests per second nginx 1.10× (0.90–1.10).");
  }

  @Test
  void aDownloadReportCountsPerMebibyteAndTimesWholeDownloads(@TempDir Path dir) throws Exception {
    List<BenchRow> rows = List.of(
        download("courier", 1, 2000, 400), download("apache", 1, 1800, 500),
        download("courier", 2, 2200, 380), download("apache", 2, 1600, 520));
    BenchReport.write(dir, rows, "Run on a test machine.", "Download benchmark");

    String md = Files.readString(dir.resolve("report.md"));
    assertThat(md).contains("### download 64 MiB stream c1 (parallel)",
        "| name | MiB/s | vs Courier | CPU µs/MiB | vs Courier | alloc B/MiB | p50 ms |",
        "| **courier** | 2100 (2000–2200) | 1.00× | 390.0 (380.0–400.0) | 1.00× |",
        "for MiB/s higher is better",
        "(median, range): CPU per MiB of body apache 1.31× (1.25–1.37); MiB of body per second apache 0.81× (0.73–0.90).");
    assertThat(md).doesNotContain("req/s", "requests per second");
    assertThat(Files.readString(dir.resolve("download-64-MiB-stream-c1-parallel.svg")))
        .contains("MiB of body per second", "CPU per MiB of body", "Time per transfer");
  }

  @Test
  void largeUploadsCountPerMebibyteAndTheServerBenchmarksUploadPerRequest() {
    assertThat(ReportUnits.of("h2load upload 16 MiB (h2, 40 ms RTT)")).isEqualTo(ReportUnits.MEBIBYTES);
    assertThat(ReportUnits.of("upload")).isEqualTo(ReportUnits.REQUESTS);
    assertThat(ReportUnits.of("h2load m100")).isEqualTo(ReportUnits.REQUESTS);
    assertThat(H2Upload.shortName("courier:-Dcourier.bench.h2WindowGrowth=16/32")).isEqualTo("courier-16/32");
    assertThat(H2Upload.shortName("jetty")).isEqualTo("jetty");
  }

  @Test
  void aSingleRoundHasNoRoundByRoundLine(@TempDir Path dir) throws Exception {
    BenchReport.write(dir, List.of(row("courier", 1, 40000, 20, 300), row("nginx", 1, 44000, 18, -1)),
        "Run on a test machine.", "Server benchmark");
    assertThat(Files.readString(dir.resolve("report.md"))).doesNotContain("Round by round");
  }

  @Test
  void csvRowsRoundTripSoAReportCanBeRedrawnFromAnEarlierRun() {
    BenchRow row = row("courier", 2, 44000.5, 22.25, 310.5);
    assertThat(BenchRow.fromCsv(row.toCsv())).isEqualTo(row);
    BenchRow labelWithCommas = new BenchRow("parallel", "courier-16/32", "h2load upload 16 MiB (h2, 40 ms RTT)", 1, 3,
        34.2, 435.06, 204.8, 579.88, 19375, 1174766.3, 0);
    assertThat(BenchRow.fromCsv(labelWithCommas.toCsv())).isEqualTo(labelWithCommas);
  }

  @Test
  void theMachinesCpuGetsItsOwnColumnAndRoundByRoundRatiosWhenEveryRowHasIt(@TempDir Path dir) throws Exception {
    // nginx's own CPU is half Courier's, but the machine spent 1.2 times as much per request on it.
    List<BenchRow> rows = List.of(
        machine(row("courier", 1, 1800, 300, 1800), 800), machine(row("nginx", 1, 1700, 150, -1), 960),
        machine(row("courier", 2, 1900, 280, 1800), 820), machine(row("nginx", 2, 1750, 140, -1), 984));
    BenchReport.write(dir, rows, "Run on a test machine.", "Server benchmark");

    String md = Files.readString(dir.resolve("report.md"));
    assertThat(md).contains("| name | req/s | vs Courier | CPU µs/req | vs Courier | machine CPU µs/req | vs Courier | alloc B/req |",
        "| nginx | 1725 (1700–1750) | 0.93× | 145.0 (140.0–150.0) | 0.50× | 972.0 (960.0–984.0) | 1.20× | — |",
        "CPU per request nginx 0.50× (0.50–0.50); the machine's CPU per request nginx 1.20× (1.20–1.20); requests per second");
    assertThat(Files.readString(dir.resolve("plaintext-c64-parallel.svg"))).contains("CPU per request (every process");
  }

  @Test
  void olderResultsWithoutTheMachinesCpuStillReadAndShowNoSuchColumn(@TempDir Path dir) throws Exception {
    BenchRow old = BenchRow.fromCsv("parallel,nginx,plaintext,64,1,60000.0,1.000,2.000,3.000,10.00,-1.0,0", false);
    assertThat(old).isEqualTo(new BenchRow("parallel", "nginx", "plaintext", 64, 1, 60000, 1, 2, 3, 10, -1, 0));
    BenchReport.write(dir, List.of(row("courier", 1, 40000, 20, 300), old), "Run on a test machine.", "Server benchmark");
    assertThat(Files.readString(dir.resolve("report.md"))).doesNotContain("machine CPU", "the machine's");
  }

  @Test
  void theMachinesBusyTimeIsEveryStateButIdleAndIowait() {
    // user nice system idle iowait irq softirq steal guest guest_nice
    assertThat(MachineCpu.busyTicks("cpu  100 2 30 5000 40 6 7 8 9 0")).isEqualTo(100 + 2 + 30 + 6 + 7 + 8);
    assertThat(MachineCpu.busyMicros()).isPresent(); // this is Linux
  }

  private static BenchRow machine(BenchRow r, double machineCpu) {
    return new BenchRow(r.gc(), r.server(), r.test(), r.connections(), r.round(), r.requestsPerSecond(), r.p50Millis(),
        r.p90Millis(), r.p99Millis(), r.cpuMicrosPerRequest(), r.allocBytesPerRequest(), r.errors(), machineCpu);
  }

  private static BenchRow download(String server, int round, double mibPerSecond, double cpuPerMib) {
    return new BenchRow("parallel", server, "download 64 MiB stream", 1, round, mibPerSecond, 30, 32, 40, cpuPerMib, 300, 0);
  }

  private static BenchRow row(String server, int round, double rps, double cpu, double alloc) {
    return new BenchRow("parallel", server, "plaintext", 64, round, rps, 0.5, 1.5, 4.25, cpu, alloc, 0);
  }
}

package dev.courier.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Turns the rows of a benchmark run into {@code report.md} and a chart per scenario (PNG and SVG):
 * requests per second, CPU and allocation per request, and latency percentiles, Courier beside
 * each peer. Each cell is the median of the rounds, with the range; ratios are against Courier in
 * the same run, as a ratio of medians in the table and round by round below it ({@link RoundRatios}).
 *
 * <pre>
 * java -cp courier-bench/target/benchmarks.jar dev.courier.bench.BenchReport results.csv
 * </pre>
 */
public final class BenchReport {
  private BenchReport() {}

  /** Re-renders the report of an earlier run from its {@code results.csv}. */
  public static void main(String[] args) throws IOException {
    Path csv = Path.of(args[0]);
    List<String> lines = Files.readAllLines(csv);
    boolean withMachine = lines.get(0).equals(BenchRow.CSV_HEADER); // older files end at errors
    List<BenchRow> rows = lines.stream().skip(1).filter(l -> !l.isBlank())
        .map(l -> BenchRow.fromCsv(l, withMachine)).toList();
    Path dir = csv.toAbsolutePath().getParent();
    String header = Files.exists(dir.resolve("run.txt")) ? Files.readString(dir.resolve("run.txt")) : "";
    String test = rows.get(0).test();
    write(dir, rows, header, test.startsWith("client h2") ? "HTTP/2 client benchmark"
        : test.startsWith("client https") ? "HTTPS client benchmark"
        : test.startsWith("client") ? "Client benchmark"
        : test.startsWith("download") ? "Download benchmark"
        : test.startsWith("PUT ") ? "Upload benchmark"
        : test.startsWith("h2load upload") ? "HTTP/2 upload benchmark"
        : test.startsWith("h2load") ? "HTTP/2 server benchmark" : "Server benchmark");
  }

  /** Writes {@code results.csv}, {@code report.md} and the charts into {@code dir}. */
  static void write(Path dir, List<BenchRow> rows, String runDescription, String title) throws IOException {
    List<String> csv = new ArrayList<>();
    csv.add(BenchRow.CSV_HEADER);
    rows.forEach(r -> csv.add(r.toCsv()));
    Files.write(dir.resolve("results.csv"), csv);
    Files.writeString(dir.resolve("run.txt"), runDescription);
    boolean client = title.contains("lient benchmark") || title.startsWith("Download") || title.startsWith("Upload");
    ReportUnits units = ReportUnits.of(rows.isEmpty() ? "" : rows.get(0).test());

    Map<String, Map<String, List<BenchRow>>> byScenario = group(rows);
    StringBuilder md = new StringBuilder();
    md.append("# ").append(title).append("\n\n").append(runDescription.strip()).append("\n\n");
    md.append("Each cell: median of the rounds (range in brackets). Ratios: the peer's figure over Courier's")
        .append(" in the same run; for ").append(units.rate()).append(" higher is better, for CPU and allocation lower is.\n\n");
    for (Map.Entry<String, Map<String, List<BenchRow>>> e : byScenario.entrySet()) {
      String chart = BenchCharts.scenario(dir, e.getKey(), e.getValue(), client, units);
      md.append(table(e.getKey(), e.getValue(), units)).append('\n');
      RoundRatios.line(e.getValue(), units).ifPresent(line -> md.append(line).append("\n\n"));
      if (title.startsWith("HTTP/2 server")) aim(e.getValue()).ifPresent(line -> md.append(line).append("\n\n"));
      md.append("![").append(e.getKey()).append("](").append(chart).append(".png)\n\n");
    }
    Files.writeString(dir.resolve("report.md"), md.toString());
  }

  /** scenario → server → rounds, in the order the run produced them. */
  static Map<String, Map<String, List<BenchRow>>> group(List<BenchRow> rows) {
    Map<String, Map<String, List<BenchRow>>> out = new LinkedHashMap<>();
    for (BenchRow r : rows) {
      out.computeIfAbsent(r.scenario(), k -> new LinkedHashMap<>())
          .computeIfAbsent(r.server(), k -> new ArrayList<>()).add(r);
    }
    return out;
  }

  static double median(List<BenchRow> rounds, ToDoubleFunction<BenchRow> metric) {
    return median(rounds.stream().mapToDouble(metric).sorted().toArray());
  }

  /** The median of values already sorted; 0 for none. */
  static double median(double[] sorted) {
    int n = sorted.length;
    if (n == 0) return 0;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * Issue 14's aim for the HTTP/2 server, read off one scenario: Courier's CPU per request below
   * Jetty's and Netty's (medians of the rounds). Empty when Courier or both peers are missing.
   */
  static java.util.Optional<String> aim(Map<String, List<BenchRow>> servers) {
    List<BenchRow> courier = servers.get("courier");
    List<String> peers = java.util.stream.Stream.of("jetty", "netty").filter(servers::containsKey).toList();
    if (courier == null || peers.isEmpty()) return java.util.Optional.empty();
    double mine = median(courier, BenchRow::cpuMicrosPerRequest);
    List<String> behind = new ArrayList<>();
    List<String> figures = new ArrayList<>();
    for (String peer : peers) {
      double theirs = median(servers.get(peer), BenchRow::cpuMicrosPerRequest);
      if (theirs <= mine) behind.add(peer);
      figures.add(String.format(Locale.ROOT, "%s %.1f", peer, theirs));
    }
    return java.util.Optional.of(String.format(Locale.ROOT, "Aim (CPU per request below Jetty's and Netty's): %s."
        + " Courier %.1f µs, %s.", behind.isEmpty() ? "**met**" : "**not met**, behind " + String.join(" and ", behind),
        mine, String.join(", ", figures)));
  }

  /**
   * The names of a scenario's three latency columns: wrk's and the client harness's percentiles,
   * or h2load's mean, standard deviation and maximum (h2load prints no percentiles).
   */
  static List<String> latencyLabels(Map<String, List<BenchRow>> servers) {
    boolean h2load = servers.values().stream().flatMap(List::stream).allMatch(r -> r.test().startsWith("h2load"));
    return h2load ? List.of("mean", "sd", "max") : List.of("p50", "p90", "p99");
  }

  private static String table(String scenario, Map<String, List<BenchRow>> servers, ReportUnits units) {
    List<BenchRow> courier = baseline(servers);
    List<String> latency = latencyLabels(servers);
    boolean machine = hasMachineCpu(servers);
    StringBuilder t = new StringBuilder("### ").append(scenario).append("\n\n");
    t.append("| name | ").append(units.rate()).append(" | vs Courier | ").append(units.cpu()).append(" | vs Courier | ")
        .append(machine ? "machine " + units.cpu() + " | vs Courier | " : "")
        .append(units.alloc()).append(" | ").append(latency.get(0))
        .append(" ms | ").append(latency.get(1)).append(" ms | ").append(latency.get(2)).append(" ms | errors |\n");
    t.append(machine ? "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n" : "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    servers.entrySet().stream()
        .sorted(Comparator.comparingDouble(e -> -median(e.getValue(), BenchRow::requestsPerSecond)))
        .forEach(e -> {
          List<BenchRow> r = e.getValue();
          boolean alloc = r.get(0).allocBytesPerRequest() >= 0;
          t.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s%s | %.2f | %.2f | %.2f | %d |%n",
              e.getKey().startsWith("courier") ? "**" + e.getKey() + "**" : e.getKey(),
              cell(r, BenchRow::requestsPerSecond, "%.0f"), ratio(r, courier, BenchRow::requestsPerSecond),
              cell(r, BenchRow::cpuMicrosPerRequest, "%.1f"), ratio(r, courier, BenchRow::cpuMicrosPerRequest),
              machine ? cell(r, BenchRow::machineCpuMicrosPerRequest, "%.1f") + " | "
                  + ratio(r, courier, BenchRow::machineCpuMicrosPerRequest) + " | " : "",
              alloc ? cell(r, BenchRow::allocBytesPerRequest, "%.0f") : "—",
              median(r, BenchRow::p50Millis), median(r, BenchRow::p90Millis), median(r, BenchRow::p99Millis),
              r.stream().mapToLong(BenchRow::errors).sum()));
        });
    return t.toString();
  }

  /** Whether every row of the scenario has the machine's CPU (the server benchmark's rows since session 27). */
  static boolean hasMachineCpu(Map<String, List<BenchRow>> servers) {
    return servers.values().stream().flatMap(List::stream).allMatch(r -> r.machineCpuMicrosPerRequest() >= 0);
  }

  /**
   * Courier's rounds, the denominator of every ratio: the entry named {@code courier}, else the
   * first Courier variant (for example {@code courier-h2}, the low-level HTTP/2 connection).
   */
  static List<BenchRow> baseline(Map<String, List<BenchRow>> servers) {
    if (servers.containsKey("courier")) return servers.get("courier");
    return servers.entrySet().stream().filter(e -> e.getKey().startsWith("courier")).map(Map.Entry::getValue)
        .findFirst().orElse(null);
  }

  private static String cell(List<BenchRow> rounds, ToDoubleFunction<BenchRow> metric, String format) {
    String median = String.format(Locale.ROOT, format, median(rounds, metric));
    if (rounds.size() < 2) return median;
    double min = rounds.stream().mapToDouble(metric).min().orElse(0);
    double max = rounds.stream().mapToDouble(metric).max().orElse(0);
    return median + String.format(Locale.ROOT, " (" + format + "–" + format + ")", min, max);
  }

  private static String ratio(List<BenchRow> peer, List<BenchRow> courier, ToDoubleFunction<BenchRow> metric) {
    if (courier == null) return "—";
    double c = median(courier, metric);
    return c == 0 ? "—" : String.format(Locale.ROOT, "%.2f×", median(peer, metric) / c);
  }

}

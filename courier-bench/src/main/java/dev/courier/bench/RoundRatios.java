package dev.courier.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Each peer's figures over Courier's round by round: the ratio within each round, then the median
 * and range of those ratios. Rounds are interleaved, so a peer's round ran seconds after
 * Courier's; on a shared machine whose speed drifts by a third within minutes, the ratio within a
 * round moves less than either median does, and it is what a claim like "at or below nginx's CPU"
 * should rest on. The tables' "vs Courier" columns (a ratio of medians) stay as they were.
 *
 * <pre>
 * Round by round, CPU per request over Courier's (median, range): nginx 0.96× (0.77–1.31), netty 1.19× (1.02–1.40).
 * </pre>
 */
final class RoundRatios {
  private RoundRatios() {}

  /** The line for one scenario, or empty when it has fewer than two rounds or no Courier rows. */
  static Optional<String> line(Map<String, List<BenchRow>> servers, ReportUnits units) {
    List<BenchRow> courier = BenchReport.baseline(servers);
    if (courier == null || courier.size() < 2) return Optional.empty();
    boolean withMachine = BenchReport.hasMachineCpu(servers);
    List<String> cpu = new ArrayList<>();
    List<String> machine = new ArrayList<>();
    List<String> rate = new ArrayList<>();
    for (Map.Entry<String, List<BenchRow>> e : servers.entrySet()) {
      if (e.getValue() == courier) continue;
      ratios(e.getValue(), courier, BenchRow::cpuMicrosPerRequest).ifPresent(s -> cpu.add(e.getKey() + " " + s));
      if (withMachine) {
        ratios(e.getValue(), courier, BenchRow::machineCpuMicrosPerRequest)
            .ifPresent(s -> machine.add(e.getKey() + " " + s));
      }
      ratios(e.getValue(), courier, BenchRow::requestsPerSecond).ifPresent(s -> rate.add(e.getKey() + " " + s));
    }
    if (cpu.isEmpty()) return Optional.empty();
    return Optional.of("Round by round, the peer's figure over Courier's in the same round (median, range): "
        + units.cpuWords() + " " + String.join(", ", cpu) + "; "
        + (machine.isEmpty() ? "" : "the machine's " + units.cpuWords() + " " + String.join(", ", machine) + "; ")
        + units.rateWords() + " " + String.join(", ", rate) + ".");
  }

  /** "0.96× (0.77–1.31)" over the rounds both ran, or empty when they share none. */
  static Optional<String> ratios(List<BenchRow> peer, List<BenchRow> courier, ToDoubleFunction<BenchRow> metric) {
    List<Double> ratios = new ArrayList<>();
    for (BenchRow p : peer) {
      for (BenchRow c : courier) {
        double mine = metric.applyAsDouble(c);
        if (c.round() == p.round() && mine > 0) ratios.add(metric.applyAsDouble(p) / mine);
      }
    }
    if (ratios.isEmpty()) return Optional.empty();
    double[] r = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return Optional.of(String.format(Locale.ROOT, "%.2f× (%.2f–%.2f)", BenchReport.median(r), r[0], r[r.length - 1]));
  }
}

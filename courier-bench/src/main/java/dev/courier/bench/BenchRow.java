package dev.courier.bench;

import java.util.Locale;

/**
 * One measured run of one server: which collector, which test, how many connections, which
 * round, and what wrk and the process counters gave. {@code allocBytesPerRequest} is negative
 * where it cannot be measured (nginx). Rows from h2load (test {@code h2load ...}) hold its mean,
 * standard deviation and maximum request time in the three latency fields, since it prints no
 * percentiles. {@code machineCpuMicrosPerRequest} is the whole machine's CPU per request ({@link
 * MachineCpu}: the server, the load generator and the kernel), negative where it was not measured.
 */
record BenchRow(String gc, String server, String test, int connections, int round,
    double requestsPerSecond, double p50Millis, double p90Millis, double p99Millis,
    double cpuMicrosPerRequest, double allocBytesPerRequest, long errors, double machineCpuMicrosPerRequest) {

  static final String CSV_HEADER = "gc,server,test,connections,round,req_per_s,p50_ms,p90_ms,p99_ms,"
      + "cpu_us_per_req,alloc_bytes_per_req,errors,machine_cpu_us_per_req";

  /** A row without the machine's CPU. */
  BenchRow(String gc, String server, String test, int connections, int round,
      double requestsPerSecond, double p50Millis, double p90Millis, double p99Millis,
      double cpuMicrosPerRequest, double allocBytesPerRequest, long errors) {
    this(gc, server, test, connections, round, requestsPerSecond, p50Millis, p90Millis, p99Millis,
        cpuMicrosPerRequest, allocBytesPerRequest, errors, -1);
  }

  String toCsv() {
    return String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%.1f,%.3f,%.3f,%.3f,%.2f,%.1f,%d,%.2f", gc, server, test,
        connections, round, requestsPerSecond, p50Millis, p90Millis, p99Millis, cpuMicrosPerRequest,
        allocBytesPerRequest, errors, machineCpuMicrosPerRequest);
  }

  /** A row of a {@code results.csv} written with {@link #CSV_HEADER}. */
  static BenchRow fromCsv(String line) {
    return fromCsv(line, true);
  }

  /**
   * A row of a {@code results.csv}; {@code withMachine} false reads the older files, whose rows end
   * at {@code errors}.
   */
  static BenchRow fromCsv(String line, boolean withMachine) {
    String[] f = line.split(",", -1);
    // A test's label may hold commas ("download 8 MiB bytes (h2, 40 ms RTT)"): it is everything
    // between the first two fields and the numeric ones at the end.
    int n = f.length - (withMachine ? 10 : 9);
    String test = String.join(",", java.util.Arrays.copyOfRange(f, 2, n));
    return new BenchRow(f[0], f[1], test, Integer.parseInt(f[n]), Integer.parseInt(f[n + 1]),
        Double.parseDouble(f[n + 2]), Double.parseDouble(f[n + 3]), Double.parseDouble(f[n + 4]),
        Double.parseDouble(f[n + 5]), Double.parseDouble(f[n + 6]), Double.parseDouble(f[n + 7]),
        Long.parseLong(f[n + 8]), withMachine ? Double.parseDouble(f[n + 9]) : -1);
  }

  /** The scenario this row belongs to, e.g. {@code plaintext c64 (parallel)}. */
  String scenario() {
    return test + " c" + connections + " (" + gc + ")";
  }
}

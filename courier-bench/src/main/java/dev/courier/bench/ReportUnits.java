package dev.courier.bench;

/**
 * What one unit of work is in a report's table, round-by-round line and charts: a request (the
 * server and client benchmarks), or a mebibyte of body ({@link ClientDownload} and {@link H2Upload},
 * where a row's "per request" figures are per MiB and its latencies are whole transfers).
 */
record ReportUnits(String rate, String cpu, String alloc, String rateWords, String cpuWords, String allocWords,
    String latencyWords) {
  static final ReportUnits REQUESTS = new ReportUnits("req/s", "CPU µs/req", "alloc B/req",
      "requests per second", "CPU per request", "Heap allocated per request", "Latency");
  static final ReportUnits MEBIBYTES = new ReportUnits("MiB/s", "CPU µs/MiB", "alloc B/MiB",
      "MiB of body per second", "CPU per MiB of body", "Heap allocated per MiB of body", "Time per transfer");

  /** {@link #rateWords()} at the start of a title. */
  String rateTitle() {
    return Character.toUpperCase(rateWords.charAt(0)) + rateWords.substring(1);
  }

  /** The units of rows whose test is {@code test}. */
  static ReportUnits of(String test) {
    // ClientDownload's "download ...", ClientUpload's "PUT ..." and H2Upload's "h2load upload ...";
    // the server benchmark's "upload" is per request.
    return test.startsWith("download") || test.startsWith("PUT ") || test.startsWith("h2load upload")
        ? MEBIBYTES : REQUESTS;
  }
}

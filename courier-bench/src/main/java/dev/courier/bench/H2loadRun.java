package dev.courier.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One timed run of h2load (nghttp2) against a URL and what it printed: requests per second,
 * completed requests, failed requests and its request-time figures. h2load prints no percentiles
 * (only a per-request log, which costs it enough CPU to halve the rate on two cores), so latency
 * is its mean, standard deviation and maximum of "time for request". A plain {@code http} URL is
 * HTTP/2 with prior knowledge (h2c, RFC 9113 section 3.3); {@code https} negotiates h2 with ALPN.
 */
record H2loadRun(double requestsPerSecond, long requests, double meanMillis, double sdMillis,
    double maxMillis, long errors) implements LoadRun {

  private static final Pattern FINISHED = Pattern.compile("finished in [0-9.]+m?s, ([0-9.]+) req/s");
  private static final Pattern REQUESTS = Pattern.compile(
      "requests: (\\d+) total, (\\d+) started, (\\d+) done, (\\d+) succeeded, (\\d+) failed, (\\d+) errored, (\\d+) timeout");
  private static final Pattern REDIRECTS = Pattern.compile("status codes: \\d+ 2xx, (\\d+) 3xx");
  private static final Pattern REQUEST_TIME = Pattern.compile(
      "time for request:\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)");

  @Override
  public double[] latencyMillis() {
    return new double[] {meanMillis, sdMillis, maxMillis};
  }

  /** Runs {@code h2load -c connections -m streams -D seconds} (one thread) and parses its summary. */
  static H2loadRun run(String url, int seconds, int connections, int streams) throws IOException, InterruptedException {
    List<String> command = List.of("h2load", "-t1", "-c" + connections, "-m" + streams, "-D", Integer.toString(seconds), url);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) throw new IOException("h2load failed (" + String.join(" ", command) + "): " + out);
    return parse(out);
  }

  /**
   * Reads h2load's summary. "failed" already includes the errored and timed-out requests and any
   * response that was not 2xx or 3xx; the 3xx are added, for the benchmark's URLs answer 200 (a
   * server that redirects them is measured doing something else).
   *
   * @throws IOException when the output has no summary (h2load could not connect or speak HTTP/2)
   */
  static H2loadRun parse(String out) throws IOException {
    Matcher finished = FINISHED.matcher(out);
    Matcher requests = REQUESTS.matcher(out);
    Matcher time = REQUEST_TIME.matcher(out);
    if (!finished.find() || !requests.find() || !time.find()) {
      throw new IOException("no h2load summary in: " + out.strip());
    }
    if (!out.contains("Application protocol: h2")) {
      throw new IOException("h2load did not speak HTTP/2: " + out.strip());
    }
    Matcher redirects = REDIRECTS.matcher(out);
    long redirected = redirects.find() ? Long.parseLong(redirects.group(1)) : 0;
    return new H2loadRun(Double.parseDouble(finished.group(1)), Long.parseLong(requests.group(3)),
        millis(time.group(3)), millis(time.group(4)), millis(time.group(2)), Long.parseLong(requests.group(5)) + redirected);
  }

  /** One of h2load's durations ("795us", "26.63ms", "1.20s") in milliseconds. */
  static double millis(String duration) {
    Matcher m = Pattern.compile("([0-9.]+)(us|ms|s)").matcher(duration);
    if (!m.matches()) throw new IllegalArgumentException("not an h2load duration: " + duration);
    double v = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "us" -> v / 1000;
      case "s" -> v * 1000;
      default -> v;
    };
  }
}

package dev.courier.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
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
  /** "h2c" over cleartext, the protocol ALPN chose over TLS (h2load falls back to http/1.1). */
  private static final Pattern APPLICATION_PROTOCOL = Pattern.compile("Application protocol: (\\S+)");
  private static final Pattern TLS = Pattern.compile("TLS Protocol: (\\S+)\\s+Cipher: (\\S+)");

  @Override
  public double[] latencyMillis() {
    return new double[] {meanMillis, sdMillis, maxMillis};
  }

  /** Runs {@code h2load -c connections -m streams -D seconds} (one thread) and parses its summary. */
  static H2loadRun run(String url, int seconds, int connections, int streams) throws IOException, InterruptedException {
    return parse(h2load(url, "-t1", "-c" + connections, "-m" + streams, "-D", Integer.toString(seconds)));
  }

  /**
   * Runs {@code h2load -n count -c1 -m1 -d file} (one upload after the other on one connection,
   * each sending the whole of {@code file} as the request body, POST or with {@code options} such
   * as {@code -H ":method: PUT"}) and parses its summary.
   */
  static H2loadRun uploads(String url, int count, Path file, String... options) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of("-t1", "-c1", "-m1", "-n" + count, "-d", file.toString()));
    all.addAll(List.of(options));
    return parse(h2load(url, all.toArray(String[]::new)));
  }

  /**
   * h2load's TLS 1.3 suites for an {@code https} URL, AES-256-GCM first: its default puts
   * AES-128-GCM first, which nginx (OpenSSL, client's order) takes while the JVM servers (SunJSSE,
   * their own order) choose AES-256-GCM; so every server runs the same suite.
   */
  static final String TLS13_CIPHERS = "--tls13-ciphers=TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256";

  /**
   * What h2load negotiates with the server at the {@code https} {@code url}, from 100 requests on
   * one connection: for the run's record beside {@link BenchTls#verifyH2}'s answer, for h2load's
   * OpenSSL may agree on another suite with a server than the JDK's client does.
   */
  static String tlsSession(String url) throws IOException, InterruptedException {
    return tlsSessionOf(h2load(url, "-n100", "-c1", "-m10"));
  }

  /**
   * Reads "TLSv1.3 TLS_AES_128_GCM_SHA256, ALPN h2" from h2load's output.
   *
   * @throws IOException when it shows no TLS session or ALPN chose another protocol than h2
   */
  static String tlsSessionOf(String out) throws IOException {
    Matcher tls = TLS.matcher(out);
    Matcher alpn = APPLICATION_PROTOCOL.matcher(out);
    if (!tls.find() || !alpn.find()) throw new IOException("h2load negotiated no TLS session: " + out.strip());
    if (!alpn.group(1).equals("h2")) throw new IOException("h2load's ALPN chose " + alpn.group(1) + ", not h2");
    return tls.group(1) + " " + tls.group(2) + ", ALPN h2";
  }

  /** Runs h2load with {@code options} against {@code url} and returns what it printed. */
  private static String h2load(String url, String... options) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("h2load"));
    command.addAll(List.of(options));
    if (url.startsWith("https:")) command.add(TLS13_CIPHERS);
    command.add(url);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) throw new IOException("h2load failed (" + String.join(" ", command) + "): " + out);
    return out;
  }

  /**
   * Reads h2load's summary. "failed" already includes the errored and timed-out requests and any
   * response that was not 2xx or 3xx; the 3xx are added, for the benchmark's URLs answer 200 (a
   * server that redirects them is measured doing something else).
   *
   * @throws IOException when the output has no summary (h2load could not connect) or h2load spoke
   *     another protocol than HTTP/2: over TLS it falls back to HTTP/1.1 when the server's ALPN
   *     does not choose h2
   */
  static H2loadRun parse(String out) throws IOException {
    Matcher finished = FINISHED.matcher(out);
    Matcher requests = REQUESTS.matcher(out);
    Matcher time = REQUEST_TIME.matcher(out);
    if (!finished.find() || !requests.find() || !time.find()) {
      throw new IOException("no h2load summary in: " + out.strip());
    }
    Matcher protocol = APPLICATION_PROTOCOL.matcher(out);
    if (!protocol.find() || !(protocol.group(1).equals("h2c") || protocol.group(1).equals("h2"))) {
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

package dev.courier.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of wrk against a URL and what it printed: requests per second, latency percentiles and
 * errors. Pipelining is a Lua script that sends {@code depth} requests in one write, so that the
 * server sees them back to back (wrk then counts each response).
 */
record WrkRun(double requestsPerSecond, long requests, double p50Millis, double p90Millis,
    double p99Millis, long errors) implements LoadRun {

  @Override
  public double[] latencyMillis() {
    return new double[] {p50Millis, p90Millis, p99Millis};
  }

  /** Runs wrk; {@code closeEach}: every request asks for {@code Connection: close} (a new connection each). */
  static WrkRun run(String url, int seconds, int threads, int connections, int pipelineDepth, boolean closeEach)
      throws IOException, InterruptedException {
    return run(url, seconds, threads, connections, pipelineDepth, closeEach, 0);
  }

  /** As above; with {@code uploadBytes} above 0 every request is a POST of that many bytes. */
  static WrkRun run(String url, int seconds, int threads, int connections, int pipelineDepth, boolean closeEach,
      int uploadBytes) throws IOException, InterruptedException {
    return run(url, seconds, threads, connections, pipelineDepth, closeEach, uploadBytes, List.of());
  }

  /** As above, every request with {@code headers} ({@code "Name: value"}) too. */
  static WrkRun run(String url, int seconds, int threads, int connections, int pipelineDepth, boolean closeEach,
      int uploadBytes, List<String> headers) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections,
        "-d" + seconds + "s", "--latency"));
    if (pipelineDepth > 1) command.addAll(List.of("-s", pipelineScript(pipelineDepth).toString()));
    if (uploadBytes > 0) command.addAll(List.of("-s", uploadScript(uploadBytes).toString()));
    if (closeEach) command.addAll(List.of("-H", "Connection: close"));
    for (String header : headers) command.addAll(List.of("-H", header));
    command.add(url);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) throw new IOException("wrk failed: " + out);
    return parse(out);
  }

  static WrkRun parse(String out) {
    long errors = 0;
    Matcher socket = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)")
        .matcher(out);
    if (socket.find()) {
      for (int g = 1; g <= 4; g++) errors += Long.parseLong(socket.group(g));
    }
    Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(out);
    if (non2xx.find()) errors += Long.parseLong(non2xx.group(1));
    return new WrkRun(number(out, "Requests/sec:\\s+([0-9.]+)"), (long) number(out, "(\\d+) requests in"),
        percentile(out, "50"), percentile(out, "90"), percentile(out, "99"), errors);
  }

  private static Path pipelineScript(int depth) throws IOException {
    Path script = Files.createTempFile("wrk-pipeline", ".lua");
    script.toFile().deleteOnExit();
    // One write of `depth` identical requests per round trip.
    Files.writeString(script, """
        init = function(args)
          local batch = {}
          for i = 1, %d do batch[i] = wrk.format() end
          payload = table.concat(batch)
        end
        request = function() return payload end
        """.formatted(depth));
    return script;
  }

  /** Every request a POST of {@code bytes} bytes with a Content-Length (wrk adds it for a body). */
  private static Path uploadScript(int bytes) throws IOException {
    Path script = Files.createTempFile("wrk-upload", ".lua");
    script.toFile().deleteOnExit();
    Files.writeString(script, """
        wrk.method = "POST"
        wrk.body = string.rep("x", %d)
        wrk.headers["Content-Type"] = "application/octet-stream"
        """.formatted(bytes));
    return script;
  }

  private static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  /** A line of wrk's latency distribution ("  99%  1.23ms"), in milliseconds. */
  private static double percentile(String text, String p) {
    Matcher m = Pattern.compile("\\s" + p + "%\\s+([0-9.]+)(us|ms|s)").matcher(text);
    if (!m.find()) return 0;
    double v = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "us" -> v / 1000;
      case "s" -> v * 1000;
      default -> v;
    };
  }
}

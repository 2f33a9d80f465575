package dev.courier.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The reference httpbin (Debian's {@code python3-httpbin}, 0.7) served by Werkzeug on a free port
 * of 127.0.0.1, for parity tests. Started with a Python that can import it (the first of {@code
 * python3} on the PATH and {@code /usr/bin/python3}); {@link #start()} is empty when none can.
 */
final class PythonHttpBin implements AutoCloseable {
  private static final String SERVE = String.join("\n",
      "import logging, sys",
      "logging.getLogger('werkzeug').setLevel(logging.ERROR)",
      "from werkzeug.serving import make_server",
      "from httpbin import app",
      "server = make_server('127.0.0.1', 0, app, threaded=True)",
      "print(server.server_port, flush=True)",
      "server.serve_forever()");

  private final Process process;
  private final int port;

  private PythonHttpBin(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static Optional<PythonHttpBin> start() throws IOException, InterruptedException {
    for (String python : List.of("python3", "/usr/bin/python3")) {
      Process probe;
      try {
        probe = new ProcessBuilder(python, "-c", "import httpbin, werkzeug").redirectErrorStream(true).start();
      } catch (IOException e) {
        continue; // no such interpreter
      }
      probe.getInputStream().readAllBytes();
      if (!probe.waitFor(60, TimeUnit.SECONDS) || probe.exitValue() != 0) {
        continue;
      }
      Process server = new ProcessBuilder(python, "-c", SERVE)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      if (line == null) {
        server.destroy();
        continue;
      }
      return Optional.of(new PythonHttpBin(server, Integer.parseInt(line.strip())));
    }
    return Optional.empty();
  }

  int port() {
    return port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}

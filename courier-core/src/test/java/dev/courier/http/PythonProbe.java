package dev.courier.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs a short script with the machine's {@code python3}, when there is one, for cross-checks. */
final class PythonProbe {
  private PythonProbe() {}

  /**
   * The script's stdout lines, or empty when python3 is missing, fails, or its {@code http}
   * module lacks what the script needs (the caller then skips its comparison).
   */
  static Optional<List<String>> run(String script) {
    Process process;
    try {
      process = new ProcessBuilder("python3", "-c", script)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      return Optional.empty(); // no python3 on PATH
    }
    try (InputStream out = process.getInputStream()) {
      process.getOutputStream().close();
      String text = new String(out.readAllBytes(), StandardCharsets.UTF_8);
      // A guard against a hung interpreter, not a timing assertion.
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        return Optional.empty();
      }
      return Optional.of(new ArrayList<>(text.lines().toList()));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } finally {
      process.destroy();
    }
  }
}

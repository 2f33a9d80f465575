package dev.courier.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs a short script with the machine's {@code python3}, when there is one, for cross-checks. */
final class PythonProbe {
  private PythonProbe() {}

  /**
   * The script's stdout lines, or empty when there is no python3 on the PATH (the caller then
   * skips its comparison, and ./check counts the skip). A python3 that is there but fails or hangs
   * fails the test: a broken peer must not look like a missing one.
   */
  static Optional<List<String>> run(String script) {
    Path errors;
    Process process;
    try {
      errors = Files.createTempFile("courier-python", ".err");
      errors.toFile().deleteOnExit();
      process = new ProcessBuilder("python3", "-c", script)
              .redirectError(errors.toFile())
              .start();
    } catch (IOException e) {
      return Optional.empty(); // no python3 on PATH
    }
    try (InputStream out = process.getInputStream()) {
      process.getOutputStream().close();
      String text = new String(out.readAllBytes(), StandardCharsets.UTF_8);
      // A guard against a hung interpreter, not a timing assertion.
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        throw new AssertionError("python3 did not finish in 60 s");
      }
      if (process.exitValue() != 0) {
        throw new AssertionError("python3 exited with " + process.exitValue() + ": "
            + Files.readString(errors));
      }
      return Optional.of(new ArrayList<>(text.lines().toList()));
    } catch (IOException e) {
      throw new AssertionError("reading python3's output failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } finally {
      process.destroy();
    }
  }
}

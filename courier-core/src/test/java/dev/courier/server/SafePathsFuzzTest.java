package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * Fuzzes the file server's path resolution (the invariant: a resolved path, if any, starts with
 * {@code root.toRealPath()}). Without {@code JAZZER_FUZZ=1} it replays the saved inputs in
 * {@code src/test/resources/dev/courier/server/SafePathsFuzzTestInputs/}. Jazzer's
 * FilePathTraversal detector watches file access meanwhile.
 */
class SafePathsFuzzTest {
  private static final Path ROOT;

  static {
    try {
      Path tmp = Files.createTempDirectory("courier-fuzz");
      ROOT = Files.createDirectories(tmp.resolve("root")).toRealPath();
      Files.writeString(tmp.resolve("secret.txt"), "secret");
      Files.createDirectories(ROOT.resolve("sub"));
      Files.writeString(ROOT.resolve("sub").resolve("file.txt"), "x");
      Files.writeString(ROOT.resolve("a.txt"), "a");
      Files.createSymbolicLink(ROOT.resolve("out"), tmp);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(tmp)));
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @FuzzTest(maxDuration = "2m")
  void resolveNeverLeavesTheRoot(FuzzedDataProvider data) {
    String raw = "/" + data.consumeRemainingAsAsciiString();
    SafePaths.Result result = SafePaths.resolve(ROOT, raw, false);
    if (result instanceof SafePaths.Found found) {
      assertThat(found.real()).startsWith(ROOT);
      assertThat(found.real().toString()).doesNotContain("secret");
      for (String segment : found.segments()) {
        assertThat(segment).isNotIn(".", "..").doesNotContain("/", "\\", "\0");
      }
    } else {
      SafePaths.Refused refused = (SafePaths.Refused) result;
      assertThat(refused.status()).isIn(400, 404);
    }
  }

  private static void delete(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // best effort
        }
      });
    } catch (IOException e) {
      // best effort
    }
  }
}

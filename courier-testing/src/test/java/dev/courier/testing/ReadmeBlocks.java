package dev.courier.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Keeps README examples honest: a test holds each example between {@code // README:begin} and
 * {@code // README:end} markers, runs it, and asks this class to check that the README shows the
 * same lines (indentation aside).
 */
final class ReadmeBlocks {
  private ReadmeBlocks() {}

  /** Fails unless every marked block of {@code testSource} appears, line for line, in README.md. */
  static void assertReadmeShowsEveryBlockOf(String testSource) {
    String source = read(Path.of("src/test/java/dev/courier/testing", testSource));
    String readme = normalize(read(Path.of("..", "README.md")));
    int from = 0;
    int blocks = 0;
    while ((from = source.indexOf("// README:begin", from)) >= 0) {
      int start = source.indexOf('\n', from) + 1;
      int end = source.indexOf("// README:end", start);
      String block = normalize(source.substring(start, source.lastIndexOf('\n', end)));
      assertThat(readme).as("README.md must show this block of %s", testSource).contains(block);
      from = end;
      blocks++;
    }
    assertThat(blocks).as("marked blocks in %s", testSource).isPositive();
  }

  private static String normalize(String text) {
    List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    return lines.stream().collect(Collectors.joining("\n"));
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

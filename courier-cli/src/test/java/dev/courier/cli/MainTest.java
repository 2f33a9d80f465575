package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void versionNamesTheBuiltVersion() {
    assertThat(captureStdout("--version")).startsWith("courier 0.1.0");
  }

  @Test
  void helpListsCommands() {
    assertThat(captureStdout("--help")).contains("Usage: courier").contains("Commands:").contains("help");
  }

  private static String captureStdout(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
      assertThat(Main.run(args)).isZero();
    } finally {
      System.setOut(original);
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }
}

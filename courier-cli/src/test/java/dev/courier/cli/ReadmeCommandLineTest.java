package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ./courier} example of the README's "Command line" section runs as written
 * (port 8000 replaced by the test's httpbin), so the README cannot drift from the command.
 */
class ReadmeCommandLineTest {
  @RegisterExtension static final HttpBinServer BIN = new HttpBinServer();
  @TempDir Path dir;

  @Test
  void everyExampleRuns() throws Exception {
    Files.writeString(dir.resolve("cv.pdf"), "%PDF-1.4 not really");
    Files.writeString(dir.resolve("body.json"), "{\"from\": \"a file\"}");
    List<String> examples = examples();
    assertThat(examples).hasSizeGreaterThanOrEqualTo(8);
    for (String example : examples) {
      String line = example.replace(":8000", BIN.local(""));
      int comment = line.indexOf("  #");
      String note = comment < 0 ? "" : line.substring(comment);
      if (comment >= 0) line = line.substring(0, comment);
      int pipe = line.indexOf(" | ");
      if (pipe >= 0) line = line.substring(0, pipe); // what goes into the pipe
      Run run = Run.piped().cwd(dir);
      int redirect = line.indexOf(" < ");
      if (redirect >= 0) {
        run.stdin(Files.readString(dir.resolve(line.substring(redirect + 3).trim())));
        line = line.substring(0, redirect);
      }
      run.run(words(line.substring("./courier ".length())).toArray(String[]::new));
      int expected = note.contains("exit status 4") ? 4 : 0;
      assertThat(run.status).as("%s\nstderr: %s", example, run.err).isEqualTo(expected);
      if (line.contains(" -d ")) {
        assertThat(run.err).as(example).contains("Done.");
      } else if (line.trim().equals("./courier demo")) {
        assertThat(run.out).as(example).contains("8. ").endsWith("lists the options.\n");
        assertThat(run.err).as(example).contains("Downloading"); // the tour's download shows its progress
      } else if (line.contains("--timing")) {
        assertThat(run.out).as(example).isNotEmpty();
        assertThat(run.err).as(example).startsWith("Timing (1 request, new connection)");
      } else if (expected == 0) {
        assertThat(run.out).as(example).isNotEmpty();
        assertThat(run.err).as(example).isEmpty();
      } else {
        assertThat(run.err).as(example).startsWith("courier: warning: HTTP 404");
      }
    }
  }

  /** The lines of the section's sh block that run courier (not serve, which does not end). */
  private static List<String> examples() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    int section = readme.indexOf("## Command line");
    int start = readme.indexOf("```sh\n", section) + 6;
    int end = readme.indexOf("```", start);
    List<String> lines = new ArrayList<>();
    for (String line : readme.substring(start, end).split("\n")) {
      if (line.startsWith("./courier ") && !line.startsWith("./courier serve")) lines.add(line);
    }
    return lines;
  }

  /** Splits as a shell would for these examples: spaces, and single quotes keep a word whole. */
  private static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (char c : line.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
        any = true;
      } else if (c == ' ' && !quoted) {
        if (any) words.add(word.toString());
        word.setLength(0);
        any = false;
      } else {
        word.append(c);
        any = true;
      }
    }
    if (any) words.add(word.toString());
    return words;
  }
}

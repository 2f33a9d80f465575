package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A person's view: {@code courier} in a real terminal (tmux), against the built-in httpbin.
 * Colours on the terminal, none when piped, and a password prompt that does not echo. Skipped,
 * saying so, without tmux.
 */
class TerminalSessionTest {
  @RegisterExtension static final HttpBinServer BIN = new HttpBinServer();
  private final String session = "courier-test-" + ProcessHandle.current().pid();
  private Path script;

  @BeforeEach
  void startTmux() throws Exception {
    assumeTrue(onPath("tmux"), "tmux is not installed: apt-get install tmux");
    // Markers are typed as DONE""-1 so that only the echo's output, not the typed line, matches.
    // A shell function that runs this build's classes, as ./courier runs the jar.
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    script = Files.createTempFile("courier", ".sh");
    Files.writeString(script, "courier() { '" + java + "' -cp '" + System.getProperty("java.class.path")
        + "' dev.courier.cli.Main \"$@\"; }\nPS1='$ '\n");
    tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "50", "bash --norc --noprofile");
    tmux("send-keys", "-t", session, ". " + script, "Enter");
  }

  @AfterEach
  void stopTmux() throws Exception {
    if (script != null) {
      tmux("kill-session", "-t", session);
      Files.deleteIfExists(script);
    }
  }

  @Test
  void coloursOnTheTerminalNoneWhenPipedAndThePasswordIsNotEchoed() throws Exception {
    type("clear; courier " + BIN.local("/get") + " q==tmux; echo DONE\"\"-1");
    String coloured = screenUntil(s -> s.contains("DONE-1\n"), true);
    assertThat(coloured).contains("\033[").contains("200").contains("\"q\"");

    type("clear; courier " + BIN.local("/get") + " q==tmux | cat; echo DONE\"\"-2");
    String piped = screenUntil(s -> s.contains("DONE-2\n"), true);
    assertThat(piped).contains("\"q\" : \"tmux\"").doesNotContain("\033[3");

    type("clear; courier -a ada " + BIN.local("/basic-auth/ada/s3cret-pw") + "; echo DONE\"\"-3");
    screenUntil(s -> s.contains("password for ada:"), false);
    type("s3cret-pw");
    String answered = screenUntil(s -> s.contains("DONE-3\n"), false);
    assertThat(answered).contains("\"authenticated\": true").doesNotContain("s3cret-pw\n");
  }

  @Test
  void aPromptedPasswordIsUsedButNeverWrittenToTheSessionFile() throws Exception {
    Path dir = Files.createTempDirectory("courier-session");
    Path file = dir.resolve("s.json");
    try {
      type("clear; courier --session " + file + " -a ada " + BIN.local("/basic-auth/ada/s3cret-pw") + "; echo DONE\"\"-1");
      screenUntil(s -> s.contains("password for ada:"), false);
      type("s3cret-pw");
      assertThat(screenUntil(s -> s.contains("DONE-1\n"), false)).contains("\"authenticated\": true");
      String stored = Files.readString(file);
      assertThat(stored).contains("ada").doesNotContain("s3cret-pw");
      // the next call with the session knows the user, and asks for the password again
      type("clear; courier --session " + file + " " + BIN.local("/basic-auth/ada/s3cret-pw") + "; echo DONE\"\"-2");
      screenUntil(s -> s.contains("password for ada:"), false);
      type("s3cret-pw");
      assertThat(screenUntil(s -> s.contains("DONE-2\n"), false)).contains("\"authenticated\": true");
      assertThat(Files.readString(file)).doesNotContain("s3cret-pw");
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }

  @Test
  void timingAndAllAsAPersonSeesThem() throws Exception {
    type("clear; courier --timing " + BIN.local("/get") + " > /dev/null; echo DONE\"\"-1");
    String timing = screenUntil(s -> s.contains("DONE-1\n"), true);
    assertThat(timing).contains("Timing").contains("1 request, new connection").contains("Waiting (TTFB)")
        .contains("Total").contains("\033["); // stderr is the terminal: coloured
    assertThat(timing).doesNotContain("\"url\""); // the body went to /dev/null

    type("clear; courier --all --follow -h " + BIN.local("/redirect/2") + "; echo DONE\"\"-2");
    String all = screenUntil(s -> s.contains("DONE-2\n"), false);
    assertThat(all.lines().filter(l -> l.startsWith("HTTP/1.1 ")))
        .containsExactly("HTTP/1.1 302 Found", "HTTP/1.1 302 Found", "HTTP/1.1 200 OK");
  }

  @Test
  void theDemoRunsItsTourWithAProgressBarAndTheServingOneStopsOnCtrlC() throws Exception {
    type("clear; courier demo; echo DONE\"\"-$?");
    String tour = screenUntil(s -> s.contains("DONE-"), true);
    assertThat(tour).contains("DONE-0").contains("8. ").contains("Downloading").contains("bytes saved to a file")
        .contains("\033[");

    type("clear; courier demo --serve; echo DONE\"\"-2");
    String serving = screenUntil(s -> s.contains("Ctrl-C stops it."), false);
    assertThat(serving).contains("httpbin stays up on http://127.0.0.1:");
    tmux("send-keys", "-t", session, "C-c");
    screenUntil(s -> s.contains("DONE-2\n"), false);
  }

  private void type(String keys) throws Exception {
    tmux("send-keys", "-t", session, "-l", keys);
    tmux("send-keys", "-t", session, "Enter");
  }

  /** Polls the pane until {@code done} holds (a JVM starts in a few seconds; at most a minute). */
  private String screenUntil(Predicate<String> done, boolean escapes) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String screen = "";
    while (System.nanoTime() < deadline) {
      List<String> args = new ArrayList<>(List.of("capture-pane", "-p", "-t", session));
      if (escapes) args.add("-e");
      screen = tmux(args.toArray(String[]::new));
      if (done.test(screen)) return screen;
      TimeUnit.MILLISECONDS.sleep(100); // polling a condition, not waiting for time to pass
    }
    throw new AssertionError("the terminal never showed what was expected; it shows:\n" + screen);
  }

  private static String tmux(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("tmux"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    return out;
  }

  private static boolean onPath(String program) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, program))) return true;
    }
    return false;
  }
}

package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code courier completion bash|zsh|fish}: scripts a shell accepts, naming the real options. */
class CompletionCommandTest {
  @TempDir Path dir;

  @Test
  void bashScriptParsesInBashAndCompletesTheOptionsAndVerbs() throws Exception {
    Run run = Run.piped().run("completion", "bash");
    assertThat(run.status).isZero();
    assertThat(run.out).contains("complete -F _complete_courier").contains("--timing").contains("--follow")
        .contains("demo").contains("post");
    assertThat(bashAccepts(run.out)).as("bash -n").isTrue();
  }

  @Test
  void completionCompletesForReal() throws Exception {
    Path script = dir.resolve("courier.bash");
    Files.writeString(script, Run.piped().run("completion").out); // bash is the default
    // what bash offers after "courier --tim<TAB>"
    String probe = "source " + script + "\nCOMP_WORDS=(courier --tim); COMP_CWORD=1; COMP_LINE='courier --tim'; "
        + "COMP_POINT=${#COMP_LINE}\n_complete_courier\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
    Process p = new ProcessBuilder("bash", "-c", probe).redirectErrorStream(true).start();
    String offered = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(offered.lines()).contains("--timing").doesNotContain("--follow");
  }

  @Test
  void zshGetsTheBashScriptThroughBashcompinitAndFishItsOwn() throws Exception {
    Run zsh = Run.piped().run("completion", "zsh");
    assertThat(zsh.out).startsWith("#compdef courier").contains("bashcompinit");
    assertThat(bashAccepts(zsh.out)).isTrue();

    Run fish = Run.piped().run("completion", "fish");
    assertThat(fish.status).isZero();
    assertThat(fish.out.lines().skip(1)).allSatisfy(line -> assertThat(line).startsWith("complete -c courier "));
    assertThat(fish.out).contains("-l timing").contains("-l style -r -a 'auto monokai solarized mono'")
        .contains("-a demo -d 'A tour without a network").doesNotContain("%n").doesNotContain("${");
  }

  @Test
  void anUnknownShellIsOneLine() {
    Run run = Run.piped().run("completion", "tcsh");
    assertThat(run.status).isEqualTo(1);
    assertThat(run.err).isEqualTo("courier: error: completion tcsh: expected bash, zsh or fish\n");
  }

  private boolean bashAccepts(String script) throws Exception {
    Path file = dir.resolve("check.sh");
    Files.writeString(file, script);
    Process p = new ProcessBuilder("bash", "-n", file.toString()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && output.isEmpty();
  }
}

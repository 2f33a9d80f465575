package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code courier demo}: the tour runs against its own httpbin, shows each step's Java and result, and ends with 0. */
class DemoCommandTest {
  @Test
  void theTourRunsEveryStepAndEndsByItself() {
    Run run = Run.piped().run("demo");
    assertThat(run.status).as(run.err).isZero();
    assertThat(run.out).contains("httpbin is listening on http://127.0.0.1:")
        .contains("→ {\"q\":\"courier\"}")
        .contains("→ {\"name\":\"ada\"}")
        .contains("→ \"hello\"")
        .contains("→ 404")
        .contains("→ HttpStatusException: 404 Not Found")
        .contains("/get  /  2")
        .contains("→ {\"flavour\":\"oat\"}")
        .contains("→ {\"authenticated\":true,\"user\":\"ada\"}")
        .contains("→ 200000 bytes saved to a file")
        .contains("Done.")
        .doesNotContain("\033[");
    assertThat(run.out.lines().filter(l -> l.matches("\\d+\\. .*"))).hasSize(8);
    // the download's progress goes to stderr, as a real download's does; nothing else does
    assertThat(run.err).contains("Downloading").contains("Done.");
  }

  @Test
  void onATerminalTheStepsAreColoured() {
    Run run = Run.onTerminal().run("demo");
    assertThat(run.status).isZero();
    assertThat(run.out).contains("\033[");
  }
}

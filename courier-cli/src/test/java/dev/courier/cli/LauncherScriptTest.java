package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./courier} launcher: two runs that find the jar stale build it once, one after the
 * other, and both run. Checked on a copy of the script in a scratch tree whose {@code mvn} and
 * {@code java} are stand-ins that log what they are asked to do (a real build takes minutes).
 */
class LauncherScriptTest {
  @TempDir Path tree;

  @Test
  void twoRunsWithAStaleJarBuildOnceAndBothRun() throws Exception {
    assumeTrue(onPath("flock"), "flock (util-linux) is not installed");
    Path log = tree.resolve("log");
    Files.copy(Path.of("..", "courier"), tree.resolve("courier"));
    Path javaHome = tree.resolve("jdk");
    Path bin = tree.resolve("bin");
    write(tree.resolve("scripts/java-env.sh"), "export JAVA_HOME='" + javaHome + "'\n");
    // a build: says when another one is running at the same time, takes a moment, leaves the jar
    write(bin.resolve("mvn"), "#!/bin/sh\nmkdir '" + tree.resolve("building") + "' 2>/dev/null || echo overlap >> '" + log + "'\n"
        + "echo build >> '" + log + "'\nsleep 1\nmkdir -p courier-cli/target && echo jar > courier-cli/target/courier.jar\n"
        + "rmdir '" + tree.resolve("building") + "'\n");
    write(javaHome.resolve("bin/java"), "#!/bin/sh\nfor a; do last=$a; done\necho \"ran $last\"\n");
    for (String source : List.of("pom.xml", "courier-core/pom.xml", "courier-cli/pom.xml",
        "courier-core/src/main/A.java", "courier-cli/src/main/B.java")) {
      write(tree.resolve(source), "");
      Files.setLastModifiedTime(tree.resolve(source), FileTime.from(Instant.now().minusSeconds(3600)));
    }

    Process first = start(bin);
    Process second = start(bin);
    String out1 = new String(first.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String out2 = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(first.waitFor(60, TimeUnit.SECONDS) && second.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(first.exitValue()).as(out1).isZero();
    assertThat(second.exitValue()).as(out2).isZero();
    assertThat(out1).endsWith("ran --version\n");
    assertThat(out2).endsWith("ran --version\n");
    assertThat(Files.readAllLines(log)).containsExactly("build");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
      "21.0.5, -XX:ArchiveClassesAtExit=, -XX:SharedArchiveFile=, false",
      "22.0.2, -XX:ArchiveClassesAtExit=, -XX:SharedArchiveFile=, true",
      "25.0.3, -XX:AOTCacheOutput=, -XX:AOTCache=, true"})
  void theArchiveAndExitWaitFollowTheJdkVersion(String version, String training, String run,
      boolean exitsWithoutWaiting) throws Exception {
    Path log = tree.resolve("log");
    Files.copy(Path.of("..", "courier"), tree.resolve("courier"));
    Path javaHome = tree.resolve("jdk");
    Path bin = tree.resolve("bin");
    write(tree.resolve("scripts/java-env.sh"), "export JAVA_HOME='" + javaHome + "'\n");
    write(javaHome.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
    write(bin.resolve("mvn"), "#!/bin/sh\nmkdir -p courier-cli/target && echo jar > courier-cli/target/courier.jar\n");
    // a java that logs its arguments and, as the real one does, writes the AOT cache it is asked for
    write(javaHome.resolve("bin/java"), "#!/bin/sh\necho \"$*\" >> '" + log + "'\n"
        + "for a; do case $a in -XX:AOTCacheOutput=*) echo aot > \"${a#*=}\";; esac; done\n");
    for (String source : List.of("pom.xml", "courier-core/pom.xml", "courier-cli/pom.xml",
        "courier-core/src/main/A.java", "courier-cli/src/main/B.java")) {
      write(tree.resolve(source), "");
      Files.setLastModifiedTime(tree.resolve(source), FileTime.from(Instant.now().minusSeconds(3600)));
    }

    ProcessBuilder pb = new ProcessBuilder("bash", tree.resolve("courier").toString(), "GET", ":8000/get")
        .directory(tree.toFile()).redirectErrorStream(true);
    pb.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();

    List<String> calls = Files.readAllLines(log);
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0)).contains(training).endsWith("dev.courier.cli.Training");
    assertThat(calls.get(1)).contains(run).contains("-XX:TieredStopAtLevel=1").endsWith("-jar "
        + tree.resolve("courier-cli/target/courier.jar") + " GET :8000/get");
    // JDK 22+ exits without waiting 300 ms for the virtual-thread poller, which never leaves
    // native code; JDK 21 does not know the flag and would not start with it
    if (exitsWithoutWaiting) {
      assertThat(calls.get(1)).contains("-XX:UserThreadWaitAttemptsAtExit=0");
    } else {
      assertThat(calls.get(1)).doesNotContain("UserThreadWaitAttemptsAtExit");
    }
  }

  private Process start(Path bin) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", tree.resolve("courier").toString(), "--version")
        .directory(tree.toFile()).redirectErrorStream(true);
    pb.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
    return pb.start();
  }

  private static void write(Path file, String text) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static boolean onPath(String program) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, program))) return true;
    }
    return false;
  }
}

package dev.courier.cookies;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security row 75: a process killed with SIGKILL in the middle of saving never leaves a jar that
 * is empty, partial or mixed. A child JVM saves two different jars in turn, forever; we kill it at
 * random moments and load what is on disk each time.
 */
class CookieFilesCrashTest {
  static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  /** Two jars of different sizes (about 0.9 and 1.8 MB as Netscape text). */
  static CookieJar jar(int variant) {
    CookieJar jar = CookieJar.builder().limits(CookieLimits.defaults().withMaxCookies(20_000)).build();
    int count = variant == 0 ? 2000 : 4000;
    for (int i = 0; i < count; i++) {
      jar.add(Cookie.builder("v" + variant + "c" + i, "x".repeat(400)).domain("h" + (i % 500) + ".example")
          .expires(NOW.plusSeconds(86_400)).build());
    }
    return jar;
  }

  /** The child: saves jar 0, jar 1, jar 0, ... into args[0] until killed. */
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    CookieJar[] jars = {jar(0), jar(1)};
    CookieFiles.Options options = CookieFiles.Options.defaults().now(NOW);
    for (int i = 0; ; i++) {
      CookieFiles.save(jars[i % 2], file, CookieFileFormat.NETSCAPE, options);
      if (i == 0) System.out.println("saved");
    }
  }

  @Test
  void killedMidSaveLeavesOldOrNewNeverBroken() throws Exception {
    Path file = dir.resolve("cookies.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Random random = new Random(42);
    int kills = 6;
    for (int k = 0; k < kills; k++) {
      Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          CookieFilesCrashTest.class.getName(), file.toString())
          .redirectErrorStream(true).start();
      // Wait for the first complete save, then let it run into another one and kill it.
      byte[] first = child.getInputStream().readNBytes(6);
      assertThat(new String(first).strip()).isEqualTo("saved");
      Thread.sleep(20 + random.nextInt(300));
      child.destroyForcibly(); // SIGKILL on Linux
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      CookieFiles.LoadResult r = CookieFiles.read(Files.readAllBytes(file), CookieFiles.Options.defaults().now(NOW));
      assertThat(r.problems()).isEmpty();
      int size = r.cookies().size();
      assertThat(size).as("a whole jar, kill %d", k).isIn(2000, 4000);
      String prefix = size == 2000 ? "v0c" : "v1c";
      assertThat(r.cookies()).allSatisfy(c -> assertThat(c.name()).startsWith(prefix));
    }
  }

  @TempDir Path dir;

  @Test
  void theJarsDiffer() {
    assertThat(List.of(jar(0).size(), jar(1).size())).containsExactly(2000, 4000);
  }
}

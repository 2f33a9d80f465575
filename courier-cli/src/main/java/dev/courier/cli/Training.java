package dev.courier.cli;

import dev.courier.server.HttpServer;
import dev.courier.server.httpbin.HttpBin;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The training run of {@code ./courier}'s start-up archive: the JVM records the classes (and,
 * on JDK 25, their linking and profiles) that this run uses, and later runs map them instead of
 * loading them. So it runs what people run most: plain requests through {@link Main}, piped and
 * on a (pretend) terminal, against the built-in httpbin on a free loopback port; then the demo,
 * which covers the server. It writes nothing and needs no network.
 *
 * <pre>{@code
 * java -XX:AOTCacheOutput=courier.aot -cp courier.jar dev.courier.cli.Training
 * }</pre>
 */
public final class Training {
  private Training() {}

  /** Runs the training requests; exits with 1 if one of them failed (the archive is then dropped). */
  public static void main(String[] args) throws IOException {
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
    Path scratch = Files.createTempDirectory("courier-training");
    int failed = 0;
    Terminal.isTerminal(1); // what Io.system() asks
    HttpServer server = HttpServer.builder().bind("127.0.0.1").port(0).handler(new HttpBin()).start();
    try {
      String at = "127.0.0.1:" + server.port();
      String[][] lines = {
        {"GET", "http://" + at + "/get"},
        {at + "/get", "q==courier", "X-Id:7"},
        {"post", at + "/post", "name=ada", "age:=36"},
        {"-f", "PUT", at + "/put", "name=ada"},
        {"-v", at + "/status/404", "--check-status"},
        {"--offline", at + "/post", "a=1"},
      };
      for (String[] line : lines) {
        for (boolean terminal : new boolean[] {false, true}) {
          Io io = new Io(new ByteArrayInputStream(new byte[0]), true, nowhere, terminal, nowhere, terminal,
              Map.of(), scratch);
          int status = Main.run(io, line);
          if (status != 0 && status != 4) failed++;
        }
      }
      Io io = new Io(new ByteArrayInputStream(new byte[0]), true, nowhere, false, nowhere, false, Map.of(), scratch);
      if (Main.run(io, "demo") != 0) failed++;
    } finally {
      server.stop(Duration.ofSeconds(1));
      try (var files = Files.walk(scratch)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
      }
    }
    System.exit(failed == 0 ? 0 : 1);
  }
}

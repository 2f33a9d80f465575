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
 * on a (pretend) terminal, against the built-in httpbin on a free loopback port; then the same
 * over HTTPS (most URLs people type), against a second httpbin with a throw-away certificate made
 * by the JDK's {@code keytool}, once trusted with {@code --verify=PEM} and once refused by the
 * default trust store, which is read as every real HTTPS request reads it; then the demo, which
 * covers the server. It writes nothing outside a temporary directory and needs no network.
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
      failed += https(io, scratch);
      if (Main.run(io, "demo") != 0) failed++;
    } finally {
      server.stop(Duration.ofSeconds(1));
      try (var files = Files.walk(scratch)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
      }
    }
    System.exit(failed == 0 ? 0 : 1);
  }

  /**
   * GETs over HTTPS from a local httpbin; returns how many failed. Without {@code keytool} (a
   * runtime image that left it out) there is no certificate to serve, and the archive simply
   * covers less.
   */
  private static int https(Io io, Path scratch) {
    Path keyStore = scratch.resolve("training.p12");
    Path certificate = scratch.resolve("training.pem");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    try {
      String[] store = {"-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", "training"};
      run(keytool, store, "-genkeypair", "-alias", "training", "-keyalg", "EC", "-groupname", "secp256r1",
          "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1", "-validity", "2", "-keypass", "training");
      run(keytool, store, "-exportcert", "-rfc", "-alias", "training", "-file", certificate.toString());
    } catch (IOException | InterruptedException e) {
      return 0;
    }
    HttpServer server;
    try {
      server = HttpServer.builder().bind("127.0.0.1").port(0).handler(new HttpBin())
          .tls(keyStore, "training".toCharArray()).start();
    } catch (IOException e) {
      return 0;
    }
    try {
      String url = "https://127.0.0.1:" + server.port() + "/get";
      int failed = Main.run(io, "--verify=" + certificate, url) == 0 ? 0 : 1;
      Main.run(io, url); // refused: a certificate no public authority signed; its error path is trained too
      return failed;
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }

  private static void run(Path keytool, String[] store, String... arguments) throws IOException, InterruptedException {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(keytool.toString()));
    command.addAll(java.util.List.of(arguments));
    command.addAll(java.util.List.of(store));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (p.waitFor() != 0) throw new IOException("keytool failed: " + command);
  }
}

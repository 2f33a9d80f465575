package dev.courier.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKI made with the {@code openssl} command once per test JVM: a test CA, a server
 * certificate for {@code localhost} and {@code 127.0.0.1} signed by it (EC P-256), the same key in
 * every PEM form and in PKCS#12, an RSA client certificate, and a second, unrelated CA with its own
 * server certificate. Tests that need it are skipped when {@code openssl} is missing.
 *
 * <pre>{@code
 * TestPki pki = TestPki.get();
 * SSLContext server = TlsContexts.server(pki.serverCert(), pki.serverKey());
 * }</pre>
 */
public final class TestPki {
  /** Password of the encrypted key and of the PKCS#12 files. */
  public static final String PASSWORD = "courier-secret";

  private static TestPki instance;
  private static String failure;

  private final Path dir;

  private TestPki(Path dir) {
    this.dir = dir;
  }

  /** The PKI, generated on first use; skips the calling test when openssl is unavailable. */
  public static synchronized TestPki get() {
    if (instance == null && failure == null) {
      try {
        Path dir = Files.createTempDirectory("courier-pki");
        dir.toFile().deleteOnExit();
        generate(dir);
        instance = new TestPki(dir);
      } catch (IOException e) {
        failure = e.getMessage();
      }
    }
    assumeTrue(instance != null, "openssl is needed to make test certificates: " + failure);
    return instance;
  }

  public Path dir() {
    return dir;
  }

  public Path caCert() {
    return dir.resolve("ca.pem");
  }

  /** Server chain: leaf (SAN DNS:localhost, IP:127.0.0.1, IP:::1) then the CA. */
  public Path serverCert() {
    return dir.resolve("server-chain.pem");
  }

  /** The server's EC key as PKCS#8 {@code PRIVATE KEY}. */
  public Path serverKey() {
    return dir.resolve("server.key");
  }

  /** The same key as SEC1 {@code EC PRIVATE KEY}. */
  public Path serverKeySec1() {
    return dir.resolve("server-sec1.key");
  }

  /** The same key as {@code ENCRYPTED PRIVATE KEY} under {@link #PASSWORD}. */
  public Path serverKeyEncrypted() {
    return dir.resolve("server-enc.key");
  }

  /** Server identity as PKCS#12 under {@link #PASSWORD}. */
  public Path serverPkcs12() {
    return dir.resolve("server.p12");
  }

  /** Client certificate (RSA) signed by the CA. */
  public Path clientCert() {
    return dir.resolve("client.pem");
  }

  /** The client key as PKCS#1 {@code RSA PRIVATE KEY}. */
  public Path clientKeyPkcs1() {
    return dir.resolve("client-pkcs1.key");
  }

  /** The client key as PKCS#8. */
  public Path clientKey() {
    return dir.resolve("client.key");
  }

  /** Client identity as PKCS#12 under {@link #PASSWORD}. */
  public Path clientPkcs12() {
    return dir.resolve("client.p12");
  }

  /** A CA nobody trusts. */
  public Path rogueCaCert() {
    return dir.resolve("rogue-ca.pem");
  }

  /** A localhost server certificate signed by the rogue CA. */
  public Path rogueServerCert() {
    return dir.resolve("rogue-server.pem");
  }

  public Path rogueServerKey() {
    return dir.resolve("rogue-server.key");
  }

  private static void generate(Path dir) throws IOException {
    Files.writeString(dir.resolve("server.ext"),
        "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\nextendedKeyUsage=serverAuth\n");
    Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
    String ca = "-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign";
    run(dir, "req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 3 -subj /CN=Courier-Test-CA " + ca);
    run(dir, "req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout server.key -out server.csr -subj /CN=localhost");
    run(dir, "x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 3 -extfile server.ext");
    Files.writeString(dir.resolve("server-chain.pem"),
        Files.readString(dir.resolve("server.pem")) + Files.readString(dir.resolve("ca.pem")));
    run(dir, "ec -in server.key -out server-sec1.key");
    run(dir, "pkcs8 -topk8 -in server.key -out server-enc.key -passout pass:" + PASSWORD);
    run(dir, "pkcs12 -export -in server.pem -inkey server.key -certfile ca.pem -out server.p12 -passout pass:" + PASSWORD);
    run(dir, "req -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj /CN=courier-client");
    run(dir, "x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem -days 3 -extfile client.ext");
    run(dir, "rsa -in client.key -traditional -out client-pkcs1.key");
    run(dir, "pkcs12 -export -in client.pem -inkey client.key -out client.p12 -passout pass:" + PASSWORD);
    run(dir, "req -x509 -newkey rsa:2048 -nodes -keyout rogue-ca.key -out rogue-ca.pem -days 3 -subj /CN=Rogue-CA " + ca);
    run(dir, "req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout rogue-server.key -out rogue.csr -subj /CN=localhost");
    run(dir, "x509 -req -in rogue.csr -CA rogue-ca.pem -CAkey rogue-ca.key -CAcreateserial -out rogue-server.pem -days 3 -extfile server.ext");
  }

  private static void run(Path dir, String arguments) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(arguments.split(" ")));
    Process process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true).start();
    try {
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("openssl " + arguments + " failed: "
            + new String(output, StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted", e));
    }
  }
}

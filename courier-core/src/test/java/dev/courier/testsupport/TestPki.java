package dev.courier.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The test PKI: a test CA, a server certificate for {@code localhost} and {@code 127.0.0.1}
 * signed by it (EC P-256), the same key in every PEM form and in PKCS#12, an RSA client
 * certificate, and a second, unrelated CA with its own server certificate. The files are fixtures
 * in {@code src/test/resources/dev/courier/testsupport/pki/} (made once with openssl, valid until
 * 2051; see the README there), copied to a temporary folder once per test JVM, so the TLS tests
 * always run.
 *
 * <pre>{@code
 * TestPki pki = TestPki.get();
 * SSLContext server = TlsContexts.server(pki.serverCert(), pki.serverKey());
 * }</pre>
 */
public final class TestPki {
  /** Password of the encrypted key and of the PKCS#12 files. */
  public static final String PASSWORD = "courier-secret";

  private static final List<String> FILES = List.of("ca.pem", "server.pem", "server-chain.pem",
      "server.key", "server-sec1.key", "server-enc.key", "server.p12", "client.pem", "client.key",
      "client-pkcs1.key", "client.p12", "rogue-ca.pem", "rogue-server.pem", "rogue-server.key");

  private static final ReentrantLock LOCK = new ReentrantLock();
  private static TestPki instance;

  private final Path dir;

  private TestPki(Path dir) {
    this.dir = dir;
  }

  /** The PKI, copied from the test resources on first use. */
  public static TestPki get() {
    LOCK.lock();
    try {
      if (instance == null) {
        Path dir = Files.createTempDirectory("courier-pki");
        dir.toFile().deleteOnExit();
        for (String name : FILES) {
          try (InputStream in = TestPki.class.getResourceAsStream("pki/" + name)) {
            if (in == null) throw new IllegalStateException("test resource pki/" + name + " is missing");
            Files.copy(in, dir.resolve(name));
          }
          dir.resolve(name).toFile().deleteOnExit();
        }
        instance = new TestPki(dir);
      }
      return instance;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      LOCK.unlock();
    }
  }

  public Path dir() {
    return dir;
  }

  /** A client context that trusts the test CA only, for raw TLS sockets in tests. */
  public javax.net.ssl.SSLContext clientContext() {
    try {
      java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      try (InputStream pem = Files.newInputStream(caCert())) {
        trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(pem));
      }
      javax.net.ssl.TrustManagerFactory factory =
          javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
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
}

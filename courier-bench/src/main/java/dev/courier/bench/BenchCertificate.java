package dev.courier.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A throw-away self-signed certificate for {@code 127.0.0.1} (and {@code localhost}), made with
 * the openssl command for a benchmark's TLS server, and the client-side trust that accepts it.
 * An EC P-256 key keeps the handshake cheap; the benchmarks open one connection per client anyway.
 */
record BenchCertificate(Path certificate, Path key, X509Certificate x509) {

  /** Writes {@code cert.pem} and {@code key.pem} into {@code dir} (readable by nginx's worker). */
  static BenchCertificate create(Path dir) throws IOException, InterruptedException {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    List<String> command = List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
        "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
        "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", key.toString(), "-out", cert.toString());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) throw new IOException("openssl could not make a certificate: " + out);
    for (Path f : new Path[] {cert, key}) Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    try (InputStream in = Files.newInputStream(cert)) {
      return new BenchCertificate(cert, key, (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
    } catch (GeneralSecurityException e) {
      throw new IOException("openssl wrote an unreadable certificate", e);
    }
  }

  /** A trust manager that accepts this certificate and no other. */
  X509TrustManager trustManager() {
    try {
      KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
      anchors.load(null, null);
      anchors.setCertificateEntry("bench", x509);
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(anchors);
      return (X509TrustManager) factory.getTrustManagers()[0];
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A TLS client context that trusts this certificate. */
  SSLContext clientContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new javax.net.ssl.TrustManager[] {trustManager()}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}

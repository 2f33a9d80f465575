package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import dev.courier.testsupport.TestPki;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS from a PEM pair (the fixture PKI) and from a PKCS#12 key store (made with the JDK's keytool). */
class TlsServerTest {
  @TempDir Path dir;

  static int run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }

  static String fetch(HttpServer server, String path) throws Exception {
    SSLContext trustAll = SSLContext.getInstance("TLS");
    trustAll.init(null, new TrustManager[] {new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, null);
    HttpsURLConnection c = (HttpsURLConnection) URI.create(server.url() + path.substring(1)).toURL().openConnection();
    c.setSSLSocketFactory(trustAll.getSocketFactory());
    c.setHostnameVerifier((host, session) -> true);
    try (var in = c.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static final Handler HELLO = r -> ServerResponse.ok("secure " + r.scheme() + " " + r.url());

  @Test
  void pemCertificateAndKey() throws Exception {
    // The fixture PKI (no openssl at test time): a chain and a PKCS#8 EC key.
    Path cert = TestPki.get().serverCert();
    Path key = TestPki.get().serverKey();
    HttpServer server = HttpServer.builder().bind("127.0.0.1").port(0).handler(HELLO).tls(cert, key).start();
    try {
      assertThat(server.url()).startsWith("https://");
      String body = fetch(server, "/x");
      assertThat(body).startsWith("secure https https://127.0.0.1:" + server.port() + "/x");
      assertThat(fetch(server, "/y")).contains("/y");
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }

  @Test
  void pkcs12KeyStore() throws Exception {
    Path store = dir.resolve("server.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    int exit = run(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", "changeit", "-keypass", "changeit");
    assertThat(exit).as("the JDK's keytool made a key store").isZero();
    HttpServer server = HttpServer.builder().bind("127.0.0.1").port(0).handler(HELLO)
        .tls(store, "changeit".toCharArray()).start();
    try {
      assertThat(fetch(server, "/p12")).startsWith("secure https");
      // a plain-HTTP client gets no answer it could mistake for HTTP, and the server keeps serving
      try (Raw raw = new Raw(server.port())) {
        String all = raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readAll();
        assertThat(all).doesNotContain("secure");
      }
      assertThat(fetch(server, "/again")).contains("/again");
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }
}

package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.client.Proxy;
import dev.courier.error.TlsException;
import dev.courier.server.httpbin.HttpBin;
import dev.courier.server.HttpServer;
import dev.courier.testsupport.TestPki;
import dev.courier.testsupport.TinyProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Session.Builder.trustEnvironment()} over an injected environment: the real one is never read or changed. */
class TrustEnvironmentTest {
  private static HttpServer http;
  private static HttpServer https;
  private static TestPki pki;
  @TempDir Path home;

  @BeforeAll
  static void start() throws IOException {
    pki = TestPki.get();
    http = HttpServer.builder().bind("127.0.0.1").port(0).handler(new HttpBin()).start();
    https = HttpServer.builder().bind("127.0.0.1").port(0).handler(new HttpBin())
        .tls(pki.serverPkcs12(), TestPki.PASSWORD.toCharArray()).start();
  }

  @AfterAll
  static void stop() {
    if (http != null) http.close();
    if (https != null) https.close();
  }

  private static String plain(String path) {
    return "http://localhost:" + http.port() + path;
  }

  private Session.Builder trusting(Map<String, String> env) {
    return Session.builder().trustEnvironment(env, home);
  }

  @Test
  void proxiesComeFromTheEnvironmentInEitherCaseAndNoProxyBypassesThem() throws IOException {
    try (TinyProxy proxy = TinyProxy.socks5(null)) {
      String url = "socks5://127.0.0.1:" + proxy.port();
      try (Session s = trusting(Map.of("ALL_PROXY", url)).build()) {
        assertThat(s.get(plain("/get")).statusCode()).isEqualTo(200);
        assertThat(proxy.requests()).isNotEmpty();
      }
      int before = proxy.requests().size();
      try (Session s = trusting(Map.of("http_proxy", url, "no_proxy", "localhost")).build()) {
        assertThat(s.get(plain("/get")).statusCode()).isEqualTo(200);
        assertThat(proxy.requests()).as("NO_PROXY").hasSize(before);
      }
      try (Session s = trusting(Map.of("HTTP_PROXY", url)).proxy(Proxy.direct()).build()) {
        s.get(plain("/get"));
        assertThat(proxy.requests()).as("an explicit proxy, even direct(), wins").hasSize(before);
      }
    }
  }

  @Test
  void aCaBundleVariableReplacesTheDefaultTrust() {
    String secure = "https://localhost:" + https.port() + "/get";
    for (String variable : TrustedEnvironment.CA_BUNDLE_VARIABLES) {
      try (Session s = trusting(Map.of(variable, pki.caCert().toString())).build()) {
        assertThat(s.get(secure).statusCode()).as(variable).isEqualTo(200);
      }
    }
    try (Session s = trusting(Map.of()).build()) {
      assertThatThrownBy(() -> s.get(secure)).isInstanceOf(TlsException.class);
    }
    try (Session s = trusting(Map.of("REQUESTS_CA_BUNDLE", pki.rogueCaCert().toString(),
        "CURL_CA_BUNDLE", pki.caCert().toString())).build()) {
      assertThatThrownBy(() -> s.get(secure)).as("REQUESTS_CA_BUNDLE is read first").isInstanceOf(TlsException.class);
    }
  }

  @Test
  void aMissingCaBundleFailsTheBuildNamingTheVariable() {
    Path missing = home.resolve("nope.pem");
    assertThatThrownBy(() -> trusting(Map.of("SSL_CERT_FILE", missing.toString())).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SSL_CERT_FILE=" + missing);
  }

  @Test
  void netrcCredentialsForTheHostUnlessAuthIsGiven() throws IOException {
    Files.writeString(home.resolve(".netrc"), "machine localhost login ada password s3cret\n");
    String basic = "Basic " + Base64.getEncoder().encodeToString("ada:s3cret".getBytes());
    try (Session s = trusting(Map.of()).build()) {
      assertThat(s.get(plain("/headers")).json().at("/headers/Authorization").asText()).isEqualTo(basic);
      assertThat(s.get("http://127.0.0.1:" + http.port() + "/headers").json().at("/headers/Authorization").isMissingNode())
          .as("another host gets nothing").isTrue();
    }
    try (Session s = trusting(Map.of()).auth(Auth.bearer("t")).build()) {
      assertThat(s.get(plain("/headers")).json().at("/headers/Authorization").asText()).isEqualTo("Bearer t");
    }
    Path elsewhere = home.resolve("other-netrc");
    Files.writeString(elsewhere, "machine localhost login bob password pw\n");
    try (Session s = trusting(Map.of("NETRC", elsewhere.toString())).build()) {
      assertThat(s.get(plain("/headers")).json().at("/headers/Authorization").asText())
          .isEqualTo("Basic " + Base64.getEncoder().encodeToString("bob:pw".getBytes()));
    }
  }

  @Test
  void withoutTheSwitchNothingIsRead() throws IOException {
    Files.writeString(home.resolve(".netrc"), "machine localhost login ada password s3cret\n");
    try (Session s = Session.builder().build()) {
      assertThat(s.get(plain("/headers")).json().at("/headers/Authorization").isMissingNode()).isTrue();
    }
  }

  @Test
  void aBadProxyVariableFailsTheBuildNamingIt() {
    assertThatThrownBy(() -> trusting(Map.of("https_proxy", "ftp://nope")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https_proxy");
  }
}

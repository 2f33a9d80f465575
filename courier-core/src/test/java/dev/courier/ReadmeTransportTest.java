package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.error.TlsException;
import dev.courier.net.Dns;
import dev.courier.net.TlsSettings;
import dev.courier.server.httpbin.HttpBin;
import dev.courier.server.HttpServer;
import dev.courier.testsupport.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** Runs the README's transport examples (adapters, Unix sockets, per-request TLS, pinning, DNS) as printed. */
class ReadmeTransportTest {
  @Test
  void theReadmeShowsExactlyTheseExamples() {
    ReadmeBlocks.assertReadmeShowsEveryBlockOf("ReadmeTransportTest.java");
  }

  @Test
  void mountExample() {
    // README:begin
    Adapter canned = (request, exchange) -> Response.builder()
        .request(request)
        .statusCode(200)
        .header("Content-Type", "application/json")
        .body("{\"ok\": true}", StandardCharsets.UTF_8)     // or .body(inputStream): a raw body
        .build();
    try (Session s = Session.builder().mount("https://api.test/", canned).build()) {
      boolean ok = s.get("https://api.test/v1/ping").json().get("ok").asBoolean();   // true, no network
      // README:end
      assertThat(ok).isTrue();
    }
  }

  @Test
  void unixSocketExample() throws Exception {
    Path dir = Files.createTempDirectory("courier-readme");
    Path socket = dir.resolve("docker.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      Thread.ofVirtual().start(() -> answerOk(server));
      // README:begin
      Response info = Courier.get("http+unix://" + socket.toString().replace("/", "%2F") + "/info");

      try (Session docker = Session.builder()
          .mount("http://docker/", NetworkAdapter.builder().unixSocket(socket).build())
          .build()) {
        docker.get("http://docker/v1.43/containers/json");
      }
      // README:end
      assertThat(info.text()).isEqualTo("ok");
    } finally {
      Files.deleteIfExists(socket);
      Files.deleteIfExists(dir);
    }
  }

  /** A one-response-per-connection HTTP server on a Unix socket. */
  private static void answerOk(ServerSocketChannel server) {
    try {
      while (true) {
        try (SocketChannel c = server.accept(); InputStream in = Channels.newInputStream(c);
            OutputStream out = Channels.newOutputStream(c)) {
          int matched = 0;
          byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
          for (int b; matched < 4 && (b = in.read()) >= 0; ) matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
          out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
        }
      }
    } catch (IOException closed) {
      // the test is over
    }
  }

  @Test
  void perRequestTlsAndPinningExample() throws IOException {
    TestPki pki = TestPki.get();
    Path caBundle = pki.caCert();
    try (HttpServer https = HttpServer.builder().bind("127.0.0.1").port(0).handler(new HttpBin())
        .tls(pki.serverPkcs12(), TestPki.PASSWORD.toCharArray()).start()) {
      String url = "https://localhost:" + https.port() + "/get";
      // README:begin
      Response r = Courier.send(Request.get(url)
          .tls(TlsSettings.builder().trustedCertificates(caBundle).build())   // requests' verify="ca.pem", one call
          .build());

      TlsSettings pinned = TlsSettings.builder()
          .trustedCertificates(caBundle)
          .pin("**.localhost", "sha256/GMOXa/Q/M0HQP2bMt3/1V7Bp6R8ZfYjNOPwAKSLzhco=")   // the CA's public key
          .build();
      Courier.send(Request.get(url).tls(pinned).build());   // a chain without that key: TlsException PINNING
      // README:end
      assertThat(r.statusCode()).isEqualTo(200);
      TlsSettings wrong = TlsSettings.builder().trustedCertificates(caBundle)
          .pin("**.localhost", "sha256/" + "A".repeat(43) + "=").build();
      Assertions.assertThatThrownBy(() -> Courier.send(Request.get(url).tls(wrong).build()))
          .isInstanceOf(TlsException.class);
    }
  }

  @Test
  void environmentAndDnsExample() throws IOException {
    try (HttpServer server = HttpServer.builder().bind("127.0.0.1").port(0).handler(new HttpBin()).start()) {
      // README:begin
      Session fromEnv = Session.builder().trustEnvironment().build();   // requests' trust_env: proxies, CA bundle, .netrc

      Session s = Session.builder()
          .dns(host -> host.equals("api.test") ? List.of(InetAddress.getLoopbackAddress()) : Dns.system().lookup(host))
          .build();   // several addresses are raced (Happy Eyeballs, RFC 8305)
      // README:end
      fromEnv.close();
      try (s) {
        assertThat(s.get("http://api.test:" + server.port() + "/get").statusCode()).isEqualTo(200);
      }
    }
  }
}

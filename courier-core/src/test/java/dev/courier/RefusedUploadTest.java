package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.net.TlsSettings;
import dev.courier.server.HttpServer;
import dev.courier.server.ServerResponse;
import dev.courier.testsupport.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that refuses a large upload answers 413 as soon as it sees the announced length and
 * stops reading; the caller gets that answer, not the broken pipe its remaining writes meet
 * (RFC 9112 section 9.5: a client sending a body should watch for an error response and stop).
 * The gathering of the body into whole TLS records and DATA frames must keep that so.
 */
class RefusedUploadTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @CsvSource({"http, HTTP_1_1", "https, HTTP_1_1", "https, HTTP_2_ONLY"})
  void aFileTheServerRefusesGetsItsAnswer(String scheme, HttpVersionPolicy policy) throws Exception {
    Path file = Files.write(dir.resolve("big.bin"), new byte[8 << 20]);
    TestPki pki = TestPki.get();
    HttpServer.Builder builder = HttpServer.builder().bind("127.0.0.1").port(0).maxBodySize(64 * 1024)
        .handler(request -> ServerResponse.ok("read " + request.bodyBytes().length));
    if (scheme.equals("https")) builder.tls(pki.serverCert(), pki.serverKey());
    HttpServer server = builder.start();
    try (Session session = Session.builder().httpVersionPolicy(policy)
        .tls(TlsSettings.builder().trustedCertificates(pki.caCert()).build()).build()) {
      for (int i = 0; i < 3; i++) { // and the session stays usable
        Response r = session.put(scheme + "://127.0.0.1:" + server.port() + "/", Body.file(file));
        assertThat(r.statusCode()).isEqualTo(413);
      }
      assertThat(session.put(scheme + "://127.0.0.1:" + server.port() + "/", Body.text("small")).text())
          .isEqualTo("read 5");
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }
}

package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.error.CourierException;
import dev.courier.net.TlsSettings;
import dev.courier.server.HttpServer;
import dev.courier.server.ServerResponse;
import dev.courier.testsupport.TestPki;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A file that shrinks between {@link Body#file} (which reads its length) and the send: the request
 * announced a length its body cannot reach, so the caller gets an error naming the shortfall and
 * the server never takes the short body for a whole one (RFC 9112 section 6.3, RFC 9113 section
 * 8.1.1: a body shorter than its Content-Length is incomplete, over either version).
 */
class ShrunkFileUploadTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @CsvSource({"http, HTTP_1_1", "https, HTTP_1_1", "https, HTTP_2_ONLY"})
  void aFileCutShortFailsTheCallAndNeverReachesTheHandlerAsWhole(String scheme, HttpVersionPolicy policy)
      throws Exception {
    Path file = Files.write(dir.resolve("shrinks.bin"), new byte[300_000]);
    LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
    TestPki pki = TestPki.get();
    HttpServer.Builder builder = HttpServer.builder().bind("127.0.0.1").port(0)
        .handler(request -> {
          try {
            seen.add("whole " + request.bodyBytes().length);
          } catch (RuntimeException e) {
            seen.add("cut");
            throw e;
          }
          return ServerResponse.ok("ok");
        });
    if (scheme.equals("https")) builder.tls(pki.serverCert(), pki.serverKey());
    HttpServer server = builder.start();
    String url = scheme + "://127.0.0.1:" + server.port() + "/";
    try (Session session = Session.builder().httpVersionPolicy(policy)
        .tls(TlsSettings.builder().trustedCertificates(pki.caCert()).build()).build()) {
      Body body = Body.file(file);
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
        raf.setLength(100_000);
      }
      assertThatThrownBy(() -> session.put(url, body))
          .isInstanceOf(CourierException.class)
          .hasRootCauseInstanceOf(IOException.class)
          .hasStackTraceContaining("ended after 100000 of the 300000 bytes announced");
      String outcome = seen.poll(5, TimeUnit.SECONDS);
      assertThat(outcome).isEqualTo("cut");
      assertThat(session.put(url, Body.text("small")).text()).isEqualTo("ok"); // the session stays usable
      assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("whole 5");
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }
}

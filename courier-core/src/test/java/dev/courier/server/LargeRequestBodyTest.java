package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.Body;
import dev.courier.Request;
import dev.courier.Session;
import dev.courier.net.TlsSettings;
import dev.courier.testsupport.TestBytes;
import dev.courier.testsupport.TestPki;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.CRC32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Request bodies of several MiB, with Content-Length and chunked, read by a handler with {@code
 * transferTo} and in large reads
 * (which take body bytes from the socket straight into its array) and in small ones (through the
 * connection's buffer and the parser), on each read path, plain and over TLS: the handler sees
 * every byte, and the connection stays in step for the next request (RFC 9112 section 6).
 */
class LargeRequestBodyTest {
  private static final byte[] BODY = TestBytes.random(3 * 1024 * 1024 + 5, 11);

  private static String lengthAndCrc(byte[] bytes, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, length);
    return length + " " + Long.toHexString(crc.getValue());
  }

  /**
   * Reads the body in reads of X-Read-Size bytes (0: with transferTo, -1: whole with bodyBytes);
   * answers its length and CRC-32.
   */
  private static final Handler CHECKSUM = request -> {
    int readSize = Integer.parseInt(request.headers().firstValue("X-Read-Size").orElse("65536"));
    CRC32 crc = new CRC32();
    long length = 0;
    if (readSize < 0) {
      byte[] whole = request.bodyBytes();
      return ServerResponse.ok(lengthAndCrc(whole, whole.length));
    }
    try (InputStream in = request.body()) {
      if (readSize == 0) {
        length = in.transferTo(new OutputStream() {
          @Override public void write(int b) {
            crc.update(b);
          }

          @Override public void write(byte[] b, int off, int len) {
            crc.update(b, off, len);
          }
        });
      } else {
        byte[] buffer = new byte[readSize];
        int n;
        while ((n = in.read(buffer)) >= 0) {
          crc.update(buffer, 0, n);
          length += n;
        }
      }
    }
    return ServerResponse.ok(length + " " + Long.toHexString(crc.getValue()));
  };

  @ParameterizedTest
  @CsvSource({"SELECTOR, false", "BLOCKING, false", "SELECTOR, true", "BLOCKING, true"})
  void aLargeBodyReachesTheHandlerWholeInLargeAndSmallReads(HttpServer.ReadPath path, boolean tls) throws Exception {
    HttpServer.Builder builder = HttpServer.builder().bind("127.0.0.1").port(0).handler(CHECKSUM).readPath(path);
    if (tls) builder.tls(TestPki.get().serverCert(), TestPki.get().serverKey());
    Session.Builder client = Session.builder();
    if (tls) client.tls(TlsSettings.builder().trustedCertificates(TestPki.get().caCert()).build());
    try (HttpServer server = builder.start(); Session session = client.build()) {
      String url = (tls ? "https://localhost:" : "http://127.0.0.1:") + server.port() + "/";
      String expected = lengthAndCrc(BODY, BODY.length);
      for (int readSize : new int[] {64 * 1024, 8 * 1024, 100, 0, -1}) {
        Request fixed = Request.post(url).header("X-Read-Size", String.valueOf(readSize))
            .body(Body.of(BODY, "application/octet-stream")).build();
        assertThat(session.send(fixed).text()).as("Content-Length, reads of " + readSize).isEqualTo(expected);
        Request chunked = Request.post(url).header("X-Read-Size", String.valueOf(readSize))
            .body(Body.of(new ByteArrayInputStream(BODY), "application/octet-stream")).build();
        assertThat(session.send(chunked).text()).as("chunked, reads of " + readSize).isEqualTo(expected);
      }
      // bodyBytes of a body short enough to get its exact array at once
      String smaller = lengthAndCrc(BODY, 600_000);
      Request exact = Request.post(url).header("X-Read-Size", "-1")
          .body(Body.of(java.util.Arrays.copyOf(BODY, 600_000), "application/octet-stream")).build();
      assertThat(session.send(exact).text()).isEqualTo(smaller);
      assertThat(session.get(url).text()).isEqualTo("0 0"); // the connection is still in step
    }
  }
}

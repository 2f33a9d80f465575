package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.http.wire.HttpVersion;
import dev.courier.server.ServerResponse;
import dev.courier.testsupport.TlsTestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A body from a live source reaches the server as it is produced, not when a buffer fills or the
 * body ends: a stream's bytes go out when it has no more at hand (as requests sends each chunk of
 * a generator), and a written body's {@code flush()} sends what it wrote. Each body here waits,
 * before its end, until the server has read its first bytes: held in a buffer, they never would be.
 */
class LiveUploadTest {
  private static final byte[] FIRST = "hello".getBytes(StandardCharsets.US_ASCII);
  /** Counted down by the server once it has read the first bytes of the body it is reading. */
  private static volatile CountDownLatch firstBytesRead;
  private static TlsTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TlsTestServer.start(request -> {
      InputStream body = request.body();
      byte[] first = body.readNBytes(FIRST.length);
      firstBytesRead.countDown();
      byte[] rest = body.readAllBytes();
      return ServerResponse.ok(new String(first, StandardCharsets.US_ASCII) + new String(rest, StandardCharsets.US_ASCII));
    });
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest
  @EnumSource(value = HttpVersionPolicy.class, names = {"HTTP_1_1", "HTTP_2_ONLY"})
  void aStreamsBytesGoOutBeforeItEnds(HttpVersionPolicy policy) {
    firstBytesRead = new CountDownLatch(1);
    InputStream live = new InputStream() {
      private int calls;

      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        switch (calls++) {
          case 0 -> {
            System.arraycopy(FIRST, 0, b, off, FIRST.length);
            return FIRST.length;
          }
          case 1 -> {
            awaitServer();
            b[off] = '!';
            return 1;
          }
          default -> {
            return -1;
          }
        }
      }
    };
    assertThat(put(policy, Body.of(live, "text/plain"))).isEqualTo("hello!");
  }

  @ParameterizedTest
  @EnumSource(value = HttpVersionPolicy.class, names = {"HTTP_1_1", "HTTP_2_ONLY"})
  void aWrittenBodysFlushSendsWhatItWrote(HttpVersionPolicy policy) {
    firstBytesRead = new CountDownLatch(1);
    Body written = new Body() {
      @Override public Optional<String> contentType() {
        return Optional.of("text/plain");
      }

      @Override public long contentLength() {
        return -1;
      }

      @Override public boolean isReplayable() {
        return false;
      }

      @Override public void writeTo(OutputStream out) throws IOException {
        out.write(FIRST);
        out.flush();
        awaitServer();
        out.write('!');
      }
    };
    assertThat(put(policy, written)).isEqualTo("hello!");
  }

  private static String put(HttpVersionPolicy policy, Body body) {
    try (Session session = Session.builder().httpVersionPolicy(policy).tls(server.trust()).build()) {
      Response r = session.put("https://127.0.0.1:" + server.port() + "/", body);
      assertThat(r.version()).isEqualTo(policy == HttpVersionPolicy.HTTP_1_1 ? HttpVersion.HTTP_1_1 : HttpVersion.HTTP_2);
      return r.text();
    }
  }

  /** Waits until the server has read the body's first bytes; fails the upload if it never does. */
  private static void awaitServer() throws IOException {
    try {
      if (!firstBytesRead.await(5, TimeUnit.SECONDS)) {
        throw new IOException("the server never saw the body's first bytes: they were held back");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}

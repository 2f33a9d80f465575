package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link TlsChannel} alone, the server's side of a loopback connection whose client is the JDK's
 * TLS socket: plaintext arrives whole and in order through any size of buffer, whole records left
 * buffered are reported, a write the socket cannot take is kept and sent later (also when the
 * connection goes idle and gives its buffers back), and a close ends with close_notify.
 */
@Timeout(30)
class TlsChannelTest {
  TlsLoopback loopback;
  SocketChannel accepted;
  TlsChannel tls;
  SSLSocket client;

  @BeforeEach
  void connect() throws Exception {
    loopback = TlsLoopback.open();
    accepted = loopback.accepted;
    tls = loopback.tls;
    client = loopback.client;
    accepted.configureBlocking(false);
  }

  @AfterEach
  void close() throws Exception {
    loopback.close();
  }

  /** Reads until {@code length} bytes came, through a buffer of {@code bufferSize}, polling the non-blocking channel. */
  byte[] readExactly(int length, int bufferSize) throws Exception {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(bufferSize);
    while (got.size() < length) {
      buffer.clear();
      int n = tls.read(buffer);
      assertThat(n).as("end of stream after %d bytes", got.size()).isGreaterThanOrEqualTo(0);
      if (n == 0) {
        Thread.sleep(1);
        continue;
      }
      assertThat(buffer.position()).isEqualTo(n);
      got.write(buffer.array(), 0, n);
    }
    return got.toByteArray();
  }

  @Test
  void plaintextArrivesWholeThroughLargeAndSmallBuffers() throws Exception {
    byte[] message = new byte[100_000];
    new Random(3).nextBytes(message);
    OutputStream out = client.getOutputStream();
    out.write(message); // records of up to 16 KiB: larger than the small buffer below
    out.flush();
    assertThat(readExactly(message.length, 16 * 1024)).isEqualTo(message);
    tls.releaseBuffers(); // idle between requests: the next read takes a buffer again
    out.write(message);
    out.flush();
    assertThat(readExactly(message.length, 700)).isEqualTo(message);
  }

  @Test
  void wholeRecordsLeftUnreadAreReportedAndAPartialOneIsNot() throws Exception {
    OutputStream out = client.getOutputStream();
    out.write("first".getBytes());
    out.write("second".getBytes()); // a record of its own
    out.flush();
    Thread.sleep(200); // both records are in the socket
    ByteBuffer buffer = ByteBuffer.allocate(64);
    int n = 0;
    while (n == 0) n = tls.read(buffer);
    assertThat(new String(buffer.array(), 0, n)).isEqualTo("first");
    assertThat(tls.hasBufferedInput()).isTrue(); // "second" is here, and the socket is empty
    buffer.clear();
    tls.releaseBuffers(); // must keep the whole record still unread
    assertThat(tls.hasBufferedInput()).isTrue();
    assertThat(tls.read(buffer)).isEqualTo(6);
    assertThat(tls.hasBufferedInput()).isFalse();
  }

  @Test
  void aWriteTheSocketCannotTakeIsKeptAndSentLater() throws Exception {
    byte[] answer = new byte[8 << 20];
    new Random(9).nextBytes(answer);
    ByteBuffer src = ByteBuffer.wrap(answer);
    while (src.hasRemaining() && tls.write(src) > 0) {
      // the client reads nothing yet: the kernel's buffers fill
    }
    assertThat(src.hasRemaining()).as("the socket stopped taking records").isTrue();
    assertThat(tls.hasPendingOutput()).isTrue();
    tls.releaseBuffers(); // must keep the ciphertext the socket did not take
    assertThat(tls.hasPendingOutput()).isTrue();
    CompletableFuture<byte[]> reading = CompletableFuture.supplyAsync(() -> {
      try {
        return client.getInputStream().readNBytes(answer.length);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    while (src.hasRemaining() || !tls.flushPending()) {
      if (!src.hasRemaining() || tls.write(src) == 0) Thread.sleep(1); // the socket is full: let the client read
    }
    assertThat(Arrays.equals(reading.get(), answer)).isTrue();
  }

  @Test
  void closeSendsCloseNotify() throws Exception {
    tls.close();
    InputStream in = client.getInputStream();
    assertThat(in.read()).isEqualTo(-1); // a clean end: without close_notify the JDK would throw
  }

  @Test
  void theClientsCloseNotifyEndsTheInput() throws Exception {
    client.getOutputStream().write("last".getBytes());
    client.getOutputStream().flush();
    client.shutdownOutput(); // close_notify (TLS 1.3 half-close)
    assertThat(new String(readExactly(4, 64))).isEqualTo("last");
    ByteBuffer buffer = ByteBuffer.allocate(64);
    int n = 0;
    for (int i = 0; i < 1000 && n == 0; i++) {
      n = tls.read(buffer);
      if (n == 0) Thread.sleep(5);
    }
    assertThat(n).isEqualTo(-1);
  }
}

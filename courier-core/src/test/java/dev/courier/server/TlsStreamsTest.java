package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link TlsStreams} over a {@link TlsChannel} kept blocking, as HTTP/2 over TLS uses it: records
 * of every size arrive whole through small and large arrays, a read that waits after light traffic
 * holds no working buffer, writes arrive whole, and the socket's read timeout bounds a read.
 */
@Timeout(30)
class TlsStreamsTest {
  TlsLoopback loopback;
  SocketChannel accepted;
  TlsChannel tls;
  SSLSocket client;
  InputStream in;
  OutputStream out;

  @BeforeEach
  void connect() throws Exception {
    loopback = TlsLoopback.open();
    accepted = loopback.accepted;
    tls = loopback.tls;
    client = loopback.client;
    tls.stayBlocking();
    in = TlsStreams.input(tls);
    out = TlsStreams.output(tls);
  }

  @AfterEach
  void close() throws Exception {
    loopback.close();
  }

  /** Reads {@code length} bytes, alternating a 512-byte array (as an idle HTTP/2 reader) and a large one. */
  byte[] readAlternating(int length) throws Exception {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] small = new byte[512];
    byte[] large = new byte[17 * 1024];
    for (int i = 0; got.size() < length; i++) {
      byte[] into = i % 2 == 0 ? small : large;
      int n = in.read(into, 0, into.length);
      assertThat(n).as("end of stream after %d bytes", got.size()).isPositive();
      got.write(into, 0, n);
    }
    return got.toByteArray();
  }

  @Test
  void recordsOfEverySizeArriveWholeThroughSmallAndLargeArrays() throws Exception {
    Random random = new Random(7);
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    OutputStream toServer = client.getOutputStream();
    // Records smaller than the light array, larger than it, and as large as TLS allows.
    for (int size : new int[] {5, 300, 511, 512, 513, 600, 4_000, 16_384, 40_000, 1, 700}) {
      byte[] message = new byte[size];
      random.nextBytes(message);
      toServer.write(message);
      toServer.flush();
      sent.write(message);
    }
    assertThat(readAlternating(sent.size())).isEqualTo(sent.toByteArray());
  }

  @Test
  void aReadWaitingAfterLightTrafficHoldsNoWorkingBuffer() throws Exception {
    OutputStream toServer = client.getOutputStream();
    byte[] large = new byte[50_000];
    new Random(9).nextBytes(large);
    toServer.write(large); // heavy reads first: they take working buffers
    toServer.flush();
    assertThat(readAlternating(large.length)).isEqualTo(large);
    toServer.write("ping".getBytes());
    toServer.flush();
    byte[] idle = new byte[512];
    assertThat(in.read(idle, 0, idle.length)).isEqualTo(4); // a light read
    CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return in.read(idle, 0, idle.length);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(200); // the read is waiting in the socket
    assertThat(waiting).isNotDone();
    assertThat(tls.holdsBuffers()).isFalse();
    byte[] next = new byte[3_000]; // larger than the light array: moved to a working buffer whole
    new Random(11).nextBytes(next);
    toServer.write(next);
    toServer.flush();
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    int first = waiting.get(10, TimeUnit.SECONDS);
    got.write(idle, 0, first);
    while (got.size() < next.length) {
      int n = in.read(idle, 0, idle.length);
      assertThat(n).isPositive();
      got.write(idle, 0, n);
    }
    assertThat(got.toByteArray()).isEqualTo(next);
  }

  @Test
  void writesArriveWholeAndLeaveNoBufferBehind() throws Exception {
    byte[] message = new byte[200_000];
    new Random(5).nextBytes(message);
    CompletableFuture<byte[]> reading = CompletableFuture.supplyAsync(() -> {
      try {
        return client.getInputStream().readNBytes(message.length);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    out.write(message, 0, message.length);
    assertThat(reading.get(10, TimeUnit.SECONDS)).isEqualTo(message);
    assertThat(tls.holdsBuffers()).isFalse();
  }

  @Test
  void theSocketsReadTimeoutBoundsARead() throws Exception {
    accepted.socket().setSoTimeout(200);
    assertThatThrownBy(() -> in.read(new byte[512], 0, 512)).isInstanceOf(SocketTimeoutException.class);
  }

  @Test
  void theClientsCloseNotifyEndsTheStream() throws Exception {
    client.getOutputStream().write("last".getBytes());
    client.getOutputStream().flush();
    client.shutdownOutput(); // close_notify
    byte[] into = new byte[512];
    assertThat(in.read(into, 0, into.length)).isEqualTo(4);
    assertThat(in.read(into, 0, into.length)).isEqualTo(-1);
  }

  @Test
  void aRecordHeaderPastTheLimitFailsTheReadInsteadOfGrowingABuffer() throws Exception {
    OutputStream toServer = client.getOutputStream();
    toServer.write("light".getBytes());
    toServer.flush();
    byte[] into = new byte[512];
    assertThat(in.read(into, 0, into.length)).isEqualTo(5); // the next read waits in the light array
    // Application data, TLS 1.2's version, a length of 65,535: four times what RFC 8446 section 5.2 allows.
    loopback.raw.getOutputStream().write(new byte[] {23, 3, 3, (byte) 0xff, (byte) 0xff, 1, 2, 3});
    loopback.raw.getOutputStream().flush();
    assertThatThrownBy(() -> in.read(into, 0, into.length)).isInstanceOf(javax.net.ssl.SSLException.class);
  }
}

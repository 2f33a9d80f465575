package dev.courier.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ReadAheadSocketTest {
  ServerSocket listener;
  Socket near;
  Socket far;

  @BeforeEach
  void connect() throws IOException {
    listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    near = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    far = listener.accept();
  }

  @AfterEach
  void close() throws IOException {
    near.close();
    far.close();
    listener.close();
  }

  @Test
  void everyByteArrivesInOrderWhateverTheReadSizes() throws Exception {
    assertEveryByteArrives(new ReadAheadSocket(near), false);
  }

  @Test
  void aServerSocketLendingItsBufferDeliversEveryByteAsLightAndHeavyReadsAlternate() throws Exception {
    assertEveryByteArrives(ReadAheadSocket.lendingWhileLight(near), true);
  }

  @Test
  void aServerSocketHoldsItsBufferOnlyWhileReadsAreHeavy() throws Exception {
    ReadAheadSocket socket = ReadAheadSocket.lendingWhileLight(near);
    InputStream in = socket.getInputStream();
    OutputStream out = far.getOutputStream();
    assertThat(socket.holdsBuffer()).isFalse();
    out.write(new byte[100]);
    assertThat(in.readNBytes(100)).hasSize(100); // light: into the small array
    assertThat(socket.holdsBuffer()).isFalse();
    out.write(new byte[3000]);
    byte[] header = new byte[5];
    assertThat(in.read(header, 0, 5)).isEqualTo(5); // fills the small array whole: traffic is heavy now
    assertThat(in.readNBytes(3000 - 5)).hasSize(3000 - 5);
    assertThat(socket.holdsBuffer()).isTrue();
    out.write(new byte[10]);
    assertThat(in.readNBytes(10)).hasSize(10); // a light read, still into the buffer
    // The next read waits (an idle connection): in the small array, the buffer given back.
    CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return in.read(new byte[5], 0, 5);
      } catch (IOException e) {
        return -2;
      }
    });
    // Wait for the read to block, not for a set time: a wrong socket never lets go.
    for (int i = 0; i < 200 && socket.holdsBuffer(); i++) Thread.sleep(25);
    assertThat(socket.holdsBuffer()).isFalse();
    assertThat(waiting).isNotDone();
    out.write(new byte[] {1, 2, 3});
    assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(3);
  }

  /** Sends 300,000 random bytes in writes of random sizes (with pauses: light reads) and reads them in reads of random sizes. */
  private void assertEveryByteArrives(ReadAheadSocket socket, boolean pauses) throws Exception {
    byte[] sent = new byte[300_000];
    new Random(7).nextBytes(sent);
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      try (OutputStream out = far.getOutputStream()) {
        Random sizes = new Random(11);
        for (int at = 0; at < sent.length; ) {
          boolean small = pauses && sizes.nextInt(3) == 0;
          int n = Math.min(sent.length - at, 1 + sizes.nextInt(small ? 400 : 9000));
          out.write(sent, at, n);
          at += n;
          if (small) Thread.sleep(1); // the reader drains it alone: a light read
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    Random sizes = new Random(13);
    byte[] chunk = new byte[20_000];
    while (true) {
      int kind = sizes.nextInt(4);
      if (kind == 0) {
        int b = in.read();
        if (b < 0) break;
        received.write(b);
      } else {
        // 5 bytes (a TLS record header), a small read, or one larger than the buffer
        int want = kind == 1 ? 5 : kind == 2 ? 1 + sizes.nextInt(300) : ReadAheadSocket.BUFFER_SIZE + sizes.nextInt(10_000);
        int n = in.read(chunk, 0, want);
        if (n < 0) break;
        assertThat(n).isBetween(1, want);
        received.write(chunk, 0, n);
      }
    }
    writer.get(10, TimeUnit.SECONDS);
    assertThat(received.toByteArray()).isEqualTo(sent);
  }

  @Test
  void aShortReadTakesWhatTheSocketHolds() throws Exception {
    far.getOutputStream().write(new byte[1000]);
    InputStream in = new ReadAheadSocket(near).getInputStream();
    byte[] header = new byte[5];
    assertThat(in.read(header, 0, 5)).isEqualTo(5);
    // The rest came with the first read, once the kernel had it all: the peer's close now cannot
    // take it away, and it is counted as available.
    far.close();
    assertThat(in.available()).isGreaterThanOrEqualTo(995);
    assertThat(in.readAllBytes()).hasSize(995);
  }

  @Test
  void shuttingTheInputEndsABlockedRead() throws Exception {
    ReadAheadSocket socket = new ReadAheadSocket(near);
    CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
      try {
        return socket.getInputStream().read(new byte[10], 0, 10);
      } catch (IOException e) {
        return -2;
      }
    });
    Thread.sleep(100); // let the read block; it ends either way
    socket.shutdownInput();
    assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(-1);
    assertThat(near.isInputShutdown()).isTrue();
  }

  @Test
  void optionsAddressesAndCloseAreTheWrappedSockets() throws Exception {
    ReadAheadSocket socket = new ReadAheadSocket(near);
    socket.setTcpNoDelay(true);
    assertThat(near.getTcpNoDelay()).isTrue();
    socket.setSoTimeout(1234);
    assertThat(near.getSoTimeout()).isEqualTo(1234);
    assertThat(socket.getPort()).isEqualTo(near.getPort());
    assertThat(socket.getRemoteSocketAddress()).isEqualTo(near.getRemoteSocketAddress());
    assertThat(socket.isConnected()).isTrue();
    socket.close();
    assertThat(near.isClosed()).isTrue();
    assertThat(socket.isClosed()).isTrue();
  }

  @Test
  void tlsLayeredOverItBySocketOverCarriesRecordsBothWays() throws Exception {
    dev.courier.testsupport.TestPki pki = dev.courier.testsupport.TestPki.get();
    javax.net.ssl.SSLContext server = TlsContexts.server(pki.serverCert(), pki.serverKey());
    try (SSLServerSocket tlsListener = (SSLServerSocket) server.getServerSocketFactory()
        .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
        try (Socket accepted = tlsListener.accept()) {
          InputStream in = accepted.getInputStream();
          OutputStream out = accepted.getOutputStream();
          byte[] buffer = new byte[50_000];
          for (int n; (n = in.read(buffer)) > 0; ) out.write(buffer, 0, n);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      try (Socket tcp = new Socket(InetAddress.getLoopbackAddress(), tlsListener.getLocalPort());
           SSLSocket tls = TlsContexts.socketOver(pki.clientContext(), tcp, "127.0.0.1", tlsListener.getLocalPort())) {
        byte[] message = new byte[40_000]; // records of 16 KiB and a short one: both read paths
        new Random(3).nextBytes(message);
        for (int round = 0; round < 3; round++) {
          tls.getOutputStream().write(message);
          tls.getOutputStream().flush();
          assertThat(tls.getInputStream().readNBytes(message.length)).isEqualTo(message);
        }
        tls.getOutputStream().write("short".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(tls.getInputStream().readNBytes(5)).asString().isEqualTo("short");
      }
      echo.get(10, TimeUnit.SECONDS);
    }
  }
}

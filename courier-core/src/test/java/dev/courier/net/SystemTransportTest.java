package dev.courier.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemTransportTest {
  private static final ConnectOptions OPTIONS = ConnectOptions.defaults()
      .withReadTimeout(Duration.ofMillis(300));

  @Test
  void tcpEchoesAndReportsThePeerAndSourceAddress() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual().start(() -> {
        try (Socket s = server.accept()) {
          s.getOutputStream().write(s.getRemoteSocketAddress().toString().getBytes(StandardCharsets.US_ASCII));
        } catch (IOException ignored) {
          // test ends
        }
      });
      ConnectOptions bound = OPTIONS.withSourceAddress(new InetSocketAddress("127.0.0.1", 0));
      try (Connection c = Transport.system().connect(Endpoint.tcp("127.0.0.1", server.getLocalPort()), bound)) {
        assertThat(c.isOpen()).isTrue();
        assertThat(c.endpoint()).hasToString("127.0.0.1:" + server.getLocalPort());
        assertThat(c.tlsSession()).isEmpty();
        assertThat(new String(c.input().readAllBytes(), StandardCharsets.US_ASCII)).startsWith("/127.0.0.1:");
      }
    }
  }

  @Test
  void readTimeoutFiresOnASilentTcpPeer() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      try (Connection c = Transport.system().connect(Endpoint.tcp("127.0.0.1", server.getLocalPort()), OPTIONS)) {
        assertThat(c.readTimeout()).isEqualTo(Duration.ofMillis(300));
        assertThatThrownBy(() -> c.input().read()).isInstanceOf(SocketTimeoutException.class);
      }
    }
  }

  @Test
  void connectFailuresAreIoExceptions() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertThatThrownBy(() -> Transport.system().connect(Endpoint.tcp("127.0.0.1", port), OPTIONS))
        .isInstanceOf(java.net.ConnectException.class);
    assertThatThrownBy(() -> Transport.system().connect(Endpoint.tcp("no-such-host.invalid", 80), OPTIONS))
        .isInstanceOf(UnknownHostException.class);
    assertThatThrownBy(() -> Endpoint.tcp("h", 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unixSocketEchoesAndTimesOut(@TempDir Path dir) throws Exception {
    Path path = dir.resolve("s.sock");
    CountDownLatch release = new CountDownLatch(1);
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(path));
      Thread.ofVirtual().start(() -> {
        try (SocketChannel s = server.accept()) {
          ByteBuffer buffer = ByteBuffer.allocate(64);
          s.read(buffer);
          buffer.flip();
          s.write(buffer);
          release.await();
        } catch (IOException | InterruptedException ignored) {
          // test ends
        }
      });
      try (Connection c = Transport.system().connect(Endpoint.unix(path), OPTIONS)) {
        assertThat(c.endpoint()).hasToString("unix:" + path);
        c.output().write("ping".getBytes(StandardCharsets.US_ASCII));
        InputStream in = c.input();
        byte[] buffer = new byte[4];
        int n = 0;
        while (n < 4) {
          n += in.read(buffer, n, 4 - n);
        }
        assertThat(new String(buffer, StandardCharsets.US_ASCII)).isEqualTo("ping");
        assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
        assertThat(c.socket()).isEmpty();
        assertThatThrownBy(() -> TlsSettings.defaults().handshake(c, "x", 1, Duration.ZERO))
            .isInstanceOf(UnsupportedOperationException.class);
        release.countDown();
        c.readTimeout(Duration.ofSeconds(5));
        assertThat(in.read()).isEqualTo(-1);
      }
    }
  }

  @Test
  void missingUnixSocketFails(@TempDir Path dir) {
    assertThatThrownBy(() -> Transport.system().connect(Endpoint.unix(dir.resolve("none")), OPTIONS))
        .isInstanceOf(IOException.class);
  }
}

package dev.courier.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import dev.courier.testsupport.TestPki;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** Read timeouts kept by the watchdog, gentle waits, and closing from another thread. */
class ReadWatchdogTest {

  @Test
  void aReadPastItsTimeoutThrowsAndTheConnectionIsClosed() throws Exception {
    try (ServerSocket server = listen()) {
      ConnectOptions options = ConnectOptions.defaults().withReadTimeout(Duration.ofMillis(200));
      try (Connection c = connect(server, options); Socket peer = server.accept()) {
        Future<Integer> read = onPlatformThread(() -> c.input().read(new byte[16]));
        assertThatThrownBy(() -> awaitResult(read)).isInstanceOf(SocketTimeoutException.class)
            .hasMessage("Read timed out");
        assertThat(c.isOpen()).isFalse();
        assertThatThrownBy(() -> c.input().read(new byte[16])).isInstanceOf(IOException.class);
      }
    }
  }

  @Test
  void aReadThatIsAnsweredInTimeIsNotEnded() throws Exception {
    try (ServerSocket server = listen()) {
      ConnectOptions options = ConnectOptions.defaults().withReadTimeout(Duration.ofMillis(200));
      try (Connection c = connect(server, options); Socket peer = server.accept()) {
        OutputStream out = peer.getOutputStream();
        byte[] buffer = new byte[16];
        for (int i = 0; i < 50; i++) {
          out.write(i);
          assertThat(c.input().read(buffer)).isEqualTo(1);
          assertThat(buffer[0]).isEqualTo((byte) i);
        }
        assertThat(c.isOpen()).isTrue();
      }
    }
  }

  @Test
  void aGentleWaitLeavesTheConnectionUsable() throws Exception {
    try (ServerSocket server = listen()) {
      try (Connection c = connect(server, ConnectOptions.defaults()); Socket peer = server.accept()) {
        byte[] buffer = new byte[16];
        assertThatThrownBy(() -> c.readWithin(buffer, 0, buffer.length, Duration.ofMillis(20)))
            .isInstanceOf(SocketTimeoutException.class);
        assertThat(c.isOpen()).isTrue();
        peer.getOutputStream().write('x');
        assertThat(c.input().read(buffer)).isEqualTo(1);
        assertThat(buffer[0]).isEqualTo((byte) 'x');
        assertThat(c.readTimeout()).isEqualTo(ConnectOptions.DEFAULT_READ_TIMEOUT);
        peer.getOutputStream().write('y');
        assertThat(c.readWithin(buffer, 0, buffer.length, Duration.ofSeconds(30))).isEqualTo(1);
        assertThat(buffer[0]).isEqualTo((byte) 'y');
      }
    }
  }

  @Test
  void closingFromAnotherThreadEndsABlockedReadWithoutATimeout() throws Exception {
    try (ServerSocket server = listen()) {
      ConnectOptions options = ConnectOptions.defaults().withReadTimeout(Duration.ZERO);
      try (Connection c = connect(server, options); Socket peer = server.accept()) {
        CompletableFuture<Void> started = new CompletableFuture<>();
        Future<Integer> read = onPlatformThread(() -> {
          started.complete(null);
          return c.input().read(new byte[16]);
        });
        started.get();
        c.close(); // before or during the read: either way it must end, not hang
        assertThatThrownBy(() -> awaitResult(read)).isInstanceOf(IOException.class)
            .isNotInstanceOf(SocketTimeoutException.class);
      }
    }
  }

  @Test
  void overTlsAGentleWaitKeepsTheSessionAndALateReadTimesOut() throws Exception {
    TestPki pki = TestPki.get();
    SSLContext context = TlsContexts.server(pki.serverCert(), pki.serverKey());
    try (SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
        .createServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      CompletableFuture<SSLSocket> accepted = new CompletableFuture<>();
      Thread.ofVirtual().start(() -> {
        try {
          SSLSocket s = (SSLSocket) server.accept();
          s.startHandshake();
          accepted.complete(s);
        } catch (IOException e) {
          accepted.completeExceptionally(e);
        }
      });
      ConnectOptions options = ConnectOptions.defaults().withReadTimeout(Duration.ofMillis(200));
      Connection plain = connect(server, options);
      TlsSettings tls = TlsSettings.builder().trustedCertificates(pki.caCert()).build();
      try (Connection c = tls.handshake(plain, "localhost", server.getLocalPort(), Duration.ofSeconds(10));
          SSLSocket peer = accepted.get()) {
        byte[] buffer = new byte[16];
        assertThatThrownBy(() -> c.readWithin(buffer, 0, buffer.length, Duration.ofMillis(20)))
            .isInstanceOf(SocketTimeoutException.class);
        peer.getOutputStream().write('x');
        peer.getOutputStream().flush();
        assertThat(c.input().read(buffer)).isEqualTo(1);
        assertThat(buffer[0]).isEqualTo((byte) 'x');
        Future<Integer> read = onPlatformThread(() -> c.input().read(buffer));
        assertThatThrownBy(() -> awaitResult(read)).isInstanceOf(SocketTimeoutException.class);
        assertThat(c.isOpen()).isFalse();
      }
    }
  }

  private static ServerSocket listen() throws IOException {
    return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }

  private static Connection connect(ServerSocket server, ConnectOptions options) throws IOException {
    return Transport.system().connect(Endpoint.tcp("127.0.0.1", server.getLocalPort()), options);
  }

  private interface Read {
    int run() throws IOException;
  }

  private static Future<Integer> onPlatformThread(Read read) {
    CompletableFuture<Integer> result = new CompletableFuture<>();
    Thread.ofPlatform().daemon().start(() -> {
      try {
        result.complete(read.run());
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  /** The read's outcome; the long bound only keeps a broken build from hanging the suite. */
  private static int awaitResult(Future<Integer> read) throws Throwable {
    try {
      return read.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause();
    }
  }
}

package dev.courier.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.testsupport.FullHandshakes;
import dev.courier.testsupport.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * Closing a TLS connection while another thread reads from it (an HTTP/2 connection's reader,
 * a body being read) must not cost the TLS session: the JDK invalidates a session whose socket
 * failed under a read, and the next connection to that server then pays a full handshake. The
 * server here sends a small record every 100 µs or so, so the close catches the reader at every
 * point of its loop: waiting, decrypting a record, between two reads. (Each record arrives whole:
 * a close that cuts one in half is a truncated record to the JDK, a fatal error either way.)
 */
class TlsCloseWhileReadingTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Test
  void closingUnderABusyReaderKeepsTheSessionResumable() throws Exception {
    TestPki pki = TestPki.get();
    FullHandshakes full = new FullHandshakes(TlsIdentity.fromPem(pki.serverCert(), pki.serverKey()));
    TlsSettings trust = TlsSettings.builder().trustedCertificates(pki.caCert()).build();
    try (var listener = (SSLServerSocket) full.context().getServerSocketFactory()
        .createServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      listener.setSSLParameters(TlsContexts.serverParameters(full.context()));
      Thread.ofVirtual().start(() -> serveEndlessly(listener));
      int port = listener.getLocalPort();
      for (int i = 0; i < 200; i++) {
        Connection plain = Transport.system().connect(Endpoint.tcp("127.0.0.1", port), ConnectOptions.defaults());
        Connection tls = trust.handshake(plain, "localhost", port, TIMEOUT);
        // The first record comes after the session ticket (RFC 8446 section 4.6.1): the session
        // is resumable from here on.
        assertThat(tls.input().readNBytes(64)).hasSize(64);
        Thread reader = Thread.ofPlatform().start(() -> drain(tls.input()));
        long pause = ThreadLocalRandom.current().nextLong(2_000_000);
        Thread.sleep(Duration.ofNanos(pause));
        tls.close();
        reader.join(TIMEOUT);
        assertThat(reader.isAlive()).as("the read ended with the close; the reader is at %s",
            java.util.Arrays.toString(reader.getStackTrace())).isFalse();
        assertThat(full.count()).as("full handshakes after %d connections", i + 1).isEqualTo(1);
      }
    }
  }

  private static void serveEndlessly(SSLServerSocket listener) {
    while (!listener.isClosed()) {
      try {
        SSLSocket peer = (SSLSocket) listener.accept();
        peer.setTcpNoDelay(true); // else each small record waits for the client's delayed ACK
        Thread.ofVirtual().start(() -> {
          byte[] record = new byte[64];
          try (peer; OutputStream out = peer.getOutputStream()) {
            // A burst of 200 ms, far past the close (at most 2 ms in), then quiet until the client
            // goes: input shut beneath TLS still takes bytes that keep coming on Linux, and the
            // test is about the session, not about a reader fed for ever.
            for (int i = 0; i < 2_000; i++) {
              out.write(record);
              out.flush();
              LockSupport.parkNanos(100_000);
            }
            peer.getInputStream().transferTo(OutputStream.nullOutputStream());
          } catch (IOException clientWent) {
            // the client closed: the next one comes
          }
        });
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void drain(InputStream in) {
    byte[] buffer = new byte[256];
    try {
      while (in.read(buffer) >= 0) {
        // read on, as an HTTP/2 connection's reader does
      }
    } catch (IOException closed) {
      // how a read ended by the close may end
    }
  }
}

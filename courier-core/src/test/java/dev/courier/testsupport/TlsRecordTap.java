package dev.courier.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A relay on 127.0.0.1 between one client and a server that records the bytes each side sent:
 * to tell from outside how a TLS 1.2 connection ended, and how a client cut what it wrote into
 * records ({@link #clientRecords}). The JDK's TLS socket reads the end of a TCP
 * stream as if close_notify had come (unless {@code com.sun.net.ssl.requireCloseNotify} is set for
 * the whole JVM), so a client cannot tell; under TLS 1.2 an alert's record type is in the clear
 * (under 1.3 it is encrypted), and after the handshake the only alert a healthy connection ends
 * with is close_notify.
 *
 * <pre>{@code
 * try (TlsRecordTap tap = TlsRecordTap.to(server.port())) {
 *   // connect a TLS 1.2 client to tap.port(), read until the server's end
 *   assertThat(tap.endedWithAlert()).isTrue();
 * }
 * }</pre>
 */
public final class TlsRecordTap implements AutoCloseable {
  /** TLS record content type of an alert (RFC 5246 section 6.2.1). */
  private static final int ALERT = 21;

  private final ServerSocket listener;
  private final ByteArrayOutputStream fromServer = new ByteArrayOutputStream();
  private final ByteArrayOutputStream fromClient = new ByteArrayOutputStream();
  private final CountDownLatch serverEnded = new CountDownLatch(1);

  private TlsRecordTap(int serverPort) throws IOException {
    listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(() -> relay(serverPort));
  }

  /** A tap in front of the server on 127.0.0.1:{@code serverPort}. */
  public static TlsRecordTap to(int serverPort) throws IOException {
    return new TlsRecordTap(serverPort);
  }

  /** Where the client connects. */
  public int port() {
    return listener.getLocalPort();
  }

  private void relay(int serverPort) {
    try (Socket client = listener.accept(); Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort)) {
      Thread.ofVirtual().start(() -> pump(client, server, fromClient));
      pump(server, client, fromServer);
    } catch (IOException e) {
      // the test sees what was recorded
    } finally {
      serverEnded.countDown();
    }
  }

  private static void pump(Socket from, Socket to, ByteArrayOutputStream record) {
    byte[] buffer = new byte[8192];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int n; (n = in.read(buffer)) >= 0; ) {
        if (record != null) {
          synchronized (record) {
            record.write(buffer, 0, n);
          }
        }
        out.write(buffer, 0, n);
      }
      to.shutdownOutput();
    } catch (IOException e) {
      // reset or closed: the recording ends here
    }
  }

  /**
   * Waits until the server's stream ended, then says whether its last TLS record was an alert
   * (close_notify, on a connection that ended well) and nothing came after it.
   */
  public boolean endedWithAlert() throws InterruptedException {
    if (!serverEnded.await(10, TimeUnit.SECONDS)) throw new AssertionError("the server's stream did not end");
    byte[] bytes;
    synchronized (fromServer) {
      bytes = fromServer.toByteArray();
    }
    int last = -1;
    int at = 0;
    while (at + 5 <= bytes.length) {
      int length = (bytes[at + 3] & 0xff) << 8 | bytes[at + 4] & 0xff;
      if (at + 5 + length > bytes.length) return false; // a record cut short
      last = bytes[at] & 0xff;
      at += 5 + length;
    }
    return at == bytes.length && last == ALERT;
  }

  /**
   * The length of each TLS record the client has sent so far, handshake records included, in
   * order (RFC 8446 section 5.1: a 5-byte header whose last two bytes give the length).
   */
  public List<Integer> clientRecords() {
    byte[] bytes;
    synchronized (fromClient) {
      bytes = fromClient.toByteArray();
    }
    List<Integer> lengths = new ArrayList<>();
    for (int at = 0; at + 5 <= bytes.length; ) {
      int length = (bytes[at + 3] & 0xff) << 8 | bytes[at + 4] & 0xff;
      lengths.add(length);
      at += 5 + length;
    }
    return lengths;
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}

package dev.courier.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * One raw exchange with a server on loopback, as the fuzz targets drive it: the input goes out in
 * pieces of a given size while a second thread reads, then the client half-closes and reads the
 * whole answer until the server closes or falls silent.
 *
 * <pre>{@code
 * LoopbackExchange.Answer a = LoopbackExchange.send(port, new byte[0], input, 7, Duration.ofSeconds(15), 16 << 20);
 * assertThat(a.timedOut()).isFalse();
 * }</pre>
 */
final class LoopbackExchange {
  /** What the server sent, and whether it went silent for the whole timeout instead of closing. */
  record Answer(byte[] bytes, boolean timedOut) {}

  private LoopbackExchange() {}

  /**
   * Sends {@code first} in one write (a connection preface, or nothing), then {@code input} in
   * pieces of {@code piece} bytes, and reads the answer; an answer longer than {@code maxAnswer}
   * bytes fails the test, since no input of a fuzz run justifies it.
   */
  static Answer send(int port, byte[] first, byte[] input, int piece, Duration timeout, int maxAnswer)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
      socket.setSoTimeout((int) timeout.toMillis());
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      boolean[] timedOut = {false};
      // Read while writing: a server answering must never deadlock on a client that writes.
      Thread reader = Thread.ofVirtual().start(() -> {
        byte[] buf = new byte[16384];
        try {
          for (int n; (n = in.read(buf)) >= 0; ) {
            answer.write(buf, 0, n);
            if (answer.size() > maxAnswer) {
              throw new AssertionError("more than " + maxAnswer + " bytes of answer to " + input.length + " bytes");
            }
          }
        } catch (SocketTimeoutException e) {
          timedOut[0] = true;
        } catch (IOException e) {
          // reset by the server after an error answer or a GOAWAY: what arrived before counts
        }
      });
      OutputStream out = socket.getOutputStream();
      try {
        out.write(first);
        for (int off = 0; off < input.length; off += piece) {
          out.write(input, off, Math.min(piece, input.length - off));
          out.flush();
        }
        socket.shutdownOutput();
      } catch (IOException e) {
        // the server closed after an error: fine
      }
      try {
        reader.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      return new Answer(answer.toByteArray(), timedOut[0]);
    }
  }
}

package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link HttpConnection#endHeaders()} and {@link HttpConnection#send} put their bytes on the wire
 * at once, as Python's {@code endheaders()} and {@code send()} do: a body made piece by piece (a
 * live feed, or a protocol in which the server answers each piece before the next is made) is not
 * held back until the request ends. A server here answers each chunk with a line the client waits
 * for before sending the next one: with the pieces held back, both would wait for good.
 */
@Timeout(30)
class LiveSendTest {
  @Test
  void eachPieceReachesTheServerBeforeTheRequestEnds() throws Exception {
    BlockingQueue<String> received = new ArrayBlockingQueue<>(16);
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread server = Thread.ofVirtual().start(() -> echoChunks(listener, received));
      HttpConnection c = new HttpConnection("127.0.0.1", listener.getLocalPort());
      try {
        c.putRequest("POST", "/feed");
        c.putHeader("Transfer-Encoding", "chunked");
        c.endHeaders();
        assertThat(received.poll(10, TimeUnit.SECONDS)).as("the head, before any body").startsWith("POST /feed");
        for (String piece : new String[] {"one", "two", "three"}) {
          c.send(piece.getBytes(StandardCharsets.US_ASCII));
          assertThat(received.poll(10, TimeUnit.SECONDS)).as("sent at once").isEqualTo(piece);
        }
        HttpResponse r = c.getResponse();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new String(r.read(), StandardCharsets.US_ASCII)).isEqualTo("3 pieces");
      } finally {
        c.close();
      }
      server.join(10_000);
    }
  }

  /** Reads one chunked request, reporting its head and each chunk as it arrives, and answers. */
  private static void echoChunks(ServerSocket listener, BlockingQueue<String> received) {
    try (Socket s = listener.accept()) {
      InputStream in = s.getInputStream();
      String head = readUntil(in, "\r\n\r\n");
      received.add(head);
      int pieces = 0;
      while (true) {
        int size = Integer.parseInt(readUntil(in, "\r\n").trim(), 16);
        byte[] chunk = in.readNBytes(size);
        readUntil(in, "\r\n");
        if (size == 0) break;
        received.add(new String(chunk, StandardCharsets.US_ASCII));
        pieces++;
      }
      OutputStream out = s.getOutputStream();
      String body = pieces + " pieces";
      out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException e) {
      received.add("server failed: " + e);
    }
  }

  private static String readUntil(InputStream in, String end) throws IOException {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    while (!seen.toString(StandardCharsets.US_ASCII).endsWith(end)) {
      int b = in.read();
      if (b < 0) throw new IOException("ended after " + seen);
      seen.write(b);
    }
    return seen.toString(StandardCharsets.US_ASCII);
  }
}

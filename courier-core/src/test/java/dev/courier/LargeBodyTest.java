package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.error.IncompleteReadException;
import dev.courier.testsupport.ScriptedServer;
import dev.courier.testsupport.TestBytes;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Bodies of several MiB, in every framing, read whole and streamed in large and small reads: the
 * client reads large reads straight from the socket into the caller's array and small ones
 * through its own buffer (RFC 9112 section 6: the framing decides where the body ends either way).
 */
class LargeBodyTest {
  private static final byte[] BODY = TestBytes.random(3 * 1024 * 1024 + 17, 7);

  /** Serves BODY with the given framing, in uneven pieces, to every request on the connection. */
  private static ScriptedServer serving(String framing) throws Exception {
    return ScriptedServer.start(peer -> {
      while (true) {
        try {
          peer.readRequest();
        } catch (java.io.IOException | RuntimeException closed) {
          return;
        }
        switch (framing) {
          case "length" -> {
            peer.write("HTTP/1.1 200 OK\r\nContent-Length: " + BODY.length + "\r\n\r\n");
            writeInPieces(peer, BODY);
          }
          case "chunked" -> {
            peer.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            int at = 0;
            for (int size = 1; at < BODY.length; size = (size * 3 + 1) % 200_000) {
              int n = Math.min(size + 1, BODY.length - at);
              peer.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
              peer.write(java.util.Arrays.copyOfRange(BODY, at, at + n));
              peer.write("\r\n");
              at += n;
            }
            peer.write("0\r\nX-Sum: ok\r\n\r\n");
          }
          default -> { // delimited by the close
            peer.write("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n");
            writeInPieces(peer, BODY);
            peer.close();
            return;
          }
        }
      }
    });
  }

  private static void writeInPieces(ScriptedServer.Peer peer, byte[] bytes) throws Exception {
    int at = 0;
    for (int size = 1000; at < bytes.length; size = size * 2 % 300_000 + 1) {
      int n = Math.min(size, bytes.length - at);
      peer.write(java.util.Arrays.copyOfRange(bytes, at, at + n));
      at += n;
    }
  }

  private static byte[] readInPieces(InputStream in, int readSize) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[readSize];
    int n;
    while ((n = in.read(buffer)) >= 0) out.write(buffer, 0, n);
    return out.toByteArray();
  }

  @Test
  void everyFramingReadsWholeAndStreamedInLargeAndSmallReads() throws Exception {
    for (String framing : new String[] {"length", "chunked", "close"}) {
      try (ScriptedServer server = serving(framing); Session session = Session.builder().build()) {
        String url = "http://127.0.0.1:" + server.port() + "/";
        assertThat(session.get(url).bytes()).as(framing + ", whole").isEqualTo(BODY);
        for (int readSize : new int[] {64 * 1024, 8 * 1024, 100}) {
          try (Response r = session.send(Request.get(url).stream(true).build()); InputStream in = r.stream()) {
            assertThat(readInPieces(in, readSize)).as(framing + ", reads of " + readSize).isEqualTo(BODY);
            if (framing.equals("chunked")) assertThat(r.trailers().firstValue("X-Sum")).hasValue("ok");
          }
        }
        try (Response r = session.send(Request.get(url).stream(true).build())) {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          assertThat(r.stream().transferTo(out)).isEqualTo(BODY.length);
          assertThat(out.toByteArray()).as(framing + ", transferTo").isEqualTo(BODY);
        }
        if (!framing.equals("close")) assertThat(server.connections()).as(framing + " kept alive").isEqualTo(1);
      }
    }
  }

  /**
   * The JVM's count of bytes this thread allocated, through reflection: the module under test
   * does not read java.management, and core reflection needs no readability.
   */
  private static long allocatedByThisThread() throws Exception {
    Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
    return (long) Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes")
        .invoke(threads);
  }

  @Test
  void aLengthAnnouncedButNotSentIsNeitherAllocatedNorTakenForTheBody() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(peer -> {
      peer.readRequest();
      peer.write("HTTP/1.1 200 OK\r\nContent-Length: 60000000\r\n\r\n");
      peer.write(new byte[1000]);
      peer.close();
    }); Session session = Session.builder().build()) {
      String url = "http://127.0.0.1:" + server.port() + "/";
      // Once first, so that loading and linking the classes of the path is not counted: what that
      // allocates depends on which tests ran before in this JVM.
      assertThatThrownBy(() -> session.get(url).bytes()).isInstanceOf(IncompleteReadException.class);
      long before = allocatedByThisThread();
      assertThatThrownBy(() -> session.get(url).bytes()).isInstanceOf(IncompleteReadException.class);
      // The first buffer (1 MiB) and the exception, not the 60 MB the server announced.
      assertThat(allocatedByThisThread() - before).isLessThan(4L << 20);
    }
  }
}

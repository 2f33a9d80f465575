package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large body over TLS leaves in whole records (16 KiB of plaintext each, RFC 8446 section 5.1;
 * 16,383 bytes as the JDK's engine fills them under TLS 1.3),
 * whichever way it was written: every record costs the peer and the JDK's cipher a set-up of its
 * own, so a body cut into a full record and a small one at each buffer's end cost almost twice the
 * records it needs. Counted on the TCP stream beneath the client's TLS socket.
 */
class TlsRecordPackingTest {
  /** Longer than this on the wire, a record is a full one: it carries a whole record's plaintext and a tag. */
  private static final int RECORD = 16_384;
  private static final int BODY = 1 << 20;
  private static final byte[] HEAD = "HTTP/1.1 200 OK\r\nContent-Length: 1048576\r\n\r\n".getBytes();
  @TempDir Path dir;

  @Test
  void aFileAfterAHeadLeavesInWholeRecords() throws Exception {
    Path file = Files.write(dir.resolve("body.bin"), randomBytes(BODY));
    assertHeadAndBodyLeaveInWholeRecords(output -> {
      try (FileChannel channel = FileChannel.open(file)) {
        output.transferFrom(channel, 0, BODY);
      }
    });
  }

  @Test
  void smallWritesAreGatheredIntoWholeRecords() throws Exception {
    byte[] body = randomBytes(BODY);
    assertHeadAndBodyLeaveInWholeRecords(output -> {
      for (int at = 0; at < body.length; at += 1000) output.write(body, at, Math.min(1000, body.length - at));
    });
  }

  @Test
  void aLargeArrayAfterBufferedBytesLeavesInWholeRecords() throws Exception {
    byte[] body = randomBytes(BODY);
    assertHeadAndBodyLeaveInWholeRecords(output -> {
      output.write(body, 0, 100_000);
      output.write(body, 100_000, body.length - 100_000);
    });
  }

  /** A head, then {@code body} (its {@link #BODY} bytes), leave in whole records. */
  private static void assertHeadAndBodyLeaveInWholeRecords(Writes body) throws Exception {
    List<Integer> records = recordsOf(output -> {
      output.write(HEAD);
      body.to(output);
    });
    assertWholeRecords(records, HEAD.length + BODY);
  }

  /** What a response writes into a {@link SocketOutput} over TLS. */
  interface Writes {
    void to(SocketOutput output) throws IOException;
  }

  /** The lengths of the TLS records the client's TCP socket received while {@code writes} ran. */
  private static List<Integer> recordsOf(Writes writes) throws Exception {
    try (TlsLoopback loopback = TlsLoopback.open()) {
      CompletableFuture<List<Integer>> reading = CompletableFuture.supplyAsync(() -> readRecords(loopback));
      SocketOutput output = new SocketOutput(loopback.tls, () -> { }, new SocketOutput.WriteClock() {
        @Override
        public void begin(long bytes) {}

        @Override
        public void end() {}
      }, true);
      writes.to(output);
      output.flush();
      loopback.tls.shutdownOutput(); // close_notify, then the end of the TCP stream
      return reading.get(20, TimeUnit.SECONDS);
    }
  }

  private static List<Integer> readRecords(TlsLoopback loopback) {
    List<Integer> lengths = new ArrayList<>();
    try {
      DataInputStream in = new DataInputStream(loopback.raw.getInputStream());
      while (true) {
        in.readUnsignedByte(); // content type
        in.readUnsignedShort(); // legacy version
        int length = in.readUnsignedShort();
        in.skipNBytes(length);
        lengths.add(length);
      }
    } catch (EOFException end) {
      return lengths;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Every record of the body carries a whole 16 KiB but its last: a record longer than 16 KiB on
   * the wire is a full one (an AEAD record adds its tag); the short ones are the last of the body,
   * the session ticket sent after the handshake and the close_notify.
   */
  private static void assertWholeRecords(List<Integer> records, int plaintext) {
    long full = records.stream().filter(length -> length > RECORD).count();
    long small = records.size() - full;
    assertThat(full).as("full records in %s", records).isEqualTo(plaintext / SocketOutput.TLS_RECORD);
    assertThat(small).as("short records in %s", records).isLessThanOrEqualTo(3);
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(5).nextBytes(bytes);
    return bytes;
  }
}

package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.internal.TlsRecords;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What reaches the TLS socket beneath: the same bytes, in whole records until a flush. */
class WholeBlockOutputTest {
  private static final int RECORD = TlsRecords.PLAINTEXT;

  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private final List<Integer> writes = new ArrayList<>();
  private final OutputStream socket = new OutputStream() {
    @Override
    public void write(int b) {
      throw new AssertionError("single bytes never reach the socket");
    }

    @Override
    public void write(byte[] b, int off, int len) {
      writes.add(len);
      received.write(b, off, len);
    }
  };

  @Test
  void everyWriteBeforeTheFlushIsWholeRecordsAndTheBytesArriveInOrder() throws IOException {
    byte[] data = new byte[5 * RECORD + 1234];
    new Random(3).nextBytes(data);
    OutputStream out = WholeBlockOutput.tlsRecords(socket);
    int at = 0;
    for (int piece : new int[] {1, 100, RECORD - 101, RECORD, 2 * RECORD + 7, 1}) {
      if (piece == 1) {
        out.write(data[at]);
      } else {
        out.write(data, at, piece);
      }
      at += piece;
    }
    out.write(data, at, data.length - at);
    assertThat(writes).allSatisfy(length -> assertThat(length % RECORD).isZero());
    out.flush();
    assertThat(writes.get(writes.size() - 1)).isEqualTo(1234);
    assertThat(received.toByteArray()).isEqualTo(data);
  }

  @Test
  void smallWritesWaitForAFlush() throws IOException {
    OutputStream out = WholeBlockOutput.tlsRecords(socket);
    out.write(new byte[RECORD - 1]);
    assertThat(writes).isEmpty();
    out.write(new byte[1]);
    assertThat(writes).containsExactly(RECORD); // exactly full: sent at once
    out.write(new byte[10]);
    out.flush();
    out.flush();
    assertThat(writes).containsExactly(RECORD, 10);
  }
}

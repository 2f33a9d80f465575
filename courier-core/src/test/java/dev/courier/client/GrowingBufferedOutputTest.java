package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The growing buffer hands the stream beneath it exactly the writes a {@link BufferedOutputStream}
 * of its largest size would: the same bytes cut in the same places, so a head and a small body
 * still leave as one segment. Only the array it keeps meanwhile differs.
 */
class GrowingBufferedOutputTest {
  @Test
  void writesReachTheStreamBeneathAsBufferedOutputStreamSendsThem() throws IOException {
    Random random = new Random(34);
    for (int trial = 0; trial < 500; trial++) {
      Recorder grown = new Recorder();
      Recorder plain = new Recorder();
      try (OutputStream a = new GrowingBufferedOutput(grown, 64, 1024);
          OutputStream b = new BufferedOutputStream(plain, 1024)) {
        for (int op = 0; op < 40; op++) {
          int kind = random.nextInt(10);
          if (kind == 0) {
            a.flush();
            b.flush();
          } else if (kind == 1) {
            int value = random.nextInt(256);
            a.write(value);
            b.write(value);
          } else {
            int len = random.nextInt(kind == 2 ? 3000 : 400);
            byte[] bytes = new byte[len + 5];
            random.nextBytes(bytes);
            a.write(bytes, 2, len);
            b.write(bytes, 2, len);
          }
        }
      }
      assertThat(grown.writes).hasSameSizeAs(plain.writes);
      for (int i = 0; i < plain.writes.size(); i++) assertThat(grown.writes.get(i)).isEqualTo(plain.writes.get(i));
      assertThat(grown.closed).isTrue();
    }
  }

  @Test
  void aHeadAndASmallBodyLeaveInOneWriteAtTheFlush() throws IOException {
    Recorder beneath = new Recorder();
    GrowingBufferedOutput out = new GrowingBufferedOutput(beneath, 512, 8192);
    out.write(new byte[700]); // a head longer than the first array
    out.write(new byte[3000]); // a body
    assertThat(beneath.writes).isEmpty();
    out.flush();
    assertThat(beneath.writes).hasSize(1);
    assertThat(beneath.writes.get(0)).hasSize(3700);
  }

  @Test
  void theFirstSizeMustBePositiveAndAtMostTheMost() {
    assertThatThrownBy(() -> new GrowingBufferedOutput(new Recorder(), 0, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GrowingBufferedOutput(new Recorder(), 11, 10)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Keeps a copy of each write it is handed. */
  private static final class Recorder extends OutputStream {
    final List<byte[]> writes = new ArrayList<>();
    boolean closed;

    @Override
    public void write(int b) {
      writes.add(new byte[] {(byte) b});
    }

    @Override
    public void write(byte[] b, int off, int len) {
      writes.add(Arrays.copyOfRange(b, off, off + len));
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}

package dev.courier.http.h2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.http.ArrayLender;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A frame writer that borrows its buffer writes the same bytes as one that keeps its own, whatever
 * a lent array held before, and gives the buffer back only once every frame was drained.
 */
class FrameWriterLendingTest {
  /** Lends arrays full of garbage and poisons each one given back, as another connection would reuse it. */
  static final class PoisoningLender implements ArrayLender {
    final ArrayDeque<byte[]> free = new ArrayDeque<>();
    final Map<byte[], Boolean> lent = new IdentityHashMap<>();
    int givenBack;

    @Override
    public byte[] borrow(int minLength) {
      byte[] array = free.isEmpty() || free.peek().length < minLength ? new byte[Math.max(minLength, 64)] : free.pop();
      Arrays.fill(array, (byte) 0x55);
      lent.put(array, true);
      return array;
    }

    @Override
    public void giveBack(byte[] array) {
      givenBack++;
      lent.remove(array);
      Arrays.fill(array, (byte) 0xAA);
      free.push(array);
    }
  }

  /** The same frames, drained a part at a time into {@code sink}, from {@code writer}. */
  private static void writeSome(FrameWriter writer, ByteArrayOutputStream sink) {
    byte[] block = {(byte) 0x88};
    writer.writeSettingsAck();
    writer.writeHeaders(1, block, 0, block.length, false);
    byte[] body = new byte[40_000]; // larger than the first buffer: the writer grows it
    for (int i = 0; i < body.length; i++) body[i] = (byte) i;
    writer.writeData(1, body, 0, body.length, true);
    writer.writeWindowUpdate(0, 1000);
    byte[] part = new byte[7_000];
    int n;
    while ((n = writer.drainTo(part, 0, part.length)) > 0) sink.write(part, 0, n);
  }

  @Test
  void aLendingWriterWritesTheSameBytesAndGivesItsBufferBackOnceDrained() {
    ByteArrayOutputStream own = new ByteArrayOutputStream();
    writeSome(new FrameWriter(), own);

    PoisoningLender lender = new PoisoningLender();
    FrameWriter writer = new FrameWriter();
    writer.borrowBuffersFrom(lender);
    assertThat(writer.holdsBuffer()).isFalse();
    ByteArrayOutputStream lent = new ByteArrayOutputStream();
    writeSome(writer, lent);
    assertThat(lent.toByteArray()).isEqualTo(own.toByteArray());
    assertThat(lender.givenBack).isPositive(); // the smaller arrays went back as it grew

    writer.releaseBuffer();
    assertThat(writer.holdsBuffer()).isFalse();
    assertThat(lender.lent).isEmpty();

    // Written again after the release: the same bytes from a poisoned array.
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    writeSome(writer, again);
    assertThat(again.toByteArray()).isEqualTo(own.toByteArray());
  }

  @Test
  void aWriterWithFramesWaitingKeepsItsBuffer() {
    PoisoningLender lender = new PoisoningLender();
    FrameWriter writer = new FrameWriter();
    writer.borrowBuffersFrom(lender);
    writer.writePing(42);
    writer.releaseBuffer();
    assertThat(writer.holdsBuffer()).isTrue();
    byte[] ping = writer.drain();
    assertThat(ping).hasSize(FrameReader.HEADER_LENGTH + 8);
    assertThat(ping[3]).isEqualTo((byte) FrameType.PING.code());
    writer.releaseBuffer();
    assertThat(writer.holdsBuffer()).isFalse();
  }

  @Test
  void withoutALenderAWriterKeepsItsBuffer() {
    FrameWriter writer = new FrameWriter();
    writer.writePing(1);
    writer.drain();
    writer.releaseBuffer();
    assertThat(writer.holdsBuffer()).isTrue();
  }
}

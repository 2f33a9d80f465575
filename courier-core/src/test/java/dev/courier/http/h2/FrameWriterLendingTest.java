package dev.courier.http.h2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.testsupport.PoisoningLender;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * A frame writer that borrows its buffer writes the same bytes as one that keeps its own, whatever
 * a lent array held before, and gives the buffer back only once every frame was drained.
 */
class FrameWriterLendingTest {
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
    assertThat(lender.givenBack()).isPositive(); // the smaller arrays went back as it grew

    writer.releaseBuffer();
    assertThat(writer.holdsBuffer()).isFalse();
    assertThat(lender.out()).isZero();

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

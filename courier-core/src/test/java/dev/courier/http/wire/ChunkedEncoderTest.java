package dev.courier.http.wire;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ChunkedEncoderTest {
  private static String sizeLine(int size) {
    byte[] buf = new byte[ChunkedEncoder.MAX_SIZE_LINE];
    int end = ChunkedEncoder.writeSizeLine(size, buf, 0);
    assertThat(end).isEqualTo(ChunkedEncoder.sizeLineLength(size));
    return new String(buf, 0, end, ISO_8859_1);
  }

  @Test
  void sizeLinesAreLowerCaseHexWithoutLeadingZeros() {
    assertThat(sizeLine(1)).isEqualTo("1\r\n");
    assertThat(sizeLine(15)).isEqualTo("f\r\n");
    assertThat(sizeLine(16)).isEqualTo("10\r\n");
    assertThat(sizeLine(500)).isEqualTo("1f4\r\n");
    assertThat(sizeLine(8192)).isEqualTo("2000\r\n");
    assertThat(sizeLine(Integer.MAX_VALUE)).isEqualTo("7fffffff\r\n");
    assertThat(ChunkedEncoder.sizeLineLength(Integer.MAX_VALUE)).isEqualTo(ChunkedEncoder.MAX_SIZE_LINE);
  }

  @Test
  void aZeroOrNegativeSizeIsRefusedBecauseZeroEndsTheBody() {
    assertThatThrownBy(() -> ChunkedEncoder.writeSizeLine(0, new byte[10], 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChunkedEncoder.sizeLineLength(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void writesAtTheOffsetAndRefusesWhatDoesNotFit() {
    byte[] buf = new byte[8];
    Arrays.fill(buf, (byte) '.');
    assertThat(ChunkedEncoder.writeSizeLine(0xab, buf, 2)).isEqualTo(6);
    assertThat(new String(buf, ISO_8859_1)).isEqualTo("..ab\r\n..");
    assertThatThrownBy(() -> ChunkedEncoder.writeSizeLine(0xabc, buf, 4))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> ChunkedEncoder.writeBodyEnd(buf, 4))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void lastChunkAndBodyEnd() {
    byte[] buf = new byte[ChunkedEncoder.BODY_END];
    assertThat(ChunkedEncoder.writeLastChunk(buf, 0)).isEqualTo(3);
    assertThat(new String(buf, 0, 3, ISO_8859_1)).isEqualTo("0\r\n");
    assertThat(ChunkedEncoder.writeBodyEnd(buf, 0)).isEqualTo(ChunkedEncoder.BODY_END);
    assertThat(new String(buf, ISO_8859_1)).isEqualTo("0\r\n\r\n");
    assertThat(ChunkedEncoder.writeDataEnd(buf, 1)).isEqualTo(3);
  }

  @Test
  void encodedBodiesParseBackToTheSameBytes() {
    int[] sizes = {1, 9, 15, 16, 255, 256, 4095, 4096, 70_000};
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.writeBytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(ISO_8859_1));
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (int size : sizes) {
      byte[] data = new byte[size];
      Arrays.fill(data, (byte) ('a' + size % 26));
      expected.writeBytes(data);
      byte[] frame = new byte[ChunkedEncoder.MAX_SIZE_LINE + size + ChunkedEncoder.DATA_END];
      int at = ChunkedEncoder.writeSizeLine(size, frame, 0);
      System.arraycopy(data, 0, frame, at, size);
      wire.write(frame, 0, ChunkedEncoder.writeDataEnd(frame, at + size));
    }
    byte[] end = new byte[ChunkedEncoder.BODY_END];
    wire.write(end, 0, ChunkedEncoder.writeBodyEnd(end, 0));

    Http1Parser parser = Http1Parser.forResponses();
    parser.feed(wire.toByteArray());
    assertThat(parser.next()).isInstanceOf(ResponseHead.class);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    HttpEvent event;
    while ((event = parser.next()) instanceof BodyChunk chunk) body.writeBytes(chunk.data());
    assertThat(event).isInstanceOf(EndOfMessage.class);
    assertThat(body.toByteArray()).isEqualTo(expected.toByteArray());
  }
}

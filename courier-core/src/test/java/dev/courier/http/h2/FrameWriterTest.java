package dev.courier.http.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FrameWriterTest {
  private final FrameWriter writer = new FrameWriter();

  private List<Frame> readBack() {
    FrameReader reader = FrameReader.midConnection().maxFrameSize(writer.maxFrameSize());
    byte[] bytes = writer.drain();
    reader.feed(bytes, 0, bytes.length);
    List<Frame> frames = new ArrayList<>();
    for (Optional<Frame> f = reader.next(); f.isPresent(); f = reader.next()) frames.add(f.get());
    assertThat(reader.buffered()).isZero();
    return frames;
  }

  @Test
  void everyFrameTypeRoundTrips() {
    List<Frame> frames = List.of(
        new Frame.Settings(false, Settings.DEFAULTS.with(SettingsParameter.MAX_CONCURRENT_STREAMS, 100)
            .with(SettingsParameter.INITIAL_WINDOW_SIZE, 0x7fff_ffff).with(SettingsParameter.HEADER_TABLE_SIZE, 0xffff_ffffL)),
        Frame.Settings.ACK,
        new Frame.Data(1, "hello".getBytes(StandardCharsets.US_ASCII), true, 0),
        new Frame.Data(3, new byte[] {1, 2}, false, 7),
        new Frame.Data(3, new byte[0], false, 1),
        new Frame.Headers(5, new byte[] {(byte) 0x82}, true, true),
        new Frame.Headers(7, new byte[] {(byte) 0x82}, false, false, Optional.of(new Frame.Priority(7, 5, true, 256)), 3),
        new Frame.Continuation(7, new byte[] {(byte) 0x84}, true),
        new Frame.Priority(9, 1, false, 1),
        new Frame.RstStream(9, ErrorCode.CANCEL),
        new Frame.RstStream(9, 0xdead_beefL),
        new Frame.PushPromise(1, 2, new byte[] {(byte) 0x82}, true, 0),
        new Frame.PushPromise(1, 4, new byte[] {(byte) 0x82}, true, 10),
        new Frame.Ping(false, -1L),
        new Frame.Ping(true, 42),
        new Frame.GoAway(0x7fff_ffff, ErrorCode.NO_ERROR, "bye".getBytes(StandardCharsets.US_ASCII)),
        new Frame.WindowUpdate(0, 0x7fff_ffff),
        new Frame.WindowUpdate(3, 1),
        new Frame.Unknown(0xfa, 0xff, 11, new byte[] {9}));
    frames.forEach(writer::write);
    assertThat(FrameReaderTest.describe(readBack())).isEqualTo(FrameReaderTest.describe(frames));
  }

  @Test
  void settingsFrameBytes() {
    writer.writeSettings(Settings.DEFAULTS.with(SettingsParameter.ENABLE_PUSH, 0));
    writer.writeSettingsAck();
    assertThat(Hex.of(writer.drain())).isEqualTo("000006040000000000" + "000200000000" + "000000040100000000");
  }

  @Test
  void prefaceBytes() {
    writer.writePreface();
    assertThat(new String(writer.drain(), StandardCharsets.US_ASCII)).isEqualTo("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
  }

  @Test
  void longFieldBlocksAreSplitIntoContinuations() {
    byte[] block = new byte[16_384 * 2 + 10];
    for (int i = 0; i < block.length; i++) block[i] = (byte) i;
    writer.writeHeaders(1, block, 0, block.length, true);
    List<Frame> frames = readBack();
    assertThat(frames).hasSize(3);
    Frame.Headers first = (Frame.Headers) frames.get(0);
    assertThat(first.fragment()).hasSize(16_384);
    assertThat(first.endStream()).isTrue();
    assertThat(first.endHeaders()).isFalse();
    assertThat(((Frame.Continuation) frames.get(1)).endHeaders()).isFalse();
    Frame.Continuation last = (Frame.Continuation) frames.get(2);
    assertThat(last.endHeaders()).isTrue();
    assertThat(last.fragment()).hasSize(10);
    assertThat(last.fragment()[9]).isEqualTo(block[block.length - 1]);
  }

  @Test
  void pushPromiseSplitCountsThePromisedStreamField() {
    byte[] block = new byte[16_384];
    writer.writePushPromise(1, 2, block, 0, block.length);
    List<Frame> frames = readBack();
    assertThat(((Frame.PushPromise) frames.get(0)).fragment()).hasSize(16_380);
    assertThat(((Frame.Continuation) frames.get(1)).fragment()).hasSize(4);
  }

  @Test
  void dataIsSplitAtTheMaxFrameSizeWithEndStreamOnTheLast() {
    writer.maxFrameSize(20_000);
    byte[] body = new byte[45_000];
    writer.writeData(3, body, 0, body.length, true);
    writer.writeData(3, body, 0, 0, false);
    List<Frame> frames = readBack();
    assertThat(frames).extracting(f -> ((Frame.Data) f).data().length).containsExactly(20_000, 20_000, 5_000, 0);
    assertThat(frames).extracting(f -> ((Frame.Data) f).endStream()).containsExactly(false, false, true, false);
  }

  @Test
  void drainInPieces() {
    writer.writePing(1);
    writer.writeGoAway(3, ErrorCode.PROTOCOL_ERROR, "x");
    int total = writer.size();
    assertThat(total).isEqualTo(17 + 18);
    ByteBuffer small = ByteBuffer.allocate(10);
    assertThat(writer.drainTo(small)).isEqualTo(10);
    byte[] rest = new byte[100];
    assertThat(writer.drainTo(rest, 5, 95)).isEqualTo(total - 10);
    assertThat(writer.isEmpty()).isTrue();
    assertThat(rest[5 + 16 - 10]).isEqualTo((byte) 1); // the ping's last payload octet
  }

  @Test
  void ourOwnMistakesAreIllegalArguments() {
    assertThatThrownBy(() -> writer.writeData(0, new byte[1], 0, 1, false)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> writer.writeWindowUpdate(1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> writer.writePriority(1, 0, false, 257)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> writer.write(new Frame.Data(1, new byte[16_385], false))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> writer.maxFrameSize(1 << 24)).isInstanceOf(IllegalArgumentException.class);
    assertThat(writer.isEmpty()).isTrue();
  }
}

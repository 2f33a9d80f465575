package dev.courier.http.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FrameReaderTest {
  /** A frame as hex: the 9-octet header from its fields, then the payload. */
  static String frame(int length, int type, int flags, int streamId, String payload) {
    return String.format("%06x%02x%02x%08x", length, type, flags, streamId) + payload.replace(" ", "");
  }

  static String frame(int type, int flags, int streamId, String payload) {
    return frame(payload.replace(" ", "").length() / 2, type, flags, streamId, payload);
  }

  private static List<Frame> readAll(FrameReader reader, byte[] input) {
    reader.feed(input, 0, input.length);
    List<Frame> frames = new ArrayList<>();
    for (Optional<Frame> f = reader.next(); f.isPresent(); f = reader.next()) frames.add(f.get());
    return frames;
  }

  private static Frame one(String hex) {
    List<Frame> frames = readAll(FrameReader.midConnection(), Hex.bytes(hex));
    assertThat(frames).hasSize(1);
    return frames.get(0);
  }

  // ---- the rules, each with the error it is ----

  static Stream<Arguments> violations() {
    String priority5 = "00000003 0f";
    return Stream.of(
        // §6.1 DATA
        Arguments.of("DATA on stream 0", frame(0, 0, 0, "00"), true, ErrorCode.PROTOCOL_ERROR),
        Arguments.of("DATA padding equal to payload", frame(0, 0x8, 1, "02 00"), true, ErrorCode.PROTOCOL_ERROR),
        Arguments.of("DATA padding beyond payload", frame(0, 0x8, 1, "05 6869"), true, ErrorCode.PROTOCOL_ERROR),
        Arguments.of("DATA padded but empty", frame(0, 0x8, 1, ""), true, ErrorCode.FRAME_SIZE_ERROR),
        // §6.2 HEADERS
        Arguments.of("HEADERS on stream 0", frame(1, 0x4, 0, "82"), true, ErrorCode.PROTOCOL_ERROR),
        Arguments.of("HEADERS padding beyond fragment", frame(1, 0x4 | 0x8, 1, "02 82"), true, ErrorCode.PROTOCOL_ERROR),
        Arguments.of("HEADERS padding into priority", frame(1, 0x4 | 0x8 | 0x20, 3, "01 " + priority5), true,
            ErrorCode.PROTOCOL_ERROR),
        Arguments.of("HEADERS too short for priority", frame(1, 0x4 | 0x20, 3, "000000"), true, ErrorCode.FRAME_SIZE_ERROR),
        // §6.3 PRIORITY
        Arguments.of("PRIORITY on stream 0", frame(2, 0, 0, priority5), true, ErrorCode.PROTOCOL_ERROR),
        Arguments.of("PRIORITY of 4 octets", frame(2, 0, 1, "00000003"), false, ErrorCode.FRAME_SIZE_ERROR),
        Arguments.of("PRIORITY of 6 octets", frame(2, 0, 1, priority5 + "00"), false, ErrorCode.FRAME_SIZE_ERROR),
        Arguments.of("PRIORITY on itself", frame(2, 0, 3, priority5), false, ErrorCode.PROTOCOL_ERROR),
        // §6.4 RST_STREAM
        Arguments.of("RST_STREAM on stream 0", frame(3, 0, 0, "00000008"), true, ErrorCode.PROTOCOL_ERROR),
        Arguments.of("RST_STREAM of 3 octets", frame(3, 0, 1, "000008"), true, ErrorCode.FRAME_SIZE_ERROR),
        Arguments.of("RST_STREAM of 5 octets", frame(3, 0, 1, "0000000800"), true, ErrorCode.FRAME_SIZE_ERROR),
        // §6.5 SETTINGS
        Arguments.of("SETTINGS on a stream", frame(4, 0, 1, ""), true, ErrorCode.PROTOCOL_ERROR),
        Arguments.of("SETTINGS of 5 octets", frame(4, 0, 0, "0001000000"), true, ErrorCode.FRAME_SIZE_ERROR),
        Arguments.of("SETTINGS ACK with payload", frame(4, 1, 0, "000100001000"), true, ErrorCode.FRAME_SIZE_ERROR),
        Arguments.of("ENABLE_PUSH 2", frame(4, 0, 0, "000200000002"), true, ErrorCode.PROTOCOL_ERROR),
        Arguments.of("INITIAL_WINDOW_SIZE 2^31", frame(4, 0, 0, "000480000000"), true, ErrorCode.FLOW_CONTROL_ERROR),
        Arguments.of("MAX_FRAME_SIZE 2^14-1", frame(4, 0, 0, "000500003fff"), true, ErrorCode.PROTOCOL_ERROR),
        Arguments.of("MAX_FRAME_SIZE 2^24", frame(4, 0, 0, "000501000000"), true, ErrorCode.PROTOCOL_ERROR),
        // §6.6 PUSH_PROMISE
        Arguments.of("PUSH_PROMISE on stream 0", frame(5, 0x4, 0, "00000002"), true, ErrorCode.PROTOCOL_ERROR),
        Arguments.of("PUSH_PROMISE too short", frame(5, 0x4, 1, "000002"), true, ErrorCode.FRAME_SIZE_ERROR),
        // §6.7 PING
        Arguments.of("PING on a stream", frame(6, 0, 1, "0000000000000000"), true, ErrorCode.PROTOCOL_ERROR),
        Arguments.of("PING of 7 octets", frame(6, 0, 0, "00000000000000"), true, ErrorCode.FRAME_SIZE_ERROR),
        Arguments.of("PING of 9 octets", frame(6, 0, 0, "000000000000000000"), true, ErrorCode.FRAME_SIZE_ERROR),
        // §6.8 GOAWAY
        Arguments.of("GOAWAY on a stream", frame(7, 0, 1, "0000000000000000"), true, ErrorCode.PROTOCOL_ERROR),
        Arguments.of("GOAWAY of 7 octets", frame(7, 0, 0, "00000000000000"), true, ErrorCode.FRAME_SIZE_ERROR),
        // §6.9 WINDOW_UPDATE
        Arguments.of("WINDOW_UPDATE 0 on a stream", frame(8, 0, 1, "00000000"), false, ErrorCode.PROTOCOL_ERROR),
        Arguments.of("WINDOW_UPDATE 0 on the connection", frame(8, 0, 0, "00000000"), true, ErrorCode.PROTOCOL_ERROR),
        Arguments.of("WINDOW_UPDATE 0 with the reserved bit", frame(8, 0, 1, "80000000"), false, ErrorCode.PROTOCOL_ERROR),
        Arguments.of("WINDOW_UPDATE of 3 octets", frame(8, 0, 1, "000001"), true, ErrorCode.FRAME_SIZE_ERROR),
        Arguments.of("WINDOW_UPDATE of 5 octets", frame(8, 0, 0, "0000000100"), true, ErrorCode.FRAME_SIZE_ERROR),
        // §6.10 CONTINUATION and the field block sequence (§6.2)
        Arguments.of("CONTINUATION alone", frame(9, 0x4, 1, "82"), true, ErrorCode.PROTOCOL_ERROR),
        Arguments.of("CONTINUATION after an ended block", frame(1, 0x4, 1, "82") + frame(9, 0x4, 1, "82"), true,
            ErrorCode.PROTOCOL_ERROR),
        Arguments.of("CONTINUATION on another stream", frame(1, 0, 1, "82") + frame(9, 0x4, 3, "82"), true,
            ErrorCode.PROTOCOL_ERROR),
        Arguments.of("DATA inside a field block", frame(1, 0, 1, "82") + frame(0, 0, 1, "00"), true,
            ErrorCode.PROTOCOL_ERROR),
        Arguments.of("unknown frame inside a field block", frame(1, 0, 1, "82") + frame(0x42, 0, 1, ""), true,
            ErrorCode.PROTOCOL_ERROR),
        Arguments.of("PUSH_PROMISE block interrupted", frame(5, 0, 1, "00000002") + frame(8, 0, 0, "00000001"), true,
            ErrorCode.PROTOCOL_ERROR),
        // §4.2 frame size
        Arguments.of("payload above 16384", frame(16_385, 0, 0, 1, ""), true, ErrorCode.FRAME_SIZE_ERROR));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("violations")
  void eachRuleHasItsError(String rule, String hex, boolean connection, ErrorCode code) {
    FrameReader reader = FrameReader.midConnection();
    byte[] input = Hex.bytes(hex);
    reader.feed(input, 0, input.length);
    assertThatThrownBy(() -> {
      while (reader.next().isPresent()) { /* frames before the bad one */ }
    }).isInstanceOfSatisfying(H2Exception.class, e -> {
      assertThat(e.errorCode()).as(rule).isEqualTo(code);
      assertThat(e.isConnectionError()).as(rule + ": connection error").isEqualTo(connection);
      if (!connection) assertThat(e.streamId()).isNotZero();
    }).isInstanceOf(dev.courier.error.HttpProtocolException.class);
  }

  @Test
  void afterAStreamErrorReadingGoesOn() {
    FrameReader reader = FrameReader.midConnection();
    byte[] input = Hex.bytes(frame(8, 0, 5, "00000000") + frame(6, 0, 0, "0000000000000007"));
    reader.feed(input, 0, input.length);
    assertThatThrownBy(reader::next).isInstanceOfSatisfying(H2Exception.class, e -> {
      assertThat(e.streamId()).isEqualTo(5);
      assertThat(e.getMessage()).contains("stream error on stream 5", "PROTOCOL_ERROR");
    });
    assertThat(reader.next()).contains(new Frame.Ping(false, 7));
  }

  @Test
  void afterAConnectionErrorEveryCallFails() {
    FrameReader reader = FrameReader.midConnection();
    byte[] input = Hex.bytes(frame(6, 0, 1, "0000000000000000") + frame(6, 0, 0, "0000000000000007"));
    reader.feed(input, 0, input.length);
    H2Exception first = (H2Exception) org.assertj.core.api.Assertions.catchThrowable(reader::next);
    assertThat(first.isConnectionError()).isTrue();
    assertThatThrownBy(reader::next).isSameAs(first);
  }

  // ---- what is accepted ----

  @Test
  void paddingIsStrippedAndCountedForFlowControl() {
    Frame.Data d = (Frame.Data) one(frame(0, 0x8 | 0x1, 1, "03 6869 000000"));
    assertThat(d.data()).asString(StandardCharsets.US_ASCII).isEqualTo("hi");
    assertThat(d.endStream()).isTrue();
    assertThat(d.padding()).isEqualTo(4);
    assertThat(d.flowControlledLength()).isEqualTo(6);
    // Padding that leaves no data is fine: the pad length is below the payload length.
    assertThat(((Frame.Data) one(frame(0, 0x8, 1, "00"))).data()).isEmpty();
  }

  @Test
  void headersWithPriorityAndPadding() {
    Frame.Headers h = (Frame.Headers) one(frame(1, 0x4 | 0x8 | 0x20, 3, "01 80000001 0f 82 00"));
    assertThat(h.fragment()).containsExactly(0x82);
    assertThat(h.endHeaders()).isTrue();
    assertThat(h.endStream()).isFalse();
    assertThat(h.priority()).contains(new Frame.Priority(3, 1, true, 16));
    assertThat(h.dependsOnItself()).isFalse();
    assertThat(((Frame.Headers) one(frame(1, 0x24, 3, "00000003 0f"))).dependsOnItself()).isTrue();
  }

  @Test
  void reservedBitsAndUndefinedFlagsAreIgnored() {
    Frame.WindowUpdate w = (Frame.WindowUpdate) one(frame(8, 0xff, 0x8000_0003, "80000010"));
    assertThat(w).isEqualTo(new Frame.WindowUpdate(3, 16));
    assertThat(one(frame(6, 0xfe, 0, "0000000000000001"))).isEqualTo(new Frame.Ping(false, 1));
  }

  @Test
  void unknownFramesAndSettingsAreKeptToBeIgnored() {
    Frame.Unknown u = (Frame.Unknown) one(frame(0x42, 0x3, 7, "abcd"));
    assertThat(u.type()).isEqualTo(0x42);
    assertThat(u.flags()).isEqualTo(3);
    assertThat(u.payload()).containsExactly(0xab, 0xcd);
    // §6.5.2: an unknown identifier (0xff) is ignored; the known one is kept.
    Frame.Settings s = (Frame.Settings) one(frame(4, 0, 0, "00ff00000001 000300000064"));
    assertThat(s.settings()).isEqualTo(Settings.DEFAULTS.with(SettingsParameter.MAX_CONCURRENT_STREAMS, 100));
  }

  @Test
  void settingsLastValueWins() {
    Frame.Settings s = (Frame.Settings) one(frame(4, 0, 0, "000400000001 000400000002"));
    assertThat(s.settings().initialWindowSize()).isEqualTo(2);
  }

  @Test
  void pingGoAwayRstStream() {
    assertThat(one(frame(6, 1, 0, "0102030405060708"))).isEqualTo(new Frame.Ping(true, 0x0102030405060708L));
    Frame.GoAway g = (Frame.GoAway) one(frame(7, 0, 0, "80000005 0000000b 6869"));
    assertThat(g.lastStreamId()).isEqualTo(5);
    assertThat(g.error()).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM);
    assertThat(g.debugData()).asString(StandardCharsets.US_ASCII).isEqualTo("hi");
    Frame.RstStream r = (Frame.RstStream) one(frame(3, 0, 1, "ffffffff"));
    assertThat(r.errorCode()).isEqualTo(0xffff_ffffL);
    assertThat(r.error()).isEqualTo(ErrorCode.INTERNAL_ERROR);
  }

  @Test
  void aLargerMaxFrameSizeOnceAcknowledged() {
    FrameReader reader = FrameReader.midConnection().maxFrameSize(20_000);
    byte[] input = Hex.bytes(frame(0, 0, 1, "00".repeat(20_000)));
    assertThat(readAll(reader, input)).singleElement()
        .satisfies(f -> assertThat(((Frame.Data) f).data()).hasSize(20_000));
    assertThatThrownBy(() -> reader.maxFrameSize(16_383)).isInstanceOf(IllegalArgumentException.class);
  }

  // ---- preface and first frame (§3.4) ----

  @Test
  void serverExpectsThePrefaceThenSettings() {
    String preface = Hex.of(FrameReader.PREFACE);
    FrameReader ok = FrameReader.forServer();
    assertThat(readAll(ok, Hex.bytes(preface + frame(4, 0, 0, "") + frame(6, 0, 0, "0000000000000000"))))
        .containsExactly(new Frame.Settings(false, Settings.DEFAULTS), new Frame.Ping(false, 0));

    FrameReader http1 = FrameReader.forServer();
    byte[] get = "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
    http1.feed(get, 0, 3);
    assertThatThrownBy(http1::next).isInstanceOfSatisfying(H2Exception.class,
        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.PROTOCOL_ERROR));

    FrameReader noSettings = FrameReader.forServer();
    byte[] ping = Hex.bytes(preface + frame(6, 0, 0, "0000000000000000"));
    noSettings.feed(ping, 0, ping.length);
    assertThatThrownBy(noSettings::next).isInstanceOf(H2Exception.class);
  }

  @Test
  void clientExpectsSettingsFirstButNoPreface() {
    FrameReader reader = FrameReader.forClient();
    byte[] ack = Hex.bytes(frame(4, 1, 0, ""));
    reader.feed(ack, 0, ack.length);
    assertThatThrownBy(reader::next).isInstanceOf(H2Exception.class).hasMessageContaining("SETTINGS");
    assertThat(readAll(FrameReader.forClient(), Hex.bytes(frame(4, 0, 0, "000300000064")))).hasSize(1);
  }

  // ---- field blocks and CONTINUATION floods ----

  @Test
  void aFieldBlockMayContinueOnItsStream() {
    List<Frame> frames = readAll(FrameReader.midConnection(),
        Hex.bytes(frame(1, 0x1, 1, "82") + frame(9, 0, 1, "86") + frame(9, 0x4, 1, "84") + frame(0, 1, 1, "")));
    assertThat(frames).hasSize(4);
    assertThat(frames.get(2)).isInstanceOfSatisfying(Frame.Continuation.class, c -> assertThat(c.endHeaders()).isTrue());
  }

  @Test
  void continuationFloodIsStopped() {
    FrameReader reader = FrameReader.midConnection().maxHeaderBlockSize(1000);
    StringBuilder hex = new StringBuilder(frame(1, 0, 1, "82"));
    // Empty CONTINUATIONs cost their 9 header octets each, so even they run into the bound.
    for (int i = 0; i < 200; i++) hex.append(frame(9, 0, 1, ""));
    byte[] input = Hex.bytes(hex.toString());
    reader.feed(input, 0, input.length);
    assertThatThrownBy(() -> {
      while (reader.next().isPresent()) { /* the block's frames */ }
    }).isInstanceOfSatisfying(H2Exception.class, e -> {
      assertThat(e.errorCode()).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM);
      assertThat(e.isConnectionError()).isTrue();
    });
  }

  // ---- incremental feeding ----

  @Test
  void everySplitPointGivesTheSameFrames() {
    String stream = Hex.of(FrameReader.PREFACE) + frame(4, 0, 0, "000300000064") + frame(1, 0x20, 1, "00000000 0f 8286")
        + frame(9, 0x4, 1, "84") + frame(0, 0x9, 1, "02 6869 0000") + frame(6, 0, 0, "0000000000000001")
        + frame(0x42, 0, 0, "ff") + frame(8, 0, 0, "00010000");
    byte[] input = Hex.bytes(stream);
    List<String> expected = describe(readAll(FrameReader.forServer(), input));
    assertThat(expected).hasSize(7);
    for (int split = 0; split <= input.length; split++) {
      FrameReader reader = FrameReader.forServer();
      List<Frame> frames = new ArrayList<>();
      frames.addAll(readAll(reader, java.util.Arrays.copyOfRange(input, 0, split)));
      frames.addAll(readAll(reader, java.util.Arrays.copyOfRange(input, split, input.length)));
      assertThat(describe(frames)).as("split at %d", split).isEqualTo(expected);
    }
    // One byte at a time, through the ByteBuffer entry.
    FrameReader reader = FrameReader.forServer();
    List<Frame> frames = new ArrayList<>();
    for (byte b : input) {
      reader.feed(ByteBuffer.wrap(new byte[] {b}));
      for (Optional<Frame> f = reader.next(); f.isPresent(); f = reader.next()) frames.add(f.get());
    }
    assertThat(describe(frames)).isEqualTo(expected);
    assertThat(reader.buffered()).isZero();
  }

  /** Frames as text, arrays included, so that lists compare by content. */
  static List<String> describe(List<Frame> frames) {
    return frames.stream().map(FrameReaderTest::describe).toList();
  }

  static String describe(Frame f) {
    return switch (f) {
      case Frame.Data d -> "DATA " + d.streamId() + " " + Hex.of(d.data()) + " " + d.endStream() + " " + d.padding();
      case Frame.Headers h -> "HEADERS " + h.streamId() + " " + Hex.of(h.fragment()) + " " + h.endStream() + " "
          + h.endHeaders() + " " + h.priority() + " " + h.padding();
      case Frame.PushPromise p -> "PUSH_PROMISE " + p.streamId() + " " + p.promisedStreamId() + " "
          + Hex.of(p.fragment()) + " " + p.endHeaders() + " " + p.padding();
      case Frame.GoAway g -> "GOAWAY " + g.lastStreamId() + " " + g.errorCode() + " " + Hex.of(g.debugData());
      case Frame.Continuation c -> "CONTINUATION " + c.streamId() + " " + Hex.of(c.fragment()) + " " + c.endHeaders();
      case Frame.Unknown u -> "UNKNOWN " + u.type() + " " + u.flags() + " " + u.streamId() + " " + Hex.of(u.payload());
      default -> f.toString();
    };
  }
}

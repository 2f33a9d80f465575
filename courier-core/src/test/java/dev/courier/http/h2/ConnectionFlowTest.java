package dev.courier.http.h2;

import static dev.courier.http.h2.H2Errors.assertConnectionError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ConnectionFlow}: the connection's windows both ways and the peer's SETTINGS (RFC 9113 section 6.9). */
class ConnectionFlowTest {
  @Test
  void dataTakesCreditFromTheStreamAndTheConnectionAtOnceFrameByFrame() {
    ConnectionFlow flow = new ConnectionFlow(1 << 20);
    FlowWindow stream = flow.streamWindow(1);
    assertThat(flow.take(stream, 100_000, 16_384)).isEqualTo(16_384); // one frame at most
    assertThat(flow.take(stream, 100_000, 100_000)).isEqualTo(65_535 - 16_384);
    assertThat(flow.take(stream, 1, 16_384)).as("both windows empty").isZero();
    stream.increase(1000);
    assertThat(flow.take(stream, 10, 16_384)).as("the connection's window is still empty").isZero();
    flow.increase(5);
    assertThat(flow.take(stream, 10, 16_384)).isEqualTo(5);
  }

  @Test
  void aNewInitialWindowSizeMovesTheOpenStreamsAndTheNewOnes() {
    ConnectionFlow flow = new ConnectionFlow(1 << 20);
    FlowWindow open = flow.streamWindow(1);
    open.take(60_000);
    Settings smaller = Settings.DEFAULTS.with(SettingsParameter.INITIAL_WINDOW_SIZE, 16_384);
    assertThat(flow.apply(smaller, List.of(open))).isTrue();
    assertThat(open.available()).isEqualTo(16_384 - 60_000); // may go negative (section 6.9.2)
    assertThat(flow.streamWindow(3).available()).isEqualTo(16_384);
    assertThat(flow.peer().initialWindowSize()).isEqualTo(16_384);
    assertThat(flow.apply(Settings.DEFAULTS.with(SettingsParameter.MAX_FRAME_SIZE, 32_768), List.of(open)))
        .as("no change of the initial window").isFalse();
    assertThat(flow.peer().maxFrameSize()).isEqualTo(32_768);
  }

  @Test
  void aStreamWindowPushedPast2To31IsAConnectionError() {
    ConnectionFlow flow = new ConnectionFlow(1 << 20);
    FlowWindow open = flow.streamWindow(1);
    open.increase(FlowWindow.MAX_WINDOW - 65_535);
    Settings larger = Settings.DEFAULTS.with(SettingsParameter.INITIAL_WINDOW_SIZE, 70_000);
    assertConnectionError(ErrorCode.FLOW_CONTROL_ERROR, () -> flow.apply(larger, List.of(open)));
  }

  @Test
  void theReceiveWindowWidensFirstThenGivesCreditBackByQuarters() {
    ConnectionFlow flow = new ConnectionFlow(200_000);
    assertThat(flow.initialUpdate()).isEqualTo(200_000 - 65_535);
    flow.received(150_000);
    assertThat(flow.consumed(49_999)).as("less than a quarter of the window").isZero();
    assertThat(flow.consumed(1)).isEqualTo(50_000);
    assertThat(flow.consumed(60_000)).isEqualTo(60_000);
    assertConnectionError(ErrorCode.FLOW_CONTROL_ERROR, () -> flow.received(200_000));
  }

  @Test
  void theReceiveWindowIsLentUpToItsMaximumAndNoFurther() {
    ConnectionFlow flow = new ConnectionFlow(1 << 20, 8 << 20);
    flow.initialUpdate();
    assertThat(flow.lend(Long.MAX_VALUE).increment()).isEqualTo(7 << 20);
    assertThat(flow.lend(1)).isEqualTo(InboundWindow.Widening.NONE);
    flow.received(8 << 20);
    assertConnectionError(ErrorCode.FLOW_CONTROL_ERROR, () -> flow.received(1));
  }

  @Test
  void theRoundTripIsTheSmallestFromSettingsToTheirAcknowledgement() {
    ConnectionFlow flow = new ConnectionFlow(1 << 20);
    flow.settingsAcknowledged(5);
    assertThat(flow.roundTripNanos()).as("an acknowledgement of nothing we sent").isZero();
    flow.settingsSent(1_000);
    flow.settingsSent(2_000);
    flow.settingsAcknowledged(41_000);
    assertThat(flow.roundTripNanos()).isEqualTo(40_000);
    flow.settingsAcknowledged(62_000);
    assertThat(flow.roundTripNanos()).as("the second took longer").isEqualTo(40_000);
    flow.settingsSent(100_000);
    flow.settingsAcknowledged(130_000);
    assertThat(flow.roundTripNanos()).isEqualTo(30_000);
  }

  @Test
  void streamsGrowByTheMeasuredRoundTripAndNewStreamsStartAsWide() {
    ConnectionFlow flow = new ConnectionFlow(1 << 20, 4 << 20);
    flow.settingsSent(0);
    flow.settingsAcknowledged(100);
    InboundWindow first = InboundWindow.forStream(1, 1000, 64_000);
    for (long now = 0; now < 150; now += 50) { // three updates 50 apart: the last two grow it fourfold
      int n = (int) first.available();
      first.received(n);
      flow.received(n);
      flow.consumed(n, now);
      flow.consumed(first, n, now);
    }
    assertThat(first.target()).isEqualTo(16_000);
    InboundWindow next = InboundWindow.forStream(3, 1000, 64_000);
    assertThat(flow.widen(next)).isEqualTo(15_000);
    assertThat(next.available()).isEqualTo(16_000);
    assertThat(flow.widen(InboundWindow.forStream(5, 1000))).as("a stream with no room to grow").isZero();
  }
}

package dev.courier.http.h2;

import static dev.courier.http.h2.H2Errors.assertConnectionError;
import static dev.courier.http.h2.H2Errors.assertStreamError;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FlowWindowTest {
  @Test
  void takeGrantsNoMoreThanTheWindow() {
    FlowWindow w = FlowWindow.forStream(1, 100);
    assertThat(w.take(60)).isEqualTo(60);
    assertThat(w.take(60)).isEqualTo(40);
    assertThat(w.take(60)).isZero();
    w.increase(10);
    assertThat(w.take(60)).isEqualTo(10);
  }

  @Test
  void overflowAbove2To31IsAFlowControlErrorOfTheRightKind() {
    FlowWindow stream = FlowWindow.forStream(3, FlowWindow.MAX_WINDOW);
    assertStreamError(3, ErrorCode.FLOW_CONTROL_ERROR, () -> stream.increase(1));
    FlowWindow connection = FlowWindow.forConnection();
    assertConnectionError(ErrorCode.FLOW_CONTROL_ERROR, () -> connection.increase(FlowWindow.MAX_WINDOW));
  }

  @Test
  void aZeroIncrementIsAProtocolError() {
    assertStreamError(5, ErrorCode.PROTOCOL_ERROR, () -> FlowWindow.forStream(5, 10).increase(0));
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, () -> FlowWindow.forConnection().increase(0));
  }

  @Test
  void aSmallerInitialWindowMayLeaveTheWindowNegative() {
    FlowWindow w = FlowWindow.forStream(1, 65_535);
    w.take(60_000);
    w.adjust(16_384 - 65_535); // SETTINGS_INITIAL_WINDOW_SIZE 16384 (RFC 9113 section 6.9.2)
    assertThat(w.available()).isEqualTo(16_384 - 60_000);
    assertThat(w.take(1)).isZero();
    w.increase(60_000);
    assertThat(w.available()).isEqualTo(16_384);
  }

  @Test
  void anInitialWindowChangePast2To31IsAConnectionError() {
    FlowWindow w = FlowWindow.forStream(1, FlowWindow.MAX_WINDOW - 10);
    assertConnectionError(ErrorCode.FLOW_CONTROL_ERROR, () -> w.adjust(11));
  }
}

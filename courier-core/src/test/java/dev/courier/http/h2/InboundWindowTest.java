package dev.courier.http.h2;

import static dev.courier.http.h2.H2Errors.assertConnectionError;
import static dev.courier.http.h2.H2Errors.assertStreamError;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InboundWindowTest {
  @Test
  void anUpdateIsDueOnlyOnceHalfTheWindowWasConsumed() {
    InboundWindow w = InboundWindow.forStream(1, 1000);
    w.received(1000);
    assertThat(w.consumed(100)).as("not worth a frame yet").isZero();
    assertThat(w.consumed(399)).isZero();
    assertThat(w.consumed(1)).isEqualTo(500);
    assertThat(w.available()).isEqualTo(500);
    assertThat(w.consumed(500)).isEqualTo(500);
    assertThat(w.available()).isEqualTo(1000);
  }

  @Test
  void aReaderThatStopsReadingStopsTheUpdates() {
    InboundWindow w = InboundWindow.forStream(1, 1000);
    w.received(1000);
    assertThat(w.available()).isZero();
    assertStreamError(1, ErrorCode.FLOW_CONTROL_ERROR, () -> w.received(1));
  }

  @Test
  void theConnectionWindowStartsAt65535AndIsWidenedByAFirstUpdate() {
    InboundWindow w = InboundWindow.forConnection(1 << 20);
    assertThat(w.available()).isEqualTo(65_535);
    assertThat(w.initialUpdate()).isEqualTo((1 << 20) - 65_535);
    assertThat(w.available()).isEqualTo(1 << 20);
    w.received(1 << 20);
    assertConnectionError(ErrorCode.FLOW_CONTROL_ERROR, () -> w.received(1));
  }
}

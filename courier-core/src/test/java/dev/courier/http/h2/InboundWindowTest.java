package dev.courier.http.h2;

import static dev.courier.http.h2.H2Errors.assertConnectionError;
import static dev.courier.http.h2.H2Errors.assertStreamError;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InboundWindowTest {
  @Test
  void anUpdateIsDueOnlyOnceAQuarterOfTheWindowWasConsumed() {
    InboundWindow w = InboundWindow.forStream(1, 1000);
    w.received(1000);
    assertThat(w.consumed(100)).as("not worth a frame yet").isZero();
    assertThat(w.consumed(149)).isZero();
    assertThat(w.consumed(1)).isEqualTo(250);
    assertThat(w.available()).isEqualTo(250);
    assertThat(w.consumed(750)).isEqualTo(750);
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

  // Growth: a WINDOW_UPDATE due less than one round trip after the previous one grows the target fourfold.

  @Test
  void aWindowWhoseUpdatesComeWithinARoundTripGrowsFourfoldAndTheUpdateCarriesTheGrowth() {
    InboundWindow w = InboundWindow.forStream(1, 1000, 64_000);
    w.received(250);
    assertThat(w.consumed(250, 0, 100)).as("the first update: nothing to compare with").isEqualTo(250);
    w.received(250);
    assertThat(w.consumed(250, 90, 100)).as("90 after the last, under a round trip").isEqualTo(250 + 3000);
    assertThat(w.target()).isEqualTo(4000);
    assertThat(w.available()).isEqualTo(4000);
    w.received(4000);
    assertThat(w.consumed(999, 150, 100)).isZero();
    assertThat(w.consumed(1, 180, 100)).isEqualTo(1000 + 12_000);
    assertThat(w.available() + 3000).as("the window and the 3000 bytes still buffered make the target")
        .isEqualTo(w.target()).isEqualTo(16_000);
  }

  @Test
  void aReaderSlowerThanTheLinkKeepsItsWindow() {
    InboundWindow w = InboundWindow.forStream(1, 1000, 8000);
    for (long now = 0; now < 10_000; now += 100) {
      w.received(250);
      assertThat(w.consumed(250, now, 100)).as("updates a round trip apart").isEqualTo(250);
    }
    assertThat(w.target()).isEqualTo(1000);
  }

  @Test
  void growthStopsAtTheMaximumAndNeedsAKnownRoundTrip() {
    InboundWindow unknown = InboundWindow.forStream(1, 1000, 8000);
    InboundWindow capped = InboundWindow.forStream(3, 1000, 3000);
    for (long now = 0; now < 100; now += 10) {
      unknown.received(500);
      unknown.consumed(500, now, 0);
      capped.received((int) capped.available());
      capped.consumed((int) (capped.target() - capped.available()), now, 100);
    }
    assertThat(unknown.target()).as("no round trip measured yet").isEqualTo(1000);
    assertThat(capped.target()).isEqualTo(3000);
    assertThat(InboundWindow.forStream(5, 1000).widenTo(5000)).as("a window with no room to grow").isZero();
  }

  @Test
  void aWholeBodyReaderOpensTheWindowToTheRestPastTheMaximum() {
    InboundWindow w = InboundWindow.forStream(1, 1000, 4000);
    w.received(600);
    assertThat(w.openTo(10_000)).as("from the 400 left to the 10 000 still to come").isEqualTo(9600);
    assertThat(w.available()).isEqualTo(10_000);
    assertThat(w.target()).isEqualTo(10_000);
    assertThat(w.openTo(5000)).as("covered already").isZero();
    w.received(10_000);
    assertStreamError(1, ErrorCode.FLOW_CONTROL_ERROR, () -> w.received(1));
  }

  @Test
  void aNewWindowIsWidenedAtOnceToWhatOthersGrewTo() {
    InboundWindow w = InboundWindow.forStream(5, 1000, 16_000);
    assertThat(w.widenTo(4000)).isEqualTo(3000);
    assertThat(w.available()).isEqualTo(4000);
    assertThat(w.widenTo(4000)).as("already that wide").isZero();
    assertThat(w.widenTo(64_000)).as("up to its maximum").isEqualTo(12_000);
  }
}

package dev.courier.http.h2;

import static dev.courier.http.h2.H2Errors.assertConnectionError;
import static dev.courier.http.h2.H2Errors.assertStreamError;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** FloodCounter, StreamIds and BodyLength: the small counters of one connection. */
class CountersTest {
  @Test
  void aFloodCounterRefusesPastItsLimitWithinOneWindowAndForgetsAfter() {
    FloodCounter c = new FloodCounter(3, 1000);
    assertThat(c.record(0)).isTrue();
    assertThat(c.record(10)).isTrue();
    assertThat(c.record(20)).isTrue();
    assertThat(c.record(999)).isFalse();
    assertThat(c.record(1000)).as("a new window").isTrue();
    assertThat(c.count()).isEqualTo(1);
  }

  @Test
  void countingPastTheLimitIsAConnectionErrorEnhanceYourCalm() {
    FloodCounter c = new FloodCounter(2, 1000);
    c.count(0, "PING");
    c.count(1, "PING");
    assertConnectionError(ErrorCode.ENHANCE_YOUR_CALM, () -> c.count(2, "PING"));
  }

  @Test
  void clientStreamIdsAreOddAndIncreasing() {
    StreamIds ids = StreamIds.fromClient();
    ids.open(1);
    ids.open(7);
    assertThat(ids.last()).isEqualTo(7);
    assertThat(ids.isNew(5)).isFalse();
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, () -> ids.open(5));
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, () -> ids.open(7));
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, () -> ids.open(8));
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, () -> StreamIds.fromServer().open(3));
  }

  @Test
  void bodyLengthChecksDataAgainstContentLength() {
    BodyLength ok = new BodyLength(1, 5);
    ok.data(3);
    ok.data(2);
    ok.end();
    assertStreamError(1, ErrorCode.PROTOCOL_ERROR, () -> new BodyLength(1, 5).data(6));
    BodyLength shortBody = new BodyLength(1, 5);
    shortBody.data(4);
    assertStreamError(1, ErrorCode.PROTOCOL_ERROR, shortBody::end);
    BodyLength undeclared = new BodyLength(1, -1);
    undeclared.data(1 << 20);
    undeclared.end();
    assertThat(undeclared.received()).isEqualTo(1 << 20);
  }
}

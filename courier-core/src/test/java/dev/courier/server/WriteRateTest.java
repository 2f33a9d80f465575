package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The minimum response rate, with time passed in (nanoseconds). */
class WriteRateTest {
  static final long S = 1_000_000_000L;
  final WriteRate rate = new WriteRate(1000, 10 * S); // 1000 bytes/s over 10 s of blocked writing

  @Test
  void aWriteBlockedForAWholeWindowWithTooFewBytesIsTooSlow() {
    rate.begin(0, 12_000); // counted as if it had just finished: its progress is unknown
    assertThat(rate.tooSlow(9 * S)).isFalse(); // the window is not over
    assertThat(rate.tooSlow(10 * S)).isFalse(); // 12,000 bytes in 10 s would keep the rate
    assertThat(rate.tooSlow(13 * S)).isTrue(); // 12,000 bytes in 13 s would not
  }

  @Test
  void aClientKeepingTheRateIsNeverCut() {
    long now = 0;
    for (int i = 0; i < 100; i++) {
      rate.begin(now, 2000);
      assertThat(rate.tooSlow(now + 2 * S)).isFalse();
      now += 2 * S; // 2000 bytes every 2 s: exactly the minimum
      rate.end(now);
      assertThat(rate.tooSlow(now)).isFalse();
    }
  }

  @Test
  void timeNotSpentBlockedCostsTheClientNothing() {
    rate.begin(0, 100);
    rate.end(S);
    // an hour of handler work or keep-alive idleness, then a quick write
    rate.begin(3600 * S, 100);
    rate.end(3600 * S + S);
    assertThat(rate.tooSlow(7200 * S)).isFalse();
  }

  @Test
  void aFastStartDoesNotBuyASlowFinishForever() {
    rate.begin(0, 1_000_000);
    rate.end(S / 10); // fills the kernel buffers at once
    rate.begin(S / 10, 16384);
    rate.end(10 * S); // the window is over and was kept: the next starts afresh
    rate.begin(10 * S, 16384);
    assertThat(rate.tooSlow(10 * S + 10 * S)).isFalse(); // 16384 in 10 s: over 1000/s
    assertThat(rate.tooSlow(10 * S + 17 * S)).isTrue(); // 16384 in 17 s: under
  }

  @Test
  void aSlowWindowIsNotForgottenWhenItsWriteEnds() {
    rate.begin(0, 500);
    rate.end(11 * S); // 500 bytes in 11 s
    assertThat(rate.tooSlow(11 * S)).isTrue();
  }
}

package dev.courier.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConnectOptionsTest {
  @Test
  void defaultsAreFinite() {
    assertThat(ConnectOptions.defaults().connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(ConnectOptions.defaults().readTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(ConnectOptions.defaults().tcpNoDelay()).isTrue();
  }

  @Test
  void socketMillisKeepZeroAsNoTimeoutAndNeverRoundAnotherValueToZero() {
    assertThat(ConnectOptions.millis(Duration.ZERO)).isZero();
    assertThat(ConnectOptions.millis(Duration.ofNanos(1))).isEqualTo(1);
    assertThat(ConnectOptions.millis(Duration.ofDays(365))).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void negativeTimeoutsAreRefused() {
    assertThatThrownBy(() -> ConnectOptions.defaults().withReadTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readTimeout");
  }
}

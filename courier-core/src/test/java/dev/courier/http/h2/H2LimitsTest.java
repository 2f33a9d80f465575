package dev.courier.http.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link H2Limits}: the receive windows and how far they may grow. */
class H2LimitsTest {
  @Test
  void windowsGrowUpToTheirMaximaWhichAreNeverBelowTheWindows() {
    H2Limits defaults = H2Limits.defaults();
    assertThat(defaults.maxStreamWindow()).isEqualTo(4 << 20).isGreaterThan(defaults.streamWindow());
    assertThat(defaults.maxConnectionWindow()).isEqualTo(8 << 20).isGreaterThan(defaults.connectionWindow());

    H2Limits fixed = defaults.withWindowGrowth(defaults.streamWindow(), defaults.connectionWindow());
    assertThat(fixed.maxStreamWindow()).as("no growth").isEqualTo(fixed.streamWindow());

    H2Limits wide = defaults.withWindows(16 << 20, 32 << 20);
    assertThat(wide.maxStreamWindow()).as("a maximum below the new window rises to it").isEqualTo(16 << 20);
    assertThat(wide.maxConnectionWindow()).isEqualTo(32 << 20);

    assertThatThrownBy(() -> defaults.withWindowGrowth(1024, 8 << 20))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maximum");
  }
}

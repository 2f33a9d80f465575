package dev.courier.http.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link H2Limits}: the receive windows and how far they may grow. */
class H2LimitsTest {
  @Test
  void windowsGrowUpToTheirMaximaWhichAreNeverBelowTheWindows() {
    H2Limits defaults = H2Limits.defaults();
    assertThat(defaults.maxStreamWindow()).isEqualTo(16 << 20).isGreaterThan(defaults.streamWindow());
    assertThat(defaults.maxConnectionWindow()).isEqualTo(32 << 20).isGreaterThan(defaults.connectionWindow());
    assertThat(defaults.windowBudget()).as("an eighth of the heap, at most 256 MiB")
        .isEqualTo(Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 8));

    H2Limits fixed = defaults.withWindowGrowth(defaults.streamWindow(), defaults.connectionWindow());
    assertThat(fixed.maxStreamWindow()).as("no growth").isEqualTo(fixed.streamWindow());

    H2Limits wide = defaults.withWindows(32 << 20, 64 << 20);
    assertThat(wide.maxStreamWindow()).as("a maximum below the new window rises to it").isEqualTo(32 << 20);
    assertThat(wide.maxConnectionWindow()).isEqualTo(64 << 20);
    assertThat(defaults.withWindowBudget(0).windowBudget()).isZero();
    assertThatThrownBy(() -> defaults.withWindowBudget(-1)).isInstanceOf(IllegalArgumentException.class);

    assertThatThrownBy(() -> defaults.withWindowGrowth(1024, 8 << 20))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maximum");
  }
}

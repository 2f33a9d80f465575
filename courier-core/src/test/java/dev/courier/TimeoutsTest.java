package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeoutsTest {
  @Test
  void defaultsAreFiniteAndDocumented() {
    Timeouts t = Timeouts.defaults();
    assertThat(t.connect()).isEqualTo(Duration.ofSeconds(10));
    assertThat(t.read()).isEqualTo(Duration.ofSeconds(30));
    assertThat(t.total()).isEmpty();
    // one table of client limits: the session's defaults are the connection's
    assertThat(t.connect()).isSameAs(dev.courier.client.ClientDefaults.CONNECT_TIMEOUT)
        .isSameAs(dev.courier.net.ConnectOptions.defaults().connectTimeout());
    assertThat(t.read()).isSameAs(dev.courier.client.ClientDefaults.READ_TIMEOUT)
        .isSameAs(dev.courier.net.ConnectOptions.defaults().readTimeout());
  }

  @Test
  void withersCopy() {
    Timeouts t = Timeouts.defaults().withRead(Duration.ofSeconds(5)).withTotal(Duration.ofSeconds(20));
    assertThat(t.read()).isEqualTo(Duration.ofSeconds(5));
    assertThat(t.total()).contains(Duration.ofSeconds(20));
    assertThat(Timeouts.defaults().read()).isEqualTo(Duration.ofSeconds(30));
    assertThat(t).isEqualTo(Timeouts.of(Duration.ofSeconds(10), Duration.ofSeconds(5)).withTotal(Duration.ofSeconds(20)));
  }

  @Test
  void zeroMeansNoLimitAndNegativeIsRefused() {
    assertThat(Timeouts.none().read()).isZero(); // ConnectOptionsTest: zero is "no timeout" on the socket
    assertThatThrownBy(() -> Timeouts.of(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }
}

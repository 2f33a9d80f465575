package dev.courier.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatusClassTest {
  @Test
  void classIsTheFirstDigitForEveryValidCode() {
    for (int code = 100; code <= 599; code++) {
      StatusClass c = StatusClass.of(code);
      assertThat(c.digit()).isEqualTo(code / 100);
      assertThat(c.contains(code)).isTrue();
      assertThat(StatusClass.lookup(code)).contains(c);
    }
  }

  @Test
  void outOfRangeCodesHaveNoClass() {
    for (int code : new int[] {-200, 0, 42, 99, 600, 700, 1000}) {
      assertThat(StatusClass.lookup(code)).isEmpty();
      assertThatThrownBy(() -> StatusClass.of(code))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(String.valueOf(code));
      for (StatusClass c : StatusClass.values()) assertThat(c.contains(code)).isFalse();
    }
  }

  @Test
  void containsOnlyItsOwnHundred() {
    assertThat(StatusClass.SUCCESS.contains(299)).isTrue();
    assertThat(StatusClass.SUCCESS.contains(300)).isFalse();
    assertThat(StatusClass.SUCCESS.contains(199)).isFalse();
  }

  @Test
  void onlyFourAndFiveHundredsAreErrors() {
    assertThat(StatusClass.CLIENT_ERROR.isError()).isTrue();
    assertThat(StatusClass.SERVER_ERROR.isError()).isTrue();
    assertThat(StatusClass.INFORMATIONAL.isError()).isFalse();
    assertThat(StatusClass.SUCCESS.isError()).isFalse();
    assertThat(StatusClass.REDIRECTION.isError()).isFalse();
  }
}

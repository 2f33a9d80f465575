package dev.courier.http.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.http.Headers;
import org.junit.jupiter.api.Test;

class HeadersAccessTest {
  @Test
  void onlyHeadersCanRegisterTheWrapper() {
    // On the class path the package is reachable: code that registered its own wrapper would
    // decide what every parsed header list holds.
    assertThatThrownBy(() -> HeadersAccess.register(fields -> Headers.empty()))
        .isInstanceOf(IllegalStateException.class);
    assertThat(HeadersAccess.trusted(new String[] {"Content-Type", "text/plain"}))
        .isEqualTo(Headers.of("Content-Type", "text/plain"));
  }

  @Test
  void anEmptyArrayIsTheEmptyList() {
    assertThat(HeadersAccess.trusted(new String[0])).isSameAs(Headers.empty());
  }
}

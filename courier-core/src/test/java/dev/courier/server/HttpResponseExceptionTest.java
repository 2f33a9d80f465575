package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.error.CourierException;
import org.junit.jupiter.api.Test;

class HttpResponseExceptionTest {
  @Test
  void httpResponseExceptionIsACourierExceptionWhoseMessageIsTheDetailOnly() {
    HttpResponseException e = new HttpResponseException(422, "name missing", new IllegalStateException("internal"));
    assertThat(e).isInstanceOf(CourierException.class);
    assertThat(e.mayHaveReachedServer()).isTrue();
    assertThat(e.statusCode()).isEqualTo(422);
    assertThat(e.status()).isEqualTo(422);
    assertThat(e.getMessage()).isEqualTo("name missing");
    assertThat(e.getCause()).hasMessage("internal");
  }

  @Test
  void onlyErrorStatuses() {
    assertThatThrownBy(() -> new HttpResponseException(302, "moved")).isInstanceOf(IllegalArgumentException.class);
  }
}

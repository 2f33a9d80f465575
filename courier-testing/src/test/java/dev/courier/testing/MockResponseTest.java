package dev.courier.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.http.Headers;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MockResponse is an immutable value whose builder refuses bad input at once. */
class MockResponseTest {
  @Test
  void defaultsTo200WithNoBody() {
    MockResponse response = MockResponse.builder().build();
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.reason()).isEqualTo("OK");
    assertThat(response.body()).isEmpty();
    assertThat(response.headers().isEmpty()).isTrue();
    assertThat(response.fault()).isEqualTo(Fault.NONE);
  }

  @Test
  void reasonsComeFromTheRegistryUnlessGiven() {
    assertThat(MockResponse.status(503).reason()).isEqualTo("Service Unavailable");
    assertThat(MockResponse.builder().status(299).build().reason()).isEmpty();
    assertThat(MockResponse.builder().status(200, "Fine").build().reason()).isEqualTo("Fine");
  }

  @Test
  void anExplicitContentTypeWinsOverTheBodysDefault() {
    assertThat(MockResponse.json(Map.of("a", 1)).headers().firstValue("Content-Type"))
        .hasValue("application/json");
    assertThat(MockResponse.builder().header("Content-Type", "application/vnd.x+json")
        .json(Map.of()).build().headers().allValues("Content-Type"))
        .containsExactly("application/vnd.x+json");
  }

  @Test
  void isImmutableAndCopiesItsBody() {
    byte[] bytes = {1, 2};
    MockResponse response = MockResponse.builder().body(bytes).build();
    bytes[0] = 9;
    assertThat(response.body()).containsExactly(1, 2);
    response.body()[1] = 9;
    assertThat(response.body()).containsExactly(1, 2);
  }

  @Test
  void newBuilderStartsFromTheResponse() {
    MockResponse base = MockResponse.builder().status(201).body("x").chunked(2)
        .trailer("T", "v").closeConnection().build();
    MockResponse changed = base.newBuilder().status(202).build();
    assertThat(changed.status()).isEqualTo(202);
    assertThat(changed.body()).isEqualTo(base.body());
    assertThat(changed.trailers()).isEqualTo(Headers.of("T", "v"));
    assertThat(changed.headers().allValues("Connection")).containsExactly("close");
    assertThat(base.status()).isEqualTo(201);
  }

  @Test
  void refusesBadInputAtOnce() {
    MockResponse.Builder builder = MockResponse.builder();
    assertThatThrownBy(() -> builder.status(100)).hasMessageContaining("200 to 999");
    assertThatThrownBy(() -> builder.informational(200, Headers.empty())).hasMessageContaining("1xx");
    assertThatThrownBy(() -> builder.informational(101, Headers.empty())).hasMessageContaining("101");
    assertThatThrownBy(() -> builder.chunked(0)).hasMessageContaining("positive");
    assertThatThrownBy(() -> builder.throttle(0, Duration.ZERO)).hasMessageContaining("bytes > 0");
    assertThatThrownBy(() -> builder.delayHead(Duration.ofMillis(-1))).hasMessageContaining("negative");
    assertThatThrownBy(() -> builder.header("Bad Name", "v")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.json(new Object())).hasMessageContaining("JSON");
  }

  @Test
  void toStringSummarises() {
    assertThat(MockResponse.builder().status(404).body("nope").fault(Fault.STALL).build())
        .hasToString("MockResponse[404 Not Found, 4 body bytes, STALL]");
  }
}

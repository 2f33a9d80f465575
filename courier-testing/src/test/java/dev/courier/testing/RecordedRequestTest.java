package dev.courier.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.http.Headers;
import dev.courier.http.wire.HttpVersion;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The parts of a recorded target, and a body kept apart from the caller's arrays. */
class RecordedRequestTest {
  private static RecordedRequest request(String target, byte[] body, long size) {
    return new RecordedRequest("GET", target, HttpVersion.HTTP_1_1,
        Headers.of("Authorization", "Bearer secret"), body, size, Headers.empty(), 3, 1, 2,
        Optional.empty(), Instant.EPOCH);
  }

  @Test
  void pathAndQueryOfEachTargetForm() {
    assertThat(request("/a/b?x=1&x=2&y", new byte[0], 0).path()).isEqualTo("/a/b");
    assertThat(request("/a/b?x=1&x=2&y", new byte[0], 0).queryParameters())
        .containsEntry("x", List.of("1", "2")).containsEntry("y", List.of(""));
    assertThat(request("http://example.com/p?q=1", new byte[0], 0).path()).isEqualTo("/p");
    assertThat(request("http://example.com", new byte[0], 0).path()).isEqualTo("/");
    assertThat(request("/plain", new byte[0], 0).query()).isEmpty();
    assertThat(request("/plain", new byte[0], 0).queryParameters()).isEmpty();
  }

  @Test
  void theBodyIsCopiedAndTruncationIsKnown() {
    byte[] body = {'a', 'b'};
    RecordedRequest request = request("/", body, 5);
    body[0] = 'z';
    assertThat(request.bodyText()).isEqualTo("ab");
    assertThat(request.bodyTruncated()).isTrue();
  }

  @Test
  void toStringNamesTheSequenceAndHidesCredentials() {
    String text = request("/x", new byte[0], 0).toString();
    assertThat(text).startsWith("#3 (connection 1, #2) GET /x HTTP/1.1").doesNotContain("secret");
  }
}

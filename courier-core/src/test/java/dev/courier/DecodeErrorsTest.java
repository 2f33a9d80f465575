package dev.courier;

import static dev.courier.FakeExchanger.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.courier.error.ContentDecodingException;
import dev.courier.error.CourierException;
import dev.courier.error.HttpProtocolException;
import dev.courier.error.JsonDecodeException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JsonDecodeException from json(...), and ContentDecodingException for every corrupt coding. */
class DecodeErrorsTest {
  record Item(int id, String name) {}

  private static Response body(String text) {
    return Response.builder().request(Request.get("https://api.example.com/items").build())
        .body(text.getBytes(StandardCharsets.UTF_8)).build();
  }

  @Test
  void anHtmlErrorPageIsAJsonDecodeExceptionWithOffsetAndSnippet() {
    JsonDecodeException e = catchThrowableOfType(JsonDecodeException.class,
        () -> body("<html><body>502 Bad Gateway</body></html>").json());
    assertThat(e.offset()).isZero();
    assertThat(e.snippet()).startsWith("<html><body>502");
    assertThat(e.getMessage()).contains("not valid JSON").contains("at byte 0").contains("https://api.example.com/items");
    assertThat(e).isNotInstanceOf(HttpProtocolException.class).isInstanceOf(CourierException.class);
    assertThat(e.mayHaveReachedServer()).isTrue();
  }

  @Test
  void theOffsetPointsWhereTheDocumentBreaks() {
    String text = "{\"items\": [1, 2, 3], \"next\": tru, \"more\": 1}";
    JsonDecodeException e = catchThrowableOfType(JsonDecodeException.class, () -> body(text).json());
    assertThat(e.offset()).isBetween((long) text.indexOf("tru"), (long) text.indexOf("tru") + 4);
    assertThat(e.snippet()).contains("\"next\": tru");
    JsonDecodeException cut = catchThrowableOfType(JsonDecodeException.class, () -> body("{\"a\": [1, 2").json());
    assertThat(cut.offset()).isEqualTo(11);
    assertThat(cut.snippet()).isEqualTo("{\"a\": [1, 2");
  }

  @Test
  void controlCharactersInTheSnippetAreEscaped() {
    JsonDecodeException e = catchThrowableOfType(JsonDecodeException.class, () -> body("\u0000\u001b[31mred").json());
    assertThat(e.snippet()).isEqualTo("\\x00\\x1b[31mred");
  }

  @Test
  void emptyAndMismatchedBodiesAreJsonDecodeExceptionsToo() {
    JsonDecodeException empty = catchThrowableOfType(JsonDecodeException.class, () -> body("").json());
    assertThat(empty.offset()).isZero();
    assertThat(empty.snippet()).isEmpty();
    assertThatThrownBy(() -> body("   ").json()).isInstanceOf(JsonDecodeException.class);
    JsonDecodeException wrongType = catchThrowableOfType(JsonDecodeException.class,
        () -> body("{\"id\": \"seven\", \"name\": \"x\"}").json(Item.class));
    assertThat(wrongType.getMessage()).contains("Item");
    assertThat(wrongType.offset()).isPositive();
    assertThatThrownBy(() -> body("[1,").json(new com.fasterxml.jackson.core.type.TypeReference<List<Integer>>() {}))
        .isInstanceOf(JsonDecodeException.class);
    assertThat(body("{\"id\": 7, \"name\": \"x\"}").json(Item.class)).isEqualTo(new Item(7, "x"));
  }

  @Test
  void everyCorruptContentCodingIsAContentDecodingException() {
    byte[] garbage = "this is not compressed at all, not by any coding we know".getBytes(StandardCharsets.US_ASCII);
    for (String coding : List.of("gzip", "deflate", "br", "zstd")) {
      if (coding.equals("br") && !ContentDecoders.brotliAvailable()) continue;
      if (coding.equals("zstd") && !ContentDecoders.zstdAvailable()) continue;
      FakeExchanger fake = new FakeExchanger(r -> response(200, garbage, "Content-Encoding", coding));
      try (Session s = Session.builder().exchanger(fake).build()) {
        assertThatThrownBy(() -> s.get("http://example.com/c")).as(coding)
            .isInstanceOf(ContentDecodingException.class)
            .isInstanceOf(HttpProtocolException.class)
            .hasMessageContaining("corrupt " + coding);
      }
    }
  }
}

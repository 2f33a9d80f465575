package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.http.Headers;
import dev.courier.http.HttpStatus;
import dev.courier.http.wire.HttpVersion;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseBuilderTest {
  private final Request get = Request.get("https://api.example.com/items/7").build();

  @Test
  void defaultsAreA200WithItsPhraseOverHttp11AndNoBody() {
    Response r = Response.builder().request(get).build();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.status()).contains(HttpStatus.OK);
    assertThat(r.reason()).isEqualTo("OK");
    assertThat(r.version()).isEqualTo(HttpVersion.HTTP_1_1);
    assertThat(r.headers().isEmpty()).isTrue();
    assertThat(r.bytes()).isEmpty();
    assertThat(r.elapsed()).isEqualTo(Duration.ZERO);
    assertThat(r.history()).isEmpty();
    assertThat(r.request()).isSameAs(get);
    assertThat(r.url()).isEqualTo(get.url());
  }

  @Test
  void everyPartCanBeSet() {
    Response earlier = Response.builder().request(get).statusCode(301).header("Location", "/x").build();
    Response r = Response.builder()
        .request(get)
        .status(HttpStatus.CREATED)
        .reason("Made")
        .version(HttpVersion.HTTP_1_0)
        .header("X-A", "1")
        .header("X-A", "2")
        .body("héllo", StandardCharsets.ISO_8859_1)
        .elapsed(Duration.ofMillis(5))
        .history(List.of(earlier))
        .build();
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.reason()).isEqualTo("Made");
    assertThat(r.version()).isEqualTo(HttpVersion.HTTP_1_0);
    assertThat(r.headers().allValues("X-A")).containsExactly("1", "2");
    assertThat(r.header("Content-Type")).contains("text/plain; charset=ISO-8859-1");
    assertThat(r.text()).isEqualTo("héllo");
    assertThat(r.bytes()).hasSize(5);
    assertThat(r.elapsed()).isEqualTo(Duration.ofMillis(5));
    assertThat(r.history()).containsExactly(earlier);
  }

  @Test
  void theReasonDefaultsToTheRegisteredPhraseAndIsEmptyForAnUnregisteredCode() {
    assertThat(Response.builder().request(get).statusCode(404).build().reason()).isEqualTo("Not Found");
    Response odd = Response.builder().request(get).statusCode(299).build();
    assertThat(odd.reason()).isEmpty();
    assertThat(odd.status()).isEmpty();
    assertThat(odd.statusCode()).isEqualTo(299);
  }

  @Test
  void aTextBodyNamesItsCharsetInTheContentTypeItWasGiven() {
    Response r = Response.builder().request(get).header("Content-Type", "text/csv")
        .body("a;b", StandardCharsets.UTF_16BE).build();
    assertThat(r.header("Content-Type")).contains("text/csv; charset=UTF-16BE");
    assertThat(r.text()).isEqualTo("a;b");
  }

  @Test
  void settersRefuseBadArgumentsAtOnceNamingThem() {
    Response.Builder b = Response.builder();
    assertThatThrownBy(() -> b.statusCode(99)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid HTTP status code 99: expected three digits in 100..599");
    assertThatThrownBy(() -> b.statusCode(600)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("600");
    assertThatThrownBy(() -> b.reason("OK\r\nX-Evil: 1")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unexpected char 0x0d at 2 in reason phrase");
    assertThatThrownBy(() -> b.header("Bad Name", "v")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.header("X", "a\nb")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.elapsed(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative");
  }

  @Test
  void buildRefusesAResponseWithoutItsRequest() {
    assertThatThrownBy(() -> Response.builder().statusCode(200).build()).isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("no request");
  }

  @Test
  void buildRefusesContentWhereHttpAllowsNone() {
    assertThatThrownBy(() -> Response.builder().request(get).statusCode(204).body(new byte[] {1}).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a response with status 204 has no content (RFC 9110, Section 15.3.5); remove the body");
    assertThatThrownBy(() -> Response.builder().request(get).statusCode(304).body(new byte[] {1}).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("15.4.5");
    Request head = Request.head("https://api.example.com/").build();
    assertThatThrownBy(() -> Response.builder().request(head).body("x", StandardCharsets.UTF_8).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("to HEAD").hasMessageContaining("9.3.2");
    // The head alone is fine: an answer to HEAD announces the length a GET would get.
    assertThat(Response.builder().request(head).header("Content-Length", "42").build().bytes()).isEmpty();
  }

  @Test
  void buildRefusesAContentLengthThatDisagreesWithTheBody() {
    assertThatThrownBy(() -> Response.builder().request(get).header("Content-Length", "10").body(new byte[4]).build())
        .isInstanceOf(IllegalStateException.class).hasMessage("Content-Length is 10 but the body has 4 bytes");
    assertThatThrownBy(() -> Response.builder().request(get).header("Content-Length", "3").build())
        .isInstanceOf(IllegalStateException.class).hasMessage("Content-Length is 3 but the body has 0 bytes");
    assertThat(Response.builder().request(get).header("Content-Length", "4").body(new byte[4]).build().bytes()).hasSize(4);
  }

  @Test
  void buildRefusesAContentTypeNamingAnotherCharsetThanTheText() {
    assertThatThrownBy(() -> Response.builder().request(get).header("Content-Type", "text/plain; charset=utf-8")
        .body("x", StandardCharsets.ISO_8859_1).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Content-Type names charset UTF-8 but the text body was encoded in ISO-8859-1");
  }

  @Test
  void theResponseIsImmutableWhateverHappensToTheBuilderAndItsInputs() {
    byte[] bytes = {'a', 'b'};
    List<Response> history = new ArrayList<>();
    Response.Builder b = Response.builder().request(get).header("X", "1").body(bytes).history(history);
    Response r = b.build();
    bytes[0] = 'z';
    history.add(r);
    b.header("X", "2").statusCode(500);
    assertThat(r.text()).isEqualTo("ab");
    assertThat(r.history()).isEmpty();
    assertThat(r.headers().allValues("X")).containsExactly("1");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> r.history().add(r)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void newBuilderDerivesAResponseAndLeavesTheOriginalAlone() {
    Response original = Response.builder().request(get).statusCode(200).header("ETag", "\"1\"")
        .body("cached", StandardCharsets.UTF_8).elapsed(Duration.ofMillis(3)).build();
    Response revalidated = original.newBuilder().setHeader("ETag", "\"2\"").header("Age", "0").build();
    assertThat(revalidated.header("ETag")).contains("\"2\"");
    assertThat(revalidated.header("Age")).contains("0");
    assertThat(revalidated.elapsed()).isEqualTo(Duration.ofMillis(3));
    assertThat(revalidated.request()).isSameAs(get);
    assertThat(revalidated.text()).isEqualTo("cached");
    assertThat(original.header("ETag")).contains("\"1\"");
    assertThat(original.headers().contains("Age")).isFalse();

    Response replaced = original.newBuilder().headers(Headers.of("Content-Type", "application/json"))
        .body("{}".getBytes(StandardCharsets.UTF_8)).build();
    assertThat(replaced.headers().size()).isEqualTo(1);
    assertThat(replaced.header("Content-Type")).contains("application/json");
    assertThat(replaced.json().isObject()).isTrue();
  }

  @Test
  void aStreamBodyIsReadOnceAsFromTheNetwork() {
    Response r = Response.builder().request(get)
        .body(new ByteArrayInputStream("one\ntwo\n".getBytes(StandardCharsets.UTF_8))).build();
    assertThat(r.lines()).containsExactly("one", "two");
    assertThatThrownBy(r::stream).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void raiseForStatusOnABuilt404ThrowsCarryingTheResponse() {
    Response r = Response.builder().request(get).status(HttpStatus.NOT_FOUND).body("no such item", StandardCharsets.UTF_8)
        .build();
    assertThat(r.ok()).isFalse();
    assertThatThrownBy(r::raiseForStatus).isInstanceOfSatisfying(HttpStatusException.class, e -> {
      assertThat(e.response()).isSameAs(r);
      assertThat(e.statusCode()).isEqualTo(404);
    });
  }
}

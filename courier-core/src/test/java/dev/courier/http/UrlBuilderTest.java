package dev.courier.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UrlBuilderTest {

  @Test
  void queryParametersAreEncodedLikeRequests() {
    // Expected string produced by python3-requests 2.x:
    // requests.Request('GET', 'https://example.com/search?x=1', params={...}).prepare().url
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("q", "café au lait");
    params.put("tag", Arrays.asList("a", "b", null));
    params.put("none", null);
    params.put("sym", "a&b=c+d/é~_.-!*");
    params.put("empty", "");
    params.put("n", 2);
    params.put("sp ace", "1");
    Url url = Url.parse("https://example.com/search?x=1").newBuilder()
        .addQueryParameters(params)
        .build();
    assertThat(url.toString()).isEqualTo("https://example.com/search?x=1&q=caf%C3%A9+au+lait"
        + "&tag=a&tag=b&sym=a%26b%3Dc%2Bd%2F%C3%A9~_.-%21%2A&empty=&n=2&sp+ace=1");
    assertThat(url.queryParameter("q")).contains("café au lait");
    assertThat(url.queryParameterValues("tag")).containsExactly("a", "b");
    assertThat(url.queryParameter("none")).isEmpty();
    assertThat(url.queryParameter("sym")).contains("a&b=c+d/é~_.-!*");
    assertThat(url.queryParameter("sp ace")).contains("1");
  }

  @Test
  void emptyExistingQueryIsReplacedNotJoinedWithAmpersand() {
    // requests: 'https://example.com/search?' + {'a': '1'} -> '...search?a=1'
    assertThat(Url.parse("https://example.com/search?").newBuilder()
        .addQueryParameter("a", "1").build().toString())
        .isEqualTo("https://example.com/search?a=1");
  }

  @Test
  void nullsAndEmptyListsAddNothing() {
    Url base = Url.parse("https://example.com/search");
    assertThat(base.newBuilder().addQueryParameter("a", null).build()).isEqualTo(base);
    assertThat(base.newBuilder().addQueryParameter("a", List.of()).build()).isEqualTo(base);
    assertThat(base.newBuilder().addQueryParameter("a", Optional.empty()).build()).isEqualTo(base);
    assertThat(base.newBuilder().addQueryParameters(Map.of()).build()).isEqualTo(base);
    assertThat(base.newBuilder().build().query()).isEmpty();
  }

  @Test
  void arraysIterablesOptionalsAndBytes() {
    Url url = Url.parse("http://h/").newBuilder()
        .addQueryParameter("i", new int[] {1, 2})
        .addQueryParameter("s", new String[] {"x", null, "y"})
        .addQueryParameter("set", new java.util.TreeSet<>(List.of("b", "a")))
        .addQueryParameter("o", Optional.of("v"))
        .addQueryParameter("b", new byte[] {(byte) 0xff, 0, ' '}) // requests: a=%FF%00+
        .addQueryParameter("t", true)
        .build();
    assertThat(url.query()).contains("i=1&i=2&s=x&s=y&set=a&set=b&o=v&b=%FF%00+&t=true");
  }

  @Test
  void setAndRemoveQueryParameters() {
    Url url = Url.parse("http://h/?a=1&b=2&a=3&c%20d=4").newBuilder()
        .setQueryParameter("a", "9")
        .removeQueryParameters("c d")
        .build();
    assertThat(url.query()).contains("b=2&a=9");
    assertThat(Url.parse("http://h/?a=1").newBuilder().removeQueryParameters("a").build()
        .toString()).isEqualTo("http://h/");
  }

  @Test
  void buildsFromParts() {
    Url url = Url.builder()
        .scheme("HTTPS")
        .host("Bücher.example")
        .port(8443)
        .username("jo@home")
        .password("p:w")
        .addPathSegment("a b")
        .addPathSegment("c/d")
        .addPathSegment("%")
        .addQueryParameter("q", "1")
        .fragment("top frag")
        .build();
    assertThat(url.toUnredactedString())
        .isEqualTo("https://jo%40home:p%3Aw@xn--bcher-kva.example:8443/a%20b/c%2Fd/%25?q=1"
            + "#top%20frag");
    assertThat(url.pathSegments()).containsExactly("a b", "c/d", "%");
    assertThat(url.username()).isEqualTo("jo@home");
    assertThat(url.password()).isEqualTo("p:w");
  }

  @Test
  void pathQueryAndFragmentSettersEncodeCanonically() {
    Url url = Url.builder().scheme("http").host("h")
        .path("a b/%2F/c?d#e\\f")
        .query("x=a b&y=%41")
        .fragment("f#g")
        .build();
    assertThat(url.path()).isEqualTo("/a%20b/%2F/c%3Fd%23e%5Cf");
    assertThat(url.query()).contains("x=a%20b&y=%41");
    assertThat(url.fragment()).contains("f%23g");
    assertThat(url.newBuilder().query(null).fragment(null).build().toString())
        .isEqualTo("http://h/a%20b/%2F/c%3Fd%23e%5Cf");
  }

  @Test
  void dotPathSegmentsActLikeDotSegments() {
    assertThat(Url.parse("http://h/a/b").newBuilder().addPathSegment("..").addPathSegment("c")
        .build().path()).isEqualTo("/a/c");
    assertThat(Url.parse("http://h/a").newBuilder().addPathSegment(".").build().path())
        .isEqualTo("/a/");
  }

  @Test
  void dotSegmentsInABuiltPathAreRemoved() {
    assertThat(Url.builder().scheme("http").host("h").path("/a/../../b").build().path())
        .isEqualTo("/b");
  }

  @Test
  void hostForms() {
    assertThat(Url.builder().scheme("http").host("::1").build().toString())
        .isEqualTo("http://[::1]/");
    assertThat(Url.builder().scheme("http").host("[::1]").port(8080).build().authority())
        .isEqualTo("[::1]:8080");
    assertThat(Url.builder().scheme("http").host("127.1").build().host()).isEqualTo("127.0.0.1");
    assertThat(Url.builder().scheme("http").host("h").port(80).build().toString())
        .isEqualTo("http://h/");
    assertThat(Url.parse("http://h:8080/").newBuilder().port(-1).build().toString())
        .isEqualTo("http://h/");
  }

  @Test
  void refusesBadParts() {
    assertThatThrownBy(() -> Url.builder().host("h").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("scheme");
    assertThatThrownBy(() -> Url.builder().scheme("http").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a host");
    assertThatThrownBy(() -> Url.builder().scheme("ht tp"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid scheme");
    assertThatThrownBy(() -> Url.builder().scheme("http:"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Url.builder().host("a b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("space");
    assertThatThrownBy(() -> Url.builder().host("evil.com/x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'/'");
    assertThatThrownBy(() -> Url.builder().host("a@b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'@'");
    assertThatThrownBy(() -> Url.builder().host("h\r\nX: y"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x0d");
    assertThatThrownBy(() -> Url.builder().port(65536))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65536");
    assertThatThrownBy(() -> Url.builder().port(-2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Url.builder().addQueryParameter(null, "x"))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void builderRoundTripsEveryPart() {
    Url url = Url.parse("https://u:p@[2001:db8::1]:8443/a%20b;c?q=1&r=%2B#frag");
    assertThat(url.newBuilder().build()).isEqualTo(url);
    assertThat(url.newBuilder().build().toUnredactedString()).isEqualTo(url.toUnredactedString());
  }
}

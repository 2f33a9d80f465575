package dev.courier;

import dev.courier.error.InvalidUrlException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.http.HttpMethod;
import dev.courier.http.Url;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestTest {
  @Test
  void paramsFollowRequestsSemantics() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("q", "a b");
    params.put("tag", Arrays.asList("x", null, "y"));
    params.put("none", null);
    params.put("n", 2);
    Request r = Request.get("https://example.com/search?lang=en").params(params).build();
    assertThat(r.url().queryParameterValues("tag")).containsExactly("x", "y");
    assertThat(r.url().queryParameter("q")).contains("a b");
    assertThat(r.url().queryParameter("n")).contains("2");
    assertThat(r.url().queryParameter("lang")).contains("en");
    assertThat(r.url().queryParameter("none")).isEmpty();
  }

  @Test
  void invalidInputFailsAtOnceWithAReason() {
    assertThatThrownBy(() -> Request.get("ftp://example.com/").build())
        .isInstanceOf(InvalidUrlException.class).hasMessageContaining("unsupported scheme \"ftp\"");
    assertThatThrownBy(() -> Request.get("http://exa mple.com/").build()).isInstanceOf(InvalidUrlException.class);
    assertThatThrownBy(() -> Request.get("not a url").build()).isInstanceOf(InvalidUrlException.class);
    assertThatThrownBy(() -> Request.builder("GET / HTTP/1.1\r\nX: y", "http://a/"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Request.get("http://a/").header("X", "v\r\nInjected: 1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cookiesAreValidatedAndJoined() {
    Request r = Request.get("http://h/").cookie("a", "1").cookie("b", "2").build();
    assertThat(r.headers().allValues("Cookie")).containsExactly("a=1; b=2");
    assertThatThrownBy(() -> Request.get("http://h/").cookie("a", "x;\r\nEvil: 1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void invalidUrlMessagesHidePasswords() {
    assertThatThrownBy(() -> Request.get("http://user:s3cr3t@exa mple.com/").build())
        .isInstanceOf(InvalidUrlException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
  }

  @Test
  void isImmutableAndCopiesFluently() {
    Request a = Request.builder(HttpMethod.PUT, Url.parse("https://example.com/a"))
        .header("X-A", "1").timeout(Duration.ofSeconds(3)).maxRedirects(2).followRedirects(false)
        .stream(true).retry(Retry.defaults()).body(Body.text("hi")).build();
    Request b = a.newBuilder().method("PROPFIND").header("X-B", "2").build();
    assertThat(a.method()).isEqualTo("PUT");
    assertThat(a.headers().contains("X-B")).isFalse();
    assertThat(b.method()).isEqualTo("PROPFIND");
    assertThat(b.headers().firstValue("X-A")).contains("1");
    assertThat(b.timeouts()).contains(Timeouts.of(Duration.ofSeconds(3)));
    assertThat(b.maxRedirects()).hasValue(2);
    assertThat(b.followRedirects()).contains(false);
    assertThat(b.isStream()).isTrue();
    assertThat(b.body()).isPresent();
    assertThat(Request.get("http://u:pw@h/").build().toString()).isEqualTo("GET http://****@h/");
  }
}

package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RequestTargetTest {
  @Test
  void originFormKeepsThePathAndQueryAsSent() {
    assertThat(RequestTarget.parse("GET", "/a/../b%2F?x=1&y")).isEqualTo(new RequestTarget("/a/../b%2F", "x=1&y", null));
    assertThat(RequestTarget.parse("GET", "/")).isEqualTo(new RequestTarget("/", null, null));
    assertThat(RequestTarget.parse("GET", "/p?")).isEqualTo(new RequestTarget("/p", "", null));
    assertThat(RequestTarget.parse("GET", "//x")).isEqualTo(new RequestTarget("//x", null, null));
  }

  @Test
  void plainOriginFormIsRecognisedWithoutAUrl() {
    assertThat(RequestTarget.isPlainOriginForm("/search?q=a+b&lang=en")).isTrue();
    assertThat(RequestTarget.isPlainOriginForm("/caf%C3%A9/~user/a:b@c;d=e,f!$'()*")).isTrue();
    assertThat(RequestTarget.isPlainOriginForm("/a%2")).isFalse();
    assertThat(RequestTarget.isPlainOriginForm("/a%zz")).isFalse();
    assertThat(RequestTarget.isPlainOriginForm("/a\"b")).isFalse();
    assertThat(RequestTarget.isPlainOriginForm("/a#b")).isFalse();
    assertThat(RequestTarget.isPlainOriginForm("http://h/")).isFalse();
    assertThat(RequestTarget.isPlainOriginForm("*")).isFalse();
  }

  @Test
  void otherOriginFormCharactersAreCheckedByUrlAndKept() {
    assertThat(RequestTarget.parse("GET", "/a%zz\"b?c={}")).isEqualTo(new RequestTarget("/a%zz\"b", "c={}", null));
    assertThatThrownBy(() -> RequestTarget.parse("GET", "/a\\b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backslash");
  }

  @Test
  void absoluteFormTakesItsAuthorityFromUrl() {
    assertThat(RequestTarget.parse("GET", "http://User:pw@a@Evil.Example:80/x?q=1"))
        .isEqualTo(new RequestTarget("/x", "q=1", "evil.example"));
    assertThat(RequestTarget.parse("GET", "https://h:8443")).isEqualTo(new RequestTarget("/", null, "h:8443"));
    assertThat(RequestTarget.parse("GET", "http://h?q")).isEqualTo(new RequestTarget("/", "q", "h"));
    assertThat(RequestTarget.parse("GET", "http://[::1]:81/p")).isEqualTo(new RequestTarget("/p", null, "[::1]:81"));
    assertThatThrownBy(() -> RequestTarget.parse("GET", "http://[::1/x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RequestTarget.parse("GET", "http://h:70000/")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void asteriskAndAuthorityForms() {
    assertThat(RequestTarget.parse("OPTIONS", "*")).isEqualTo(new RequestTarget("*", null, null));
    assertThat(RequestTarget.parse("CONNECT", "Example.com:443")).isEqualTo(new RequestTarget("", null, "example.com:443"));
    assertThatThrownBy(() -> RequestTarget.parse("CONNECT", "h:443/x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void serverRequestShowsTheParts() {
    ServerRequest absolute = ServerRequest.builder("GET", "http://u@Example.com/p?q=1").header("Host", "other").build();
    assertThat(absolute.authority()).isEqualTo("example.com");
    assertThat(absolute.path()).isEqualTo("/p");
    assertThat(absolute.query()).contains("q=1");
    ServerRequest origin = ServerRequest.builder("GET", "/p").header("Host", "h:8080").build();
    assertThat(origin.url()).isEqualTo("http://h:8080/p");
    assertThatThrownBy(() -> ServerRequest.builder("GET", "/a\\b").build()).isInstanceOf(IllegalArgumentException.class);
  }
}

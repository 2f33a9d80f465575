package dev.courier.cookies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CookieHeaderTest {
  @Test
  void parsesOrderedPairs() {
    CookieHeader h = CookieHeader.parse("SID=31d4; lang=en-US;theme=\"dark\";lang=fr");
    assertThat(h.pairs()).extracting(CookieHeader.Pair::name).containsExactly("SID", "lang", "theme", "lang");
    assertThat(h.value("lang")).contains("en-US");
    assertThat(h.values("lang")).containsExactly("en-US", "fr");
    assertThat(h.value("sid")).isEmpty(); // names are case-sensitive
    assertThat(CookieHeader.unquote(h.value("theme").orElseThrow())).isEqualTo("dark");
  }

  @Test
  void quotedValueNeverSwallowsLaterPairs() {
    // Jetty CVE-2023-26049: a value starting with DQUOTE must not run to the closing quote.
    CookieHeader h = CookieHeader.parse("a=\"b; JSESSIONID=secret; c=d\"");
    assertThat(h.value("JSESSIONID")).contains("secret");
    assertThat(h.value("c")).contains("d\"");
    assertThat(CookieHeader.parse("key=\"a\"\"b\"; x=1").value("x")).contains("1");
  }

  @Test
  void malformedPiecesAreSkippedWithoutHurtingNeighbours() {
    CookieHeader h = CookieHeader.parse(";; =v; a=1; b ; ; c=\u0001x; d=2");
    assertThat(h.pairs()).containsExactly(
        new CookieHeader.Pair("", "v"), new CookieHeader.Pair("a", "1"),
        new CookieHeader.Pair("", "b"), new CookieHeader.Pair("d", "2"));
    assertThat(CookieHeader.parse("").isEmpty()).isTrue();
    assertThat(CookieHeader.parse("a=" + "\\\"".repeat(50_000)).pairs()).hasSize(1);
  }

  @Test
  void rendersAndRefusesInjection() {
    assertThat(CookieHeader.builder().add("a", "1").add("", "nameless").add("b", "").build().toString())
        .isEqualTo("a=1; nameless; b=");
    assertThatThrownBy(() -> CookieHeader.builder().add("a", "1\r\nX: y")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CookieHeader.builder().add("a;b", "1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CookieHeader.builder().add("a=b", "1")).isInstanceOf(IllegalArgumentException.class);
    assertThat(CookieHeader.parse("a=1; b=2").toString()).isEqualTo("a=1; b=2");
  }

  @Test
  void fromCookies() {
    Cookie a = Cookie.builder("a", "1").domain("x.com").build();
    Cookie b = Cookie.builder("", "v").domain("x.com").build();
    assertThat(CookieHeader.of(List.of(a, b)).toString()).isEqualTo("a=1; v");
  }
}

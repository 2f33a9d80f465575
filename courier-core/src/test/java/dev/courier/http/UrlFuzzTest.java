package dev.courier.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Optional;

/**
 * Fuzzes the URL parser and reference resolution. Without {@code JAZZER_FUZZ=1} this replays the
 * saved inputs in {@code src/test/resources/dev/courier/http/UrlFuzzTestInputs/<method>/}; with
 * it, it searches for new ones (add any finding there as a regression input).
 *
 * <p>Invariants (RFC 3986, Sections 3 and 6.2.2): parsing either throws IllegalArgumentException or
 * gives a URL whose text parses back to an equal URL; the host never holds a delimiter, space or
 * control character; http(s) URLs always have a host and a path starting with "/".
 */
class UrlFuzzTest {
  private static final Url BASE = Url.parse("http://user:pw@a.test:8080/b/c/d;p?q");

  @FuzzTest(maxDuration = "2m")
  void parse(FuzzedDataProvider data) {
    String input = data.consumeRemainingAsString();
    Optional<Url> url = tryParse(() -> Url.parse(input));
    url.ifPresent(UrlFuzzTest::checkInvariants);
  }

  @FuzzTest(maxDuration = "2m")
  void resolve(FuzzedDataProvider data) {
    String reference = data.consumeRemainingAsString();
    Optional<Url> url = tryParse(() -> BASE.resolve(reference));
    url.ifPresent(u -> {
      checkInvariants(u);
      if (u.host().equals(BASE.host()) && u.scheme().equals(BASE.scheme())) {
        assertThat(u.sameOrigin(BASE)).isEqualTo(u.port() == BASE.port());
      }
    });
  }

  private static Optional<Url> tryParse(java.util.function.Supplier<Url> parse) {
    try {
      return Optional.of(parse.get());
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).doesNotContain("\r", "\n");
      return Optional.empty();
    }
  }

  private static void checkInvariants(Url url) {
    String text = url.toUnredactedString();
    Url again = Url.parse(text);
    assertThat(again).isEqualTo(url);
    assertThat(again.toUnredactedString()).isEqualTo(text);
    assertThat(again.host()).isEqualTo(url.host());
    assertThat(again.port()).isEqualTo(url.port());
    assertThat(again.username()).isEqualTo(url.username());
    assertThat(again.password()).isEqualTo(url.password());
    assertThat(again.path()).isEqualTo(url.path());
    String host = url.host();
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      assertThat(c > ' ' && c < 0x7f).as("host char 0x%02x in %s", (int) c, host).isTrue();
      assertThat("/\\@#?[]<>^|\"".indexOf(c)).as("host %s", host).isLessThan(0);
      if (url.isIpAddress()) {
        continue;
      }
      assertThat(c == ':' || c == '%').as("host %s", host).isFalse();
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      assertThat(c > ' ' && c < 0x7f).as("char 0x%02x in %s", (int) c, text).isTrue();
    }
    if (url.scheme().equals("http") || url.scheme().equals("https")) {
      assertThat(host).isNotEmpty();
      assertThat(url.path()).startsWith("/");
      assertThat(url.authority()).doesNotContain("@");
      assertThat(url.target()).doesNotContain("#", " ");
    }
    if (!url.password().isEmpty() || !url.username().isEmpty()) {
      // The userinfo is encoded (no raw "@"), so the first "@" ends it.
      String shown = url.toString();
      assertThat(shown.substring(0, shown.indexOf('@') + 1)).endsWith("//****@");
    }
  }
}

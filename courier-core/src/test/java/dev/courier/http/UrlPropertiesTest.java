package dev.courier.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.http.PercentEncoding.EncodeSet;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class UrlPropertiesTest {
  /** Characters that exercise every branch of the parser: delimiters, escapes, dots, controls. */
  private static final String URL_CHARS =
      "aZ09-._~!$&'()*+,;=:@/?#[]%\\ \"<>{}|^`\u0000\u0001\u007f\u00e9\u00fc\u4e2d\ud83d\ude00"
          + "xX2eEfF%%..";

  @Provide
  Arbitrary<String> urlish() {
    Arbitrary<String> scheme = Arbitraries.of("http://", "https://", "HTTP://", "foo://", "foo:",
        "mailto:", "file://", "ws://");
    Arbitrary<String> host = Arbitraries.of("example.com", "EXAMPLE.com", "bücher.example",
        "[::1]", "[2001:db8::1]", "[fe80::1%25eth0]", "127.1", "0x7f.0.0.1", "10.0.0.1",
        "a_b.example", "xn--bcher-kva.example", "u:p@h", "u@h", "a@b@c", "h:8080", "h:",
        "%65xample.com", "");
    Arbitrary<String> rest = Arbitraries.strings().withChars(URL_CHARS).ofMaxLength(25);
    return Combinators.combine(scheme, host, rest).as((s, h, r) -> s + h + r);
  }

  @Property(tries = 2000)
  void parsedUrlsReparseToTheSameUrl(@ForAll("urlish") String input) {
    Optional<Url> parsed = Url.tryParse(input);
    Assume.that(parsed.isPresent()); // counted as discarded by jqwik, not as a passed try
    try {
      checkReparse(parsed.get());
    } catch (AssertionError e) {
      throw new AssertionError("input " + escape(input) + ": " + escape(e.getMessage()), e);
    }
  }

  private static void checkReparse(Url url) {
    // Parsing keeps the input as the canonical form when it already is; it must be exactly
    // what serializing the parts gives.
    Url serialized = new Url(url.scheme(), url.username(), url.password(), url.hostValue(),
        url.explicitPort(), url.hasAuthority(), url.path(), url.rawQuery(), url.rawFragment());
    assertThat(url.toUnredactedString()).isEqualTo(serialized.toUnredactedString());
    Url again = Url.parse(url.toUnredactedString());
    assertThat(again).isEqualTo(url);
    assertThat(again.toUnredactedString()).isEqualTo(url.toUnredactedString());
    assertThat(again.host()).isEqualTo(url.host());
    assertThat(again.port()).isEqualTo(url.port());
    assertThat(again.username()).isEqualTo(url.username());
    assertThat(again.password()).isEqualTo(url.password());
    assertThat(url.host()).doesNotContain(" ", "@", "/", "\\", "\r", "\n", "\t", "#", "?");
    assertThat(url.toUnredactedString()).doesNotContain(" ", "\r", "\n", "\t", "\u0000", "\\");
    if (url.scheme().equals("http") || url.scheme().equals("https")) {
      assertThat(url.path()).startsWith("/");
      assertThat(url.target()).doesNotContain("#");
      assertThat(url.host()).isNotEmpty();
    }
  }

  @Property(tries = 2000)
  void canonicalEncodingIsIdempotentAndKeepsEscapes(@ForAll("anyText") String text) {
    for (EncodeSet set : new EncodeSet[] {EncodeSet.PATH, EncodeSet.QUERY, EncodeSet.FRAGMENT}) {
      String once = PercentEncoding.canonicalize(text, set);
      assertThat(PercentEncoding.canonicalize(once, set)).isEqualTo(once);
      for (int i = once.indexOf('%'); i >= 0; i = once.indexOf('%', i + 1)) {
        assertThat(PercentEncoding.isTriplet(once, i)).as("'%%' at %d in %s", i, once).isTrue();
      }
      // Never double-encodes: decoding the canonical form gives what decoding the input gives.
      if (!hasLoneSurrogate(text)) {
        assertThat(PercentEncoding.decode(once, false))
            .isEqualTo(PercentEncoding.decode(text, false));
      }
    }
  }

  @Property(tries = 1000)
  void encodingDecodedTextRoundTrips(@ForAll("anyText") String text) {
    Assume.that(!hasLoneSurrogate(text));
    for (EncodeSet set : EncodeSet.values()) {
      String encoded = PercentEncoding.encode(text, set);
      assertThat(PercentEncoding.decode(encoded, set.plusForSpace())).isEqualTo(text);
    }
  }

  @Property(tries = 500)
  void builtUrlsKeepTheirDecodedParts(@ForAll("anyText") String user,
      @ForAll("anyText") String password, @ForAll("anyText") String segment,
      @ForAll("anyText") String name, @ForAll("anyText") String value) {
    // Each part on its own: two halves of a pair in adjacent parts are each a lone surrogate.
    Assume.that(java.util.stream.Stream.of(user, password, segment, name, value)
        .noneMatch(UrlPropertiesTest::hasLoneSurrogate));
    Assume.that(!segment.equals(".") && !segment.equals("..")); // dot segments, tested elsewhere
    Url url = Url.builder().scheme("https").host("example.com").username(user)
        .password(password).addPathSegment(segment).addQueryParameter(name, value).build();
    assertThat(url.username()).isEqualTo(user);
    assertThat(url.password()).isEqualTo(password);
    assertThat(url.pathSegments()).containsExactly(segment);
    assertThat(url.queryParameter(name)).contains(value);
    assertThat(Url.parse(url.toUnredactedString())).isEqualTo(url);
    assertThat(url.host()).isEqualTo("example.com");
    if (!password.isEmpty() || !user.isEmpty()) {
      assertThat(url.toString()).contains("//****@");
    }
  }

  @Provide
  Arbitrary<String> anyText() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars(URL_CHARS).ofMaxLength(20),
        Arbitraries.strings().all().ofMaxLength(12));
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      out.append(c < 0x20 || c >= 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return out.toString();
  }

  private static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return true;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}

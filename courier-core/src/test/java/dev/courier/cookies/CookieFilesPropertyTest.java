package dev.courier.cookies;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Security row R13: {@code load(save(cookies))} gives the same cookies, for generated cookies at
 * the edges (long values, quotes, backslashes, HTAB, latin-1 and non-latin-1 chars, nameless
 * cookies, IDN-looking domains, session and persistent). JSON keeps everything; Netscape and LWP
 * keep the essentials of every cookie they accept and report the rest as unwritable.
 */
class CookieFilesPropertyTest {
  static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  static final CookieFiles.Options ALL = CookieFiles.Options.defaults().now(NOW).ignoreDiscard(true).ignoreExpires(true);

  @Provide
  Arbitrary<List<Cookie>> cookies() {
    Arbitrary<Character> chars = Arbitraries.oneOf(
        Arbitraries.chars().range('!', '~'),
        Arbitraries.of(' ', '\t', '"', '\\', '\u00e9', '\u00ff', '\u263a', ','));
    Arbitrary<String> text = chars.list().ofMaxSize(40).map(CookieFilesPropertyTest::join)
        .map(s -> s.replace(";", "").replace("=", "").strip());
    Arbitrary<String> longText = Arbitraries.strings().withCharRange('a', 'z').ofLength(4000);
    Arbitrary<String> value = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(9, text), net.jqwik.api.Tuple.of(1, longText));
    Arbitrary<String> domain = Arbitraries.of("example.com", "a.b.example.org", "xn--bcher-kva.example", "127.0.0.1", "localhost");
    Arbitrary<String> path = Arbitraries.of("/", "/a", "/a/b c", "/x\ty", "/caf\u00e9");
    Arbitrary<Instant> expires = Arbitraries.longs().between(-10, 4_000_000_000L).filter(s -> s != 0) // 0 is "session" in Netscape files
        .map(s -> s < 0 ? null : Instant.ofEpochSecond(s));
    Arbitrary<Cookie> cookie = Combinators.combine(text, value, domain, path, expires, Arbitraries.integers().between(0, 15))
        .as((n, v, d, p, e, flags) -> {
          String name = n.isEmpty() && v.isEmpty() ? "n" : n;
          return Cookie.builder(name, v).domain(d).path(p).expires(e)
              .hostOnly((flags & 1) != 0).secure((flags & 2) != 0).httpOnly((flags & 4) != 0)
              .sameSite((flags & 8) != 0 ? SameSite.LAX : SameSite.DEFAULT).creationTime(NOW).build();
        });
    return cookie.list().ofMaxSize(12);
  }

  static String join(List<Character> chars) {
    StringBuilder b = new StringBuilder();
    for (char c : chars) b.append(c);
    return b.toString();
  }

  /** Keeps the last of each identity, as a jar would. */
  static List<Cookie> distinct(List<Cookie> cookies) {
    List<Cookie> out = new ArrayList<>();
    for (Cookie c : cookies) {
      out.removeIf(o -> o.sameIdentity(c));
      out.add(c);
    }
    return out;
  }

  static List<Cookie> roundTrip(List<Cookie> cookies, CookieFileFormat format, List<Cookie> unwritable) throws Exception {
    String text = CookieFileCodec.of(format).write(cookies, unwritable);
    byte[] bytes = text.getBytes(format == CookieFileFormat.JSON ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    return CookieFiles.read(bytes, ALL).cookies();
  }

  @Property(tries = 300)
  void jsonKeepsEveryField(@ForAll("cookies") List<Cookie> generated) throws Exception {
    List<Cookie> cookies = distinct(generated);
    List<Cookie> unwritable = new ArrayList<>();
    assertThat(roundTrip(cookies, CookieFileFormat.JSON, unwritable)).isEqualTo(cookies);
    assertThat(unwritable).isEmpty();
  }

  @Property(tries = 300)
  void netscapeAndLwpKeepWhatTheyWrite(@ForAll("cookies") List<Cookie> generated) throws Exception {
    List<Cookie> cookies = distinct(generated);
    for (CookieFileFormat format : List.of(CookieFileFormat.NETSCAPE, CookieFileFormat.LWP)) {
      List<Cookie> unwritable = new ArrayList<>();
      List<Cookie> back = roundTrip(cookies, format, unwritable);
      List<Cookie> written = new ArrayList<>(cookies);
      written.removeAll(unwritable);
      assertThat(CookieFuzzTest.essentials(back)).as(format.name()).isEqualTo(CookieFuzzTest.essentials(written));
      for (Cookie c : unwritable) {
        // Only what the format truly cannot hold is refused.
        String all = c.name() + c.value() + c.path();
        assertThat(all.chars().anyMatch(ch -> ch == '\t' || ch > 0xFF)
            || (format == CookieFileFormat.LWP && (c.name().isEmpty() ? c.value() : c.name()).chars()
                .anyMatch(ch -> " \t\",=;".indexOf(ch) >= 0 || ch > 0xFF))).as("%s refused %s", format, c).isTrue();
      }
    }
  }
}

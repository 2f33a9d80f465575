package dev.courier.cookies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.error.CourierException;
import dev.courier.http.Headers;
import dev.courier.http.Url;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CookieHeader strict parsing and map view, ResponseCookies, CookieException, makeCookies, removeExpired(), revert. */
class CookieCollectionsTest {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  @Test
  void aCookieHeaderBecomesAnOrderedMapKeepingDuplicates() {
    Map<String, List<String>> map = CookieHeader.parseStrict("sid=1; lang=en; sid=2; theme=\"dark\"").toMap();
    assertThat(map.keySet()).containsExactly("sid", "lang", "theme");
    assertThat(map.get("sid")).containsExactly("1", "2");
    assertThat(map.get("theme")).containsExactly("\"dark\"");
    assertThat(CookieHeader.parseStrict("").toMap()).isEmpty();
  }

  @Test
  void strictParsingRefusesWhatLenientParsingSkips() {
    assertThatThrownBy(() -> CookieHeader.parseStrict("a=1;; b=2")).isInstanceOf(CookieException.class)
        .hasMessageContaining("empty cookie-pair at 4");
    assertThatThrownBy(() -> CookieHeader.parseStrict("a=1; novalue")).isInstanceOf(CookieException.class)
        .hasMessageContaining("without a name");
    assertThatThrownBy(() -> CookieHeader.parseStrict("a=1; =x")).isInstanceOf(CookieException.class);
    assertThatThrownBy(() -> CookieHeader.parseStrict("a=1; b=x\u0001y")).isInstanceOf(CookieException.class)
        .hasMessageContaining("0x01").hasMessageContaining("at 8");
    assertThatThrownBy(() -> CookieHeader.parseStrict("a=1;")).isInstanceOf(CookieException.class);
    assertThat(CookieHeader.parse("a=1;; novalue").pairs()).hasSize(2);
  }

  @Test
  void responseCookiesBuildSeveralSetCookieFields() {
    ResponseCookies cookies = ResponseCookies.builder()
        .add("sid", "31d4d96e")
        .add(SetCookie.builder("theme", "dark").path("/").maxAge(Duration.ofDays(30)).build())
        .add(SetCookie.builder("theme", "light").path("/docs").build())
        .build();
    assertThat(cookies.values()).containsExactly("sid=31d4d96e", "theme=dark; Max-Age=2592000; Path=/",
        "theme=light; Path=/docs");
    assertThat(cookies.headers().allValues("Set-Cookie")).isEqualTo(cookies.values());
    assertThat(cookies.toString()).isEqualTo("Set-Cookie: sid=31d4d96e\r\nSet-Cookie: theme=dark; Max-Age=2592000; Path=/"
        + "\r\nSet-Cookie: theme=light; Path=/docs");
    assertThat(ResponseCookies.parse(cookies.headers()).values()).isEqualTo(cookies.values());
    assertThat(cookies.get("theme").orElseThrow().path()).contains("/");
  }

  @Test
  void responseCookiesRefuseBadNamesValuesAndRepeatedIdentities() {
    assertThatThrownBy(() -> ResponseCookies.builder().add("bad name", "x")).isInstanceOf(CookieException.class);
    assertThatThrownBy(() -> ResponseCookies.builder().add("a", "x;y")).isInstanceOf(CookieException.class);
    assertThatThrownBy(() -> ResponseCookies.builder().add("a", "1").add("a", "2"))
        .isInstanceOf(CookieException.class).hasMessageContaining("set twice");
    assertThatThrownBy(() -> ResponseCookies.parse(Headers.of("Set-Cookie", "a=1", "Set-Cookie", "=")))
        .isInstanceOf(CookieException.class).hasMessageContaining("field 2");
    assertThat(new CookieException("x")).isInstanceOf(CourierException.class);
    assertThat(new CookieException("x").mayHaveReachedServer()).isFalse();
    assertThat(new CookieFileException(null, 3, "bad")).isInstanceOf(CookieException.class);
  }

  @Test
  void makeCookiesSaysWhatWouldBeStoredWithoutStoring() {
    CookieJar jar = CookieJar.builder().clock(InstantSource.fixed(NOW)).build();
    Headers headers = Headers.of(
        "Set-Cookie", "sid=1; Path=/",
        "Set-Cookie", "evil=1; Domain=com",               // a public suffix: refused
        "Set-Cookie", "gone=1; Max-Age=0",                 // only deletes
        "Set-Cookie", "sid=2; Path=/",                     // replaces the first
        "Set-Cookie", "wide=1; Domain=example.com");
    List<Cookie> would = jar.makeCookies(Url.parse("https://www.example.com/a/b"), headers);
    assertThat(would).extracting(Cookie::name).containsExactly("sid", "wide");
    assertThat(would.get(0).value()).isEqualTo("2");
    assertThat(would.get(0).hostOnly()).isTrue();
    assertThat(would.get(1).domain()).isEqualTo("example.com");
    assertThat(jar.isEmpty()).isTrue();
    assertThat(jar.makeCookies(Url.parse("https://example.com/"), Headers.empty())).isEmpty();
  }

  @Test
  void removeExpiredWithoutArgumentUsesTheClock() {
    CookieJar jar = CookieJar.builder().clock(InstantSource.fixed(NOW)).build();
    jar.setCookie(Url.parse("https://example.com/"), "short=1; Max-Age=60", NOW.minusSeconds(120));
    jar.setCookie(Url.parse("https://example.com/"), "long=1; Max-Age=3600", NOW.minusSeconds(120));
    assertThat(jar.removeExpired()).isEqualTo(1);
    assertThat(jar.cookies(NOW)).extracting(Cookie::name).containsExactly("long");
  }

  @Test
  void revertReloadsTheFileAndLeavesTheJarAloneOnABadFile(@TempDir Path dir) throws Exception {
    CookieJar jar = CookieJar.builder().clock(InstantSource.fixed(NOW)).build();
    jar.setCookie(Url.parse("https://example.com/"), "saved=1; Max-Age=3600");
    Path file = dir.resolve("cookies.txt");
    CookieFiles.save(jar, file, CookieFileFormat.NETSCAPE);
    jar.setCookie(Url.parse("https://example.com/"), "added=1; Max-Age=3600");
    jar.clear("example.com", "/", "saved");
    CookieFiles.revert(jar, file, CookieFiles.Options.defaults());
    assertThat(jar.cookies(NOW)).extracting(Cookie::name).containsExactly("saved");

    Files.writeString(dir.resolve("bad.txt"), "# Netscape HTTP Cookie File\nnot\ta\tcookie\n");
    assertThatThrownBy(() -> CookieFiles.revert(jar, dir.resolve("bad.txt"), CookieFiles.Options.defaults()))
        .isInstanceOf(CookieFileException.class);
    assertThatThrownBy(() -> CookieFiles.revert(jar, dir.resolve("missing.txt"), CookieFiles.Options.defaults()))
        .isInstanceOf(java.io.IOException.class);
    assertThat(jar.cookies(NOW)).extracting(Cookie::name).containsExactly("saved");
  }
}

package dev.courier.cookies;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.courier.http.Url;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fuzz targets for the cookie parsers. Without {@code JAZZER_FUZZ=1} each replays the saved inputs
 * in {@code src/test/resources/dev/courier/cookies/CookieFuzzTestInputs/<method>/}; with it, it
 * searches for new ones (save any finding there as a regression input).
 *
 * <p>Inputs are bytes read as ISO-8859-1, as header values and cookie files arrive. Invariants
 * checked beyond "no unexpected exception": a parsed cookie's name and value never hold ";", CR, LF
 * or another forbidden control; the name never holds "="; rendering what was parsed parses back to
 * the same cookie; a jar never emits a Cookie header with CR or LF; whatever a file loader accepts,
 * the writer writes and the loader reads back the same.
 */
class CookieFuzzTest {
  static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  static final Url URL = Url.parse("https://www.example.com/a/b");

  static String latin1(FuzzedDataProvider data) {
    return new String(data.consumeRemainingAsBytes(), StandardCharsets.ISO_8859_1);
  }

  static void checkNameValue(String name, String value) {
    assertThat(CookieChars.indexOfForbiddenControl(name)).isNegative();
    assertThat(CookieChars.indexOfForbiddenControl(value)).isNegative();
    assertThat(name).doesNotContain(";", "=");
    assertThat(value).doesNotContain(";");
  }

  @FuzzTest(maxDuration = "60s")
  void setCookieParse(FuzzedDataProvider data) {
    String input = latin1(data);
    Optional<SetCookie> parsed = SetCookie.tryParse(input);
    if (parsed.isEmpty()) return;
    SetCookie c = parsed.get();
    checkNameValue(c.name(), c.value());
    assertThat(c.name() + c.value()).isNotEmpty();
    assertThat(CookieChars.octetLength(c.name()) + CookieChars.octetLength(c.value()))
        .isLessThanOrEqualTo(SetCookie.MAX_NAME_VALUE_OCTETS);
    for (SetCookie.Attribute a : c.attributes()) {
      assertThat(a.value().length()).isLessThanOrEqualTo(SetCookie.MAX_ATTRIBUTE_VALUE_OCTETS);
      assertThat(a.name() + a.value()).doesNotContain(";", "\r", "\n");
    }
    // Render -> parse round trip.
    SetCookie again = SetCookie.parse(c.toString());
    assertThat(again).isEqualTo(c);
    assertThat(again.name()).isEqualTo(c.name());
    assertThat(again.value()).isEqualTo(c.value());
    assertThat(again.domain()).isEqualTo(c.domain());
    assertThat(again.path()).isEqualTo(c.path());
    assertThat(again.maxAge()).isEqualTo(c.maxAge());
    assertThat(again.expires()).isEqualTo(c.expires());
    // Through a jar: whatever is stored comes out as a header without line breaks.
    CookieJar jar = CookieJar.create();
    Optional<String> refused = jar.setCookieOrExplain(URL, input, NOW, SiteContext.SAME_SITE);
    refused.ifPresent(reason -> assertThat(reason).doesNotStartWith("not storable"));
    String header = jar.cookieHeader(URL, NOW);
    assertThat(header).doesNotContain("\r", "\n", "\u0000");
    for (Cookie stored : jar.cookies()) checkNameValue(stored.name(), stored.value());
  }

  @FuzzTest(maxDuration = "30s")
  void cookieHeaderParse(FuzzedDataProvider data) {
    CookieHeader h = CookieHeader.parse(latin1(data));
    for (CookieHeader.Pair p : h.pairs()) checkNameValue(p.name(), p.value());
    assertThat(CookieHeader.parse(h.toString())).isEqualTo(h);
  }

  @FuzzTest(maxDuration = "30s")
  void cookieDate(FuzzedDataProvider data) {
    Optional<Instant> parsed = CookieDate.parse(latin1(data));
    parsed.ifPresent(i -> assertThat(CookieDate.parse(CookieDate.format(i))).contains(i));
  }

  @FuzzTest(maxDuration = "60s")
  void loadNetscape(FuzzedDataProvider data) {
    load("# Netscape HTTP Cookie File\n", data, CookieFileFormat.NETSCAPE);
  }

  @FuzzTest(maxDuration = "60s")
  void loadLwp(FuzzedDataProvider data) {
    load("#LWP-Cookies-2.0\n", data, CookieFileFormat.LWP);
  }

  @FuzzTest(maxDuration = "60s")
  void loadJson(FuzzedDataProvider data) {
    load("", data, CookieFileFormat.JSON);
  }

  /** Lenient load never throws; what loads is valid and survives write -> read unchanged. */
  static void load(String prefix, FuzzedDataProvider data, CookieFileFormat format) {
    byte[] body = data.consumeRemainingAsBytes();
    byte[] content = new byte[prefix.length() + body.length];
    System.arraycopy(prefix.getBytes(StandardCharsets.ISO_8859_1), 0, content, 0, prefix.length());
    System.arraycopy(body, 0, content, prefix.length(), body.length);
    CookieFiles.Options options = CookieFiles.Options.defaults().now(NOW).ignoreDiscard(true).ignoreExpires(true).lenient(true);
    CookieFiles.LoadResult loaded;
    try {
      loaded = CookieFiles.read(content, options);
    } catch (CookieFileException e) {
      throw new AssertionError("lenient load threw", e);
    }
    for (CookieFiles.Problem p : loaded.problems()) assertThat(p.lineNumber()).isNotNegative();
    List<Cookie> cookies = loaded.cookies();
    for (Cookie c : cookies) {
      checkNameValue(c.name(), c.value());
      assertThat(c.path()).startsWith("/");
    }
    if (loaded.format() != format) return; // the body changed the detected format; still fine
    List<Cookie> unwritable = new ArrayList<>();
    String text = CookieFileCodec.of(format).write(cookies, unwritable);
    List<Cookie> written = new ArrayList<>(cookies);
    written.removeAll(unwritable);
    byte[] bytes = text.getBytes(format == CookieFileFormat.JSON ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    CookieFiles.LoadResult again;
    try {
      again = CookieFiles.read(bytes, options.lenient(false));
    } catch (CookieFileException e) {
      throw new AssertionError("could not read back what we wrote:\n" + text, e);
    }
    assertThat(essentials(again.cookies())).isEqualTo(essentials(written));
  }

  static List<String> essentials(List<Cookie> cookies) {
    List<String> out = new ArrayList<>();
    for (Cookie c : cookies) {
      out.add(String.join("|", c.name(), c.value(), c.domain(), String.valueOf(c.hostOnly()), c.path(),
          String.valueOf(c.secure()), String.valueOf(c.httpOnly()),
          String.valueOf(c.expires().map(Instant::getEpochSecond).orElse(null))));
    }
    return out;
  }
}

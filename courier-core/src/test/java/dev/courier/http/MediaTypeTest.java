package dev.courier.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MediaTypeTest {
  @Test
  void parsesTypeSubtypeAndParameters() {
    MediaType type = MediaType.parse("text/html; charset=utf-8; level=1");
    assertThat(type.type()).isEqualTo("text");
    assertThat(type.subtype()).isEqualTo("html");
    assertThat(type.essence()).isEqualTo("text/html");
    assertThat(type.parameters()).containsExactly(Map.entry("charset", "utf-8"), Map.entry("level", "1"));
    assertThat(type.parameter("level")).contains("1");
    assertThat(type.parameter("missing")).isEmpty();
    assertThat(type.charset()).contains(StandardCharsets.UTF_8);
  }

  @Test
  void typeSubtypeAndParameterNamesAreCaseInsensitiveValuesKeepTheirCase() {
    MediaType type = MediaType.parse("Text/HTML; Charset=\"UTF-8\"; Boundary=AbC");
    assertThat(type.type()).isEqualTo("text");
    assertThat(type.subtype()).isEqualTo("html");
    assertThat(type.parameter("CHARSET")).contains("UTF-8");
    assertThat(type.parameter("boundary")).contains("AbC");
    assertThat(type.parameters().keySet()).containsExactly("charset", "boundary");
    assertThat(type).hasToString("text/html; charset=UTF-8; boundary=AbC");
  }

  @Test
  void quotedStringsAreUnquotedAndQuotedPairsUnescaped() {
    MediaType type = MediaType.parse("multipart/form-data; boundary=\"a b\\\"c\\\\d;e,f\"");
    assertThat(type.parameter("boundary")).contains("a b\"c\\d;e,f");
    assertThat(type).hasToString("multipart/form-data; boundary=\"a b\\\"c\\\\d;e,f\"");
    assertThat(MediaType.parse(type.toString())).isEqualTo(type);
    assertThat(MediaType.parse("text/plain; a=\"\"").parameter("a")).contains("");
    assertThat(MediaType.parse("text/plain; a=\"\"")).hasToString("text/plain; a=\"\"");
    // A quoted token is rendered bare: canonical form.
    assertThat(MediaType.parse("text/plain; a=\"xyz\"")).hasToString("text/plain; a=xyz");
  }

  @Test
  void obsTextIsAllowedInsideQuotedStrings() {
    assertThat(MediaType.parse("text/plain; title=\"caf\u00e9\"").parameter("title")).contains("caf\u00e9");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "text/plain                           | text/plain",
        "  text/plain\t                       | text/plain",
        "text/plain;charset=utf-8             | text/plain; charset=utf-8",
        "text/plain ;charset=utf-8            | text/plain; charset=utf-8",
        "text/plain ; \t charset=utf-8        | text/plain; charset=utf-8",
        "text/plain;;charset=utf-8;           | text/plain; charset=utf-8",
        "text/plain; ; ;                      | text/plain",
        "*/*                                  | */*",
        "text/*;q=0.5                         | text/*; q=0.5",
        "application/vnd.api+json             | application/vnd.api+json",
        "application/x-www-form-urlencoded    | application/x-www-form-urlencoded",
      })
  void acceptsWhatTheGrammarAllows(String input, String canonical) {
    assertThat(MediaType.parse(input)).hasToString(canonical);
    assertThat(MediaType.tryParse(input)).map(MediaType::toString).contains(canonical);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "text",
        "text/",
        "/html",
        "text /html",
        "text/ html",
        "text/html/x",
        "text/html; charset = utf-8",
        "text/html; charset =utf-8",
        "text/html; charset= utf-8",
        "text/html; charset=",
        "text/html; charset",
        "text/html; =utf-8",
        "text/html; charset=\"utf-8",
        "text/html; charset=\"utf-8\\",
        "text/html; charset=utf-8; charset=latin1",
        "text/html; Charset=utf-8; CHARSET=utf-8",
        "text/html\r\nX-Evil: 1",
        "text/html; a=\"b\r\nc\"",
        "text/html; a=\"b\u0000\"",
        "text/html; a=b\u0000",
        "text/html; a=\"\u20ac\"",
        "text/html, text/plain",
        "text/html; a=b c",
        "text/html; a=b\"c\"",
        "t\u00ebxt/html",
        "text/html x",
        "text/html;a=\"x\"y",
      })
  void refusesWhatTheGrammarDoesNot(String input) {
    assertThatThrownBy(() -> MediaType.parse(input))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid media type");
    assertThat(MediaType.tryParse(input)).isEmpty();
  }

  @Test
  void errorsSayWhatAndWhereWithoutEchoingControlCharacters() {
    assertThatThrownBy(() -> MediaType.parse("text /html"))
        .hasMessage("invalid media type \"text /html\": unexpected char 0x20 at 4, expected '/'");
    assertThatThrownBy(() -> MediaType.parse("text/html; a=1; A=2"))
        .hasMessageContaining("parameter a appears twice");
    assertThatThrownBy(() -> MediaType.parse("text/html\r\nX: y"))
        .hasMessageContaining("text/html\\x0d\\x0aX: y")
        .message()
        .doesNotContain("\r")
        .doesNotContain("\n");
    assertThatThrownBy(() -> MediaType.parse("text/html; a=\"open"))
        .hasMessageContaining("unterminated quoted-string starting at 13");
  }

  @Test
  void charsetIsEmptyWhenAbsentUnknownOrMalformed() {
    assertThat(MediaType.parse("text/plain").charset()).isEmpty();
    assertThat(MediaType.parse("text/plain; charset=x-no-such-charset").charset()).isEmpty();
    assertThat(MediaType.parse("text/plain; charset=\"utf 8\"").charset()).isEmpty();
    assertThat(MediaType.parse("text/plain; charset=\"@@@\"").charset()).isEmpty();
    assertThat(MediaType.parse("text/plain; charset=\"\"").charset()).isEmpty();
    assertThat(MediaType.parse("text/plain; charset=latin1").charset()).contains(StandardCharsets.ISO_8859_1);
    assertThat(MediaType.parse("text/plain; charset=\"Shift_JIS\"").charset())
        .contains(Charset.forName("Shift_JIS"));
  }

  @Test
  void withCharsetReplacesInPlaceInLowerCase() {
    MediaType type = MediaType.parse("text/plain; charset=latin1; format=flowed");
    MediaType utf8 = type.withCharset(StandardCharsets.UTF_8);
    assertThat(utf8).hasToString("text/plain; charset=utf-8; format=flowed");
    assertThat(utf8.charset()).contains(StandardCharsets.UTF_8);
    assertThat(type).hasToString("text/plain; charset=latin1; format=flowed"); // unchanged
    assertThat(MediaType.APPLICATION_JSON.withCharset(StandardCharsets.UTF_8))
        .hasToString("application/json; charset=utf-8");
  }

  @Test
  void withParameterValidatesAndQuotesWhenNeeded() {
    MediaType type = MediaType.MULTIPART_FORM_DATA.withParameter("Boundary", "x y");
    assertThat(type).hasToString("multipart/form-data; boundary=\"x y\"");
    assertThat(MediaType.TEXT_PLAIN.withParameter("a", "")).hasToString("text/plain; a=\"\"");
    assertThatThrownBy(() -> MediaType.TEXT_PLAIN.withParameter("bad name", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0x20");
    assertThatThrownBy(() -> MediaType.TEXT_PLAIN.withParameter("a", "x\r\nSet-Cookie: y"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0x0d at 1");
    assertThatThrownBy(() -> MediaType.TEXT_PLAIN.withParameter("a", "\u20ac"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withoutParameterRemovesIgnoringCase() {
    MediaType type = MediaType.parse("text/plain; charset=utf-8; a=1");
    assertThat(type.withoutParameter("CHARSET")).hasToString("text/plain; a=1");
    assertThat(type.withoutParameter("zzz")).isSameAs(type);
    assertThat(type.withoutParameters()).isEqualTo(MediaType.TEXT_PLAIN);
    assertThat(MediaType.TEXT_PLAIN.withoutParameters()).isSameAs(MediaType.TEXT_PLAIN);
  }

  @Test
  void ofValidatesAndLowerCases() {
    assertThat(MediaType.of("Application", "JSON")).isEqualTo(MediaType.APPLICATION_JSON);
    assertThatThrownBy(() -> MediaType.of("text", "ht ml")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MediaType.of("", "html")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parametersAreUnmodifiable() {
    Map<String, String> parameters = MediaType.parse("text/plain; a=1").parameters();
    assertThatThrownBy(() -> parameters.put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void equalityIgnoresParameterOrderAndCharsetCaseButNotOtherValues() {
    MediaType a = MediaType.parse("text/html; charset=UTF-8; level=1");
    MediaType b = MediaType.parse("TEXT/html;level=1;CHARSET=utf-8");
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(MediaType.parse("text/html; charset=utf-8; level=2"));
    assertThat(MediaType.parse("multipart/mixed; boundary=ABC"))
        .isNotEqualTo(MediaType.parse("multipart/mixed; boundary=abc"));
    assertThat(a).isNotEqualTo(MediaType.parse("text/html; charset=utf-8"));
    assertThat(a).isNotEqualTo(MediaType.parse("text/xml; charset=utf-8; level=1"));
    assertThat(a).isNotEqualTo("text/html; charset=UTF-8; level=1");
  }

  @Test
  void constantsRenderAsExpected() {
    assertThat(MediaType.APPLICATION_JSON).hasToString("application/json");
    assertThat(MediaType.TEXT_PLAIN_UTF8).hasToString("text/plain; charset=utf-8");
    assertThat(MediaType.TEXT_HTML_UTF8).hasToString("text/html; charset=utf-8");
    assertThat(MediaType.APPLICATION_FORM_URLENCODED).hasToString("application/x-www-form-urlencoded");
    assertThat(MediaType.APPLICATION_OCTET_STREAM).hasToString("application/octet-stream");
    assertThat(MediaType.MULTIPART_FORM_DATA).hasToString("multipart/form-data");
    assertThat(MediaType.ANY).hasToString("*/*");
    assertThat(MediaType.TEXT_PLAIN_UTF8.charset()).contains(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @CsvSource({
    "application/json, true, true, false",
    "application/problem+json, true, true, false",
    "application/vnd.api+json; charset=utf-8, true, true, false",
    "APPLICATION/JSON, true, true, false",
    "text/json, false, true, false",
    "application/jsonp, false, false, false",
    "application/json-seq, false, false, false",
    "application/xml, false, true, true",
    "text/xml, false, true, true",
    "image/svg+xml, false, true, true",
    "text/plain, false, true, false",
    "text/csv, false, true, false",
    "application/javascript, false, true, false",
    "application/x-www-form-urlencoded, false, true, false",
    "application/yaml, false, true, false",
    "image/png, false, false, false",
    "application/octet-stream, false, false, false",
    "multipart/form-data, false, false, false",
    "application/pdf, false, false, false",
  })
  void classifiesJsonXmlAndText(String input, boolean json, boolean text, boolean xml) {
    MediaType type = MediaType.parse(input);
    assertThat(type.isJson()).as("isJson").isEqualTo(json);
    assertThat(type.isText()).as("isText").isEqualTo(text);
    assertThat(type.isXml()).as("isXml").isEqualTo(xml);
  }

  @Test
  void rangesIncludeWhatTheyCover() {
    MediaType html = MediaType.parse("text/html; charset=utf-8; level=1");
    assertThat(MediaType.ANY.includes(html)).isTrue();
    assertThat(MediaType.ANY.isWildcardType()).isTrue();
    assertThat(MediaType.parse("text/*").includes(html)).isTrue();
    assertThat(MediaType.parse("text/*").isWildcardSubtype()).isTrue();
    assertThat(MediaType.parse("text/*").includes(MediaType.APPLICATION_JSON)).isFalse();
    assertThat(MediaType.parse("text/html").includes(html)).isTrue();
    assertThat(MediaType.parse("text/html;level=1").includes(html)).isTrue();
    assertThat(MediaType.parse("text/html;level=2").includes(html)).isFalse();
    assertThat(MediaType.parse("text/html;charset=UTF-8").includes(html)).isTrue();
    assertThat(html.includes(MediaType.TEXT_HTML)).isFalse();
    assertThat(MediaType.TEXT_PLAIN.includes(MediaType.TEXT_HTML)).isFalse();
  }

  @Test
  void parsingIgnoresTheDefaultLocale() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("tr-TR")); // "I".toLowerCase() is "ı" here
      assertThat(MediaType.parse("IMAGE/GIF; CHARSET=X").type()).isEqualTo("image");
      assertThat(MediaType.parse("IMAGE/GIF; CHARSET=X").parameter("charset")).contains("X");
    } finally {
      Locale.setDefault(saved);
    }
  }

  /** Whatever the input, tryParse never throws, and what it accepts survives a round trip. */
  @Property(tries = 2000)
  void tryParseIsTotalAndRoundTrips(
      @ForAll @StringLength(max = 40) @Chars({'/', ';', '=', '"', '\\', ' ', '\t', ',', '\r', 'é'})
          @CharRange(from = 'a', to = 'e') @CharRange(from = 'A', to = 'C') String input) {
    Optional<MediaType> parsed = MediaType.tryParse(input);
    parsed.ifPresent(
        type -> {
          MediaType again = MediaType.parse(type.toString());
          assertThat(again).isEqualTo(type);
          assertThat(again.toString()).isEqualTo(type.toString());
          assertThat(again.parameters()).isEqualTo(type.parameters());
        });
  }

  /** Every syntactically built type parses back from its canonical form. */
  @Property(tries = 500)
  void builtTypesRoundTrip(
      @ForAll @StringLength(min = 1, max = 8) @CharRange(from = 'a', to = 'z') String subtype,
      @ForAll @StringLength(max = 12) @CharRange(from = ' ', to = '~') String value) {
    MediaType type = MediaType.of("x", subtype).withParameter("p", value);
    assertThat(MediaType.parse(type.toString())).isEqualTo(type);
    assertThat(MediaType.parse(type.toString()).parameter("p")).contains(value);
  }

  @Test
  void forFileNameGoesByTheLastExtensionWithoutCharset() {
    assertThat(MediaType.forFileName("report.PDF")).contains(MediaType.APPLICATION_PDF);
    assertThat(MediaType.forFileName("archive.tar.gz")).contains(MediaType.parse("application/gzip"));
    assertThat(MediaType.forFileName("notes.txt")).contains(MediaType.TEXT_PLAIN);
    assertThat(MediaType.forFileName("app.js")).contains(MediaType.TEXT_JAVASCRIPT);
    assertThat(MediaType.forFileName("data.json")).contains(MediaType.APPLICATION_JSON);
    assertThat(MediaType.forFileName("page.HtMl")).contains(MediaType.TEXT_HTML);
    assertThat(MediaType.forFileName("README")).isEmpty();
    assertThat(MediaType.forFileName("trailing.")).isEmpty();
    assertThat(MediaType.forFileName("file.unknownext")).isEmpty();
    assertThat(MediaType.forFileName("dir.d/README")).as("a dot in a folder is no extension").isEmpty();
    assertThat(MediaType.forFileName(".html")).contains(MediaType.TEXT_HTML);
  }
}

package dev.courier.cookies;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class CookieDateTest {
  /** The 70 http-state date vectors (examples.json 15 + bsd-examples.json 55). */
  @TestFactory
  Stream<DynamicTest> httpStateDates() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (String file : List.of("examples.json", "bsd-examples.json")) {
      Path path = HttpStateConformanceTest.ROOT.resolve("dates/" + file);
      String json = Files.readAllLines(path, StandardCharsets.UTF_8).stream()
          .filter(l -> !l.startsWith("//"))
          .collect(Collectors.joining("\n"));
      for (JsonNode c : new ObjectMapper().readTree(json)) {
        String input = c.get("test").asText();
        String expected = c.get("expected").isNull() ? null : c.get("expected").asText();
        tests.add(DynamicTest.dynamicTest(file + ": " + input, () -> {
          Optional<Instant> parsed = CookieDate.parse(input);
          assertThat(parsed.map(CookieDate::format).orElse(null)).as(input).isEqualTo(expected);
        }));
      }
    }
    assertThat(tests).hasSize(70);
    return tests.stream();
  }

  @Test
  void formatsImfFixdate() {
    assertThat(CookieDate.format(Instant.EPOCH)).isEqualTo("Thu, 01 Jan 1970 00:00:00 GMT");
    assertThat(CookieDate.format(Instant.parse("1994-11-06T08:49:37.999Z")))
        .isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
  }

  @Test
  void twoDigitYearsAndRanges() {
    assertThat(CookieDate.parse("01 Jan 69 00:00:00")).contains(Instant.parse("2069-01-01T00:00:00Z"));
    assertThat(CookieDate.parse("01 Jan 70 00:00:00")).contains(Instant.parse("1970-01-01T00:00:00Z"));
    assertThat(CookieDate.parse("31 Feb 2020 00:00:00")).isEmpty();
    assertThat(CookieDate.parse("29 Feb 2020 23:59:59")).contains(Instant.parse("2020-02-29T23:59:59Z"));
    assertThat(CookieDate.parse("01 Jan 1600 00:00:00")).isEmpty();
    assertThat(CookieDate.parse("01 Jan 2020 24:00:00")).isEmpty();
    assertThat(CookieDate.parse("")).isEmpty();
  }

  @Test
  void nonAsciiLookalikesAreNotMonths() {
    // U+017F (long s) upper-cases to 'S'; a case-insensitive Java compare would take it as "sep".
    assertThat(CookieDate.parse("01 \u017Fep 2020 00:00:00")).isEmpty();
    assertThat(CookieDate.parse("01 \u0661\u0662 2020 00:00:00")).isEmpty(); // Arabic-Indic digits
  }

  @Test
  void pythonReDoSInputIsLinear() {
    // CPython's LOOSE_HTTP_DATE_RE backtracked on this (cpython#82985); one pass here.
    String evil = "1-c-1" + " ".repeat(200_000) + "!";
    assertThat(CookieDate.parse(evil)).isEmpty();
  }
}

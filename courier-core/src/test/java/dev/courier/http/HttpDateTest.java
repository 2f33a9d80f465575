package dev.courier.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpDateTest {
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  private static final Instant RFC_EXAMPLE = Instant.parse("1994-11-06T08:49:37Z");

  @Test
  void readsTheThreeFormsOfTheRfcExample() {
    // RFC 9110, Section 5.6.7: the same instant in the preferred and the two obsolete forms.
    assertThat(HttpDate.parse("Sun, 06 Nov 1994 08:49:37 GMT", NOW)).isEqualTo(RFC_EXAMPLE);
    assertThat(HttpDate.parse("Sunday, 06-Nov-94 08:49:37 GMT", NOW)).isEqualTo(RFC_EXAMPLE);
    assertThat(HttpDate.parse("Sun Nov  6 08:49:37 1994", NOW)).isEqualTo(RFC_EXAMPLE);
    assertThat(HttpDate.parse("Sun Nov 6 08:49:37 1994", NOW)).isEqualTo(RFC_EXAMPLE);
    assertThat(HttpDate.parse("Tue Jan 16 03:04:05 2024", NOW)).isEqualTo(Instant.parse("2024-01-16T03:04:05Z"));
    assertThat(HttpDate.parse(" \tSun, 06 Nov 1994 08:49:37 GMT ", NOW)).isEqualTo(RFC_EXAMPLE);
  }

  @Test
  void formatsImfFixdateAndRoundTrips() {
    assertThat(HttpDate.format(RFC_EXAMPLE)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    assertThat(HttpDate.format(Instant.parse("2026-01-02T03:04:05.999Z"))).isEqualTo("Fri, 02 Jan 2026 03:04:05 GMT");
    for (long s = -2_000_000_000L; s < 4_000_000_000L; s += 123_456_789L) {
      Instant t = Instant.ofEpochSecond(s);
      assertThat(HttpDate.parse(HttpDate.format(t), NOW)).isEqualTo(t);
    }
    assertThatThrownBy(() -> HttpDate.format(Instant.parse("+10000-01-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void twoDigitYearsMoreThanFiftyYearsAheadAreInThePastCentury() {
    // now = 2026: "76" is 2076 (exactly 50 years ahead), "77" is 1977.
    assertThat(HttpDate.parse("Saturday, 01-Jan-77 00:00:00 GMT", NOW)).isEqualTo(Instant.parse("1977-01-01T00:00:00Z"));
    assertThat(HttpDate.parse("Wednesday, 01-Jan-76 00:00:00 GMT", NOW)).isEqualTo(Instant.parse("2076-01-01T00:00:00Z"));
    assertThat(HttpDate.parse("Thursday, 01-Jan-26 00:00:00 GMT", NOW)).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    // The rule follows the "now" it is given, not the clock: in 2090, "05" is 2105.
    Instant in2090 = Instant.parse("2090-06-01T00:00:00Z");
    assertThat(HttpDate.parse("Thursday, 01-Jan-05 00:00:00 GMT", in2090)).isEqualTo(Instant.parse("2105-01-01T00:00:00Z"));
    assertThat(HttpDate.parse("Friday, 01-Jan-94 00:00:00 GMT", in2090)).isEqualTo(Instant.parse("2094-01-01T00:00:00Z"));
  }

  @Test
  void leapSecondReadsAsTheSecondBefore() {
    assertThat(HttpDate.parse("Sat, 31 Dec 2016 23:59:60 GMT", NOW)).isEqualTo(Instant.parse("2016-12-31T23:59:59Z"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "garbage", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 06 Nov 1994 08:49:37 GMT extra",
      "sun, 06 Nov 1994 08:49:37 GMT", "Sun, 06 nov 1994 08:49:37 GMT", "Mon, 06 Nov 1994 08:49:37 GMT",
      "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 94 08:49:37 GMT", "Sun, 31 Nov 1994 08:49:37 GMT",
      "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:60:00 GMT", "Sun, 06 Nov 1994 08:49:61 GMT",
      "Sun, 06 Nov 1994 8:49:37 GMT", "Sun, ٠٦ Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-1994 08:49:37 GMT",
      "Sun Nov  6 08:49:37 1994 GMT", "Sun Nov  6 08:49:37 94", "Thu, 29 Feb 2001 00:00:00 GMT"})
  void refusesWhatIsNoHttpDate(String text) {
    assertThat(HttpDate.tryParse(text, NOW)).as(text).isEmpty();
    assertThatThrownBy(() -> HttpDate.parse(text, NOW)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not an HTTP-date");
  }

  @Test
  void refusesOverlongInputBeforeReadingIt() {
    String longText = "Sun, 06 Nov 1994 08:49:37 GMT" + "x".repeat(100_000);
    assertThatThrownBy(() -> HttpDate.parse(longText, NOW)).hasMessageContaining("longer than 40");
  }

  @Test
  void messagesShowControlCharactersEscaped() {
    assertThatThrownBy(() -> HttpDate.parse("Sun,\r\n06", NOW)).hasMessageContaining("\\x0d\\x0a");
  }
}

package dev.courier.cookies;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * The cookie date format: the lenient parser of RFC 6265 section 5.1.1 that user agents apply to
 * {@code Expires}, and the IMF-fixdate form (RFC 9110 section 5.6.7) servers should send.
 *
 * <pre>{@code
 * CookieDate.parse("Wed, 09 Jun 2021 10:18:14 GMT");   // Optional[2021-06-09T10:18:14Z]
 * CookieDate.parse("Wednesday, 01-Jan-10 00:00:00");   // Optional[2010-01-01T00:00:00Z]
 * CookieDate.parse("next tuesday");                    // Optional.empty
 * CookieDate.format(Instant.EPOCH);                    // "Thu, 01 Jan 1970 00:00:00 GMT"
 * }</pre>
 *
 * <p>The parser runs in one pass over the input (no regular expressions, no backtracking), so its
 * time is linear in the length of the string.
 */
public final class CookieDate {
  private static final String[] MONTHS = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
  };
  private static final String[] MONTH_NAMES = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };
  private static final String[] DAY_NAMES = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

  private CookieDate() {}

  /**
   * Parses a cookie date by the algorithm of RFC 6265 section 5.1.1. Empty when the string holds no
   * valid date (a missing field, a day of month outside 1..31, a year before 1601, an hour above 23,
   * a minute or second above 59, or a day that does not exist such as 31 February).
   */
  public static Optional<Instant> parse(String text) {
    int hour = -1, minute = -1, second = -1, day = -1, month = -1, year = -1;
    int length = text.length();
    int i = 0;
    while (i < length) {
      // date-token-list = date-token *( 1*delimiter date-token )
      while (i < length && isDelimiter(text.charAt(i))) i++;
      int start = i;
      while (i < length && !isDelimiter(text.charAt(i))) i++;
      if (start == i) break;
      String token = text.substring(start, i);
      // The first production that matches a token consumes it (section 5.1.1 step 2).
      if (hour < 0) {
        int[] hms = time(token);
        if (hms != null) {
          hour = hms[0];
          minute = hms[1];
          second = hms[2];
          continue;
        }
      }
      if (day < 0) {
        int value = digits(token, 1, 2);
        if (value >= 0) {
          day = value;
          continue;
        }
      }
      if (month < 0) {
        int value = month(token);
        if (value >= 0) {
          month = value;
          continue;
        }
      }
      if (year < 0) {
        int value = digits(token, 2, 4);
        if (value >= 0) {
          year = value;
        }
      }
    }
    // Steps 3 and 4: two-digit years.
    if (year >= 70 && year <= 99) year += 1900;
    else if (year >= 0 && year <= 69) year += 2000;
    // Step 5: abort when a field is missing or out of range.
    if (hour < 0 || day < 0 || month < 0 || year < 0) return Optional.empty();
    if (day < 1 || day > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59) {
      return Optional.empty();
    }
    // Step 6: "If the date does not exist, abort these steps" (for example 31 February).
    if (day > LocalDate.of(year, month, 1).lengthOfMonth()) return Optional.empty();
    return Optional.of(
        ZonedDateTime.of(year, month, day, hour, minute, second, 0, ZoneOffset.UTC).toInstant());
  }

  /**
   * Formats an instant as an IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT}), the form RFC 6265
   * section 4.1.1 asks servers to send. Instants are truncated to seconds; years are clamped to
   * 1601..9999 so the result always parses back.
   */
  public static String format(Instant instant) {
    ZonedDateTime t = instant.atZone(ZoneOffset.UTC);
    if (t.getYear() < 1601) t = ZonedDateTime.of(1601, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    if (t.getYear() > 9999) t = ZonedDateTime.of(9999, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC);
    StringBuilder out = new StringBuilder(29);
    out.append(DAY_NAMES[t.getDayOfWeek().getValue() - 1]).append(", ");
    two(out, t.getDayOfMonth());
    out.append(' ').append(MONTH_NAMES[t.getMonthValue() - 1]).append(' ');
    int y = t.getYear();
    out.append((char) ('0' + y / 1000)).append((char) ('0' + y / 100 % 10));
    two(out, y % 100);
    out.append(' ');
    two(out, t.getHour());
    out.append(':');
    two(out, t.getMinute());
    out.append(':');
    two(out, t.getSecond());
    return out.append(" GMT").toString();
  }

  private static void two(StringBuilder out, int value) {
    out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }

  /** delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E. */
  static boolean isDelimiter(char c) {
    return c == 0x09
        || (c >= 0x20 && c <= 0x2F)
        || (c >= 0x3B && c <= 0x40)
        || (c >= 0x5B && c <= 0x60)
        || (c >= 0x7B && c <= 0x7E);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * Matches {@code min*max DIGIT ( non-digit *OCTET )}: the value of the leading digits, or -1.
   * Used for day-of-month (1*2DIGIT) and year (2*4DIGIT).
   */
  private static int digits(String token, int min, int max) {
    int n = 0;
    int value = 0;
    while (n < token.length() && isDigit(token.charAt(n))) {
      if (++n > max) return -1;
      value = value * 10 + (token.charAt(n - 1) - '0');
    }
    return n >= min ? value : -1;
  }

  /** time = hms-time ( non-digit *OCTET ); hms-time = time-field ":" time-field ":" time-field. */
  private static int[] time(String token) {
    int[] out = new int[3];
    int i = 0;
    for (int field = 0; field < 3; field++) {
      int start = i;
      int value = 0;
      while (i < token.length() && isDigit(token.charAt(i)) && i - start < 2) {
        value = value * 10 + (token.charAt(i++) - '0');
      }
      if (i == start) return null;
      out[field] = value;
      if (field < 2) {
        if (i >= token.length() || token.charAt(i) != ':') return null;
        i++;
      }
    }
    if (i < token.length() && isDigit(token.charAt(i))) return null;
    return out;
  }

  private static char asciiLower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }

  /** month = ( "jan" / ... / "dec" ) *OCTET, case-insensitive: 1..12, or -1. */
  private static int month(String token) {
    if (token.length() < 3) return -1;
    for (int m = 0; m < 12; m++) {
      if (asciiLower(token.charAt(0)) == MONTHS[m].charAt(0)
          && asciiLower(token.charAt(1)) == MONTHS[m].charAt(1)
          && asciiLower(token.charAt(2)) == MONTHS[m].charAt(2)) {
        return m + 1;
      }
    }
    return -1;
  }
}

package dev.courier.http;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * HTTP-date (RFC 9110, Section 5.6.7): written as IMF-fixdate, read in the three forms a
 * recipient must accept: IMF-fixdate, the obsolete RFC 850 form and ANSI C's asctime form.
 *
 * <pre>{@code
 * HttpDate.format(Instant.ofEpochSecond(784111777));          // "Sun, 06 Nov 1994 08:49:37 GMT"
 * HttpDate.parse("Sunday, 06-Nov-94 08:49:37 GMT", now);       // 1994-11-06T08:49:37Z
 * HttpDate.tryParse("yesterday", now);                         // Optional.empty()
 * }</pre>
 *
 * <p>The RFC 850 form has a two-digit year; Section 5.6.7 says a date that appears to be more than
 * 50 years in the future is in the past century. That needs the current time, so parsing takes
 * it as {@code now} and never reads the clock. Names of days and months are case-sensitive, as
 * the grammar has them, and the day name must be the right one for the date. The parser is one
 * forward scan of at most {@value #MAX_LENGTH} characters.
 */
public final class HttpDate {
  /** Longer than any HTTP-date; longer input is refused before it is read. */
  public static final int MAX_LENGTH = 40;

  private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  private static final String[] LONG_DAYS =
      {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
  private static final String[] MONTHS =
      {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

  private HttpDate() {}

  /**
   * {@code instant} as IMF-fixdate, e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}; fractions of a
   * second are dropped.
   *
   * @throws IllegalArgumentException for a year outside 0000 to 9999, which the form cannot hold
   */
  public static String format(Instant instant) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    if (t.getYear() < 0 || t.getYear() > 9999) {
      throw new IllegalArgumentException("an HTTP-date has a four-digit year: " + instant);
    }
    StringBuilder out = new StringBuilder(29);
    out.append(DAYS[t.getDayOfWeek().ordinal()]).append(", ");
    twoDigits(out, t.getDayOfMonth()).append(' ').append(MONTHS[t.getMonthValue() - 1]).append(' ');
    twoDigits(twoDigits(out, t.getYear() / 100), t.getYear() % 100).append(' ');
    twoDigits(out, t.getHour()).append(':');
    twoDigits(out, t.getMinute()).append(':');
    return twoDigits(out, t.getSecond()).append(" GMT").toString();
  }

  /**
   * The instant {@code text} names, in any of the three forms (surrounding SP and HTAB allowed).
   *
   * @param now the current time, for the two-digit year of the RFC 850 form
   * @throws IllegalArgumentException when {@code text} is none of the forms, or names no date
   */
  public static Instant parse(String text, Instant now) {
    Parser p = new Parser(text, now);
    Instant instant = p.parse();
    if (instant == null) {
      throw new IllegalArgumentException("not an HTTP-date (" + p.error + "): '"
          + FieldSyntax.printable(text) + "'");
    }
    return instant;
  }

  /** Like {@link #parse}, empty instead of throwing. */
  public static Optional<Instant> tryParse(String text, Instant now) {
    return Optional.ofNullable(new Parser(text, now).parse());
  }

  private static StringBuilder twoDigits(StringBuilder out, int value) {
    return out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }

  /** One parse: a cursor over the trimmed text; the first failure leaves its reason in error. */
  private static final class Parser {
    private final String s;
    private final int end;
    private final Instant now;
    private int i;
    private String error;

    Parser(String text, Instant now) {
      this.now = now;
      int start = 0;
      int stop = text.length();
      while (start < stop && FieldSyntax.isWhitespace(text.charAt(start))) start++;
      while (stop > start && FieldSyntax.isWhitespace(text.charAt(stop - 1))) stop--;
      this.s = text;
      this.i = start;
      this.end = stop;
    }

    Instant parse() {
      if (end - i > MAX_LENGTH) return fail("longer than " + MAX_LENGTH + " characters");
      if (end - i < 4) return fail("too short");
      if (s.charAt(i + 3) == ',') return imfFixdate();
      if (s.charAt(i + 3) == ' ') return asctime();
      return rfc850();
    }

    /** IMF-fixdate = day-name "," SP date1 SP time-of-day SP GMT; date1 = day SP month SP year. */
    private Instant imfFixdate() {
      int dayName = name(DAYS);
      if (dayName < 0 || !literal(", ")) return fail("bad day name");
      int day = digits(2);
      if (day < 0 || !literal(" ")) return fail("bad day");
      int month = name(MONTHS);
      if (month < 0 || !literal(" ")) return fail("bad month");
      int year = digits(4);
      if (year < 0 || !literal(" ")) return fail("bad year");
      return timeAndGmt(dayName, year, month, day);
    }

    /** rfc850-date = day-name-l "," SP date2 SP time-of-day SP GMT; date2 = day "-" month "-" 2DIGIT. */
    private Instant rfc850() {
      int dayName = name(LONG_DAYS);
      if (dayName < 0 || !literal(", ")) return fail("bad day name");
      int day = digits(2);
      if (day < 0 || !literal("-")) return fail("bad day");
      int month = name(MONTHS);
      if (month < 0 || !literal("-")) return fail("bad month");
      int yy = digits(2);
      if (yy < 0 || !literal(" ")) return fail("bad year");
      return timeAndGmt(dayName, twoDigitYear(yy), month, day);
    }

    /**
     * RFC 9110, Section 5.6.7: a two-digit year that appears to be more than 50 years in the
     * future is the most recent past year with those digits. So the year is the one ending in
     * {@code yy} in the hundred years up to 50 years from now.
     */
    private int twoDigitYear(int yy) {
      int current = LocalDateTime.ofEpochSecond(now.getEpochSecond(), 0, ZoneOffset.UTC).getYear();
      int year = Math.floorDiv(current, 100) * 100 + yy;
      if (year > current + 50) year -= 100;
      else if (year <= current - 50) year += 100;
      return year;
    }

    /** asctime-date = day-name SP date3 SP time-of-day SP year; date3 = month SP ( 2DIGIT / ( SP DIGIT ) ). */
    private Instant asctime() {
      int dayName = name(DAYS);
      if (dayName < 0 || !literal(" ")) return fail("bad day name");
      int month = name(MONTHS);
      if (month < 0 || !literal(" ")) return fail("bad month");
      if (i < end && s.charAt(i) == ' ') i++; // a one-digit day is padded with a space
      int day = i + 1 < end && s.charAt(i + 1) == ' ' ? digits(1) : digits(2);
      if (day < 0 || !literal(" ")) return fail("bad day");
      int[] time = time();
      if (time == null || !literal(" ")) return fail("bad time of day");
      int year = digits(4);
      if (year < 0 || i != end) return fail("bad year");
      return instant(dayName, year, month, day, time);
    }

    private Instant timeAndGmt(int dayName, int year, int month, int day) {
      int[] time = time();
      if (time == null) return fail("bad time of day");
      if (!literal(" GMT") || i != end) return fail("no GMT at the end");
      return instant(dayName, year, month, day, time);
    }

    /** time-of-day = hour ":" minute ":" second; second 60 is a leap second, read as 59. */
    private int[] time() {
      int hour = digits(2);
      if (hour < 0 || hour > 23 || !literal(":")) return null;
      int minute = digits(2);
      if (minute < 0 || minute > 59 || !literal(":")) return null;
      int second = digits(2);
      if (second < 0 || second > 60) return null;
      return new int[] {hour, minute, Math.min(second, 59)};
    }

    private Instant instant(int dayName, int year, int month, int day, int[] time) {
      LocalDate date;
      try {
        date = LocalDate.of(year, month + 1, day);
      } catch (DateTimeException e) {
        return fail("no such day");
      }
      if (date.getDayOfWeek() != DayOfWeek.of(dayName + 1)) return fail("wrong day name for the date");
      return date.atTime(time[0], time[1], time[2]).toInstant(ZoneOffset.UTC);
    }

    /** The index of the name at the cursor (consumed), or -1. */
    private int name(String[] names) {
      for (int n = 0; n < names.length; n++) {
        if (s.startsWith(names[n], i) && i + names[n].length() <= end) {
          i += names[n].length();
          return n;
        }
      }
      return -1;
    }

    /** Exactly {@code count} ASCII digits as a number (consumed), or -1. */
    private int digits(int count) {
      if (i + count > end) return -1;
      int value = 0;
      for (int k = 0; k < count; k++) {
        char c = s.charAt(i + k);
        if (c < '0' || c > '9') return -1;
        value = value * 10 + (c - '0');
      }
      i += count;
      return value;
    }

    private boolean literal(String text) {
      if (!s.startsWith(text, i) || i + text.length() > end) return false;
      i += text.length();
      return true;
    }

    private Instant fail(String reason) {
      error = reason;
      return null;
    }
  }
}

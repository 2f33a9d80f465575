package dev.courier;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP-date parsing (RFC 9110, Section 5.6.7): IMF-fixdate, and the obsolete rfc850-date and
 * asctime-date forms a recipient MUST still accept.
 */
final class HttpDates {
  /** Longer than any valid HTTP-date; longer input is refused before any parsing. */
  private static final int MAX_LENGTH = 40;

  private static final DateTimeFormatter IMF =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
  private static final DateTimeFormatter RFC850 =
      DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US);
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.US);

  private HttpDates() {}

  static Optional<Instant> parse(String value) {
    String s = value.trim();
    if (s.isEmpty() || s.length() > MAX_LENGTH) return Optional.empty();
    try {
      return Optional.of(LocalDateTime.parse(s, IMF).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException ignored) {
      // try the obsolete forms
    }
    try {
      LocalDateTime t = LocalDateTime.parse(s, RFC850);
      // RFC 9110, Section 5.6.7: a two-digit year more than 50 years in the future is in the past
      // century; java.time maps yy to 2000-2099, so 70..99 go back 100 years.
      if (t.getYear() >= 2070) t = t.minusYears(100);
      return Optional.of(t.toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException ignored) {
      // try asctime
    }
    try {
      return Optional.of(LocalDateTime.parse(s.replaceAll(" +", " "), ASCTIME).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  static String format(Instant instant) {
    return IMF.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
  }
}

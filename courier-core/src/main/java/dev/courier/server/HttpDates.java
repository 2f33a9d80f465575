package dev.courier.server;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP dates (RFC 9110 section 5.6.7): written as IMF-fixdate, read in all three forms a
 * recipient must accept (IMF-fixdate, obsolete RFC 850, ANSI C asctime).
 */
final class HttpDates {
  private HttpDates() {}

  private static final DateTimeFormatter IMF =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter RFC850 =
      DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.ROOT);
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);

  /** {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
  static String format(Instant instant) {
    return IMF.format(instant);
  }

  /** The instant of an HTTP date in any of the three forms; empty when it is none. */
  static Optional<Instant> parse(String value) {
    String v = value.trim();
    try {
      return Optional.of(ZonedDateTime.parse(v, IMF).toInstant());
    } catch (DateTimeParseException e) {
      // try the obsolete forms
    }
    try {
      LocalDateTime t = LocalDateTime.parse(v, RFC850);
      // RFC 9110 section 5.6.7: a two-digit year more than 50 years in the future is in the past.
      if (t.getYear() > LocalDateTime.now(ZoneOffset.UTC).getYear() + 50) t = t.minusYears(100);
      return Optional.of(t.toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      // next
    }
    try {
      return Optional.of(LocalDateTime.parse(v, ASCTIME).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}

package dev.courier.cookies;

import java.util.List;

/** One cookie file format: reads text into cookies (reporting bad lines) and writes cookies as text. */
interface CookieFileCodec {
  /** Receives what a reader finds, line by line. */
  interface Sink {
    void cookie(int lineNumber, Cookie cookie);

    void problem(int lineNumber, String message);
  }

  void read(String content, Sink sink);

  /**
   * Writes the cookies this format can hold; those it cannot (a TAB in a Netscape field, a char
   * above 0xFF) are added to {@code unwritable} instead of being written half-way.
   */
  String write(List<Cookie> cookies, List<Cookie> unwritable);

  static CookieFileCodec of(CookieFileFormat format) {
    return switch (format) {
      case NETSCAPE -> new NetscapeCodec();
      case LWP -> new LwpCodec();
      case JSON -> new JsonCodec();
    };
  }

  /** Unix seconds as ASCII digits; -1 when not 1*DIGIT. Saturates at Long.MAX_VALUE. */
  static long parseSeconds(String s) {
    if (s.isEmpty() || s.length() > 30) return -1;
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return -1;
      v = v < Long.MAX_VALUE / 10 ? v * 10 + (c - '0') : Long.MAX_VALUE;
    }
    return v;
  }

  /** Largest instant we store: year 9999, so every format can write it back. */
  java.time.Instant MAX_EXPIRY = java.time.Instant.parse("9999-12-31T23:59:59Z");

  static java.time.Instant fromSeconds(long seconds) {
    return seconds >= MAX_EXPIRY.getEpochSecond() ? MAX_EXPIRY : java.time.Instant.ofEpochSecond(seconds);
  }
}

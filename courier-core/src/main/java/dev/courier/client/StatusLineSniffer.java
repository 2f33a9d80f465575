package dev.courier.client;

import java.nio.charset.StandardCharsets;

/**
 * Keeps the first bytes of a response so that, when the codec refuses them, the connection can
 * tell "this is not HTTP at all" ({@code BadStatusLineException}, quoting the line, as
 * http.client's {@code BadStatusLine} does) from "an HTTP response with a broken head".
 */
final class StatusLineSniffer {
  /** Enough for any status line worth quoting; the quote is cut at 80 characters anyway. */
  private static final int FIRST_BYTES = 128;

  private final byte[] first = new byte[FIRST_BYTES];
  private int length;

  /** Forgets what was seen: a new response starts. */
  void reset() {
    length = 0;
  }

  /** Notes bytes received, keeping only the first {@value #FIRST_BYTES} of the response. */
  void saw(byte[] bytes, int offset, int count) {
    if (length < FIRST_BYTES) {
      int copy = Math.min(count, FIRST_BYTES - length);
      System.arraycopy(bytes, offset, first, length, copy);
      length += copy;
    }
  }

  /** The first line received (ISO-8859-1), without its line ending; possibly cut. */
  String firstLine() {
    int end = 0;
    while (end < length && first[end] != '\n' && first[end] != '\r') {
      end++;
    }
    return new String(first, 0, end, StandardCharsets.ISO_8859_1);
  }

  /** HTTP-version SP 3DIGIT SP (RFC 9112 Section 4), the part a status line cannot do without. */
  boolean looksLikeStatusLine() {
    String line = firstLine();
    if (line.length() < 12 || !line.startsWith("HTTP/") || line.charAt(8) != ' ') {
      return false;
    }
    for (int i : new int[] {5, 7, 9, 10, 11}) {
      char c = line.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return line.charAt(6) == '.' && (line.length() == 12 || line.charAt(12) == ' ');
  }
}

package dev.courier.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small {@code multipart/form-data} reader (RFC 7578) for {@link HttpBin}: splits a buffered
 * body on its boundary and gives each part's name, file name, content type and bytes.
 *
 * <p>The boundary is the client's choice, so the cost must not depend on it: a boundary over the
 * 70 characters RFC 2046 section 5.1.1 allows is refused, and delimiters are found with a
 * Knuth-Morris-Pratt search, which examines each body byte a bounded number of times whatever the
 * boundary (a naive search costs body length times boundary length on a body of near-matches).
 */
final class MultipartForm {
  /** RFC 2046 section 5.1.1: {@code boundary := 0*69<bchars> bcharsnospace}, 1 to 70 characters. */
  static final int MAX_BOUNDARY = 70;

  private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};

  private MultipartForm() {}

  record Part(String name, String fileName, String contentType, byte[] data) {}

  /** The parts of {@code body}; throws IllegalArgumentException when it is not well formed. */
  static List<Part> parse(byte[] body, String boundary) {
    return parse(body, boundary, new long[1]);
  }

  /** {@link #parse(byte[], String)}, adding the byte comparisons it makes to {@code work[0]}. */
  static List<Part> parse(byte[] body, String boundary, long[] work) {
    if (boundary.isEmpty() || boundary.length() > MAX_BOUNDARY) {
      throw new IllegalArgumentException("boundary must be 1 to " + MAX_BOUNDARY
          + " characters (RFC 2046 section 5.1.1), not " + boundary.length());
    }
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    Search first = new Search(delimiter, work);
    Search headEnd = new Search(HEAD_END, work);
    Search next = new Search(("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), work);
    List<Part> parts = new ArrayList<>();
    int pos = first.in(body, 0);
    if (pos < 0) throw new IllegalArgumentException("no boundary in body");
    while (true) {
      pos += delimiter.length;
      if (pos + 1 < body.length && body[pos] == '-' && body[pos + 1] == '-') return parts; // close delimiter
      // transport padding, then CRLF
      while (pos < body.length && (body[pos] == ' ' || body[pos] == '\t')) pos++;
      if (pos + 1 >= body.length || body[pos] != '\r' || body[pos + 1] != '\n') {
        throw new IllegalArgumentException("malformed boundary line");
      }
      pos += 2;
      int headStop = headEnd.in(body, pos);
      if (headStop < 0) throw new IllegalArgumentException("part without header end");
      String head = new String(body, pos, headStop - pos, StandardCharsets.UTF_8);
      int dataStart = headStop + 4;
      int dataEnd = next.in(body, dataStart);
      if (dataEnd < 0) throw new IllegalArgumentException("part without closing boundary");
      String name = null;
      String fileName = null;
      String type = "text/plain";
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon < 0) continue;
        String field = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = line.substring(colon + 1).trim();
        if (field.equals("content-disposition")) {
          name = param(value, "name");
          fileName = param(value, "filename");
        } else if (field.equals("content-type")) {
          type = value;
        }
      }
      byte[] data = java.util.Arrays.copyOfRange(body, dataStart, dataEnd);
      parts.add(new Part(name == null ? "" : name, fileName, type, data));
      pos = dataEnd + 2;
    }
  }

  /** A parameter of a header value such as {@code form-data; name="a"; filename="b.txt"}. */
  static String param(String value, String name) {
    int i = 0;
    int n = value.length();
    while (i < n) {
      int semi = value.indexOf(';', i);
      if (semi < 0) return null;
      i = semi + 1;
      while (i < n && value.charAt(i) == ' ') i++;
      int eq = value.indexOf('=', i);
      if (eq < 0) return null;
      String key = value.substring(i, eq).trim();
      i = eq + 1;
      String v;
      if (i < n && value.charAt(i) == '"') {
        StringBuilder sb = new StringBuilder();
        i++;
        while (i < n && value.charAt(i) != '"') {
          if (value.charAt(i) == '\\' && i + 1 < n) i++;
          sb.append(value.charAt(i++));
        }
        i++;
        v = sb.toString();
      } else {
        int end = value.indexOf(';', i);
        if (end < 0) end = n;
        v = value.substring(i, end).trim();
        i = end;
      }
      if (key.equalsIgnoreCase(name)) return v;
    }
    return null;
  }

  /**
   * Knuth-Morris-Pratt search for one needle: each call examines each byte from {@code from} to
   * the match at most twice, so the searches of one parse, which start where the last ended, are
   * linear in the body together.
   */
  static final class Search {
    private final byte[] needle;
    private final int[] fallback; // length of the longest proper border of needle[0..i]
    private final long[] work;

    Search(byte[] needle, long[] work) {
      this.needle = needle;
      this.work = work;
      this.fallback = new int[needle.length];
      for (int i = 1, k = 0; i < needle.length; i++) {
        while (k > 0 && needle[i] != needle[k]) k = fallback[k - 1];
        if (needle[i] == needle[k]) k++;
        fallback[i] = k;
      }
    }

    /** The needle's length. */
    int length() {
      return needle.length;
    }

    /**
     * One byte of a streamed search: {@code matched} needle bytes ended just before {@code b};
     * returns how many end with it (the needle's length is a match). Amortised constant per byte.
     */
    int step(int matched, byte b) {
      while (matched > 0 && b != needle[matched]) {
        matched = fallback[matched - 1];
        work[0]++;
      }
      work[0]++;
      return b == needle[matched] ? matched + 1 : matched;
    }

    /** The index of the first match at or after {@code from}, or -1. */
    int in(byte[] hay, int from) {
      long steps = 0;
      int matched = 0;
      for (int i = Math.max(from, 0); i < hay.length; i++) {
        while (matched > 0 && hay[i] != needle[matched]) {
          matched = fallback[matched - 1];
          steps++;
        }
        steps++;
        if (hay[i] == needle[matched] && ++matched == needle.length) {
          work[0] += steps;
          return i - needle.length + 1;
        }
      }
      work[0] += steps;
      return -1;
    }
  }
}

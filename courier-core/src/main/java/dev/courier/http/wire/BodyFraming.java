package dev.courier.http.wire;

import dev.courier.http.FieldSyntax;
import dev.courier.http.Headers;
import java.util.ArrayList;
import java.util.List;

/**
 * How the body of a message is delimited: the one place where RFC 9112, Section 6.3 is decided,
 * used by both {@link Http1Parser} and {@link Http1Writer}.
 *
 * <pre>{@code
 * BodyFraming framing = BodyFraming.ofRequest(head);
 * if (framing.kind() == BodyFraming.Kind.FIXED) System.out.println(framing.length() + " bytes");
 * }</pre>
 *
 * @param kind how the body ends
 * @param length the body length for {@link Kind#FIXED}, 0 for {@link Kind#NONE}, else -1
 */
public record BodyFraming(Kind kind, long length) {
  /** No body at all. */
  public static final BodyFraming NONE = new BodyFraming(Kind.NONE, 0);
  /** Chunked transfer coding. */
  public static final BodyFraming CHUNKED = new BodyFraming(Kind.CHUNKED, -1);
  /** A response body that ends when the connection closes. */
  public static final BodyFraming UNTIL_CLOSE = new BodyFraming(Kind.UNTIL_CLOSE, -1);
  /** The connection stops carrying HTTP after the head (CONNECT, 101 Switching Protocols). */
  public static final BodyFraming TUNNEL = new BodyFraming(Kind.TUNNEL, -1);

  /** The ways a body can be delimited. */
  public enum Kind {
    /** No body: HEAD responses, 1xx, 204, 304, requests without Content-Length or chunked. */
    NONE,
    /** Exactly {@code length} bytes, from Content-Length (RFC 9112, Section 6.3, rule 6). */
    FIXED,
    /** Chunked transfer coding (RFC 9112, Section 7.1). */
    CHUNKED,
    /** A response read until the server closes the connection (RFC 9112, Section 6.3, rule 8). */
    UNTIL_CLOSE,
    /** No body; the bytes after the head belong to a tunnel or another protocol. */
    TUNNEL
  }

  /** Checks that the length matches the kind. */
  public BodyFraming {
    java.util.Objects.requireNonNull(kind, "kind");
    if (kind == Kind.FIXED ? length < 0 : length != (kind == Kind.NONE ? 0 : -1)) {
      throw new IllegalArgumentException("length " + length + " does not fit " + kind);
    }
  }

  /** A body of exactly {@code length} bytes. */
  public static BodyFraming fixed(long length) {
    return new BodyFraming(Kind.FIXED, length);
  }

  /**
   * The framing of a request body (RFC 9112, Section 6.3, rules 3 to 7).
   *
   * @throws HttpCodecException 400 for Content-Length with Transfer-Encoding, Transfer-Encoding
   *     in HTTP/1.0, a final coding other than chunked, or a bad Content-Length; 501 for a
   *     transfer coding other than chunked
   */
  public static BodyFraming ofRequest(RequestHead head) {
    BodyFraming framing = fromFields(head.version(), head.headers(), true);
    // RFC 9110, Section 9.3.6: CONNECT has no content; after a 2xx the connection is a tunnel.
    return head.method().equals("CONNECT") ? TUNNEL : framing;
  }

  /**
   * The framing of a response body to a request with {@code requestMethod} (RFC 9112, Section
   * 6.3, rules 1 to 8).
   *
   * @throws HttpCodecException 400 for Content-Length with Transfer-Encoding, Transfer-Encoding
   *     in HTTP/1.0 or a bad Content-Length; 501 for a transfer coding other than chunked
   */
  public static BodyFraming ofResponse(String requestMethod, ResponseHead head) {
    BodyFraming framing = byStatus(requestMethod, head.status());
    return framing != null ? framing : fromFields(head.version(), head.headers(), false);
  }

  /**
   * How a sender frames a response whose content length it knows ({@code knownLength >= 0}) or
   * not ({@code -1}), to a request with {@code requestMethod} and {@code requestVersion}: the rules
   * of {@link #ofResponse} seen from the writing side. Only the kind is returned, so a server's hot
   * path allocates nothing; for {@link Kind#FIXED} the length is {@code knownLength}.
   *
   * <ul>
   *   <li>{@link Kind#TUNNEL} for 101 and for a 2xx answer to CONNECT (RFC 9112, Section 6.3,
   *       rule 2): no body, and the connection carries no more HTTP;
   *   <li>{@link Kind#NONE} for HEAD, 1xx, 204 and 304 (rule 1), whatever the length;
   *   <li>{@link Kind#FIXED} when the length is known (Content-Length, rule 6);
   *   <li>{@link Kind#CHUNKED} when it is not and the request is HTTP/1.1;
   *   <li>{@link Kind#UNTIL_CLOSE} when it is not and the request is HTTP/1.0, which has no
   *       chunked coding (RFC 9112, Section 6.1): the close ends the body (rule 8), so the
   *       connection must not persist.
   * </ul>
   *
   * <pre>{@code
   * BodyFraming.responseKind("GET", 200, HttpVersion.HTTP_1_1, -1);   // CHUNKED
   * BodyFraming.responseKind("HEAD", 200, HttpVersion.HTTP_1_1, 42);  // NONE
   * }</pre>
   *
   * @see #sendsContentLength(String, int, long)
   */
  public static Kind responseKind(String requestMethod, int status, HttpVersion requestVersion,
      long knownLength) {
    BodyFraming framing = byStatus(requestMethod, status);
    if (framing != null) return framing.kind();
    if (knownLength >= 0) return Kind.FIXED;
    return requestVersion == HttpVersion.HTTP_1_0 ? Kind.UNTIL_CLOSE : Kind.CHUNKED;
  }

  /**
   * Whether a response that a sender writes carries a {@code Content-Length} field: when the
   * length is known and the status allows one (RFC 9110, Section 8.6). Never on 1xx, 204 or a 2xx
   * answer to CONNECT (MUST NOT); never on 304, which may only repeat the length a 200 would have
   * had, not the length of what accompanies the 304. A HEAD answer does carry it: the length the
   * GET would have sent (RFC 9110, Section 9.3.2), though {@link #responseKind} sends no body.
   *
   * <pre>{@code
   * BodyFraming.sendsContentLength("HEAD", 200, 42);  // true
   * BodyFraming.sendsContentLength("GET", 304, 42);   // false
   * }</pre>
   */
  public static boolean sendsContentLength(String requestMethod, int status, long knownLength) {
    return knownLength >= 0 && status != 304 && !forbidsFramingFields(requestMethod, status);
  }

  /**
   * True when a response must carry neither Content-Length nor Transfer-Encoding: 1xx, 204 and a
   * 2xx answer to CONNECT (RFC 9110, Sections 8.6 and 9.3.6; RFC 9112, Section 6.1).
   */
  static boolean forbidsFramingFields(String requestMethod, int status) {
    return status < 200 || status == 204 || (status < 300 && requestMethod.equals("CONNECT"));
  }

  /**
   * The framing when the status and request method alone decide it (RFC 9112, Section 6.3,
   * rules 1 and 2), else null.
   */
  private static BodyFraming byStatus(String requestMethod, int status) {
    // Rule 2: a 2xx response to CONNECT switches the connection to a tunnel.
    if (status >= 200 && status < 300 && requestMethod.equals("CONNECT")) return TUNNEL;
    if (status == 101) return TUNNEL; // RFC 9110, Section 15.2.2: the protocol changes after it
    // Rule 1: HEAD responses, 1xx, 204 and 304 end with the header section.
    if (requestMethod.equals("HEAD") || status < 200 || status == 204 || status == 304) {
      return NONE;
    }
    return null;
  }

  private static BodyFraming fromFields(HttpVersion version, Headers headers, boolean request) {
    boolean hasTransferEncoding = false;
    boolean hasContentLength = false;
    for (int i = 0; i < headers.size(); i++) {
      String name = headers.name(i);
      if (name.length() == 17 && name.equalsIgnoreCase("Transfer-Encoding")) {
        hasTransferEncoding = true;
      } else if (name.length() == 14 && name.equalsIgnoreCase("Content-Length")) {
        hasContentLength = true;
      }
    }
    if (hasTransferEncoding) {
      // RFC 9112, Section 6.1: Transfer-Encoding in an HTTP/1.0 message means faulty framing.
      if (version == HttpVersion.HTTP_1_0) {
        throw new HttpCodecException(400, "Transfer-Encoding in an HTTP/1.0 message");
      }
      // RFC 9112, Section 6.3, rule 3: both present is how request smuggling starts; reject.
      if (hasContentLength) {
        throw new HttpCodecException(400, "Content-Length together with Transfer-Encoding");
      }
      checkChunkedLast(transferCodings(headers), request);
      return CHUNKED;
    }
    if (hasContentLength) return fixed(contentLength(headers));
    // Rule 7: a request without either has no body; rule 8: a response is read until close.
    return request ? NONE : UNTIL_CLOSE;
  }

  private static void checkChunkedLast(List<String> codings, boolean request) {
    String last = codings.get(codings.size() - 1);
    if (!last.equalsIgnoreCase("chunked")) {
      // Rule 4: in a request the length cannot be determined: 400. For a response we would have
      // to read until close and hand over still-encoded bytes as the body: refuse as well.
      throw new HttpCodecException(request ? 400 : 501,
          "Transfer-Encoding does not end with chunked: " + String.join(", ", codings));
    }
    for (int i = 0; i < codings.size() - 1; i++) {
      if (codings.get(i).equalsIgnoreCase("chunked")) {
        // RFC 9112, Section 6.1: a sender MUST NOT apply chunked more than once.
        throw new HttpCodecException(400, "chunked applied more than once in Transfer-Encoding");
      }
      // RFC 9112, Section 6.1: a server SHOULD answer 501 to a transfer coding it does not
      // understand; this codec decodes only chunked.
      throw new HttpCodecException(501, "unsupported transfer coding: " + codings.get(i));
    }
  }

  /** The transfer codings of every Transfer-Encoding line, each a token (RFC 9112, 6.1). */
  static List<String> transferCodings(Headers headers) {
    List<String> codings = new ArrayList<>(2);
    for (String value : headers.allValues("Transfer-Encoding")) {
      int start = 0;
      for (int i = 0; i <= value.length(); i++) {
        if (i == value.length() || value.charAt(i) == ',') {
          String coding = value.substring(start, i).strip();
          // Empty list elements are legal list syntax, but ",chunked" is a known smuggling shape
          // (a peer that does not skip them sees no chunked): refuse it rather than guess.
          if (coding.isEmpty() || !dev.courier.http.FieldSyntax.isToken(coding)) {
            throw new HttpCodecException(400, "malformed Transfer-Encoding: " + value);
          }
          codings.add(coding);
          start = i + 1;
        }
      }
    }
    if (codings.isEmpty()) throw new HttpCodecException(400, "empty Transfer-Encoding");
    return codings;
  }

  /**
   * The value of every Content-Length line and list element, which must all be the same
   * {@code 1*DIGIT} (RFC 9110, Section 8.6; RFC 9112, Section 6.3, rule 5).
   */
  static long contentLength(Headers headers) {
    long result = -1;
    for (int field = 0; field < headers.size(); field++) { // by index: no list per message
      if (!headers.name(field).equalsIgnoreCase("Content-Length")) continue;
      String value = headers.value(field);
      int start = 0;
      for (int i = 0; i <= value.length(); i++) {
        if (i == value.length() || value.charAt(i) == ',') {
          long length = parseDigits(value, start, i);
          if (result >= 0 && length != result) {
            throw new HttpCodecException(400, "differing Content-Length values");
          }
          result = length;
          start = i + 1;
        }
      }
    }
    return result;
  }

  private static long parseDigits(String value, int start, int end) {
    while (start < end && FieldSyntax.isWhitespace(value.charAt(start))) start++;
    while (end > start && FieldSyntax.isWhitespace(value.charAt(end - 1))) end--;
    if (start == end) throw new HttpCodecException(400, "empty Content-Length");
    long n = 0;
    for (int i = start; i < end; i++) {
      char c = value.charAt(i);
      // ASCII digits only: Long.parseLong would accept '+', '-' and non-ASCII digits.
      if (c < '0' || c > '9') {
        throw new HttpCodecException(400, "Content-Length is not a number: " + value);
      }
      if (n > (Long.MAX_VALUE - (c - '0')) / 10) {
        throw new HttpCodecException(400, "Content-Length overflows: " + value);
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  /**
   * Whether the connection persists after a message of {@code version} with these fields (RFC
   * 9112, Section 9.3): not with {@code Connection: close}; yes in HTTP/1.1; in HTTP/1.0 only with
   * {@code keep-alive}.
   *
   * <pre>{@code
   * boolean closes = !BodyFraming.persistent(HttpVersion.HTTP_1_1, response.headers());
   * }</pre>
   */
  public static boolean persistent(HttpVersion version, Headers headers) {
    boolean keepAlive = false;
    for (int i = 0; i < headers.size(); i++) {
      String name = headers.name(i);
      if (name.length() != 10 || !name.equalsIgnoreCase("Connection")) continue;
      String value = headers.value(i);
      int start = 0;
      for (int j = 0; j <= value.length(); j++) {
        if (j == value.length() || value.charAt(j) == ',') {
          int from = start;
          int to = j;
          while (from < to && FieldSyntax.isWhitespace(value.charAt(from))) from++;
          while (to > from && FieldSyntax.isWhitespace(value.charAt(to - 1))) to--;
          if (to - from == 5 && value.regionMatches(true, from, "close", 0, 5)) return false;
          if (to - from == 10 && value.regionMatches(true, from, "keep-alive", 0, 10)) {
            keepAlive = true;
          }
          start = j + 1;
        }
      }
    }
    return version == HttpVersion.HTTP_1_1 || keepAlive;
  }
}

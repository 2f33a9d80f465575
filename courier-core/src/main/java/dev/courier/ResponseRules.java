package dev.courier;

import dev.courier.http.FieldSyntax;
import dev.courier.http.Headers;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Optional;

/**
 * The checks {@link Response.Builder} makes, each with the rule it comes from, and the body it
 * makes: kept apart so that {@code Response} stays a value with its accessors.
 */
final class ResponseRules {
  private ResponseRules() {}

  /** RFC 9112, Section 4: reason-phrase = *( HTAB / SP / VCHAR / obs-text ). */
  static String requireReason(String reason) {
    for (int i = 0; i < reason.length(); i++) {
      char c = reason.charAt(i);
      if (!FieldSyntax.isFieldValueChar(c)) {
        throw new IllegalArgumentException(String.format("unexpected char 0x%02x at %d in reason phrase", (int) c, i));
      }
    }
    return reason;
  }

  /**
   * False where HTTP allows no content: 1xx (RFC 9110, Section 15.2), 204 (15.3.5), 304 (15.4.5)
   * and any answer to HEAD (9.3.2).
   */
  static boolean mayHaveContent(Request request, int statusCode) {
    return statusCode >= 200 && statusCode != 204 && statusCode != 304 && !request.method().equals("HEAD");
  }

  /** Throws when a body is set where {@link #mayHaveContent} says there is none. */
  static void checkNoContent(Request request, int statusCode) {
    if (mayHaveContent(request, statusCode)) return;
    boolean head = request.method().equals("HEAD");
    String section = head ? "9.3.2" : statusCode < 200 ? "15.2" : statusCode == 204 ? "15.3.5" : "15.4.5";
    throw new IllegalStateException("a response " + (head ? "to HEAD" : "with status " + statusCode)
        + " has no content (RFC 9110, Section " + section + "); remove the body");
  }

  /**
   * Makes {@code Content-Type} name the charset a text body was encoded in, so that {@code text()}
   * decodes what was encoded: {@code text/plain} when there is none, a {@code charset} parameter
   * added when it names none; refuses one that names another.
   */
  static void nameCharset(Headers.Builder headers, Charset charset) {
    Optional<String> type = headers.firstValue("Content-Type");
    if (type.isEmpty()) {
      headers.set("Content-Type", "text/plain; charset=" + charset.name());
      return;
    }
    Optional<Charset> named = TextDecoding.charsetOf(type.get());
    if (named.isEmpty()) {
      headers.set("Content-Type", type.get() + "; charset=" + charset.name());
    } else if (!named.get().equals(charset)) {
      throw new IllegalStateException("Content-Type names charset " + named.get().name()
          + " but the text body was encoded in " + charset.name());
    }
  }

  /** RFC 9110, Section 8.6: a Content-Length must match the content it describes. */
  static void checkContentLength(Headers head, int length) {
    String expected = Integer.toString(length);
    for (String v : head.allValues("Content-Length")) {
      if (!v.trim().equals(expected)) {
        throw new IllegalStateException("Content-Length is " + v + " but the body has " + length + " bytes");
      }
    }
  }

  /**
   * The body of a built response: {@code stream} when given, else the bytes (none: empty). The
   * bytes go in as a stream rather than as a buffered body, so that the bridge can still decode a
   * {@code Content-Encoding} as it does for a network body; the decoded cap is the session's default.
   */
  static ResponseBody body(byte[] bytes, InputStream stream, String url) {
    if (stream != null) {
      return new ResponseBody(stream, List.of(), Session.DEFAULT_MAX_DECODED_BODY, Session.DEFAULT_MAX_BUFFERED_BODY,
          url);
    }
    byte[] whole = bytes != null ? bytes : new byte[0];
    return new ResponseBody(new ByteArrayInputStream(whole), List.of(), Session.DEFAULT_MAX_DECODED_BODY, Long.MAX_VALUE,
        url).lengthHint(whole.length);
  }
}

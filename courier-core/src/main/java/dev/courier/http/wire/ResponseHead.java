package dev.courier.http.wire;

import dev.courier.http.FieldSyntax;
import dev.courier.http.Headers;
import java.util.Objects;

/**
 * The status line and header section of a response (RFC 9112, Sections 4 and 5), final or
 * interim.
 *
 * <pre>{@code
 * ResponseHead head = ResponseHead.of(200, "OK", Headers.of("Content-Length", "2"));
 * head.isInformational();   // false
 * }</pre>
 *
 * @param version the protocol version
 * @param status the three-digit status code, 100 to 999 (RFC 9110, Section 15)
 * @param reason the reason phrase, possibly empty; it carries no meaning (RFC 9112, Section 4)
 * @param headers the header fields in the order received
 */
public record ResponseHead(HttpVersion version, int status, String reason, Headers headers)
    implements HttpEvent {

  /**
   * Checks the status range and the reason phrase characters.
   *
   * @throws IllegalArgumentException when {@code status} is not three digits or the reason has CR,
   *     LF or another control character but HTAB
   */
  public ResponseHead {
    Objects.requireNonNull(version, "version");
    if (status < 100 || status > 999) {
      throw new IllegalArgumentException("status is not three digits: " + status);
    }
    Objects.requireNonNull(reason, "reason");
    for (int i = 0; i < reason.length(); i++) {
      if (!FieldSyntax.isFieldValueChar(reason.charAt(i))) {
        throw new IllegalArgumentException("unexpected char "
            + FieldSyntax.describe(reason.charAt(i)) + " at " + i + " in reason phrase");
      }
    }
    Objects.requireNonNull(headers, "headers");
  }

  /** An HTTP/1.1 response head. */
  public static ResponseHead of(int status, String reason, Headers headers) {
    return new ResponseHead(HttpVersion.HTTP_1_1, status, reason, headers);
  }

  /** True for an interim 1xx response such as 100 Continue or 103 Early Hints. */
  public boolean isInformational() {
    return status >= 100 && status < 200;
  }

  @Override
  public String toString() {
    return version + " " + status + (reason.isEmpty() ? "" : " " + reason) + "\n" + headers;
  }
}

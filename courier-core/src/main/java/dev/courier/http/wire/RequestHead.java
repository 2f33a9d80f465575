package dev.courier.http.wire;

import dev.courier.http.FieldSyntax;
import dev.courier.http.Headers;
import java.util.Objects;

/**
 * The start line and header section of a request (RFC 9112, Sections 3 and 5).
 *
 * <p>The constructor checks syntax only: the method is a token and the target is visible ASCII.
 * The parser additionally enforces the request rules listed in the package documentation (Host,
 * target form, framing), and {@link Http1Writer} refuses heads that break them.
 *
 * <pre>{@code
 * RequestHead head = RequestHead.of("GET", "/index.html", Headers.of("Host", "example.com"));
 * head.expectsContinue();   // false
 * }</pre>
 *
 * @param method the method token, case-sensitive (RFC 9110, Section 9.1), e.g. {@code GET}
 * @param target the request-target as sent: origin-form {@code /a?b}, absolute-form
 *     {@code http://h/a}, authority-form {@code h:443} (CONNECT) or asterisk-form {@code *}
 * @param version the protocol version
 * @param headers the header fields in the order received
 */
public record RequestHead(String method, String target, HttpVersion version, Headers headers)
    implements HttpEvent {

  /**
   * Checks the syntax of each part.
   *
   * @throws IllegalArgumentException when the method is not a token or the target is empty or has
   *     a byte other than visible ASCII
   */
  public RequestHead {
    FieldSyntax.requireToken("method", Objects.requireNonNull(method, "method"));
    Syntax.requireTarget(Objects.requireNonNull(target, "target"));
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(headers, "headers");
  }

  /** An HTTP/1.1 request head. */
  public static RequestHead of(String method, String target, Headers headers) {
    return new RequestHead(method, target, HttpVersion.HTTP_1_1, headers);
  }

  /**
   * True when the client waits for {@code 100 Continue} before sending the body: an HTTP/1.1
   * request with {@code Expect: 100-continue} (RFC 9110, Section 10.1.1; the expectation is
   * ignored in HTTP/1.0 requests, as that section requires).
   */
  public boolean expectsContinue() {
    if (version != HttpVersion.HTTP_1_1) return false;
    for (String expectation : headers.listValues("Expect")) {
      if (expectation.equalsIgnoreCase("100-continue")) return true;
    }
    return false;
  }

  /**
   * True when the request carries an {@code Expect} member other than {@code 100-continue}, which
   * a server may answer with 417 (RFC 9110, Section 10.1.1).
   */
  public boolean hasUnknownExpectation() {
    for (String expectation : headers.listValues("Expect")) {
      if (!expectation.equalsIgnoreCase("100-continue")) return true;
    }
    return false;
  }

  /** True for the asterisk-form target {@code *} of a server-wide OPTIONS request. */
  public boolean isAsteriskForm() {
    return target.equals("*");
  }

  /** True for an absolute-form target such as {@code http://example.com/a} (proxy requests). */
  public boolean isAbsoluteForm() {
    return RequestRules.isAbsoluteForm(target);
  }

  @Override
  public String toString() {
    return method + " " + target + " " + version + "\n" + headers;
  }
}

package dev.courier.http;

import java.util.Optional;

/**
 * The request methods defined by RFC 9110 (Section 9.3) and PATCH (RFC 5789), with the properties
 * of RFC 9110, Section 9.2: safe and idempotent.
 *
 * <p><b>Extension methods.</b> Any token is a valid method (RFC 9110, Section 9.1: {@code method =
 * token}), so WebDAV's {@code PROPFIND} or a draft's {@code QUERY} have no constant here. Wherever
 * Courier accepts a method (requests, the codec, the server's routes) it takes the method as a
 * {@code String}; pass {@code HttpMethod.GET.name()} or any token, checked with {@link
 * #requireValid(String)}. The static {@link #isSafe(String)} and {@link #isIdempotent(String)}
 * answer for any method string and say {@code false} for methods they do not know, the
 * conservative answer for retries and caches.
 *
 * <p>Methods are case-sensitive (RFC 9110, Section 9.1): {@code "get"} is an extension method,
 * not GET, so {@code lookup("get")} is empty.
 *
 * <pre>{@code
 * HttpMethod.GET.isSafe();                       // true
 * HttpMethod.lookup("PUT");                      // Optional[PUT]
 * HttpMethod.isIdempotent("PROPFIND");           // false: unknown, so not retried
 * HttpMethod.requireValid("BAD METHOD");         // throws: unexpected char 0x20 at 3
 * }</pre>
 */
public enum HttpMethod {
  GET(true, true, "RFC 9110, Section 9.3.1",
      "Fetch the current representation of the target resource."),
  HEAD(true, true, "RFC 9110, Section 9.3.2",
      "Like GET, but the server sends only the header section and no content."),
  POST(false, false, "RFC 9110, Section 9.3.3",
      "Ask the target resource to process the enclosed content by its own rules."),
  PUT(false, true, "RFC 9110, Section 9.3.4",
      "Create the target resource, or replace its state, with the enclosed representation."),
  DELETE(false, true, "RFC 9110, Section 9.3.5",
      "Remove the link between the target URI and the resource it names."),
  CONNECT(false, false, "RFC 9110, Section 9.3.6",
      "Open a two-way tunnel to the host and port given as the target, usually through a proxy."),
  OPTIONS(true, true, "RFC 9110, Section 9.3.7",
      "Ask what the target, or the server as a whole with \"*\", supports, such as methods."),
  TRACE(true, true, "RFC 9110, Section 9.3.8",
      "Have the final recipient send the request it received back, to test the path."),
  PATCH(false, false, "RFC 5789, Section 2",
      "Apply the partial changes described in the enclosed content to the target resource.");

  private final boolean safe;
  private final boolean idempotent;
  private final String rfc;
  private final String description;

  HttpMethod(boolean safe, boolean idempotent, String rfc, String description) {
    this.safe = safe;
    this.idempotent = idempotent;
    this.rfc = rfc;
    this.description = description;
  }

  /** The constant spelled exactly {@code method} (case-sensitive), or empty for other methods. */
  public static Optional<HttpMethod> lookup(String method) {
    return Optional.ofNullable(constantOrNull(method));
  }

  /** The constant, or null: the per-request checks below ask without making an Optional. */
  private static HttpMethod constantOrNull(String method) {
    return switch (method) {
      case "GET" -> GET;
      case "HEAD" -> HEAD;
      case "POST" -> POST;
      case "PUT" -> PUT;
      case "DELETE" -> DELETE;
      case "CONNECT" -> CONNECT;
      case "OPTIONS" -> OPTIONS;
      case "TRACE" -> TRACE;
      case "PATCH" -> PATCH;
      default -> null;
    };
  }

  /** True when {@code method} is a syntactically valid method: a non-empty RFC 9110 token. */
  public static boolean isValidToken(String method) {
    return FieldSyntax.isToken(method);
  }

  /**
   * Returns {@code method} when it is a valid method token.
   *
   * @throws IllegalArgumentException naming the first character that is not a tchar (so CR, LF,
   *     SP and NUL never reach a request line)
   */
  public static String requireValid(String method) {
    return FieldSyntax.requireToken("method", method);
  }

  /** {@link #isSafe()} of a known method; {@code false} for any other method string. */
  public static boolean isSafe(String method) {
    HttpMethod known = constantOrNull(method);
    return known != null && known.safe;
  }

  /** {@link #isIdempotent()} of a known method; {@code false} for any other method string. */
  public static boolean isIdempotent(String method) {
    HttpMethod known = constantOrNull(method);
    return known != null && known.idempotent;
  }

  /**
   * Safe: the client asks for no change on the server (RFC 9110, Section 9.2.1). GET, HEAD,
   * OPTIONS and TRACE.
   */
  public boolean isSafe() {
    return safe;
  }

  /**
   * Idempotent: repeating the request has the same intended effect as sending it once, so a client
   * may retry it after a failure (RFC 9110, Section 9.2.2). The safe methods, PUT and DELETE.
   */
  public boolean isIdempotent() {
    return idempotent;
  }

  /**
   * True for POST, PUT and PATCH, whose meaning depends on enclosed content; a client sends {@code
   * Content-Length: 0} for them when the content is empty (RFC 9110, Section 8.6 and Python's
   * {@code http.client}).
   */
  public boolean expectsContent() {
    return this == POST || this == PUT || this == PATCH;
  }

  /** One sentence saying what the method asks for. */
  public String description() {
    return description;
  }

  /** The defining document and section, e.g. "RFC 9110, Section 9.3.1". */
  public String rfc() {
    return rfc;
  }
}

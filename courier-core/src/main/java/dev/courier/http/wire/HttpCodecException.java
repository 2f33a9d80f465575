package dev.courier.http.wire;

/**
 * The peer broke HTTP/1.1 framing or syntax, or went past a {@link Limits limit}. Carries the
 * status code a server should answer with: 400 (bad syntax or framing), 413 (content too large),
 * 414 (request line too long), 431 (header section too large), 501 (unsupported transfer coding)
 * or 505 (unsupported HTTP version). The connection must be closed after such an error: the
 * message boundaries can no longer be trusted.
 *
 * <pre>{@code
 * try {
 *   event = parser.next();
 * } catch (HttpCodecException e) {
 *   respond(e.status(), e.getMessage());   // e.g. 400 "Content-Length together with Transfer-Encoding"
 *   close();
 * }
 * }</pre>
 */
public final class HttpCodecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  /** An error for status {@code status} (400, 413, 414, 431, 501 or 505) naming the rule broken. */
  public HttpCodecException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The status code a server should answer with (400, 413, 414, 431, 501 or 505). */
  public int status() {
    return status;
  }
}

package dev.courier.http.wire;

import dev.courier.error.HttpProtocolException;
import java.util.Optional;

/**
 * The peer broke HTTP/1.1 framing or syntax, or went past a {@link Limits limit}. Carries the
 * status code a server should answer with: 400 (bad syntax or framing), 413 (content too large),
 * 414 (request line too long), 431 (header section too large), 501 (unsupported transfer coding)
 * or 505 (unsupported HTTP version). The connection must be closed after such an error: the
 * message boundaries can no longer be trusted.
 *
 * <p>An {@link HttpProtocolException}, so one {@code catch} of Courier's tree covers it; the
 * client wraps it in the exception a caller sees (with the URL), keeping it as the cause.
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
public final class HttpCodecException extends HttpProtocolException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String limitPassed;
  private final long limit;

  /** An error for status {@code status} (400, 413, 414, 431, 501 or 505) naming the rule broken. */
  public HttpCodecException(int status, String message) {
    this(status, message, null, -1);
  }

  private HttpCodecException(int status, String message, String limitPassed, long limit) {
    super(message);
    this.status = status;
    this.limitPassed = limitPassed;
    this.limit = limit;
  }

  /**
   * An error for a line or section longer than its limit: {@code what} ("status line", "header
   * section", ...) passed {@code limit} bytes.
   */
  static HttpCodecException tooLong(int status, String message, String what, long limit) {
    return new HttpCodecException(status, message, what, limit);
  }

  /** The status code a server should answer with (400, 413, 414, 431, 501 or 505). */
  public int status() {
    return status;
  }

  /**
   * What went past its length limit ("status line", "header section", "trailer section", "chunk
   * extension"), when that is the error.
   */
  public Optional<String> limitPassed() {
    return Optional.ofNullable(limitPassed);
  }

  /** The limit in bytes that was passed, or -1 when {@link #limitPassed()} is empty. */
  public long limit() {
    return limit;
  }
}

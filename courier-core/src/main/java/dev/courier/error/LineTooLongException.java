package dev.courier.error;

/**
 * A status line, header line or whole head from the peer was longer than its limit (Python's
 * {@code http.client.LineTooLong}). The limits are in {@code dev.courier.http.wire.Limits}.
 *
 * <pre>{@code
 * catch (LineTooLongException e) { log.warn("{} over {} bytes", e.what(), e.limit()); }
 * }</pre>
 */
public class LineTooLongException extends HttpProtocolException {
  private static final long serialVersionUID = 1L;

  private final String what;
  private final long limit;

  /** {@code what} ("status line", "header section") passed {@code limit} bytes. */
  public LineTooLongException(String what, long limit, String url, Throwable cause) {
    super(what + " longer than " + limit + " bytes", url, cause);
    this.what = what;
    this.limit = limit;
  }

  /** What was too long: "status line", "header line", "header section". */
  public String what() {
    return what;
  }

  /** The limit in bytes. */
  public long limit() {
    return limit;
  }
}

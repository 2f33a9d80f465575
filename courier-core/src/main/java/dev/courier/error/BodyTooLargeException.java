package dev.courier.error;

/**
 * A body grew past a limit: the buffered-read cap of {@code Response.bytes()} (and so
 * {@code text()} and {@code json()}), or the decoded-size cap that stops decompression bombs. The
 * connection is closed, never reused. Raise the limit on the {@code Session} or read the body as a
 * stream.
 *
 * <pre>{@code
 * Session.builder().maxBufferedBody(64L << 20).maxDecodedBody(1L << 30).build();
 * }</pre>
 */
public class BodyTooLargeException extends CourierException {
  private static final long serialVersionUID = 1L;

  private final long limit;

  /** A body past {@code limit} bytes; {@code what} names the limit ("decoded body", ...). */
  public BodyTooLargeException(String what, long limit, String url) {
    super(what + " exceeds the limit of " + limit + " bytes", url, true, null);
    this.limit = limit;
  }

  /** The limit in bytes that was passed. */
  public long limit() {
    return limit;
  }
}

package dev.courier.http.h2;

/**
 * A field block decoded to a header list larger than the decoder's limit (our
 * SETTINGS_MAX_HEADER_LIST_SIZE, RFC 9113 §6.5.2, §10.5.1). The decoder stopped collecting fields
 * at the limit but decoded the rest of the block, so the HPACK context is intact and the
 * connection can go on: a server answers 431 on the stream, a client resets it. It is a stream
 * error whose {@link #streamId()} is 0 because the decoder does not know the stream: the stream
 * is the one whose block this was.
 *
 * <pre>{@code
 * try {
 *   fields = decoder.decode(block, 0, block.length);
 * } catch (HeaderListTooLargeException e) {
 *   respond(streamId, 431);
 * }
 * }</pre>
 */
public final class HeaderListTooLargeException extends H2Exception {
  private static final long serialVersionUID = 1L;

  private final long limit;

  HeaderListTooLargeException(long limit) {
    super(ErrorCode.PROTOCOL_ERROR, 0, false, "header list larger than " + limit + " octets (RFC 7541 sizes)");
    this.limit = limit;
  }

  /** The limit that was passed, in RFC 7541 §4.1 octets (32 per field beyond name and value). */
  public long limit() {
    return limit;
  }
}

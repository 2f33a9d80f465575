package dev.courier.http.h2;

import dev.courier.error.HttpProtocolException;

/**
 * The peer broke HTTP/2 (RFC 9113) or HPACK (RFC 7541): either a connection error (§5.4.1: send
 * GOAWAY with {@link #errorCode()} and close) or a stream error (§5.4.2: send RST_STREAM with
 * {@link #errorCode()} on {@link #streamId()} and carry on with the connection).
 *
 * <p>An {@link HttpProtocolException}, so one {@code catch} of Courier's tree covers it.
 *
 * <pre>{@code
 * try {
 *   frame = reader.next();
 * } catch (H2Exception e) {
 *   if (e.isConnectionError()) { writer.writeGoAway(lastStreamId, e.errorCode(), e.getMessage()); close(); }
 *   else writer.writeRstStream(e.streamId(), e.errorCode());
 * }
 * }</pre>
 */
public class H2Exception extends HttpProtocolException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode errorCode;
  private final int streamId;
  private final boolean connectionError;

  /** Subtypes only: an error with the given scope. */
  protected H2Exception(ErrorCode errorCode, int streamId, boolean connectionError, String message) {
    super((connectionError ? "connection error " : "stream error on stream " + streamId + " ")
        + errorCode + ": " + message);
    this.errorCode = errorCode;
    this.streamId = streamId;
    this.connectionError = connectionError;
  }

  /** A connection error (RFC 9113 §5.4.1): the whole connection must be closed with GOAWAY. */
  public static H2Exception connectionError(ErrorCode code, String message) {
    return new H2Exception(code, 0, true, message);
  }

  /** A stream error (RFC 9113 §5.4.2) on {@code streamId}: reset that stream only. */
  public static H2Exception streamError(int streamId, ErrorCode code, String message) {
    return new H2Exception(code, streamId, false, message);
  }

  /** The code to send in GOAWAY or RST_STREAM. */
  public ErrorCode errorCode() {
    return errorCode;
  }

  /** The stream to reset for a stream error; 0 for a connection error. */
  public int streamId() {
    return streamId;
  }

  /** Whether the whole connection is lost (GOAWAY), rather than one stream (RST_STREAM). */
  public boolean isConnectionError() {
    return connectionError;
  }
}

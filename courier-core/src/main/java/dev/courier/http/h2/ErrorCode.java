package dev.courier.http.h2;

/**
 * The error codes of RFC 9113 §7, carried by RST_STREAM and GOAWAY frames and by {@link
 * H2Exception}.
 *
 * <pre>{@code
 * writer.writeRstStream(streamId, ErrorCode.CANCEL);
 * ErrorCode code = ErrorCode.of(rst.errorCode());   // unknown codes read as INTERNAL_ERROR
 * }</pre>
 */
public enum ErrorCode {
  /** Graceful shutdown, or a stream closed without error. */
  NO_ERROR(0x0),
  /** An unspecific protocol error. */
  PROTOCOL_ERROR(0x1),
  /** An unexpected internal error. */
  INTERNAL_ERROR(0x2),
  /** The peer broke the flow-control protocol. */
  FLOW_CONTROL_ERROR(0x3),
  /** A SETTINGS frame was not acknowledged in time. */
  SETTINGS_TIMEOUT(0x4),
  /** A frame arrived after the stream was half-closed. */
  STREAM_CLOSED(0x5),
  /** A frame had an invalid size. */
  FRAME_SIZE_ERROR(0x6),
  /** The stream was refused before any application processing: safe to retry. */
  REFUSED_STREAM(0x7),
  /** The stream is no longer needed. */
  CANCEL(0x8),
  /** The field-compression context can no longer be maintained. */
  COMPRESSION_ERROR(0x9),
  /** The connection for a CONNECT request was reset or closed. */
  CONNECT_ERROR(0xa),
  /** The peer behaves in a way that may generate excessive load. */
  ENHANCE_YOUR_CALM(0xb),
  /** The transport does not meet minimum security requirements. */
  INADEQUATE_SECURITY(0xc),
  /** The endpoint requires HTTP/1.1 instead of HTTP/2. */
  HTTP_1_1_REQUIRED(0xd);

  private static final ErrorCode[] BY_CODE = values();

  private final int code;

  ErrorCode(int code) {
    this.code = code;
  }

  /** The 32-bit code on the wire. */
  public int code() {
    return code;
  }

  /**
   * The error for a wire code. RFC 9113 §7: unknown or unsupported codes must not trigger special
   * behaviour and may be treated as INTERNAL_ERROR, which is what this returns for them.
   */
  public static ErrorCode of(long code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : INTERNAL_ERROR;
  }
}

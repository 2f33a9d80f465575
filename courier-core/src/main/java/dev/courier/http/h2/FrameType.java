package dev.courier.http.h2;

import java.util.Optional;

/**
 * The frame types defined by RFC 9113 §6, with their type codes. Other codes are extension
 * frames, read as {@link Frame.Unknown} and ignored (§4.1, §5.5).
 *
 * <pre>{@code
 * FrameType.of(0x4).orElseThrow();   // SETTINGS
 * FrameType.HEADERS.code();          // 1
 * }</pre>
 */
public enum FrameType {
  /** §6.1: stream data. */
  DATA(0x0),
  /** §6.2: opens a stream and carries a field block fragment. */
  HEADERS(0x1),
  /** §6.3: deprecated priority signal, parsed and ignored. */
  PRIORITY(0x2),
  /** §6.4: terminates a stream. */
  RST_STREAM(0x3),
  /** §6.5: connection configuration, or its acknowledgement. */
  SETTINGS(0x4),
  /** §6.6: server push of a promised request. */
  PUSH_PROMISE(0x5),
  /** §6.7: round-trip time and liveness. */
  PING(0x6),
  /** §6.8: connection shutdown. */
  GOAWAY(0x7),
  /** §6.9: flow-control credit. */
  WINDOW_UPDATE(0x8),
  /** §6.10: continues a field block. */
  CONTINUATION(0x9);

  private static final FrameType[] BY_CODE = values();

  private final int code;

  FrameType(int code) {
    this.code = code;
  }

  /** The 8-bit type code on the wire. */
  public int code() {
    return code;
  }

  /** The type for a wire code, empty for an extension type. */
  public static Optional<FrameType> of(int code) {
    return code >= 0 && code < BY_CODE.length ? Optional.of(BY_CODE[code]) : Optional.empty();
  }
}

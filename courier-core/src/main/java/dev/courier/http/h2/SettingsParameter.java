package dev.courier.http.h2;

import java.util.Optional;

/**
 * The SETTINGS parameters of RFC 9113 §6.5.2, with their identifiers, initial values and valid
 * ranges. Unknown identifiers are ignored on receipt (§6.5.2) and so have no constant here.
 *
 * <pre>{@code
 * SettingsParameter.MAX_FRAME_SIZE.initialValue();   // 16384
 * }</pre>
 */
public enum SettingsParameter {
  /** The most HPACK dynamic table size the sender's decoder allows (RFC 7541 §4.2). */
  HEADER_TABLE_SIZE(0x1, 4096, 0, 0xFFFF_FFFFL, ErrorCode.PROTOCOL_ERROR),
  /** 1 when the client accepts server push; a value other than 0 or 1 is a PROTOCOL_ERROR. */
  ENABLE_PUSH(0x2, 1, 0, 1, ErrorCode.PROTOCOL_ERROR),
  /** The most concurrent streams the sender lets the peer open; initially unlimited. */
  MAX_CONCURRENT_STREAMS(0x3, Settings.UNLIMITED, 0, 0xFFFF_FFFFL, ErrorCode.PROTOCOL_ERROR),
  /** The sender's initial stream window; above 2^31-1 it is a FLOW_CONTROL_ERROR. */
  INITIAL_WINDOW_SIZE(0x4, 65_535, 0, 0x7FFF_FFFFL, ErrorCode.FLOW_CONTROL_ERROR),
  /** The largest frame payload the sender accepts: 2^14 to 2^24-1, else a PROTOCOL_ERROR. */
  MAX_FRAME_SIZE(0x5, 16_384, 16_384, 0xFF_FFFFL, ErrorCode.PROTOCOL_ERROR),
  /** Advisory: the largest field section (RFC 7541 sizes) the sender accepts; initially unlimited. */
  MAX_HEADER_LIST_SIZE(0x6, Settings.UNLIMITED, 0, 0xFFFF_FFFFL, ErrorCode.PROTOCOL_ERROR);

  private static final SettingsParameter[] VALUES = values();

  private final int id;
  private final long initialValue;
  private final long min;
  private final long max;
  private final ErrorCode rangeError;

  SettingsParameter(int id, long initialValue, long min, long max, ErrorCode rangeError) {
    this.id = id;
    this.initialValue = initialValue;
    this.min = min;
    this.max = max;
    this.rangeError = rangeError;
  }

  /** The 16-bit identifier on the wire. */
  public int id() {
    return id;
  }

  /** The value before any SETTINGS frame ({@link Settings#UNLIMITED} for "no limit"). */
  public long initialValue() {
    return initialValue;
  }

  /** The smallest valid value. */
  public long min() {
    return min;
  }

  /** The largest valid value. */
  public long max() {
    return max;
  }

  /** The connection error a value outside {@link #min()}..{@link #max()} is (§6.5.2). */
  public ErrorCode rangeError() {
    return rangeError;
  }

  /** Whether {@code value} is in this parameter's range. */
  public boolean isValid(long value) {
    return value >= min && value <= max;
  }

  /** The parameter for a wire identifier, empty for an unknown one (which is ignored). */
  public static Optional<SettingsParameter> of(int id) {
    return id >= 1 && id <= VALUES.length ? Optional.of(VALUES[id - 1]) : Optional.empty();
  }
}

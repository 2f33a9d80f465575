package dev.courier.http.h2;

/**
 * The frame flag bits of RFC 9113 §6. A flag's meaning depends on the frame type: {@code 0x1} is
 * END_STREAM on DATA and HEADERS and ACK on SETTINGS and PING. Flags a type does not define are
 * ignored on receipt and never sent (§4.1).
 *
 * <pre>{@code
 * boolean last = Flags.has(flags, Flags.END_STREAM);
 * }</pre>
 */
public final class Flags {
  /** DATA, HEADERS: the last frame the sender will send on this stream (§6.1, §6.2). */
  public static final int END_STREAM = 0x1;
  /** SETTINGS, PING: an acknowledgement (§6.5, §6.7). */
  public static final int ACK = 0x1;
  /** HEADERS, PUSH_PROMISE, CONTINUATION: the field block ends with this frame (§6.2). */
  public static final int END_HEADERS = 0x4;
  /** DATA, HEADERS, PUSH_PROMISE: a Pad Length field and padding are present (§6.1). */
  public static final int PADDED = 0x8;
  /** HEADERS: the deprecated priority fields are present (§6.2). */
  public static final int PRIORITY = 0x20;

  private Flags() {}

  /** Whether {@code flag} is set in {@code flags}. */
  public static boolean has(int flags, int flag) {
    return (flags & flag) != 0;
  }
}

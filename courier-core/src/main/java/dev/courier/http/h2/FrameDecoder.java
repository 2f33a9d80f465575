package dev.courier.http.h2;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Turns one complete frame's payload into a {@link Frame}, applying each type's rules of RFC
 * 9113 §6: stream identifier zero or not, fixed lengths, padding, setting ranges, a zero window
 * increment. Stateless; {@link FrameReader} has already checked the size and the sequence.
 */
final class FrameDecoder {
  private FrameDecoder() {}

  /** Decodes one frame; a DATA payload goes into an array of its exact length from {@code dataArrays}. */
  static Frame decode(int type, int flags, int streamId, byte[] b, int p, int length, IntFunction<byte[]> dataArrays) {
    return switch (type) {
      case 0x0 -> data(flags, streamId, b, p, length, dataArrays);
      case 0x1 -> headers(flags, streamId, b, p, length);
      case 0x2 -> priority(streamId, b, p, length);
      case 0x3 -> rstStream(streamId, b, p, length);
      case 0x4 -> settings(flags, streamId, b, p, length);
      case 0x5 -> pushPromise(flags, streamId, b, p, length);
      case 0x6 -> ping(flags, streamId, b, p, length);
      case 0x7 -> goAway(streamId, b, p, length);
      case 0x8 -> windowUpdate(streamId, b, p, length);
      case 0x9 -> continuation(flags, streamId, b, p, length);
      // §4.1, §5.5: frames of unknown types are ignored (the caller drops them).
      default -> new Frame.Unknown(type, flags, streamId, Arrays.copyOfRange(b, p, p + length));
    };
  }

  private static Frame data(int flags, int streamId, byte[] b, int p, int length, IntFunction<byte[]> arrays) {
    // §6.1: DATA frames MUST be associated with a stream.
    requireStream(streamId, "DATA");
    int pad = padLength(flags, b, p, length, 0, "DATA");
    int from = p + (pad > 0 ? 1 : 0);
    int to = p + length - Math.max(0, pad - 1);
    byte[] payload = arrays.apply(to - from); // exactly that long, so every byte of it is overwritten
    System.arraycopy(b, from, payload, 0, to - from);
    return new Frame.Data(streamId, payload, Flags.has(flags, Flags.END_STREAM), pad);
  }

  private static Frame headers(int flags, int streamId, byte[] b, int p, int length) {
    // §6.2: HEADERS frames MUST be associated with a stream.
    requireStream(streamId, "HEADERS");
    boolean prioritized = Flags.has(flags, Flags.PRIORITY);
    int pad = padLength(flags, b, p, length, prioritized ? 5 : 0, "HEADERS");
    int q = p + (pad > 0 ? 1 : 0);
    Optional<Frame.Priority> priority = Optional.empty();
    if (prioritized) {
      priority = Optional.of(priorityFields(streamId, b, q));
      q += 5;
    }
    int to = p + length - Math.max(0, pad - 1);
    return new Frame.Headers(streamId, Arrays.copyOfRange(b, q, to), Flags.has(flags, Flags.END_STREAM),
        Flags.has(flags, Flags.END_HEADERS), priority, pad);
  }

  private static Frame priority(int streamId, byte[] b, int p, int length) {
    // §6.3: stream 0 is a connection error; a length other than 5 a stream error.
    requireStream(streamId, "PRIORITY");
    if (length != 5) {
      throw H2Exception.streamError(streamId, ErrorCode.FRAME_SIZE_ERROR, "PRIORITY of " + length + " octets, not 5");
    }
    Frame.Priority priority = priorityFields(streamId, b, p);
    if (priority.streamDependency() == streamId) {
      // §5.3.1: a stream cannot depend on itself.
      throw H2Exception.streamError(streamId, ErrorCode.PROTOCOL_ERROR, "stream " + streamId + " depends on itself");
    }
    return priority;
  }

  private static Frame.Priority priorityFields(int streamId, byte[] b, int q) {
    boolean exclusive = (b[q] & 0x80) != 0;
    return new Frame.Priority(streamId, u31(b, q), exclusive, (b[q + 4] & 0xff) + 1);
  }

  private static Frame rstStream(int streamId, byte[] b, int p, int length) {
    // §6.4: stream 0 is a PROTOCOL_ERROR, a length other than 4 a FRAME_SIZE_ERROR.
    requireStream(streamId, "RST_STREAM");
    requireLength(length, 4, "RST_STREAM");
    return new Frame.RstStream(streamId, u32(b, p));
  }

  private static Frame settings(int flags, int streamId, byte[] b, int p, int length) {
    // §6.5: SETTINGS always applies to the connection.
    requireConnection(streamId, "SETTINGS");
    boolean ack = Flags.has(flags, Flags.ACK);
    if (ack) {
      if (length != 0) throw conn(ErrorCode.FRAME_SIZE_ERROR, "SETTINGS ACK with a payload of " + length + " octets");
      return Frame.Settings.ACK;
    }
    if (length % 6 != 0) throw conn(ErrorCode.FRAME_SIZE_ERROR, "SETTINGS of " + length + " octets, not a multiple of 6");
    Settings settings = Settings.DEFAULTS;
    for (int q = p; q < p + length; q += 6) {
      int id = (b[q] & 0xff) << 8 | b[q + 1] & 0xff;
      long value = u32(b, q + 2);
      Optional<SettingsParameter> parameter = SettingsParameter.of(id);
      // §6.5.2: an unknown or unsupported identifier MUST be ignored.
      if (parameter.isEmpty()) continue;
      SettingsParameter known = parameter.get();
      if (!known.isValid(value)) {
        throw conn(known.rangeError(), known + " of " + value + " is outside " + known.min() + ".." + known.max());
      }
      settings = settings.with(known, value);
    }
    return new Frame.Settings(false, settings);
  }

  private static Frame pushPromise(int flags, int streamId, byte[] b, int p, int length) {
    // §6.6: PUSH_PROMISE MUST be associated with an open stream: never stream 0.
    requireStream(streamId, "PUSH_PROMISE");
    int pad = padLength(flags, b, p, length, 4, "PUSH_PROMISE");
    int q = p + (pad > 0 ? 1 : 0);
    int promised = u31(b, q);
    int to = p + length - Math.max(0, pad - 1);
    return new Frame.PushPromise(streamId, promised, Arrays.copyOfRange(b, q + 4, to),
        Flags.has(flags, Flags.END_HEADERS), pad);
  }

  private static Frame ping(int flags, int streamId, byte[] b, int p, int length) {
    // §6.7: stream 0 only; exactly 8 octets.
    requireConnection(streamId, "PING");
    requireLength(length, 8, "PING");
    return new Frame.Ping(Flags.has(flags, Flags.ACK), u32(b, p) << 32 | u32(b, p + 4));
  }

  private static Frame goAway(int streamId, byte[] b, int p, int length) {
    // §6.8: stream 0 only; at least the last-stream-id and the error code.
    requireConnection(streamId, "GOAWAY");
    if (length < 8) throw conn(ErrorCode.FRAME_SIZE_ERROR, "GOAWAY of " + length + " octets, fewer than 8");
    return new Frame.GoAway(u31(b, p), u32(b, p + 4), Arrays.copyOfRange(b, p + 8, p + length));
  }

  private static Frame windowUpdate(int streamId, byte[] b, int p, int length) {
    // §6.9: a length other than 4 is a connection FRAME_SIZE_ERROR.
    requireLength(length, 4, "WINDOW_UPDATE");
    int increment = u31(b, p);
    if (increment == 0) {
      // §6.9: a zero increment is a stream error, or a connection error on the connection's window.
      String message = "WINDOW_UPDATE with an increment of 0";
      throw streamId == 0 ? conn(ErrorCode.PROTOCOL_ERROR, message)
          : H2Exception.streamError(streamId, ErrorCode.PROTOCOL_ERROR, message);
    }
    return new Frame.WindowUpdate(streamId, increment);
  }

  private static Frame continuation(int flags, int streamId, byte[] b, int p, int length) {
    requireStream(streamId, "CONTINUATION");
    return new Frame.Continuation(streamId, Arrays.copyOfRange(b, p, p + length), Flags.has(flags, Flags.END_HEADERS));
  }

  /**
   * §6.1, §6.2, §6.6: the padding size (Pad Length octet included, 0 when not PADDED). Padding as
   * long as the payload after the fixed fields, or longer, is a PROTOCOL_ERROR.
   */
  private static int padLength(int flags, byte[] b, int p, int length, int fixed, String type) {
    boolean padded = Flags.has(flags, Flags.PADDED);
    int need = fixed + (padded ? 1 : 0);
    if (length < need) throw conn(ErrorCode.FRAME_SIZE_ERROR, type + " of " + length + " octets is too short for its fields");
    if (!padded) return 0;
    int padLength = b[p] & 0xff;
    if (padLength > length - need) {
      throw conn(ErrorCode.PROTOCOL_ERROR, type + " padding of " + padLength + " octets exceeds the payload");
    }
    return padLength + 1;
  }

  private static void requireStream(int streamId, String type) {
    if (streamId == 0) throw conn(ErrorCode.PROTOCOL_ERROR, type + " on stream 0");
  }

  private static void requireConnection(int streamId, String type) {
    if (streamId != 0) throw conn(ErrorCode.PROTOCOL_ERROR, type + " on stream " + streamId + ", not 0");
  }

  private static void requireLength(int length, int expected, String type) {
    if (length != expected) {
      throw conn(ErrorCode.FRAME_SIZE_ERROR, type + " of " + length + " octets, not " + expected);
    }
  }

  private static H2Exception conn(ErrorCode code, String message) {
    return H2Exception.connectionError(code, message);
  }

  static int u31(byte[] b, int q) {
    return (b[q] & 0x7f) << 24 | (b[q + 1] & 0xff) << 16 | (b[q + 2] & 0xff) << 8 | b[q + 3] & 0xff;
  }

  static long u32(byte[] b, int q) {
    return ((long) (b[q] & 0xff) << 24 | (b[q + 1] & 0xff) << 16 | (b[q + 2] & 0xff) << 8 | b[q + 3] & 0xff) & 0xFFFF_FFFFL;
  }
}

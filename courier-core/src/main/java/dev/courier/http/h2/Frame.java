package dev.courier.http.h2;

import java.util.Optional;

/**
 * One HTTP/2 frame (RFC 9113 §4, §6), as {@link FrameReader} reads it and {@link FrameWriter}
 * writes it: a record per frame type, and {@link Unknown} for extension types, which a receiver
 * ignores (§4.1, §5.5). Flags a type does not define are dropped; the reserved bit of stream
 * identifiers is ignored. Byte arrays are not copied: treat them as read-only.
 *
 * <p>Padding is kept only as its size, {@code padding}: the octets of the Pad Length field and of
 * the padding together, 0 when the PADDED flag is absent. Flow control counts it (§6.1).
 *
 * <pre>{@code
 * switch (frame) {
 *   case Frame.Data d -> body.write(d.data(), d.endStream());
 *   case Frame.Headers h -> block.append(h.fragment());
 *   case Frame.Settings s when !s.ack() -> peer = peer.apply(s.settings());
 *   case Frame.Unknown u -> { }   // extension frames are ignored
 *   default -> { }
 * }
 * }</pre>
 */
public sealed interface Frame {
  /** The stream this frame belongs to; 0 for a connection-level frame. */
  int streamId();

  /** §6.1 DATA: {@code data} for {@code streamId}; {@code padding} as described on {@link Frame}. */
  record Data(int streamId, byte[] data, boolean endStream, int padding) implements Frame {
    /** Unpadded DATA. */
    public Data(int streamId, byte[] data, boolean endStream) {
      this(streamId, data, endStream, 0);
    }

    /** The octets that count against the flow-control windows: data and padding (§6.9.1). */
    public int flowControlledLength() {
      return data.length + padding;
    }
  }

  /**
   * §6.2 HEADERS: the first fragment of a field block; {@code priority} holds the deprecated
   * priority fields when the PRIORITY flag was set (parsed, otherwise ignored).
   */
  record Headers(int streamId, byte[] fragment, boolean endStream, boolean endHeaders,
      Optional<Priority> priority, int padding) implements Frame {
    /** HEADERS without priority fields or padding. */
    public Headers(int streamId, byte[] fragment, boolean endStream, boolean endHeaders) {
      this(streamId, fragment, endStream, endHeaders, Optional.empty(), 0);
    }

    /**
     * Whether the priority fields name the stream itself: a stream error of type PROTOCOL_ERROR
     * (§5.3.1), which the connection raises after decoding the field block, so that the HPACK
     * context stays in step.
     */
    public boolean dependsOnItself() {
      return priority.isPresent() && priority.get().streamDependency() == streamId;
    }
  }

  /** §6.3 PRIORITY (deprecated by RFC 9113; read and ignored). {@code weight} is 1 to 256. */
  record Priority(int streamId, int streamDependency, boolean exclusive, int weight) implements Frame {}

  /** §6.4 RST_STREAM with its 32-bit error code; unknown codes are kept as received. */
  record RstStream(int streamId, long errorCode) implements Frame {
    /** RST_STREAM with a known code. */
    public RstStream(int streamId, ErrorCode code) {
      this(streamId, code.code());
    }

    /** The error code, INTERNAL_ERROR for an unknown one (§7). */
    public ErrorCode error() {
      return ErrorCode.of(errorCode);
    }
  }

  /**
   * §6.5 SETTINGS: the parameters the sender sets (unknown ones dropped, §6.5.2), or an
   * acknowledgement with none.
   */
  record Settings(boolean ack, dev.courier.http.h2.Settings settings) implements Frame {
    /** The acknowledgement of a peer's SETTINGS (§6.5.3). */
    public static final Settings ACK = new Settings(true, dev.courier.http.h2.Settings.DEFAULTS);

    @Override
    public int streamId() {
      return 0;
    }
  }

  /** §6.6 PUSH_PROMISE on {@code streamId}, reserving {@code promisedStreamId}. */
  record PushPromise(int streamId, int promisedStreamId, byte[] fragment, boolean endHeaders,
      int padding) implements Frame {}

  /** §6.7 PING with its 8 octets of opaque data as a long. */
  record Ping(boolean ack, long opaqueData) implements Frame {
    @Override
    public int streamId() {
      return 0;
    }
  }

  /** §6.8 GOAWAY: the last stream the sender may have processed, an error code, debug data. */
  record GoAway(int lastStreamId, long errorCode, byte[] debugData) implements Frame {
    /** GOAWAY with a known code. */
    public GoAway(int lastStreamId, ErrorCode code, byte[] debugData) {
      this(lastStreamId, code.code(), debugData);
    }

    /** The error code, INTERNAL_ERROR for an unknown one (§7). */
    public ErrorCode error() {
      return ErrorCode.of(errorCode);
    }

    @Override
    public int streamId() {
      return 0;
    }
  }

  /** §6.9 WINDOW_UPDATE: {@code increment} (1 to 2^31-1) for a stream, or the connection (0). */
  record WindowUpdate(int streamId, int increment) implements Frame {}

  /** §6.10 CONTINUATION: a further fragment of the field block begun on {@code streamId}. */
  record Continuation(int streamId, byte[] fragment, boolean endHeaders) implements Frame {}

  /** A frame of an extension type (§5.5): kept as read, to be ignored. */
  record Unknown(int type, int flags, int streamId, byte[] payload) implements Frame {}
}

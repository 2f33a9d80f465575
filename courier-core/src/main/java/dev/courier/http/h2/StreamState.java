package dev.courier.http.h2;

/**
 * The life of one HTTP/2 stream (RFC 9113 section 5.1) as an enum state machine: each frame sent
 * or received is an {@link Event}, {@link #on} gives the next state or the error the RFC demands.
 *
 * <p>Theory of operation. A HEADERS frame with END_STREAM is two events, {@code RECV_HEADERS} then
 * {@code RECV_END_STREAM} (the same for DATA and for sending), so the table stays small. An illegal
 * event received from the peer is an {@link H2Exception} naming the state and the event: a
 * connection error where section 5.1 says so (any frame but HEADERS or PRIORITY on an idle stream;
 * a frame after END_STREAM was received), otherwise a stream error {@code STREAM_CLOSED}. An
 * illegal event of our own (sending on a closed stream) is our bug: an {@link IllegalStateException}.
 *
 * <pre>
 *                          send/recv HEADERS
 *   IDLE ------------------------------------------------&gt; OPEN
 *   OPEN --send END_STREAM--&gt; HALF_CLOSED_LOCAL --recv END_STREAM--&gt; CLOSED
 *   OPEN --recv END_STREAM--&gt; HALF_CLOSED_REMOTE --send END_STREAM--&gt; CLOSED
 *   any --send/recv RST_STREAM--&gt; CLOSED
 * </pre>
 *
 * <p>Server push is never enabled by Courier (SETTINGS_ENABLE_PUSH 0), so the reserved states are
 * listed for completeness and a PUSH_PROMISE received is refused before it reaches a stream
 * (section 8.4: a connection error PROTOCOL_ERROR).
 *
 * <pre>{@code
 * StreamState s = StreamState.IDLE.on(StreamState.Event.RECV_HEADERS, 1);   // OPEN
 * s = s.on(StreamState.Event.RECV_END_STREAM, 1);                          // HALF_CLOSED_REMOTE
 * }</pre>
 */
public enum StreamState {
  /** Not yet used: only HEADERS (or PRIORITY) may arrive. */
  IDLE,
  /** Promised by us with PUSH_PROMISE (never, as Courier does not push). */
  RESERVED_LOCAL,
  /** Promised by the peer (refused: push is disabled). */
  RESERVED_REMOTE,
  /** Both sides may send. */
  OPEN,
  /** We sent END_STREAM; the peer may still send. */
  HALF_CLOSED_LOCAL,
  /** The peer sent END_STREAM; we may still send. */
  HALF_CLOSED_REMOTE,
  /** Done: only PRIORITY, and briefly WINDOW_UPDATE or RST_STREAM, may still arrive. */
  CLOSED;

  /** A frame sent or received on the stream, END_STREAM counted as its own event. */
  public enum Event {
    /** We send HEADERS (request, response or trailers). */
    SEND_HEADERS,
    /** We send DATA. */
    SEND_DATA,
    /** The frame we send carries END_STREAM. */
    SEND_END_STREAM,
    /** We send RST_STREAM. */
    SEND_RST_STREAM,
    /** HEADERS arrives (request, response or trailers). */
    RECV_HEADERS,
    /** DATA arrives. */
    RECV_DATA,
    /** The frame that arrived carries END_STREAM. */
    RECV_END_STREAM,
    /** RST_STREAM arrives. */
    RECV_RST_STREAM,
    /** WINDOW_UPDATE arrives for this stream. */
    RECV_WINDOW_UPDATE,
    /** PRIORITY arrives (parsed and ignored, RFC 9113 section 5.3.2). */
    RECV_PRIORITY
  }

  /** Whether the peer may still send DATA or HEADERS on the stream. */
  public boolean peerMaySend() {
    return this == OPEN || this == HALF_CLOSED_LOCAL;
  }

  /** Whether we may still send DATA or HEADERS on the stream. */
  public boolean mayWrite() {
    return this == OPEN || this == HALF_CLOSED_REMOTE;
  }

  /**
   * The state after {@code event} on stream {@code streamId}.
   *
   * @throws H2Exception when the peer sent something this state forbids
   * @throws IllegalStateException when we would send something this state forbids
   */
  public StreamState on(Event event, int streamId) {
    return switch (event) {
      case SEND_HEADERS -> switch (this) {
        case IDLE -> OPEN;
        case RESERVED_LOCAL -> HALF_CLOSED_REMOTE;
        case OPEN, HALF_CLOSED_REMOTE -> this;
        default -> throw local(event);
      };
      case SEND_DATA -> {
        if (!mayWrite()) throw local(event);
        yield this;
      }
      case SEND_END_STREAM -> switch (this) {
        case OPEN -> HALF_CLOSED_LOCAL;
        case HALF_CLOSED_REMOTE -> CLOSED;
        default -> throw local(event);
      };
      case SEND_RST_STREAM -> {
        if (this == IDLE) throw local(event); // section 5.4.2: never for an idle stream
        yield CLOSED;
      }
      case RECV_HEADERS -> switch (this) {
        case IDLE -> OPEN;
        case RESERVED_REMOTE -> HALF_CLOSED_LOCAL;
        case OPEN, HALF_CLOSED_LOCAL -> this; // trailers (section 8.1)
        default -> throw afterEnd(event, streamId);
      };
      case RECV_DATA -> switch (this) {
        case OPEN, HALF_CLOSED_LOCAL -> this;
        // Section 5.1, idle: any frame but HEADERS or PRIORITY is a connection error.
        case IDLE -> throw H2Exception.connectionError(ErrorCode.PROTOCOL_ERROR,
            "DATA on idle stream " + streamId);
        default -> throw afterEnd(event, streamId);
      };
      case RECV_END_STREAM -> switch (this) {
        case OPEN -> HALF_CLOSED_REMOTE;
        case HALF_CLOSED_LOCAL -> CLOSED;
        default -> throw afterEnd(event, streamId);
      };
      case RECV_RST_STREAM -> {
        // Section 6.4: RST_STREAM on an idle stream is a connection error PROTOCOL_ERROR.
        if (this == IDLE) {
          throw H2Exception.connectionError(ErrorCode.PROTOCOL_ERROR, "RST_STREAM on idle stream " + streamId);
        }
        yield CLOSED;
      }
      case RECV_WINDOW_UPDATE -> {
        // Section 6.9: WINDOW_UPDATE on an idle stream is a connection error PROTOCOL_ERROR;
        // on a closed one it may still arrive for a short while and is ignored.
        if (this == IDLE) {
          throw H2Exception.connectionError(ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE on idle stream " + streamId);
        }
        yield this;
      }
      case RECV_PRIORITY -> this; // allowed in every state (section 5.1)
    };
  }

  /**
   * Section 5.1: a frame other than WINDOW_UPDATE, PRIORITY or RST_STREAM on a half-closed
   * (remote) stream is a stream error STREAM_CLOSED; on a closed one after END_STREAM was
   * received, a connection error STREAM_CLOSED (h2spec 5.1.11, 5.1.12).
   */
  private H2Exception afterEnd(Event event, int streamId) {
    String message = event + " on stream " + streamId + " in state " + this;
    if (this == CLOSED) return H2Exception.connectionError(ErrorCode.STREAM_CLOSED, message);
    if (this == IDLE || this == RESERVED_LOCAL) return H2Exception.connectionError(ErrorCode.PROTOCOL_ERROR, message);
    return H2Exception.streamError(streamId, ErrorCode.STREAM_CLOSED, message);
  }

  private IllegalStateException local(Event event) {
    return new IllegalStateException("cannot " + event + " in stream state " + this);
  }
}

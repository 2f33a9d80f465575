package dev.courier.client;

/**
 * Where an {@link HttpConnection} is in its request/response cycle, with every allowed transition
 * in one switch.
 *
 * <p>Theory of operation. A connection alternates between sending one request and reading its
 * response (HTTP/1.1 without pipelining, RFC 9112 Section 9.3.2). The caller drives it with the
 * http.client calls; each call is an {@link Event}, and {@link #on} either moves to the next state
 * or throws an {@link IllegalStateException} that names the state, the event and what to call
 * instead. The transport underneath is not part of the state: it is opened on the first request
 * and again after the server closed it.
 *
 * <pre>
 *   IDLE --putRequest--> REQUEST_STARTED --endHeaders--> REQUEST_SENT --getResponse--> RESPONSE_OPEN
 *     ^                      | putHeader                    | send                        |
 *     |                      | (head refused: IDLE)         | (replay: REQUEST_STARTED)   |
 *     +------------------- response read to the end, drained, or the connection closed ---+
 * </pre>
 */
enum ExchangeState {
  IDLE,
  REQUEST_STARTED,
  REQUEST_SENT,
  RESPONSE_OPEN;

  /** What the caller (or the connection) did. */
  enum Event {
    PUT_REQUEST,
    PUT_HEADER,
    END_HEADERS,
    /** The head could not be built or written: the request is dropped. */
    HEAD_REFUSED,
    SEND_BODY,
    GET_RESPONSE,
    /** A stale pooled connection dropped the request: it goes out again on a new one. */
    REPLAY,
    /** The response was read to the end, drained, or abandoned with the connection. */
    RESPONSE_ENDED,
    CLOSE
  }

  /** The state after {@code event}, or an {@link IllegalStateException} naming both. */
  ExchangeState on(Event event) {
    if (event == Event.CLOSE) {
      return IDLE; // closing is always allowed: it aborts whatever was going on
    }
    ExchangeState next = switch (this) {
      case IDLE -> event == Event.PUT_REQUEST ? REQUEST_STARTED : null;
      case REQUEST_STARTED -> switch (event) {
        case PUT_HEADER -> REQUEST_STARTED;
        case END_HEADERS -> REQUEST_SENT;
        case HEAD_REFUSED -> IDLE;
        default -> null;
      };
      case REQUEST_SENT -> switch (event) {
        case SEND_BODY -> REQUEST_SENT;
        case GET_RESPONSE -> RESPONSE_OPEN;
        case REPLAY -> REQUEST_STARTED;
        case HEAD_REFUSED -> IDLE;
        default -> null;
      };
      case RESPONSE_OPEN -> event == Event.RESPONSE_ENDED ? IDLE : null;
    };
    if (next == null) {
      throw new IllegalStateException("cannot " + describe(event) + " in state " + this + hint(event));
    }
    return next;
  }

  private static String describe(Event event) {
    return switch (event) {
      case PUT_REQUEST -> "start a request";
      case PUT_HEADER -> "add a header";
      case END_HEADERS -> "end headers";
      case SEND_BODY -> "send body bytes";
      case GET_RESPONSE -> "get a response";
      default -> event.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    };
  }

  /** What the caller should do instead, when there is one thing to say. */
  private String hint(Event event) {
    return switch (this) {
      case IDLE -> event == Event.GET_RESPONSE ? ": no request was sent"
          : event == Event.PUT_HEADER ? ": call putRequest first" : "";
      case REQUEST_STARTED -> ": call endHeaders() first";
      case REQUEST_SENT -> ": call getResponse() first";
      case RESPONSE_OPEN -> event == Event.GET_RESPONSE
          ? ": the response was already taken; read it to the end or close it"
          : ": the previous response has not been read to the end; read or close it first";
    };
  }
}

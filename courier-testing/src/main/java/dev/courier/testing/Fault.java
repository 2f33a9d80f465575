package dev.courier.testing;

/**
 * A way for {@link MockServer} to break an exchange on purpose, so that tests can check how a
 * client copes. Set with {@link MockResponse.Builder#fault(Fault)}; every fault but {@link #NONE}
 * ends the connection.
 *
 * <pre>{@code
 * server.enqueue(MockResponse.builder().body("0123456789").fault(Fault.CLOSE_MID_BODY).build());
 * }</pre>
 */
public enum Fault {
  /** Answer normally. */
  NONE,
  /**
   * Close the connection as soon as it is accepted (or, on a kept-alive connection, before the
   * next request is read). Only a queued response can act before the request: when a kept-alive
   * connection was already waiting for its next request, or a {@link Dispatcher} returns this,
   * it acts as {@link #CLOSE_AFTER_REQUEST}.
   */
  CLOSE_AT_START,
  /** Read the whole request, then close without a byte of response. */
  CLOSE_AFTER_REQUEST,
  /** Send the response head, then close before the body. */
  CLOSE_AFTER_HEAD,
  /** Send the head and half of the body, then close. */
  CLOSE_MID_BODY,
  /** Read the request, then reset the connection (a TCP RST: {@code SO_LINGER} 0, then close). */
  RESET_AFTER_REQUEST,
  /** Send the head and half of the body, then reset the connection. */
  RESET_MID_BODY,
  /** Read the request and send nothing, until the client gives up or the server closes. */
  STALL,
  /**
   * Send a chunked head and a chunk that announces more bytes than follow (half the body, or
   * {@code 1} byte of an announced {@code 0x10} when the body is empty), then close.
   */
  TRUNCATED_CHUNK,
  /**
   * Send the body bytes as they are in place of a response (a default line that is not HTTP when
   * the body is empty), then close.
   */
  GARBAGE,
  /**
   * Answer right after the request head without reading the body (as a server rejecting an upload
   * does), and send no {@code 100 Continue}; then close, since the unread body makes the
   * connection unusable (RFC 9112, Section 9.3).
   */
  IGNORE_REQUEST_BODY
}

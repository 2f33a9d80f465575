package dev.courier.client;

import dev.courier.error.ConnectionResetException;
import dev.courier.error.CourierException;
import dev.courier.error.RemoteDisconnectedException;
import dev.courier.http.Headers;
import dev.courier.http.wire.RequestHead;
import dev.courier.http.wire.ResponseHead;

/**
 * The request an {@link HttpConnection} is building or has sent, and what it needs to finish the
 * exchange: the head as sent, the body when it can be sent again, and what the 100-continue wait
 * or a cut upload decided about the connection. One per connection, started afresh by {@link
 * #start} for each request (a request only starts once the one before has ended), so the hot
 * path allocates nothing for it.
 */
final class PendingRequest {
  String method;
  String target;
  Headers.Builder headers;
  private RequestHead sentHead;
  private byte[] replayBody;
  private boolean replayable;
  private boolean reusedWire;
  private ResponseHead earlyResponse;
  private boolean closeAfterResponse;

  /** Forgets the request before and starts {@code method target} with no header fields yet. */
  PendingRequest start(String method, String target) {
    this.method = method;
    this.target = target;
    headers = Headers.builder();
    sentHead = null;
    replayBody = null;
    replayable = false;
    reusedWire = false;
    earlyResponse = null;
    closeAfterResponse = false;
    return this;
  }

  /** The body (may be null: none) can be sent again if a stale connection drops the request. */
  void replayable(byte[] body) {
    replayable = true;
    replayBody = body;
  }

  /** Whether the body can be sent again (given whole, not yet replayed). */
  boolean canReplay() {
    return replayable;
  }

  /** The head went out, on a wire that had served earlier requests when {@code reused}. */
  void sent(RequestHead head, boolean reused) {
    sentHead = head;
    reusedWire = reused;
  }

  RequestHead sentHead() {
    return sentHead;
  }

  byte[] replayBody() {
    return replayBody;
  }

  /**
   * Whether {@code failure} means a reused connection was closed by the server while idle, before
   * it read the request (RFC 9112 Section 9.3.1: a client may then retry on a new connection): no
   * response byte came, the body can be sent again, and it was never replayed before. Replaying
   * uses the chance up.
   */
  boolean replayAfter(CourierException failure, boolean responseStarted, boolean sendFailed) {
    boolean stale = reusedWire && replayable && !responseStarted
        && (failure instanceof RemoteDisconnectedException || failure instanceof ConnectionResetException
            || sendFailed);
    if (stale) {
      replayable = false;
    }
    return stale;
  }

  /** The server answered before 100 Continue: this is its response, and the body is skipped. */
  void answeredEarly(ResponseHead head) {
    earlyResponse = head;
    closeAfterResponse = true; // the announced body was never sent
  }

  /** Takes the early answer, if there was one. */
  ResponseHead takeEarlyResponse() {
    ResponseHead head = earlyResponse;
    earlyResponse = null;
    return head;
  }

  /** The request body was cut (or skipped): the connection's framing is broken after this response. */
  void closeAfterResponse() {
    closeAfterResponse = true;
  }

  boolean mustCloseAfterResponse() {
    return closeAfterResponse;
  }
}

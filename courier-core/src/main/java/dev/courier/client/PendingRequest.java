package dev.courier.client;

import dev.courier.error.ConnectionResetException;
import dev.courier.error.CourierException;
import dev.courier.error.RemoteDisconnectedException;
import dev.courier.http.Headers;
import dev.courier.http.HttpMethod;
import dev.courier.http.wire.RequestHead;
import dev.courier.http.wire.ResponseHead;

/**
 * The request an {@link HttpConnection} is building or has sent, and what it needs to finish the
 * exchange: the head as sent, the body when it can be sent again, and what the 100-continue wait
 * or a cut upload decided about the connection. One per connection, started afresh by {@link
 * #start} for each request (a request only starts once the one before has ended), so the hot
 * path allocates nothing for it.
 *
 * <p>The resend rule: a request given whole whose reused connection fails before any response
 * byte is sent once more on a new connection when that cannot do harm. RFC 9112, Section 9.3.1
 * allows it for idempotent methods (RFC 9110, Section 9.2.2); any other method only when its
 * caller allowed it, or when no byte of it left (the server cannot have seen it). A POST the
 * server may have read and processed is never sent twice behind the caller's back.
 */
final class PendingRequest {
  String method;
  String target;
  // The fields to send: the caller's Headers as given while nothing is added (the common request
  // then sends them as they are, with no builder and no copy), else a builder made on the first add.
  private Headers given;
  private Headers.Builder headers;
  private RequestHead lastHead; // kept across requests: an immutable head to send again
  private RequestHead sentHead;
  private byte[] replayBody;
  private boolean bodyKept;
  private boolean resendAllowed;
  private boolean reusedWire;
  private ResponseHead earlyResponse;
  private boolean closeAfterResponse;

  /** Forgets the request before and starts {@code method target} with no header fields yet. */
  PendingRequest start(String method, String target) {
    this.method = method;
    this.target = target;
    given = Headers.empty();
    headers = null;
    sentHead = null;
    replayBody = null;
    bodyKept = false;
    resendAllowed = false;
    reusedWire = false;
    earlyResponse = null;
    closeAfterResponse = false;
    return this;
  }

  /**
   * The head for {@code target} and {@code fields}: the one this connection sent last when it is
   * the same request again (a session sends the same cached fields for plain requests), else a new one.
   */
  RequestHead head(String target, Headers fields) {
    RequestHead last = lastHead;
    if (last != null && last.headers() == fields && last.method().equals(method) && last.target().equals(target)) {
      return last;
    }
    last = RequestHead.of(method, target, fields);
    lastHead = last;
    return last;
  }

  /** The caller's fields, kept as they are until something is added. */
  void fields(Headers fields) {
    if (headers == null && given.isEmpty()) {
      given = fields;
    } else {
      headers().addAll(fields);
    }
  }

  /** The fields to change: a builder holding what was given so far. */
  Headers.Builder headers() {
    if (headers == null) {
      headers = Headers.builder();
      headers.addAll(given);
      given = null;
    }
    return headers;
  }

  /** The fields as they stand; given ones unchanged when nothing was added. */
  Headers fields() {
    return headers == null ? given : headers.build();
  }

  /**
   * The body (may be null: none) is at hand to be sent again; once the request may have reached
   * the server, only when its method is idempotent or {@code callerAllowsResend}.
   */
  void replayable(byte[] body, boolean callerAllowsResend) {
    bodyKept = true;
    replayBody = body;
    resendAllowed = callerAllowsResend || HttpMethod.isIdempotent(method);
  }

  /** Whether the request may be sent again though the server may have seen it (given whole, not yet replayed). */
  boolean canReplay() {
    return bodyKept && resendAllowed;
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
   * it answered (RFC 9112 Section 9.3.1: a client may then retry on a new connection), and the
   * request may be sent again: no response byte came, the body is at hand, it was never replayed
   * before, and either no byte of it left ({@code nothingSent}) or it may be resent though the
   * server may have read it ({@link #canReplay()}). Replaying uses the chance up.
   */
  boolean replayAfter(CourierException failure, boolean responseStarted, boolean sendFailed, boolean nothingSent) {
    if (!reusedWire || !bodyKept || responseStarted) {
      return false;
    }
    boolean closedByServer = failure instanceof RemoteDisconnectedException
        || failure instanceof ConnectionResetException || sendFailed;
    boolean replay = nothingSent || (resendAllowed && closedByServer);
    if (replay) {
      bodyKept = false;
    }
    return replay;
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

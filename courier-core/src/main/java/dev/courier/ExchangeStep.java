package dev.courier;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.error.CourierException;

/**
 * Hands the request to the {@link Adapter} mounted for its URL (the last step of the chain):
 * gives it the call's per-attempt timeouts and deadline in an {@link Adapter.Exchange}, and makes
 * what it returns answer this request under the session's body limits and mapper, with the time
 * to its head as {@code elapsed}. Never calls {@code proceed}.
 */
final class ExchangeStep implements Step {
  private final Mounts mounts;
  private final Adapter.Exchange.Caps caps;

  /** One per session: the call's timeouts, deadline and events come with the call. */
  ExchangeStep(Mounts mounts, long maxDecoded, long maxBuffered, ObjectMapper mapper) {
    this.mounts = mounts;
    this.caps = new Adapter.Exchange.Caps(maxDecoded, maxBuffered, mapper);
  }

  @Override
  public Response intercept(CallContext call, int nextStep, Request request) {
    Adapter adapter = mounts.select(request.url());
    dev.courier.client.ExchangeListener attempt = call.events.attempt(request);
    // the methods the retry policy may send again after they reached the server (RFC 9110,
    // Section 9.2.2: the idempotent ones by default) may also be resent on a stale connection
    Adapter.Exchange exchange = new Adapter.Exchange(call, caps, call.retry.allowsMethod(request.method()), attempt);
    Response returned;
    try {
      returned = adapter.send(request, exchange);
    } catch (CourierException e) {
      throw call.deadlineOr(e, request.url().redacted());
    }
    if (returned == null) throw new IllegalStateException(adapter + " returned no response for " + request);
    Response response = exchange.adopt(request, returned);
    call.events.responseHeadersEnd(request, response, attempt);
    return response;
  }
}

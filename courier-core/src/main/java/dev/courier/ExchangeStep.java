package dev.courier;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;

/**
 * Sends the request over a connection and reads the response head (the last step of the chain):
 * hands the call's per-attempt timeouts to the {@link Exchanger}, measures {@code elapsed}, and
 * wraps the raw body with the session's limits. Never calls {@code proceed}.
 */
final class ExchangeStep implements Interceptor {
  private final Exchanger exchanger;
  private final CallContext call;
  private final long maxDecoded;
  private final long maxBuffered;
  private final ObjectMapper mapper;

  ExchangeStep(Exchanger exchanger, CallContext call, long maxDecoded, long maxBuffered, ObjectMapper mapper) {
    this.exchanger = exchanger;
    this.call = call;
    this.maxDecoded = maxDecoded;
    this.maxBuffered = maxBuffered;
    this.mapper = mapper;
  }

  @Override
  public Response intercept(Chain chain) {
    Request request = chain.request();
    String url = Redact.url(request.url());
    long start = System.nanoTime();
    Exchanger.RawResponse raw;
    try {
      raw = exchanger.exchange(request, call.attemptTimeouts());
    } catch (ReadTimeoutException e) {
      if (call.deadlineBinds() && call.remaining().isZero()) {
        throw new ReadTimeoutException(url, call.timeouts.total().orElseThrow(), true, e);
      }
      throw e;
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    ResponseBody body = new ResponseBody(raw.body(), List.of(), maxDecoded, maxBuffered, url);
    return new Response(request, raw.status(), raw.reason(), raw.version(), raw.headers(), List.of(), elapsed,
        body, mapper);
  }
}

package dev.courier;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.client.ClientResponse;
import dev.courier.error.CourierException;
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
    String url = request.url().redacted();
    long start = System.nanoTime();
    ClientResponse raw;
    dev.courier.client.ExchangeListener attempt = call.events.attempt(request);
    try {
      // the methods the retry policy may send again after they reached the server (RFC 9110,
      // Section 9.2.2: the idempotent ones by default) may also be resent on a stale connection
      raw = exchanger.exchange(request, call.timeouts, call.watchdog, call.retry.allowsMethod(request.method()), attempt);
    } catch (CourierException e) {
      throw call.deadlineOr(e, url);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    ResponseBody body = new ResponseBody(raw.body(), List.of(), maxDecoded, maxBuffered, url)
        .lengthHint(contentLength(raw.headers()));
    Response response = new Response(request, raw.statusCode(), raw.reason(), raw.version(), raw.headers(), List.of(),
        elapsed, body, mapper);
    call.events.responseHeadersEnd(request, response, attempt);
    return response;
  }

  /** Content-Length as a number (ASCII digits only), or -1. */
  private static long contentLength(dev.courier.http.Headers headers) {
    String v = headers.firstValue("Content-Length").orElse(null);
    if (v == null || v.isEmpty() || v.length() > 18) return -1;
    long n = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') return -1;
      n = n * 10 + (c - '0');
    }
    return n;
  }
}

package dev.courier;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.client.ClientResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Answers one final request: the bottom of a {@link Session}'s chain, where the request leaves
 * Courier. Everything above it has run by then — redirects, retries, auth challenges, cookies,
 * {@code Host} and body framing, {@code Accept-Encoding}, hooks and interceptors — and runs
 * again on what it returns (decoding, cookies stored, redirects followed), so an adapter that
 * answers from memory exercises the whole chain.
 *
 * <p>Named after requests' transport adapters ({@code session.mount(prefix, adapter)}); httpx
 * calls the same seam a transport, a word Courier already uses for byte streams ({@link
 * dev.courier.net.Transport}: TCP and Unix sockets, below HTTP). An adapter speaks HTTP
 * messages; a transport speaks bytes.
 *
 * <p>The default adapter is the network ({@link NetworkAdapter}); {@link
 * Session.Builder#mount(String, Adapter)} binds another to the URLs that start with a prefix.
 * An adapter returns a response head and its body as it arrives (still encoded when its {@code
 * Content-Encoding} says so), most simply with {@link Response#builder()}:
 *
 * <pre>{@code
 * Adapter canned = (request, exchange) -> Response.builder()
 *     .request(request)
 *     .statusCode(200)
 *     .header("Content-Type", "application/json")
 *     .body("{\"ok\": true}", StandardCharsets.UTF_8)   // or .body(InputStream) for a raw stream
 *     .build();
 * try (Session s = Session.builder().mount("https://api.test/", canned).build()) {
 *   s.get("https://api.test/v1/ping").json().get("ok").asBoolean();   // true, no network
 * }
 * }</pre>
 *
 * <p>Whatever response an adapter returns, the session makes it answer the request it was given
 * and applies its own caps on buffered and decoded bodies and its Jackson mapper. Failures should
 * be {@link dev.courier.error.CourierException}s saying whether the request may have reached the
 * server (retries rely on it); any other runtime exception goes up unchanged. An adapter is
 * called from many threads at once and must be thread-safe. A session closes the adapters
 * mounted on it when it closes.
 */
@FunctionalInterface
public interface Adapter extends AutoCloseable {

  /**
   * Answers {@code request} (final: headers as they go on the wire, body framed) within the call
   * described by {@code exchange}.
   *
   * @return the response; never null
   */
  Response send(Request request, Exchange exchange);

  /** Releases what the adapter holds (pooled connections); by default nothing. */
  @Override
  default void close() {}

  /**
   * What an adapter knows of the call it answers: the timeouts of this attempt, what is left of
   * the call's total deadline, and whether the request may be sent twice.
   */
  final class Exchange {
    private final CallContext call; // the attempt's timeouts and the call's watchdog
    private final Caps caps;
    private final boolean resendAllowed;
    private final dev.courier.client.ExchangeListener listener; // the session's events for this attempt
    private final long startNanos = System.nanoTime();
    private Response made; // the response this exchange made from a network one, handed up as it is

    /** The session's caps on response bodies and its mapper, made once per session. */
    record Caps(long maxDecoded, long maxBuffered, ObjectMapper mapper) {}

    Exchange(CallContext call, Caps caps, boolean resendAllowed, dev.courier.client.ExchangeListener listener) {
      this.call = call;
      this.caps = caps;
      this.resendAllowed = resendAllowed;
      this.listener = Objects.requireNonNull(listener);
    }

    /** The connect and read timeouts of this attempt. */
    public Timeouts timeouts() {
      return call.timeouts;
    }

    /** What is left of the call's total deadline; empty when the call has none. */
    public Optional<Duration> remaining() {
      return Optional.ofNullable(call.watchdog.remaining());
    }

    /**
     * Whether the request may be sent again though the server may have processed it (its retry
     * policy lists the method): a stale pooled connection may then be retried on a new one
     * whatever the method; otherwise only idempotent requests may (RFC 9110, Section 9.2.2).
     */
    public boolean resendAllowed() {
      return resendAllowed;
    }

    Watchdog watchdog() {
      return call.watchdog;
    }

    dev.courier.client.ExchangeListener listener() {
      return listener;
    }

    /** A network response as the session hands it up: its limits, its mapper, the time to its head. */
    Response response(Request request, ClientResponse raw) {
      ResponseBody body = new ResponseBody(raw.body(), List.of(), caps.maxDecoded(), caps.maxBuffered(),
          request.url().redacted()).lengthHint(ResponseBody.contentLength(raw.headers())).trailersFrom(raw);
      made = new Response(request, raw.statusCode(), raw.reason(), raw.version(), raw.headers(), List.of(),
          System.nanoTime() - startNanos, body, caps.mapper());
      return made;
    }

    /**
     * What an adapter returned, made to answer {@code request} with the session's limits and
     * mapper: a response {@link #response} made is already that.
     */
    Response adopt(Request request, Response returned) {
      if (returned == made) return returned;
      return new Response(request, returned.statusCode(), returned.reason(), returned.version(), returned.headers(),
          List.of(), elapsed(), returned.body().withLimits(caps.maxDecoded(), caps.maxBuffered()), caps.mapper());
    }

    private Duration elapsed() {
      return Duration.ofNanos(System.nanoTime() - startNanos);
    }
  }
}

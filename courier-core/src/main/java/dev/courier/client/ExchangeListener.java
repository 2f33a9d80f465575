package dev.courier.client;

import dev.courier.error.CourierException;
import dev.courier.http.wire.HttpVersion;
import dev.courier.net.Endpoint;
import java.net.InetAddress;
import java.util.List;
import javax.net.ssl.SSLSession;

/**
 * Told where one round trip is, phase by phase, as it happens: name lookup, connect, TLS, the
 * connection taken from the pool, the request head and body written, the first response byte,
 * the body read to its end and the connection given back. A listener reads the clock itself
 * ({@link System#nanoTime()}) to time the phases. The session's {@code dev.courier.EventListener}
 * is built on this one; use this directly only with a {@link RoundTripper}.
 *
 * <p>Order for a new connection: {@code dnsStart}, {@code dnsEnd} (a host name only, not an IP
 * literal or a Unix socket), {@code connectStart}, {@code secureConnectStart} and {@code
 * secureConnectEnd} (https, or an https proxy), {@code connectEnd} (or {@code connectFailed}),
 * {@code connectionAcquired}, {@code requestHeadersEnd}, {@code requestBodyEnd}, {@code
 * responseHeadersStart}, then, once the caller has read the body to its end or closed it, {@code
 * responseBodyEnd} (or {@code responseFailed}) and {@code connectionReleased}. A pooled connection skips the first six. A
 * request sent again on a new connection after its pooled one turned out closed (see {@link
 * ClientRequest#resendAllowed()}) repeats the connect and request events.
 *
 * <p>Methods run on the thread doing the work (the caller's for all but the last two, which run
 * on the thread that reads the body); keep them quick. A listener that throws breaks the round
 * trip.
 *
 * <pre>{@code
 * ExchangeListener timing = new ExchangeListener() {
 *   long start = System.nanoTime();
 *   public void responseHeadersStart() { System.out.println("first byte after " + (System.nanoTime() - start) + " ns"); }
 * };
 * try (ClientResponse response = roundTripper.roundTrip(request, null, timing)) { ... }
 * }</pre>
 */
public interface ExchangeListener {
  /** A listener that does nothing: no events are produced for it. */
  ExchangeListener NONE = new ExchangeListener() {};

  /** Looking up the addresses of {@code host} starts. */
  default void dnsStart(String host) {}

  /** {@code host} resolved to {@code addresses} (in the order connects try them). */
  default void dnsEnd(String host, List<InetAddress> addresses) {}

  /** Opening a connection to {@code endpoint} (the server, or the proxy) starts. */
  default void connectStart(Endpoint endpoint) {}

  /** A TLS handshake starts (with the server, or with an https proxy). */
  default void secureConnectStart() {}

  /** The TLS handshake ended; {@code session} is what was negotiated. */
  default void secureConnectEnd(SSLSession session) {}

  /** The connection to {@code endpoint} is open: TCP, proxy tunnel and TLS done. */
  default void connectEnd(Endpoint endpoint) {}

  /** Opening the connection to {@code endpoint} failed with {@code failure} (thrown next). */
  default void connectFailed(Endpoint endpoint, CourierException failure) {}

  /**
   * A connection was taken from the pool: {@code reused} when it served requests before; {@code
   * version} is what it speaks ({@link HttpVersion#HTTP_2} when ALPN or prior knowledge chose it).
   */
  default void connectionAcquired(boolean reused, HttpVersion version) {}

  /** The request head has been written. */
  default void requestHeadersEnd() {}

  /** The request body (if any) has been written. */
  default void requestBodyEnd() {}

  /** The first byte of the response arrived. */
  default void responseHeadersStart() {}

  /**
   * The response body was read to its end, or closed before it ({@code bytes}: what was read, as
   * framed on the wire, before any decoding).
   */
  default void responseBodyEnd(long bytes) {}

  /** Reading the response body failed with {@code failure} (thrown next); no {@code responseBodyEnd} follows. */
  default void responseFailed(CourierException failure) {}

  /** The connection went back to the pool (or was closed): the round trip is over. */
  default void connectionReleased() {}
}

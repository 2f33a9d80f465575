package dev.courier;

import dev.courier.error.CourierException;
import dev.courier.http.wire.HttpVersion;
import dev.courier.net.Endpoint;
import java.net.InetAddress;
import java.util.List;
import javax.net.ssl.SSLSession;

/**
 * Told when each phase of a session's calls starts and ends, to time them (as {@code curl -w} or
 * OkHttp's {@code EventListener}): name lookup, connect, TLS, the connection taken from the pool,
 * the request head and body written, the first response byte, the response head and body read,
 * the call's end or failure. Each method reads the clock itself ({@link System#nanoTime()}). A
 * {@link Hook} says <em>what</em> a call did (attempts, redirects, retries); this says <em>when</em>.
 *
 * <pre>{@code
 * Session session = Session.builder().eventListener(new EventListener() {
 *   long start;
 *   public void callStart(Request call) { start = System.nanoTime(); }
 *   public void responseHeadersStart(Request request) {
 *     System.out.printf("first byte after %d ms%n", (System.nanoTime() - start) / 1_000_000);
 *   }
 * }).build();
 * }</pre>
 *
 * <p>Order of one call: {@code callStart}; per attempt (each redirect, retry and auth answer is
 * one) {@code dnsStart}, {@code dnsEnd} (a host name only: not an IP literal or a Unix socket),
 * {@code connectStart}, {@code secureConnectStart} and {@code secureConnectEnd} (https, or an
 * https proxy), {@code connectEnd} (or {@code connectFailed}), {@code connectionAcquired}, {@code
 * requestHeadersEnd}, {@code requestBodyEnd}, {@code responseHeadersStart} (the first byte),
 * {@code responseHeadersEnd}, and when its body has been read or closed {@code responseBodyEnd}
 * and {@code connectionReleased}; last {@code callEnd} (when the final response's body has been
 * read or closed: at once for a buffered response, when the caller closes a {@link
 * Request.Builder#stream streamed} one) or {@code callFailed}. A pooled connection skips the
 * lookup and connect events: {@code connectionAcquired} says {@code reused}. A response an
 * interceptor made without the network has no attempt events.
 *
 * <p>The call's events get the request as the caller sent it; an attempt's events get the
 * request of that attempt as it went on the wire (after redirects, the bridge's headers and the
 * network interceptors). Methods run on the calling thread, except the body events and {@code
 * callEnd} of a streamed response, which run on the thread that reads or closes it. Keep them
 * quick: a listener that throws is logged and does not break the call. One listener serves every
 * call of the session; for state per call use {@link Session.Builder#eventListenerFactory}.
 */
public interface EventListener {
  /** A listener that does nothing (the default). */
  EventListener NONE = new EventListener() {};

  /** Makes a listener for each call, given the call's request. */
  @FunctionalInterface
  interface Factory {
    /** The listener for the call that sends {@code call}. */
    EventListener create(Request call);
  }

  /** The call starts (before the session's defaults, interceptors and redirects). */
  default void callStart(Request call) {}

  /** Looking up the addresses of {@code host} starts. */
  default void dnsStart(Request request, String host) {}

  /** {@code host} resolved to {@code addresses}. */
  default void dnsEnd(Request request, String host, List<InetAddress> addresses) {}

  /** Opening a connection to {@code endpoint} (the server, or the proxy) starts. */
  default void connectStart(Request request, Endpoint endpoint) {}

  /** A TLS handshake starts. */
  default void secureConnectStart(Request request) {}

  /** The TLS handshake ended with {@code session} (protocol, cipher suite, peer certificates). */
  default void secureConnectEnd(Request request, SSLSession session) {}

  /** The connection to {@code endpoint} is open: TCP, proxy tunnel and TLS done. */
  default void connectEnd(Request request, Endpoint endpoint) {}

  /** Opening the connection failed with {@code failure}; {@code callFailed} or a retry follows. */
  default void connectFailed(Request request, Endpoint endpoint, CourierException failure) {}

  /** A connection was taken from the pool; {@code reused} when it served requests before. */
  default void connectionAcquired(Request request, boolean reused) {}

  /**
   * The same event, with the {@code version} the connection speaks: {@link HttpVersion#HTTP_2}
   * when ALPN or prior knowledge chose it, else {@link HttpVersion#HTTP_1_1}. By default it calls
   * {@link #connectionAcquired(Request, boolean)}; override one of the two.
   *
   * <pre>{@code
   * public void connectionAcquired(Request request, boolean reused, HttpVersion version) {
   *   System.err.println(request.method() + " " + request.url() + " over " + version);
   * }
   * }</pre>
   */
  default void connectionAcquired(Request request, boolean reused, HttpVersion version) {
    connectionAcquired(request, reused);
  }

  /** The request head has been written. */
  default void requestHeadersEnd(Request request) {}

  /** The request body (if any) has been written: the request is sent. */
  default void requestBodyEnd(Request request) {}

  /** The first byte of the response arrived. */
  default void responseHeadersStart(Request request) {}

  /** The response head has been read: status and headers are known, the body not yet read. */
  default void responseHeadersEnd(Request request, Response response) {}

  /** The body was read to its end, or closed before ({@code bytes}: as received, before decoding). */
  default void responseBodyEnd(Request request, long bytes) {}

  /** The connection went back to the pool (or was closed). */
  default void connectionReleased(Request request) {}

  /** The call is over: its final response has been read or closed. */
  default void callEnd(Request call) {}

  /** The call failed with {@code failure} (thrown to the caller next); no {@code callEnd} follows. */
  default void callFailed(Request call, RuntimeException failure) {}
}

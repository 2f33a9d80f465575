package dev.courier;

import dev.courier.client.CallDeadline;
import dev.courier.client.ClientDefaults;
import dev.courier.client.ClientRequest;
import dev.courier.client.ClientResponse;
import dev.courier.client.ConnectionPool;
import dev.courier.client.ExchangeListener;
import dev.courier.client.ProxyRules;
import dev.courier.client.RequestContent;
import dev.courier.client.RoundTripper;
import dev.courier.error.ConnectTimeoutException;
import dev.courier.error.CourierException;
import dev.courier.error.DeadlineExceededException;
import dev.courier.error.PoolTimeoutException;
import dev.courier.net.TlsSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@link Exchanger} over the network: hands each request, with its per-attempt timeouts, to
 * one {@link RoundTripper} (one pool per session, keyed by route only) in one call, and turns its
 * failures into {@link CourierException}s. The call's {@link Watchdog} becomes the round trip's
 * {@link CallDeadline}.
 */
final class ClientExchanger implements Exchanger {
  private final RoundTripper roundTripper;

  private ClientExchanger(RoundTripper roundTripper) {
    this.roundTripper = roundTripper;
  }

  /** Transport settings collected by the session builder. */
  static final class Settings {
    TlsSettings tls; // null: not given, TlsSettings.defaults()
    ProxyRules proxies; // null: not given, direct
    int maxConnectionsPerRoute = ClientDefaults.MAX_CONNECTIONS_PER_ROUTE;
    int maxConnectionsTotal = ClientDefaults.MAX_CONNECTIONS_TOTAL;
    Duration idleTimeout = ClientDefaults.IDLE_TIMEOUT;
    Path unixSocket; // null: TCP to the URL's host (or the proxy)
    dev.courier.net.Dns dns; // null: the system resolver
    boolean debug;
    HttpVersionPolicy httpVersionPolicy = HttpVersionPolicy.HTTP_2_PREFERRED;

    private RoundTripper roundTripper(ConnectionPool pool) {
      RoundTripper.Builder b = RoundTripper.builder().tls(tls != null ? tls : TlsSettings.defaults())
          .proxies(proxies != null ? proxies : ProxyRules.direct()).pool(pool).debug(debug)
          .versions(httpVersionPolicy.versions()).http2Connections(maxConnectionsPerRoute, idleTimeout);
      if (unixSocket != null) b.unixSocket(unixSocket);
      return b.build();
    }

    Exchanger build() {
      ConnectionPool.Builder poolBuilder = ConnectionPool.builder()
          .maxConnectionsPerRoute(maxConnectionsPerRoute)
          .maxConnectionsTotal(maxConnectionsTotal)
          .idleTimeout(idleTimeout);
      if (dns != null) poolBuilder.transport(dev.courier.net.Transport.system(dns));
      ConnectionPool pool = poolBuilder.build();
      return new ClientExchanger(roundTripper(pool));
    }
  }

  @Override
  public ClientResponse exchange(Request request, Timeouts timeouts, Watchdog watchdog, boolean resendAllowed) {
    return exchange(request, timeouts, watchdog, resendAllowed, ExchangeListener.NONE);
  }

  @Override
  public ClientResponse exchange(Request request, Timeouts timeouts, Watchdog watchdog, boolean resendAllowed,
      ExchangeListener listener) {
    // The watchdog can only abort a connection the exchange holds: the wait for a pooled connection
    // and the connect are bounded by what is left of the deadline instead.
    Duration left = watchdog.remaining();
    if (left != null && left.isZero()) throw deadline(request, timeouts, null);
    ClientRequest wire = new ClientRequest(request.method(), request.url(), request.headers(), content(request),
        timeouts.connect(), timeouts.read(), resendAllowed, request.tls(), request.proxies());
    try {
      return roundTripper.roundTrip(wire, left == null ? null : new WatchdogDeadline(watchdog), listener);
    } catch (CourierException e) {
      // the capped waits end at or after the deadline (never early): a timeout now is the deadline's
      if (left != null && isWaitTimeout(e) && watchdog.remaining().isZero()) throw deadline(request, timeouts, e);
      throw e;
    } catch (IOException e) {
      // the client's failures come translated: only the request body's own source throws this
      throw new CourierException("reading the request body failed", request.url().redacted(), true, e);
    }
  }

  /**
   * The body in the form the connection can best send it: bytes in memory (sent again on a stale
   * connection when the method is idempotent or the caller allowed it), a file read by the connection, a one-shot stream that the round tripper reads
   * itself only when it must wait for 100 Continue, and anything else through its writer.
   */
  private static RequestContent content(Request request) {
    Body body = request.body().orElse(null);
    if (body == null) return RequestContent.none();
    if (body instanceof Bodies.BytesBody bytes) return RequestContent.bytes(bytes.bytes());
    if (body instanceof Bodies.FileBody file) {
      return RequestContent.stream(() -> Files.newInputStream(file.path()), file.length());
    }
    if (body instanceof Bodies.StreamBody stream) {
      return RequestContent.writer(stream::writeTo, stream::open, stream.contentLength());
    }
    return RequestContent.writer(body::writeTo);
  }

  /** A timeout of the wait for a pooled connection or of the connect: nothing was sent. */
  private static boolean isWaitTimeout(CourierException e) {
    return e instanceof PoolTimeoutException || e instanceof ConnectTimeoutException;
  }

  /** The deadline passed before the request was sent (waiting for a connection or connecting). */
  private static DeadlineExceededException deadline(Request request, Timeouts timeouts, Throwable cause) {
    return new DeadlineExceededException(request.url().redacted(), timeouts.total().orElseThrow(), false, cause);
  }

  @Override
  public void evictIdleConnections() {
    roundTripper.evictIdleConnections();
  }

  @Override
  public void close() {
    roundTripper.close();
  }

  @Override
  public String toString() {
    return roundTripper.toString();
  }

  /** The call's watchdog as the round trip's deadline. */
  private record WatchdogDeadline(Watchdog watchdog) implements CallDeadline {
    @Override
    public Duration remaining() {
      return watchdog.remaining();
    }

    @Override
    public void guard(Runnable abort) {
      watchdog.guard(abort);
    }
  }
}

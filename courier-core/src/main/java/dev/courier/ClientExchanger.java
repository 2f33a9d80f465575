package dev.courier;

import dev.courier.client.CallDeadline;
import dev.courier.client.ClientDefaults;
import dev.courier.client.ClientRequest;
import dev.courier.client.ClientResponse;
import dev.courier.client.ConnectionPool;
import dev.courier.client.PoolTimeoutException;
import dev.courier.client.ProxyRules;
import dev.courier.client.RequestContent;
import dev.courier.client.RoundTripper;
import dev.courier.net.TlsSettings;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
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
    TlsSettings tls = TlsSettings.defaults();
    ProxyRules proxies = ProxyRules.direct();
    int maxConnectionsPerRoute = ClientDefaults.MAX_CONNECTIONS_PER_ROUTE;
    int maxConnectionsTotal = ClientDefaults.MAX_CONNECTIONS_TOTAL;
    Duration idleTimeout = ClientDefaults.IDLE_TIMEOUT;
    boolean debug;

    Exchanger build() {
      ConnectionPool pool = ConnectionPool.builder()
          .maxConnectionsPerRoute(maxConnectionsPerRoute)
          .maxConnectionsTotal(maxConnectionsTotal)
          .idleTimeout(idleTimeout)
          .build();
      return new ClientExchanger(RoundTripper.builder().tls(tls).proxies(proxies).pool(pool).debug(debug).build());
    }
  }

  @Override
  public ClientResponse exchange(Request request, Timeouts timeouts, Watchdog watchdog) {
    // The watchdog can only abort a connection the exchange holds: the wait for a pooled connection
    // and the connect are bounded by what is left of the deadline instead.
    Duration left = watchdog.remaining();
    if (left != null && left.isZero()) throw deadline(request, timeouts, null);
    ClientRequest wire = new ClientRequest(request.method(), request.url(), request.headers(), content(request),
        timeouts.connect(), timeouts.read());
    try {
      return left == null ? roundTripper.roundTrip(wire) : roundTripper.roundTrip(wire, new WatchdogDeadline(watchdog));
    } catch (IOException | RuntimeException e) {
      // the capped waits end at or after the deadline (never early): a timeout now is the deadline's
      if (left != null && isConnectTimeout(e) && watchdog.remaining().isZero()) throw deadline(request, timeouts, e);
      if (e instanceof IllegalArgumentException iae) throw iae; // refused before sending: the caller's bug
      throw Failures.translate(e, request.url().redacted(), phase(e), timeouts);
    }
  }

  /**
   * The body in the form the connection can best send it: bytes in memory (replayed on a stale
   * connection), a file read by the connection, a one-shot stream that the round tripper reads
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

  /**
   * Where a failure happened, for the failures that do not say it themselves: only the wait for a
   * pooled connection ends in a bare interruption; anything else came after a connection was held.
   */
  private static Failures.Phase phase(Throwable e) {
    return e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)
        ? Failures.Phase.CONNECT : Failures.Phase.RECEIVE_HEAD;
  }

  private static boolean isConnectTimeout(Throwable e) {
    return e instanceof PoolTimeoutException || e instanceof dev.courier.client.ConnectTimeoutException;
  }

  private static ReadTimeoutException deadline(Request request, Timeouts timeouts, Throwable cause) {
    return new ReadTimeoutException(request.url().redacted(), timeouts.total().orElseThrow(), true, cause);
  }

  @Override
  public void close() {
    roundTripper.close();
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

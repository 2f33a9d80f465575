package dev.courier.client;

import dev.courier.http.wire.Http1Parser;
import dev.courier.http.wire.Limits;
import dev.courier.net.ConnectOptions;
import dev.courier.net.Connection;
import dev.courier.net.Transport;
import java.io.IOException;
import java.time.Duration;

/**
 * One open transport of an {@link HttpConnection} with its codec: the byte stream, the request
 * side ({@link RequestSender}), the response side ({@link EventPump}), and how it has been used so
 * far (for the stale-connection checks). A connection replaces its wire when the server closes it.
 */
final class Wire {
  /** A connection idle longer than this is probed before a request that may not be sent twice. */
  private static final long STALE_CHECK_AFTER_NANOS = 1_000_000_000L;

  private final Connection connection;
  private final RequestSender sender;
  private final EventPump pump;
  private int exchanges;
  private long idleSinceNanos;

  private Wire(Connection connection, Limits limits) {
    this.connection = connection;
    this.sender = new RequestSender(connection.output(), HttpConnection.WRITE_BUFFER_SIZE,
        connection.tlsSession().isPresent());
    this.pump = new EventPump(connection, Http1Parser.forResponses(limits), HttpConnection.READ_BUFFER_SIZE);
  }

  /**
   * Opens the route's transport (proxy, tunnel and TLS included), with the connect timeout capped
   * at {@code cap} when that is shorter ({@code null}: no cap).
   *
   * @throws dev.courier.error.CourierException as {@link RouteConnector#connect} does
   */
  static Wire open(Route route, ConnectOptions options, Duration cap, Transport transport,
      Limits limits, RouteConnector.TunnelTarget tunnel, WireLog log, String url) {
    ConnectOptions used = options;
    if (cap != null) {
      // whole milliseconds rounded up (sockets count in ms): the capped connect never ends early
      Duration c = Duration.ofMillis(Math.max(0, cap.toNanos() + 999_999) / 1_000_000 + 1);
      Duration configured = options.connectTimeout();
      if (configured.isZero() || c.compareTo(configured) < 0) {
        used = options.withConnectTimeout(c);
      }
    }
    return new Wire(RouteConnector.connect(route, used, transport, limits, tunnel, log, url), limits);
  }

  Connection connection() {
    return connection;
  }

  RequestSender sender() {
    return sender;
  }

  EventPump pump() {
    return pump;
  }

  /** Counts an exchange; true when an earlier one used this transport (the server may have closed it since). */
  boolean beginExchange() {
    return exchanges++ > 0;
  }

  /** The last response on this wire ended now. */
  void markIdle() {
    idleSinceNanos = System.nanoTime();
  }

  /** Whether a request may go out on this wire without a probe: open, and not closed by the server. */
  boolean isOpen() {
    return connection.isOpen() && !pump.endOfInput();
  }

  /**
   * Whether a request that may not be sent twice (a one-shot body, or a method that is not
   * idempotent) may go out: a reused wire idle for more than a second must pass a probe first
   * (the server may have closed it meanwhile).
   */
  boolean fitForOneShotBody() {
    return exchanges == 0 || System.nanoTime() - idleSinceNanos <= STALE_CHECK_AFTER_NANOS
        || pump.probeQuiet();
  }

  /** Whether another request can go out now: open, and the codec between messages. */
  boolean isIdleAndOpen() {
    return isOpen() && pump.parser().isIdle();
  }

  void close() {
    try {
      connection.close();
    } catch (IOException ignored) {
      // closing is best effort
    }
  }
}

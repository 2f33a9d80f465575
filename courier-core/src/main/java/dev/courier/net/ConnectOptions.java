package dev.courier.net;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to open a connection: timeouts and the local address to bind.
 *
 * <table>
 *   <caption>Defaults and why</caption>
 *   <tr><th>Option</th><th>Default</th><th>Reason</th></tr>
 *   <tr><td>{@code connectTimeout}</td><td>10 s</td>
 *       <td>the client's default (also bounds the TLS handshake); the reasons are in the one table
 *       of client limits, {@code dev.courier.client.ClientDefaults}</td></tr>
 *   <tr><td>{@code readTimeout}</td><td>30 s</td>
 *       <td>the client's default, as above; a connection's read timeout can be changed after
 *       connecting ({@link Connection#readTimeout(Duration)})</td></tr>
 *   <tr><td>{@code sourceAddress}</td><td>none</td><td>the OS picks the interface</td></tr>
 *   <tr><td>{@code tcpNoDelay}</td><td>true</td>
 *       <td>HTTP writes whole heads; Nagle's algorithm only adds latency to request/response</td></tr>
 * </table>
 *
 * <p>A zero duration means "no timeout".
 *
 * <pre>{@code
 * ConnectOptions options = ConnectOptions.defaults()
 *     .withConnectTimeout(Duration.ofSeconds(3))
 *     .withReadTimeout(Duration.ofSeconds(5));
 * }</pre>
 */
public record ConnectOptions(
    Duration connectTimeout,
    Duration readTimeout,
    Optional<InetSocketAddress> sourceAddress,
    boolean tcpNoDelay) {

  /**
   * Default connect timeout: 10 seconds. Defined here, the lowest layer that needs it; the client
   * and the session use this very value.
   */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Default read timeout: 30 seconds (as above). */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

  private static final ConnectOptions DEFAULTS =
      new ConnectOptions(DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, Optional.empty(), true);

  public ConnectOptions {
    checkTimeout(connectTimeout, "connectTimeout");
    checkTimeout(readTimeout, "readTimeout");
    Objects.requireNonNull(sourceAddress, "sourceAddress");
  }

  /** The defaults listed in the class comment. */
  public static ConnectOptions defaults() {
    return DEFAULTS;
  }

  /** A copy with this connect timeout (zero: none). */
  public ConnectOptions withConnectTimeout(Duration timeout) {
    return new ConnectOptions(timeout, readTimeout, sourceAddress, tcpNoDelay);
  }

  /** A copy with this read timeout (zero: none). */
  public ConnectOptions withReadTimeout(Duration timeout) {
    return new ConnectOptions(connectTimeout, timeout, sourceAddress, tcpNoDelay);
  }

  /** A copy that binds the local end to this address (port 0: any port). */
  public ConnectOptions withSourceAddress(InetSocketAddress address) {
    return new ConnectOptions(connectTimeout, readTimeout, Optional.of(address), tcpNoDelay);
  }

  /** A copy with TCP_NODELAY on or off. */
  public ConnectOptions withTcpNoDelay(boolean on) {
    return new ConnectOptions(connectTimeout, readTimeout, sourceAddress, on);
  }

  /** The timeout as whole milliseconds for {@code Socket} APIs: 0 = infinite, never rounded to 0. */
  static int millis(Duration timeout) {
    if (timeout.isZero()) {
      return 0;
    }
    long ms = Math.max(1, timeout.toMillis());
    return (int) Math.min(Integer.MAX_VALUE, ms);
  }

  private static void checkTimeout(Duration timeout, String name) {
    Objects.requireNonNull(timeout, name);
    if (timeout.isNegative()) {
      throw new IllegalArgumentException(name + " is negative: " + timeout);
    }
  }
}

package dev.courier.net;

import java.io.IOException;

/**
 * Opens connections. The system transport uses real sockets; tests and special setups (an
 * in-memory pipe, a SSH tunnel) supply their own.
 *
 * <pre>{@code
 * Transport transport = Transport.system();
 * Connection c = transport.connect(Endpoint.tcp("example.com", 80), ConnectOptions.defaults());
 * }</pre>
 */
@FunctionalInterface
public interface Transport {

  /**
   * Opens a connection to the endpoint.
   *
   * @throws java.net.SocketTimeoutException when the connect timeout passes
   * @throws java.net.UnknownHostException when the host name does not resolve
   * @throws IOException for any other failure (refused, unreachable, no such socket file)
   */
  Connection connect(Endpoint endpoint, ConnectOptions options) throws IOException;

  /** TCP through {@link java.net.Socket} and Unix-domain sockets through {@code SocketChannel}. */
  static Transport system() {
    return SystemTransport.INSTANCE;
  }

  /**
   * As {@link #system()}, with host names resolved by {@code dns}. When a name has several
   * addresses they are raced as Happy Eyeballs v2 (RFC 8305): families interleaved, a new attempt
   * every 250 ms or as soon as one fails, the first connection wins and the others are closed.
   */
  static Transport system(Dns dns) {
    return new SystemTransport(dns);
  }
}

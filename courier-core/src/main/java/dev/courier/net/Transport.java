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
}

package dev.courier.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;

/** Real sockets: {@link Socket} for TCP, {@code SocketChannel} for Unix-domain sockets. */
final class SystemTransport implements Transport {
  static final SystemTransport INSTANCE = new SystemTransport();

  private SystemTransport() {}

  @Override
  public Connection connect(Endpoint endpoint, ConnectOptions options) throws IOException {
    return switch (endpoint) {
      case Endpoint.Tcp tcp -> connectTcp(tcp, options);
      case Endpoint.Unix unix -> UnixConnection.open(unix, options);
    };
  }

  private static Connection connectTcp(Endpoint.Tcp tcp, ConnectOptions options)
      throws IOException {
    InetSocketAddress address = new InetSocketAddress(tcp.host(), tcp.port());
    if (address.isUnresolved()) {
      throw new UnknownHostException(tcp.host());
    }
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(options.tcpNoDelay());
      if (options.sourceAddress().isPresent()) {
        socket.bind(options.sourceAddress().get());
      }
      socket.connect(address, ConnectOptions.millis(options.connectTimeout()));
      socket.setSoTimeout(ConnectOptions.millis(options.readTimeout()));
      return new SocketConnection(tcp, socket, options.readTimeout());
    } catch (IOException | RuntimeException e) {
      closeQuietly(socket, e);
      throw e;
    }
  }

  static void closeQuietly(Socket socket, Throwable cause) {
    try {
      socket.close();
    } catch (IOException suppressed) {
      cause.addSuppressed(suppressed);
    }
  }
}

package dev.courier.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

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

  /**
   * Connects to each address the name resolves to, in the resolver's order, until one accepts
   * (as Python's {@code socket.create_connection} does): a "localhost" that resolves to ::1 first
   * still reaches a server listening on 127.0.0.1 only. The connect timeout bounds all attempts
   * together.
   */
  private static Connection connectTcp(Endpoint.Tcp tcp, ConnectOptions options)
      throws IOException {
    InetAddress[] addresses = InetAddress.getAllByName(tcp.host());
    long timeoutMillis = ConnectOptions.millis(options.connectTimeout());
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    IOException failure = null;
    for (InetAddress address : addresses) {
      int remaining = 0;
      if (timeoutMillis > 0) {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0) {
          break;
        }
        remaining = (int) Math.min(Integer.MAX_VALUE, left);
      }
      Socket socket = new Socket();
      try {
        socket.setTcpNoDelay(options.tcpNoDelay());
        if (options.sourceAddress().isPresent()) {
          socket.bind(options.sourceAddress().get());
        }
        socket.connect(new InetSocketAddress(address, tcp.port()), remaining);
        socket.setSoTimeout(ConnectOptions.millis(options.readTimeout()));
        return new SocketConnection(tcp, socket, options.readTimeout());
      } catch (IOException e) {
        closeQuietly(socket, e);
        if (failure != null) {
          e.addSuppressed(failure);
        }
        failure = e;
      } catch (RuntimeException e) {
        closeQuietly(socket, e);
        throw e;
      }
    }
    if (failure == null) {
      throw new SocketTimeoutException("connect to " + tcp + " timed out");
    }
    throw failure;
  }

  static void closeQuietly(Socket socket, Throwable cause) {
    try {
      socket.close();
    } catch (IOException suppressed) {
      cause.addSuppressed(suppressed);
    }
  }
}

package dev.courier.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * Real sockets: {@link Socket} for TCP, to the addresses a {@link Dns} gives (raced as Happy
 * Eyeballs when there are several), {@code SocketChannel} for Unix-domain sockets.
 */
final class SystemTransport implements Transport {
  static final SystemTransport INSTANCE = new SystemTransport(Dns.system());

  private final Dns dns;

  SystemTransport(Dns dns) {
    this.dns = java.util.Objects.requireNonNull(dns, "dns");
  }

  @Override
  public Connection connect(Endpoint endpoint, ConnectOptions options) throws IOException {
    return switch (endpoint) {
      case Endpoint.Tcp tcp -> connectTcp(tcp, options);
      case Endpoint.Unix unix -> UnixConnection.open(unix, options);
    };
  }

  /**
   * Connects to the addresses the name resolves to: one is connected to directly; several are
   * raced ({@link HappyEyeballs}, RFC 8305), so a "localhost" that resolves to ::1 first still
   * reaches a server listening on 127.0.0.1 only, and an address that never answers costs 250 ms,
   * not the connect timeout. The connect timeout bounds all attempts together.
   */
  private Connection connectTcp(Endpoint.Tcp tcp, ConnectOptions options) throws IOException {
    List<InetAddress> addresses = resolve(tcp.host());
    if (addresses.size() > 1) {
      Socket socket = HappyEyeballs.connect(addresses, tcp.port(), options, HappyEyeballs.Listener.NONE);
      try {
        return new SocketConnection(tcp, socket, options.readTimeout());
      } catch (IOException | RuntimeException e) {
        closeQuietly(socket, e);
        throw e;
      }
    }
    return connectOne(tcp, addresses, options);
  }

  /** The addresses of {@code host}: an IP literal as it is, a name from the resolver (never empty). */
  List<InetAddress> resolve(String host) throws IOException {
    if (TlsSettings.isIpLiteral(host)) return List.of(InetAddress.getByName(host));
    List<InetAddress> found = dns.lookup(host);
    if (found == null || found.isEmpty()) throw new UnknownHostException(host + ": the resolver returned no address");
    return found;
  }

  private static Connection connectOne(Endpoint.Tcp tcp, List<InetAddress> addresses, ConnectOptions options)
      throws IOException {
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
      Socket socket = newSocket();
      try {
        socket.setTcpNoDelay(options.tcpNoDelay());
        if (options.sourceAddress().isPresent()) {
          socket.bind(options.sourceAddress().get());
        }
        socket.connect(new InetSocketAddress(address, tcp.port()), remaining);
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

  /**
   * A TCP socket for {@link SocketConnection}: a channel's, which goes back to blocking mode after
   * a timed connect (a plain {@code new Socket()} stays non-blocking for good after one, and every
   * read then costs a poll; see {@link ReadWatchdog}).
   */
  static Socket newSocket() throws IOException {
    return SocketChannel.open().socket();
  }

  static void closeQuietly(Socket socket, Throwable cause) {
    try {
      socket.close();
    } catch (IOException suppressed) {
      cause.addSuppressed(suppressed);
    }
  }
}

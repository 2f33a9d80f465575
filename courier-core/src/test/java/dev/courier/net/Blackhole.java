package dev.courier.net;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback address and port where a connect hangs, as one to an unreachable host does: a
 * listening socket that never accepts, its accept queue filled, so the kernel drops further SYNs.
 * Works on a loopback-only machine (Linux routes all of 127.0.0.0/8 to lo).
 */
public final class Blackhole implements AutoCloseable {
  private final ServerSocket server;
  private final List<Socket> fillers = new ArrayList<>();

  private Blackhole(ServerSocket server) {
    this.server = server;
  }

  /** A blackhole on {@code address}:{@code port}; the test is skipped where it cannot be made. */
  public static Blackhole on(InetAddress address, int port) throws IOException {
    ServerSocket server = new ServerSocket();
    try {
      server.bind(new InetSocketAddress(address, port), 1);
    } catch (IOException e) {
      server.close();
      assumeTrue(false, "cannot listen on " + address + ":" + port + ": " + e.getMessage());
    }
    Blackhole hole = new Blackhole(server);
    for (int i = 0; i < 64; i++) {
      Socket s = new Socket();
      try {
        s.connect(new InetSocketAddress(address, port), 1_000);
        hole.fillers.add(s);
      } catch (SocketTimeoutException full) {
        s.close();
        return hole; // the accept queue is full: connects hang from now on
      }
    }
    hole.close();
    assumeTrue(false, "the kernel kept accepting connections to " + address);
    return null;
  }

  @Override
  public void close() throws IOException {
    for (Socket s : fillers) s.close();
    server.close();
  }
}

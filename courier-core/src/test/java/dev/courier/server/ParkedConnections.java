package dev.courier.server;

import java.util.function.IntSupplier;

/**
 * Waits, bounded, until a server has a number of connections parked on its read loops, for
 * tests. A parked connection wakes for any frame (a peer's WINDOW_UPDATE after a body, say), so
 * the count is read once per look and the last one seen is returned.
 */
final class ParkedConnections {
  private ParkedConnections() {}

  /** Until {@code n} connections are parked with nothing at work. */
  static int awaitIdle(HttpServer server, int n) throws InterruptedException {
    return await(server::connectionsParkedIdle, n);
  }

  /** Until {@code n} HTTP/2 connections are parked while their streams work. */
  static int awaitAtWork(HttpServer server, int n) throws InterruptedException {
    return await(server::connectionsParkedAtWork, n);
  }

  private static int await(IntSupplier count, int n) throws InterruptedException {
    int seen = count.getAsInt();
    for (int i = 0; i < 500 && seen != n; i++) {
      Thread.sleep(10);
      seen = count.getAsInt();
    }
    return seen;
  }
}

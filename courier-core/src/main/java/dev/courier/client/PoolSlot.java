package dev.courier.client;

import dev.courier.net.Connection;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A pooled connection's place in its {@link ConnectionPool}'s counts, freed exactly once: when the
 * pool closes the connection, or, for a connection whose lease and response were dropped without
 * being closed, by a {@link Cleaner} once the connection is unreachable (OkHttp's "connection
 * leaked" case). The slot refers to the socket, never to the connection, so it cannot keep the
 * connection reachable.
 */
final class PoolSlot implements Runnable {
  private static final System.Logger LOG = System.getLogger(ConnectionPool.class.getName());

  /** One daemon thread for all pools, reclaiming slots of leaked connections. */
  private static final Cleaner CLEANER = Cleaner.create();

  private final Route route;
  private final Runnable onLeak;
  private final AtomicBoolean freed = new AtomicBoolean();
  private volatile Connection socket;

  private PoolSlot(Route route, Runnable onLeak) {
    this.route = route;
    this.onLeak = onLeak;
  }

  /**
   * A slot for a new connection of {@code route}; should the connection leak, {@code onLeak} frees
   * its counts and its socket is closed. {@code onLeak} must not refer to the connection.
   */
  static PoolSlot watch(HttpConnection connection, Route route, Runnable onLeak) {
    PoolSlot slot = new PoolSlot(route, onLeak);
    connection.transportListener(opened -> slot.socket = opened);
    CLEANER.register(connection, slot);
    return slot;
  }

  /** True the first time only: the caller then frees the counts. */
  boolean free() {
    return freed.compareAndSet(false, true);
  }

  /** Run by the cleaner: the connection leaked. */
  @Override
  public void run() {
    if (!free()) {
      return;
    }
    LOG.log(System.Logger.Level.WARNING, "A connection to " + route + " was leaked: a response "
        + "was neither read to the end nor closed. Close every response (try-with-resources).");
    onLeak.run();
    Connection leakedSocket = socket;
    if (leakedSocket != null) {
      try {
        leakedSocket.close();
      } catch (IOException ignored) {
        // already gone
      }
    }
  }
}

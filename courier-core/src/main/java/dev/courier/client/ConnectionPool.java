package dev.courier.client;

import dev.courier.error.CourierException;
import dev.courier.error.PoolTimeoutException;
import dev.courier.http.wire.Limits;
import dev.courier.net.ConnectOptions;
import dev.courier.net.Transport;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keep-alive connections shared between requests, keyed by {@link Route}.
 *
 * <p>Settings, with defaults and reasons in the one table of client limits, {@link
 * ClientDefaults}: {@code maxConnectionsPerRoute} (10), {@code maxConnectionsTotal} (100), {@code
 * idleTimeout} (30 s), {@code maxLifetime} (10 min), {@code acquireTimeout} (30 s; then {@link
 * PoolTimeoutException}), {@code staleCheckAfter} (1 s; an idle connection is probed before reuse).
 *
 * <p>Timeouts are per lease, not per pool: {@link #acquire(Route, Duration, Duration, Duration)}
 * sets the caller's connect timeout on a new connection and the caller's read timeout on the
 * socket of whichever connection it lends, so requests with different timeouts share one pool.
 * Every lease sets its own, so what one borrower set never reaches the next.
 *
 * <p>A connection goes back to the pool only when its response was read to the end (or drained
 * within 64 KiB / 1 s when closed early) and the server allowed keep-alive; a connection that
 * failed, was cut, or has unread bytes is closed, never handed out again. A connection whose
 * lease and response were dropped without being closed is reclaimed (slot freed, socket closed,
 * a warning logged) once the garbage collector finds it unreachable. Eviction is lazy: it
 * happens on every {@code acquire} and release and on {@link #evictExpired()} — the pool starts
 * no thread of its own (one shared cleaner thread serves all pools). Time comes from the {@link InstantSource} given, so tests need no sleeps; times are kept to the millisecond (durations round up).
 *
 * <pre>{@code
 * ConnectionPool pool = ConnectionPool.builder().maxConnectionsPerRoute(4).build();
 * try (ConnectionPool.Lease lease = pool.acquire(Route.https("api.example.com", 443))) {
 *   HttpConnection c = lease.connection();
 *   c.request("GET", "/status");
 *   byte[] body = c.getResponse().read();
 * } // back to the pool once the response has ended
 * }</pre>
 *
 * <p>Thread-safe; blocking I/O (connecting, probing, closing) happens outside the lock.
 */
public final class ConnectionPool implements AutoCloseable {
  private final int maxPerRoute;
  private final int maxTotal;
  // Times as milliseconds of the clock (InstantSource.millis() does not allocate, instant() does):
  // the pool reads the clock on every acquire and release.
  private final long idleTimeoutMillis; // 0: forever
  private final long maxLifetimeMillis; // 0: forever
  private final Duration acquireTimeout;
  private final long staleCheckAfterMillis;
  private final InstantSource clock;
  private final ConnectOptions options;
  private final Transport transport;
  private final Limits limits;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<Route, ArrayDeque<Entry>> idle = new HashMap<>();
  private final Map<Route, Integer> open = new HashMap<>();
  private int total;
  private int leased;
  private boolean closed;
  /** No idle connection can expire before this clock time (ms), so eviction has nothing to scan until then. */
  private long nextExpiryMillis = Long.MAX_VALUE;

  private ConnectionPool(Builder b) {
    this.maxPerRoute = b.maxPerRoute;
    this.maxTotal = b.maxTotal;
    this.idleTimeoutMillis = millis(b.idleTimeout);
    this.maxLifetimeMillis = millis(b.maxLifetime);
    this.acquireTimeout = b.acquireTimeout;
    this.staleCheckAfterMillis = millis(b.staleCheckAfter);
    this.clock = b.clock;
    this.options = b.options;
    this.transport = b.transport;
    this.limits = b.limits;
  }

  /** Whole milliseconds, rounded up (a non-zero duration never becomes 0, "forever"), capped far from overflow. */
  private static long millis(Duration d) {
    if (d.isZero()) {
      return 0;
    }
    long cap = Long.MAX_VALUE / 4; // clock + cap cannot overflow
    if (d.getSeconds() >= cap / 1000) {
      return cap;
    }
    return Math.max(1, d.plusNanos(999_999).toMillis());
  }

  /** A pool with the defaults of {@link ClientDefaults}. */
  public static ConnectionPool create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** One connection of the pool, lent out until {@link #close()}. */
  public final class Lease implements AutoCloseable {
    private final Entry entry;
    private final boolean reused;
    private boolean returned;

    private Lease(Entry entry, boolean reused) {
      this.entry = entry;
      this.reused = reused;
    }

    /** The connection; use it for one or more exchanges, then close the lease. */
    public HttpConnection connection() {
      if (returned) {
        throw new IllegalStateException("the lease was closed");
      }
      return entry.connection;
    }

    /** Whether the connection served requests before this lease. */
    public boolean isReused() {
      return reused;
    }

    /**
     * Gives the connection back: at once when no response is open, else when the open response
     * has been read to the end or closed. Not reusable connections are closed.
     */
    @Override
    public void close() {
      if (returned) {
        return;
      }
      returned = true;
      HttpConnection connection = entry.connection;
      if (connection.state() == ExchangeState.RESPONSE_OPEN) {
        connection.idleListener(() -> release(entry, false));
      } else {
        release(entry, connection.state() != ExchangeState.IDLE);
      }
    }

    /** Closes the connection and frees its slot, whatever its state. */
    public void discard() {
      if (!returned) {
        returned = true;
        release(entry, true);
      }
    }
  }

  private static final class Entry {
    final Route route;
    final HttpConnection connection;
    final long createdMillis;
    final PoolSlot slot;
    long idleSinceMillis;

    Entry(Route route, HttpConnection connection, long createdMillis, PoolSlot slot) {
      this.route = route;
      this.connection = connection;
      this.createdMillis = createdMillis;
      this.slot = slot;
    }
  }

  /**
   * A connection for the route: an idle one (most recently used first), else a new one when the
   * limits allow, else the first to be freed within the acquire timeout.
   *
   * @throws PoolTimeoutException when no connection frees up in time
   * @throws CourierException when opening a new connection fails (see {@link
   *     HttpConnection#connect()})
   */
  public Lease acquire(Route route) {
    return acquire(route, options.connectTimeout(), options.readTimeout(), null);
  }

  /**
   * As {@link #acquire(Route)}, with this lease's own timeouts: a new connection connects within
   * {@code connectTimeout}, and the lent connection's reads (and its reconnects) use {@code
   * readTimeout} (and {@code connectTimeout}) until the next lease sets its own; zero means no
   * limit. Waiting for a free slot and connecting take together at most {@code maxWait} when that
   * is shorter than the acquire and connect timeouts, for a caller with an overall deadline;
   * {@code null}: no cap.
   *
   * @throws PoolTimeoutException when no connection frees up in time
   * @throws CourierException when opening a new connection fails (a connect timeout when
   *     {@code maxWait} ran out while connecting)
   */
  public Lease acquire(Route route, Duration connectTimeout, Duration readTimeout, Duration maxWait) {
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Duration waitLimit = maxWait != null && maxWait.compareTo(acquireTimeout) < 0 ? maxWait : acquireTimeout;
    long start = System.nanoTime();
    long deadline = start + Math.max(0, waitLimit.toNanos());
    while (true) {
      List<HttpConnection> toClose = null; // rarely needed: made by eviction when it closes something
      Entry reuse = null;
      lock.lock();
      try {
        while (true) {
          if (closed) {
            throw new IllegalStateException("the connection pool is closed");
          }
          toClose = evictLocked(clock.millis(), toClose);
          ArrayDeque<Entry> queue = idle.get(route);
          if (queue != null && !queue.isEmpty()) {
            reuse = queue.pollFirst();
            leased++;
            break;
          }
          int forRoute = open.getOrDefault(route, 0);
          if (forRoute < maxPerRoute && total >= maxTotal && toClose == null) {
            toClose = new ArrayList<>(); // room may be made by closing another route's idle connection
          }
          if (forRoute < maxPerRoute && (total < maxTotal || evictOneIdleLocked(toClose))) {
            open.merge(route, 1, Integer::sum);
            total++;
            leased++;
            break;
          }
          long wait = deadline - System.nanoTime();
          if (wait <= 0) {
            throw new PoolTimeoutException(route.toString(), waitLimit, null);
          }
          try {
            changed.awaitNanos(wait);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CourierException("interrupted while waiting for a pooled connection",
                route.toString(), false, e);
          }
        }
      } finally {
        lock.unlock();
        if (toClose != null) {
          closeAll(toClose);
        }
      }
      if (reuse == null) {
        Duration connectCap = maxWait == null ? null : Duration.ofNanos(start + maxWait.toNanos() - System.nanoTime());
        return new Lease(newConnection(route, connectTimeout, readTimeout, connectCap), false);
      }
      long idleForMillis = clock.millis() - reuse.idleSinceMillis;
      if (idleForMillis < staleCheckAfterMillis || reuse.connection.isHealthy()) {
        reuse.connection.setTimeouts(connectTimeout, readTimeout); // this exchange's, on the socket
        return new Lease(reuse, true);
      }
      release(reuse, true); // closed by the server while idle: try the next one
    }
  }

  private Entry newConnection(Route route, Duration connectTimeout, Duration readTimeout,
      Duration connectCap) {
    HttpConnection connection = route.isHttps()
        ? new HttpsConnection(route, options, transport, limits)
        : new HttpConnection(route, options, transport, limits);
    connection.setTimeouts(connectTimeout, readTimeout); // before connecting: nothing to set on a socket yet
    PoolSlot slot = PoolSlot.watch(connection, route, this::reclaimLeaked);
    Entry entry = new Entry(route, connection, clock.millis(), slot);
    try {
      connection.connect(connectCap);
      return entry;
    } catch (RuntimeException e) {
      release(entry, true);
      throw e;
    }
  }

  private void release(Entry entry, boolean discard) {
    entry.connection.idleListener(null);
    boolean close;
    lock.lock();
    try {
      leased--;
      long now = clock.millis();
      close = discard || closed || !entry.connection.isReusable() || expired(entry, now);
      if (close) {
        forget(entry);
      } else {
        entry.idleSinceMillis = now;
        idle.computeIfAbsent(entry.route, r -> new ArrayDeque<>()).addFirst(entry);
        nextExpiryMillis = Math.min(nextExpiryMillis, expiry(entry));
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (close) {
      entry.connection.close();
    }
  }

  private void forget(Entry entry) {
    if (entry.slot.free()) {
      forgetCounts(entry.route);
    }
  }

  /** The slot of a connection that leaked (its lease and response were never closed) is free again. */
  private void reclaimLeaked(Route route) {
    lock.lock();
    try {
      leased--;
      forgetCounts(route);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void forgetCounts(Route route) {
    total--;
    open.computeIfPresent(route, (r, n) -> n == 1 ? null : n - 1);
  }

  private boolean expired(Entry entry, long now) {
    return maxLifetimeMillis != 0 && now - entry.createdMillis >= maxLifetimeMillis;
  }

  /** When an idle entry must go: idle timeout or lifetime, whichever comes first. */
  private long expiry(Entry entry) {
    long at = Long.MAX_VALUE;
    if (idleTimeoutMillis != 0) {
      at = entry.idleSinceMillis + idleTimeoutMillis;
    }
    if (maxLifetimeMillis != 0) {
      at = Math.min(at, entry.createdMillis + maxLifetimeMillis);
    }
    return at;
  }

  /**
   * Removes idle connections past their idle timeout or lifetime, adding them to
   * {@code toClose} (made when null and needed); returns {@code toClose}. Scans only when the
   * earliest expiry has come, so the common acquire and release hold the lock briefly.
   */
  private List<HttpConnection> evictLocked(long now, List<HttpConnection> toClose) {
    if (now < nextExpiryMillis) {
      return toClose;
    }
    long next = Long.MAX_VALUE;
    for (Iterator<Map.Entry<Route, ArrayDeque<Entry>>> routes = idle.entrySet().iterator();
        routes.hasNext(); ) {
      ArrayDeque<Entry> queue = routes.next().getValue();
      for (Iterator<Entry> it = queue.iterator(); it.hasNext(); ) {
        Entry entry = it.next();
        long expiry = expiry(entry);
        if (now >= expiry) {
          it.remove();
          forget(entry);
          if (toClose == null) {
            toClose = new ArrayList<>();
          }
          toClose.add(entry.connection);
        } else {
          next = Math.min(next, expiry);
        }
      }
      if (queue.isEmpty()) {
        routes.remove();
      }
    }
    nextExpiryMillis = next;
    if (toClose != null && !toClose.isEmpty()) {
      changed.signalAll();
    }
    return toClose;
  }

  /** Closes the least recently used idle connection of any route to make room; false if none. */
  private boolean evictOneIdleLocked(List<HttpConnection> toClose) {
    Entry oldest = null;
    for (ArrayDeque<Entry> queue : idle.values()) {
      Entry last = queue.peekLast();
      if (last != null && (oldest == null || last.idleSinceMillis < oldest.idleSinceMillis)) {
        oldest = last;
      }
    }
    if (oldest == null) {
      return false;
    }
    ArrayDeque<Entry> queue = idle.get(oldest.route);
    queue.pollLast();
    if (queue.isEmpty()) {
      idle.remove(oldest.route);
    }
    forget(oldest);
    toClose.add(oldest.connection);
    return true;
  }

  /** Closes idle connections past their idle timeout or lifetime now. */
  public void evictExpired() {
    List<HttpConnection> toClose;
    lock.lock();
    try {
      toClose = evictLocked(clock.millis(), null);
    } finally {
      lock.unlock();
    }
    if (toClose != null) {
      closeAll(toClose);
    }
  }

  /** Idle connections, all routes. */
  public int idleCount() {
    lock.lock();
    try {
      int n = 0;
      for (ArrayDeque<Entry> queue : idle.values()) {
        n += queue.size();
      }
      return n;
    } finally {
      lock.unlock();
    }
  }

  /** Idle connections of one route. */
  public int idleCount(Route route) {
    lock.lock();
    try {
      ArrayDeque<Entry> queue = idle.get(route);
      return queue == null ? 0 : queue.size();
    } finally {
      lock.unlock();
    }
  }

  /** Open connections (idle and lent out). */
  public int connectionCount() {
    lock.lock();
    try {
      return total;
    } finally {
      lock.unlock();
    }
  }

  /** Connections lent out now. */
  public int leasedCount() {
    lock.lock();
    try {
      return leased;
    } finally {
      lock.unlock();
    }
  }

  /** Closes idle connections; connections lent out are closed when given back. */
  @Override
  public void close() {
    List<HttpConnection> toClose = new ArrayList<>();
    lock.lock();
    try {
      closed = true;
      for (ArrayDeque<Entry> queue : idle.values()) {
        for (Entry entry : queue) {
          forget(entry);
          toClose.add(entry.connection);
        }
      }
      idle.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    closeAll(toClose);
  }

  private static void closeAll(List<HttpConnection> connections) {
    for (HttpConnection connection : connections) {
      connection.close();
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "ConnectionPool[" + total + " open, " + leased + " leased, limits " + maxPerRoute
          + "/" + maxTotal + "]";
    } finally {
      lock.unlock();
    }
  }

  /** Builds a {@link ConnectionPool}. */
  public static final class Builder {
    private int maxPerRoute = ClientDefaults.MAX_CONNECTIONS_PER_ROUTE;
    private int maxTotal = ClientDefaults.MAX_CONNECTIONS_TOTAL;
    private Duration idleTimeout = ClientDefaults.IDLE_TIMEOUT;
    private Duration maxLifetime = ClientDefaults.MAX_LIFETIME;
    private Duration acquireTimeout = ClientDefaults.ACQUIRE_TIMEOUT;
    private Duration staleCheckAfter = ClientDefaults.STALE_CHECK_AFTER;
    private InstantSource clock = InstantSource.system();
    private ConnectOptions options = ConnectOptions.defaults();
    private Transport transport = Transport.system();
    private Limits limits = Limits.defaults();

    private Builder() {}

    public Builder maxConnectionsPerRoute(int n) {
      maxPerRoute = positive(n, "maxConnectionsPerRoute");
      return this;
    }

    public Builder maxConnectionsTotal(int n) {
      maxTotal = positive(n, "maxConnectionsTotal");
      return this;
    }

    /** How long a connection may sit idle (zero: forever). */
    public Builder idleTimeout(Duration d) {
      idleTimeout = notNegative(d, "idleTimeout");
      return this;
    }

    /** How long a connection may live from its creation (zero: forever). */
    public Builder maxLifetime(Duration d) {
      maxLifetime = notNegative(d, "maxLifetime");
      return this;
    }

    public Builder acquireTimeout(Duration d) {
      acquireTimeout = notNegative(d, "acquireTimeout");
      return this;
    }

    /** Idle time after which a connection is probed before reuse. */
    public Builder staleCheckAfter(Duration d) {
      staleCheckAfter = notNegative(d, "staleCheckAfter");
      return this;
    }

    /** The clock for idle and lifetime decisions. */
    public Builder clock(InstantSource source) {
      clock = Objects.requireNonNull(source);
      return this;
    }

    public Builder connectOptions(ConnectOptions o) {
      options = Objects.requireNonNull(o);
      return this;
    }

    public Builder transport(Transport t) {
      transport = Objects.requireNonNull(t);
      return this;
    }

    public Builder limits(Limits l) {
      limits = Objects.requireNonNull(l);
      return this;
    }

    public ConnectionPool build() {
      if (maxPerRoute > maxTotal) {
        throw new IllegalArgumentException("maxConnectionsPerRoute " + maxPerRoute
            + " exceeds maxConnectionsTotal " + maxTotal);
      }
      return new ConnectionPool(this);
    }

    private static int positive(int n, String name) {
      if (n < 1) {
        throw new IllegalArgumentException(name + " must be at least 1: " + n);
      }
      return n;
    }

    private static Duration notNegative(Duration d, String name) {
      if (Objects.requireNonNull(d, name).isNegative()) {
        throw new IllegalArgumentException(name + " is negative: " + d);
      }
      return d;
    }
  }
}

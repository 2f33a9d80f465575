package dev.courier.client;

import dev.courier.error.CourierException;
import dev.courier.error.PoolTimeoutException;
import dev.courier.http.wire.Limits;
import dev.courier.net.ConnectOptions;
import dev.courier.net.Transport;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
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
 * happens on {@code acquire} and on {@link #evictExpired()} — the pool starts no thread of its
 * own (one shared cleaner thread serves all pools). Time comes from the {@link InstantSource}
 * given, so tests need no sleeps; times are kept to the millisecond (durations round up).
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
 * <p>Thread-safe, and lock-free when a connection is free: each route keeps its idle connections
 * in an array of slots claimed by compare-and-set ({@link PoolRoute}) and the limits are atomic counters reserved by
 * compare-and-set, so many callers of one route contend on no lock. Only a caller that must wait
 * for a connection takes a lock, to park on its condition; blocking I/O (connecting, probing,
 * closing) never happens under it.
 */
public final class ConnectionPool implements AutoCloseable {
  /** What {@link #tryClaim} returns when the caller may open a new connection (its slot is reserved). */
  private final Entry OPEN_NEW = new Entry(null, null, 0, null);

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

  private final ConcurrentHashMap<Route, PoolRoute> routes = new ConcurrentHashMap<>();
  /**
   * The route last claimed from and its share, found by identity: callers above pass the same
   * {@link Route} object for the same origin, and a record's hashCode and equals (six components,
   * through method handles) were a few percent of a sequential request's CPU. Null, or a share
   * that may since have been retired (then its reservation says so and it is looked up again).
   */
  private volatile LastRoute lastRoute;

  private record LastRoute(Route route, PoolRoute shared) {}
  private final AtomicInteger total = new AtomicInteger();
  private final LongAdder leased = new LongAdder(); // a statistic only: an adder keeps callers off one cache line
  private volatile boolean closed;
  /** No idle connection can expire before this clock time (ms), so eviction has nothing to scan until then. */
  private final AtomicLong nextExpiryMillis = new AtomicLong(Long.MAX_VALUE);
  private final AtomicBoolean sweeping = new AtomicBoolean();

  // Waiting for a free connection. A waiter counts itself in `waiting`, then tries again, then
  // parks unless `changes` moved; whoever frees a connection or a slot reads `waiting` and, only
  // when someone waits, bumps `changes` and signals under the lock. Either the waiter's retry sees
  // the freed connection or the freer sees the waiter, so no wake-up is lost, and the common
  // release costs one read of a counter nobody writes.
  private final AtomicInteger waiting = new AtomicInteger();
  private final ReentrantLock waitLock = new ReentrantLock();
  private final Condition freed = waitLock.newCondition();
  private volatile long changes; // written under waitLock

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
        connection.idleListener(entry); // the entry gives itself back when the response ends
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

  /** A connection of the pool and its bookkeeping; it counts in its route's open count until forgotten. */
  final class Entry implements Runnable {
    final PoolRoute route;
    final HttpConnection connection;
    final long createdMillis;
    final PoolSlot slot;
    volatile long idleSinceMillis;

    Entry(PoolRoute route, HttpConnection connection, long createdMillis, PoolSlot slot) {
      this.route = route;
      this.connection = connection;
      this.createdMillis = createdMillis;
      this.slot = slot;
    }

    /** The response this connection's lease left open has ended: back to the pool. */
    @Override
    public void run() {
      release(this, false);
    }
  }

  /**
   * A connection for the route: an idle one (the first in its route's slots), else a new one when the
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
      Entry claimed = tryClaim(route);
      if (claimed == null) {
        claimed = awaitClaim(route, deadline, waitLimit);
      }
      if (claimed == OPEN_NEW) {
        Duration connectCap = maxWait == null ? null : Duration.ofNanos(start + maxWait.toNanos() - System.nanoTime());
        return new Lease(newConnection(route, connectTimeout, readTimeout, connectCap), false);
      }
      long idleForMillis = clock.millis() - claimed.idleSinceMillis;
      if (idleForMillis < staleCheckAfterMillis || claimed.connection.isHealthy()) {
        claimed.connection.setTimeouts(connectTimeout, readTimeout); // this exchange's, on the socket
        return new Lease(claimed, true);
      }
      release(claimed, true); // closed by the server while idle: try the next one
    }
  }

  /**
   * An idle connection of the route, or {@link #OPEN_NEW} with a slot reserved for a new one, or
   * null when the limits are reached and nothing idle can make room. Takes no lock.
   */
  private Entry tryClaim(Route route) {
    if (closed) {
      throw new IllegalStateException("the connection pool is closed");
    }
    sweepIfDue(clock.millis());
    while (true) {
      LastRoute last = lastRoute;
      PoolRoute shared = last != null && last.route == route ? last.shared : routes.get(route);
      if (shared == null) {
        shared = routes.computeIfAbsent(route, r -> new PoolRoute(r, maxPerRoute));
      }
      if (last == null || last.shared != shared) {
        lastRoute = new LastRoute(route, shared);
      }
      Entry idle = shared.take();
      if (idle != null) {
        leased.increment();
        return idle;
      }
      switch (shared.tryReserve(maxPerRoute)) {
        case PoolRoute.FULL:
          return null;
        case PoolRoute.RETIRED:
          routes.remove(route, shared); // normally done already by whoever retired it
          lastRoute = null; // never handed out again
          continue;
        default:
          break;
      }
      if (reserveTotal()) {
        leased.increment();
        return OPEN_NEW;
      }
      unreserve(shared);
      return null;
    }
  }

  /** One more connection in the pool's total, closing another route's least recently used idle one when that is full. */
  private boolean reserveTotal() {
    while (true) {
      int n = total.get();
      if (n < maxTotal) {
        if (total.compareAndSet(n, n + 1)) {
          return true;
        }
      } else if (!evictOneIdle()) {
        return false;
      }
    }
  }

  /** Waits, without holding a lock while trying, until {@link #tryClaim} succeeds or the deadline passes. */
  private Entry awaitClaim(Route route, long deadline, Duration waitLimit) {
    waiting.incrementAndGet();
    try {
      while (true) {
        long seen = changes;
        Entry claimed = tryClaim(route);
        if (claimed != null) {
          return claimed;
        }
        long wait = deadline - System.nanoTime();
        if (wait <= 0) {
          throw new PoolTimeoutException(route.toString(), waitLimit, null);
        }
        waitLock.lock();
        try {
          if (changes == seen) {
            freed.awaitNanos(wait);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CourierException("interrupted while waiting for a pooled connection",
              route.toString(), false, e);
        } finally {
          waitLock.unlock();
        }
      }
    } finally {
      waiting.decrementAndGet();
    }
  }

  /** Wakes the callers waiting for a connection, if any: something was freed. */
  private void wakeWaiters() {
    if (waiting.get() == 0) {
      return;
    }
    wakeWaitersAlways();
  }

  private Entry newConnection(Route route, Duration connectTimeout, Duration readTimeout,
      Duration connectCap) {
    HttpConnection connection = route.isHttps()
        ? new HttpsConnection(route, options, transport, limits)
        : new HttpConnection(route, options, transport, limits);
    connection.setTimeouts(connectTimeout, readTimeout); // before connecting: nothing to set on a socket yet
    // Counted in the route's open count since tryClaim reserved it, so the route is not retired.
    PoolRoute shared = routes.get(route);
    PoolSlot slot = PoolSlot.watch(connection, route, () -> reclaimLeaked(shared));
    Entry entry = new Entry(shared, connection, clock.millis(), slot);
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
    leased.decrement();
    long now = clock.millis();
    if (discard || closed || !entry.connection.isReusable() || expired(entry, now)) {
      forgetAndClose(entry);
      return;
    }
    entry.idleSinceMillis = now;
    entry.route.put(entry);
    nextExpiryMillis.accumulateAndGet(expiry(entry), Math::min);
    if (closed && entry.route.remove(entry)) {
      forgetAndClose(entry); // close() ran while the entry went back: it missed this one
      return;
    }
    wakeWaiters();
  }

  private void forgetAndClose(Entry entry) {
    forget(entry);
    entry.connection.close();
  }

  /** Frees the entry's slot in the counts, once. */
  private void forget(Entry entry) {
    if (entry.slot.free()) {
      freeCounts(entry.route);
    }
  }

  /** The slot of a connection that leaked (its lease and response were never closed) is free again. */
  private void reclaimLeaked(PoolRoute route) {
    leased.decrement();
    freeCounts(route);
  }

  private void freeCounts(PoolRoute route) {
    total.decrementAndGet();
    unreserve(route);
    wakeWaiters();
  }

  private void unreserve(PoolRoute route) {
    if (route.unreserve()) {
      routes.remove(route.route, route);
    }
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
   * Closes idle connections past their idle timeout or lifetime, when the earliest expiry has
   * come (so the common acquire reads one counter); one caller sweeps at a time, the others go on.
   */
  private void sweepIfDue(long now) {
    if (now < nextExpiryMillis.get() || !sweeping.compareAndSet(false, true)) {
      return;
    }
    List<HttpConnection> toClose = null;
    try {
      // Reset first: an entry released during the scan lowers the mark again itself.
      nextExpiryMillis.set(Long.MAX_VALUE);
      long next = Long.MAX_VALUE;
      for (PoolRoute route : routes.values()) {
        for (int i = 0; i < route.slots(); i++) {
          Entry entry = route.idleAt(i);
          if (entry == null) {
            continue;
          }
          long expiry = expiry(entry);
          if (now < expiry) {
            next = Math.min(next, expiry);
          } else if (route.remove(entry)) {
            if (now < expiry(entry)) {
              // used and given back between the look and the claim: fresh again, so it stays
              route.put(entry);
              next = Math.min(next, expiry(entry));
              continue;
            }
            forget(entry);
            if (toClose == null) {
              toClose = new ArrayList<>();
            }
            toClose.add(entry.connection);
          }
        }
      }
      nextExpiryMillis.accumulateAndGet(next, Math::min);
    } finally {
      sweeping.set(false);
    }
    if (toClose != null) {
      closeAll(toClose);
    }
  }

  /** Closes the least recently used idle connection of any route to make room; false if none. */
  private boolean evictOneIdle() {
    while (true) {
      Entry oldest = null;
      for (PoolRoute route : routes.values()) {
        Entry last = route.longestIdle();
        if (last != null && (oldest == null || last.idleSinceMillis < oldest.idleSinceMillis)) {
          oldest = last;
        }
      }
      if (oldest == null) {
        return false;
      }
      if (oldest.route.remove(oldest)) {
        forgetAndClose(oldest);
        return true;
      }
      // another caller took it first: look again
    }
  }

  /** Closes idle connections past their idle timeout or lifetime now. */
  public void evictExpired() {
    sweepIfDue(clock.millis());
  }

  /** Idle connections, all routes. */
  public int idleCount() {
    int n = 0;
    for (PoolRoute route : routes.values()) {
      n += route.idleCount();
    }
    return n;
  }

  /** Idle connections of one route. */
  public int idleCount(Route route) {
    PoolRoute shared = routes.get(route);
    return shared == null ? 0 : shared.idleCount();
  }

  /** Open connections (idle and lent out). */
  public int connectionCount() {
    return total.get();
  }

  /** Connections lent out now. */
  public int leasedCount() {
    return leased.intValue();
  }

  /** Callers waiting for a connection now (for tests). */
  int waitingCount() {
    return waiting.get();
  }

  /** Closes every idle connection now; the pool stays open and lends new ones as before. */
  public void evictIdle() {
    for (PoolRoute route : routes.values()) {
      for (Entry entry; (entry = route.take()) != null; ) {
        forgetAndClose(entry);
      }
    }
  }

  /** Closes idle connections; connections lent out are closed when given back. */
  @Override
  public void close() {
    closed = true;
    evictIdle();
    wakeWaitersAlways();
  }

  /** Wakes every waiter (they then see the pool closed). */
  private void wakeWaitersAlways() {
    waitLock.lock();
    try {
      changes++;
      freed.signalAll();
    } finally {
      waitLock.unlock();
    }
  }

  private static void closeAll(List<HttpConnection> connections) {
    for (HttpConnection connection : connections) {
      connection.close();
    }
  }

  @Override
  public String toString() {
    return "ConnectionPool[" + total.get() + " open, " + leased.sum() + " leased, limits " + maxPerRoute
        + "/" + maxTotal + "]";
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

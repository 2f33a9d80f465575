package dev.courier.client;

import dev.courier.error.ConnectionException;
import dev.courier.error.CourierException;
import dev.courier.error.PoolTimeoutException;
import dev.courier.error.TlsException;
import dev.courier.net.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The shared HTTP/2 connections of a {@link RoundTripper}, by route, consulted before the HTTP/1.1
 * {@link ConnectionPool}. An HTTP/2 connection is never lent to one caller: each request takes a
 * stream slot on it, as many at once as the server's SETTINGS_MAX_CONCURRENT_STREAMS allows (RFC
 * 9113 section 5.1.2).
 *
 * <p>Theory of operation. {@link #claim} looks for a connection of the route with a free slot and
 * reserves it. When there is none it opens a connection, unless one is already being opened for
 * the route: then it waits for that one (concurrent first requests to an origin share one TLS
 * handshake, as OkHttp's do), and it waits too when the route has {@code maxPerRoute} connections
 * and all their slots are taken, at most {@code 2 × connectTimeout} and the caller's deadline.
 * A connection is opened through the HTTP/1.1 pool (so proxies, tunnels, TLS, events and limits
 * are the same), and taken over when ALPN chose {@code h2} (or at once for h2c with prior
 * knowledge): the pool's connection lets go of its socket and its slot. When ALPN chose
 * HTTP/1.1 the claim hands that connection back to be used as such, and remembers the route as
 * HTTP/1.1, so later requests go straight to the HTTP/1.1 pool.
 *
 * <p>A connection that received GOAWAY takes no new stream; its streams finish and it closes with
 * the last one. A connection without streams for the idle timeout is closed with GOAWAY by one
 * virtual thread that runs while the pool holds connections.
 *
 * <p>Thread-safe. Lock order: this pool's lock, then a connection's; a connection tells the pool
 * of changes holding no lock.
 */
final class H2Pool implements AutoCloseable {
  /** Routes remembered (their connections, or that they speak HTTP/1.1), most recently used kept. */
  private static final int MAX_ROUTES = 512;
  private static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

  private final int maxPerRoute;
  private final long idleNanos; // 0: never closed for idleness
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Condition janitorWake = lock.newCondition();
  private final Map<Route, RouteState> routes = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Route, RouteState> eldest) {
      return size() > MAX_ROUTES && eldest.getValue().isEmpty();
    }
  };
  private Thread janitor;
  private boolean closed;

  /** What a route is known to speak, and its connections; guarded by the pool's lock. */
  private static final class RouteState {
    final List<H2Connection> connections = new ArrayList<>(2);
    int connecting;
    boolean http1;

    boolean isEmpty() {
      return connections.isEmpty() && connecting == 0;
    }
  }

  /**
   * What {@link #claim} found: a connection with a stream slot reserved ({@code reused} when it
   * served requests before), or, when {@code connection} is null, HTTP/1.1: the new connection
   * that ALPN gave it ({@code http1Lease}), or none (take one from the HTTP/1.1 pool).
   */
  record Claim(H2Connection connection, boolean reused, ConnectionPool.Lease http1Lease) {}

  H2Pool(int maxPerRoute, Duration idleTimeout) {
    this.maxPerRoute = maxPerRoute;
    this.idleNanos = idleTimeout.toNanos();
  }

  /**
   * A stream slot for a request on {@code route}, or HTTP/1.1.
   *
   * @param priorKnowledge a plaintext route speaks h2c from the first byte (RFC 9113 section 3.3)
   * @param http1Allowed false when only HTTP/2 will do: a TLS server that does not choose
   *     {@code h2} is then a {@link TlsException}
   * @param maxWait what is left of the caller's deadline ({@code null}: none)
   * @throws PoolTimeoutException when no slot frees up and no connection may be opened in time
   * @throws CourierException when opening the connection fails
   */
  Claim claim(Route route, boolean priorKnowledge, boolean http1Allowed, ConnectionPool http1Pool,
      Duration connectTimeout, Duration readTimeout, Duration maxWait, String url) {
    // Twice the connect timeout: plus, as multipliedBy computes in BigDecimal (on every claim).
    Duration waitLimit = connectTimeout.isZero() ? DEFAULT_WAIT : connectTimeout.plus(connectTimeout);
    if (maxWait != null && maxWait.compareTo(waitLimit) < 0) waitLimit = maxWait;
    long start = System.nanoTime();
    long deadline = start + waitLimit.toNanos();
    RouteState state;
    lock.lock();
    try {
      while (true) {
        if (closed) throw new IllegalStateException("the round tripper is closed");
        state = routes.computeIfAbsent(route, r -> new RouteState());
        if (state.http1) return new Claim(null, false, null);
        for (Iterator<H2Connection> it = state.connections.iterator(); it.hasNext(); ) {
          H2Connection c = it.next();
          if (!c.isUsable()) {
            it.remove(); // going away: its streams finish without us
            continue;
          }
          int before = c.tryReserve();
          if (before >= 0) return new Claim(c, before > 0, null);
        }
        if (state.connecting == 0 && state.connections.size() < maxPerRoute) {
          state.connecting++;
          break;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) throw new PoolTimeoutException(url, waitLimit, null);
        changed.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CourierException("interrupted while waiting for an HTTP/2 connection", url, false, e);
    } finally {
      lock.unlock();
    }
    Duration connectCap = maxWait == null ? null : Duration.ofNanos(Math.max(0, start + maxWait.toNanos() - System.nanoTime()));
    return connect(route, state, priorKnowledge, http1Allowed, http1Pool, connectTimeout, readTimeout, connectCap, url);
  }

  private Claim connect(Route route, RouteState state, boolean priorKnowledge, boolean http1Allowed,
      ConnectionPool http1Pool, Duration connectTimeout, Duration readTimeout, Duration connectCap, String url) {
    H2Connection h2;
    int before;
    ConnectionPool.Lease lease = null;
    try {
      lease = http1Pool.acquire(route, connectTimeout, readTimeout, connectCap);
      HttpConnection connection = lease.connection();
      String chosen = connection.applicationProtocol().orElse("");
      if (route.isHttps() ? !chosen.equals("h2") : !priorKnowledge) {
        if (!http1Allowed) {
          // RFC 7301 section 3.2: a server that shares no protocol should refuse the handshake;
          // one that ignores ALPN (or picks another) is refused here, naming what it chose.
          throw new TlsException(TlsException.Reason.HANDSHAKE, "the server did not choose HTTP/2 by ALPN ("
              + (chosen.isEmpty() ? "no protocol chosen" : "it chose " + chosen)
              + ") and only HTTP/2 is allowed (HttpVersionPolicy.HTTP_2_ONLY)", url, false, null);
        }
        finishConnect(state, null, true);
        return new Claim(null, false, lease);
      }
      Connection socket = connection.detachTransport();
      lease.discard(); // the pool's slot is free; the socket is ours now
      lease = null;
      h2 = H2Connection.open(socket, route.isHttps() ? "https" : "http");
      Duration settingsWait = connectTimeout.isZero() ? DEFAULT_WAIT : connectTimeout;
      if (connectCap != null && connectCap.compareTo(settingsWait) < 0) settingsWait = connectCap.plusMillis(1);
      h2.onChange(this::signal);
      if (route.isHttps()) {
        // The server chose h2 by ALPN, so it speaks HTTP/2: the opener's request goes out with the
        // preface, not a round trip later after the server's SETTINGS (RFC 9113 section 3.4 lets
        // a client send at once). Other callers share the connection once those SETTINGS have
        // told its stream limit; until then they wait, as for any connection being opened.
        if (h2.tryReserve() < 0) { // no limit applies before the SETTINGS: it closed already
          h2.close();
          throw new ConnectionException("the HTTP/2 connection closed before its first request", url, false, null);
        }
        shareOnceSettled(state, h2, settingsWait);
        return new Claim(h2, false, null);
      }
      // With prior knowledge the SETTINGS are the first sign that the server speaks HTTP/2 at all.
      if (!h2.awaitPeerSettings(settingsWait)) {
        h2.close();
        throw new ConnectionException("the server did not start HTTP/2 (no SETTINGS frame after the h2c preface:"
            + " does it speak HTTP/2 with prior knowledge?)", url, false, null);
      }
      before = h2.tryReserve();
    } catch (RuntimeException e) {
      if (lease != null) lease.discard();
      finishConnect(state, null, false);
      throw e;
    }
    finishConnect(state, h2, false);
    if (before < 0) { // the server allows no stream now: wait like everyone else
      return claim(route, priorKnowledge, http1Allowed, http1Pool, connectTimeout, readTimeout, connectCap, url);
    }
    return new Claim(h2, false, null);
  }

  /**
   * Adds {@code h2}, whose opener is using it already, to the route's shared connections as the
   * server's SETTINGS arrive: on the reader thread, so the connection is shared before the
   * opener's response can be read. Closes it if they do not come in {@code wait}, which fails the
   * opener's request too.
   */
  private void shareOnceSettled(RouteState state, H2Connection h2, Duration wait) {
    h2.whenPeerSettings(wait, settled -> {
      if (settled) {
        finishConnect(state, h2, false);
      } else { // lost, or timed out: off the reader's or the timer's thread, as closing may write
        Thread.ofVirtual().name("courier-h2-unsettled").start(() -> {
          h2.abandonUnsettled(wait);
          finishConnect(state, null, false);
        });
      }
    });
  }

  /** A connect ended: with a new shared connection, with HTTP/1.1, or with a failure (both null/false). */
  private void finishConnect(RouteState state, H2Connection added, boolean http1) {
    boolean orphan;
    lock.lock();
    try {
      orphan = closed && added != null; // the pool closed while connecting: the request goes on, then it closes
      if (orphan) added.drainAndClose();
      state.connecting--;
      if (http1) state.http1 = true;
      if (added != null) {
        state.connections.add(added);
        if (janitor == null && idleNanos > 0 && !closed) {
          janitor = Thread.ofVirtual().name("courier-h2-idle").start(this::closeIdle);
        }
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** A connection changed (a stream ended, settings, GOAWAY, closed): waiters look again. */
  private void signal() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Under the lock: takes out the connections going away (they close themselves when their last
   * stream ends) and, into {@code retired}, those with no stream open for {@code idleNanos} (at 0,
   * every one with none); whether any usable connection is left.
   */
  private boolean sweep(long idleNanos, List<H2Connection> retired) {
    long now = System.nanoTime();
    boolean any = false;
    for (Iterator<RouteState> states = routes.values().iterator(); states.hasNext(); ) {
      RouteState state = states.next();
      for (Iterator<H2Connection> it = state.connections.iterator(); it.hasNext(); ) {
        H2Connection c = it.next();
        if (!c.isUsable()) {
          it.remove();
        } else if (c.retireIfIdle(now, idleNanos)) {
          it.remove();
          retired.add(c);
        } else {
          any = true;
        }
      }
      if (state.isEmpty() && !state.http1) states.remove();
    }
    return any;
  }

  /** The janitor: closes connections idle for the idle timeout; ends when the pool holds none. */
  private void closeIdle() {
    while (true) {
      List<H2Connection> retired = new ArrayList<>();
      boolean stop;
      lock.lock();
      try {
        stop = !sweep(idleNanos, retired) || closed;
        if (stop) janitor = null;
      } finally {
        lock.unlock();
      }
      for (H2Connection c : retired) c.shutdown();
      if (stop) return;
      lock.lock();
      try {
        janitorWake.awaitNanos(idleNanos);
      } catch (InterruptedException e) {
        janitor = null;
        return;
      } finally {
        lock.unlock();
      }
    }
  }

  /** The route's server chose h2 after all: the next claim asks it again. */
  void forgetHttp1(Route route) {
    lock.lock();
    try {
      RouteState state = routes.get(route);
      if (state != null) state.http1 = false;
    } finally {
      lock.unlock();
    }
  }

  /** HTTP/2 connections open now (for tests and {@code toString}). */
  int connectionCount() {
    lock.lock();
    try {
      int n = 0;
      for (RouteState state : routes.values()) {
        for (H2Connection c : state.connections) if (c.isUsable()) n++;
      }
      return n;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Closes (with GOAWAY) the connections with no stream open or being opened; the pool stays open,
   * and the next claim connects again.
   */
  void evictIdle() {
    List<H2Connection> retired = new ArrayList<>();
    lock.lock();
    try {
      sweep(0, retired);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    for (H2Connection c : retired) c.shutdown();
  }

  /** Closes every connection (with GOAWAY) once its streams in flight have ended; no new stream starts. */
  @Override
  public void close() {
    List<H2Connection> all = new ArrayList<>();
    lock.lock();
    try {
      closed = true;
      for (RouteState state : routes.values()) all.addAll(state.connections);
      routes.clear();
      changed.signalAll();
      janitorWake.signalAll();
    } finally {
      lock.unlock();
    }
    for (H2Connection c : all) c.drainAndClose(); // responses being read still end
  }

  @Override
  public String toString() {
    return "H2Pool[" + connectionCount() + " connections]";
  }
}

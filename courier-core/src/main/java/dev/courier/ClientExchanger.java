package dev.courier;

import dev.courier.client.ConnectionPool;
import dev.courier.client.HttpConnection;
import dev.courier.client.HttpResponse;
import dev.courier.client.ProxyRules;
import dev.courier.client.Route;
import dev.courier.error.CourierException;
import dev.courier.error.DeadlineExceededException;
import dev.courier.error.TimedOutException;
import dev.courier.http.Headers;
import dev.courier.http.Url;
import dev.courier.net.ConnectOptions;
import dev.courier.net.TlsSettings;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link Exchanger} over {@code dev.courier.client}: routes (scheme, host, port, proxy, TLS
 * settings) to pooled {@link HttpConnection}s. Connect and read timeouts are per connection, so
 * connections are pooled per distinct (connect, read) pair: the session's own pair is the one
 * pool almost every call uses; a request with its own timeouts gets a pool of its own, up to
 * {@link #MAX_POOLS}; beyond that a connection is made for the one exchange and closed after.
 */
final class ClientExchanger implements Exchanger {
  /** Distinct timeout pairs that get a pool; more are served by one-off connections. */
  static final int MAX_POOLS = 8;

  private final Settings settings; // a copy: the builder's may change after build()
  private final Map<Timeouts, ConnectionPool> pools = new ConcurrentHashMap<>();
  private volatile boolean closed;
  /** The route of the last URL: most calls of a session go to the origin of the call before. */
  private volatile CachedRoute lastRoute;
  /** The pool of the last timeouts: almost always the session's own pair. */
  private volatile CachedPool lastPool;

  private record CachedRoute(String scheme, String host, int port, Route route) {}

  private record CachedPool(Timeouts key, ConnectionPool pool) {}

  private ClientExchanger(Settings settings) {
    this.settings = settings.copy();
  }

  /** Transport settings collected by the session builder. */
  static final class Settings {
    TlsSettings tls = TlsSettings.defaults();
    ProxyRules proxies = ProxyRules.direct();
    int maxConnectionsPerRoute = ConnectionPool.DEFAULT_MAX_PER_ROUTE;
    int maxConnectionsTotal = ConnectionPool.DEFAULT_MAX_TOTAL;
    Duration idleTimeout = ConnectionPool.DEFAULT_IDLE_TIMEOUT;
    boolean debug;

    Exchanger build() {
      return new ClientExchanger(this);
    }

    Settings copy() {
      Settings c = new Settings();
      c.tls = tls;
      c.proxies = proxies;
      c.maxConnectionsPerRoute = maxConnectionsPerRoute;
      c.maxConnectionsTotal = maxConnectionsTotal;
      c.idleTimeout = idleTimeout;
      c.debug = debug;
      return c;
    }
  }

  @Override
  public RawResponse exchange(Request request, Timeouts timeouts, Watchdog watchdog) {
    if (closed) throw new IllegalStateException("session is closed");
    Url url = request.url();
    String redacted = Redact.url(url);
    Route route = route(url);
    Timeouts key = timeouts.total().isEmpty() ? timeouts : Timeouts.of(timeouts.connect(), timeouts.read());
    ConnectionPool pool = pool(key);
    ConnectionPool.Lease lease = null;
    HttpConnection connection;
    // The watchdog can only abort a connection it holds: the wait for a pooled connection and the
    // connect are bounded by what is left of the deadline instead (min of that and their own limits).
    Duration left = watchdog.remaining();
    if (left != null && left.isZero()) throw deadline(redacted, timeouts, null);
    try {
      if (pool != null) {
        lease = pool.acquire(route, left);
        connection = lease.connection();
      } else {
        connection = new HttpConnection(route, options(key));
        connection.connect(left);
      }
    } catch (CourierException e) {
      // the capped waits end at or after the deadline (never early): a timeout now is the deadline's
      if (left != null && e instanceof TimedOutException && watchdog.remaining().isZero()) {
        throw deadline(redacted, timeouts, e);
      }
      throw e;
    }
    ConnectionPool.Lease held = lease;
    HttpConnection conn = connection;
    // The deadline closes the connection under a read that would outlive it (discarded, never pooled).
    if (watchdog != Watchdog.NONE) {
      watchdog.guard(() -> {
        if (held != null) held.discard();
        conn.close();
      });
    }
    try {
      if (settings.debug) connection.debug(true);
      send(connection, request);
      HttpResponse response = connection.getResponse();
      InputStream body = new ReleasingStream(response, lease == null ? connection : null);
      if (lease != null) lease.close(); // back to the pool once the response ends
      return new RawResponse(response.statusCode(), response.reason(), response.version(),
          response.headers(), body);
    } catch (IOException | RuntimeException e) {
      if (lease != null) {
        lease.discard();
      } else {
        connection.close();
      }
      if (e instanceof IOException io) {
        // the client's failures come translated: only the request body's own source throws this
        throw new CourierException("reading the request body failed", redacted, true, io);
      }
      throw (RuntimeException) e;
    }
  }

  private static boolean expectsContinue(Headers headers) {
    if (!headers.contains("Expect")) return false;
    for (String v : headers.listValues("Expect")) {
      if (v.equalsIgnoreCase("100-continue")) return true;
    }
    return false;
  }

  /** The deadline passed before the request was sent (waiting for a connection or connecting). */
  private static DeadlineExceededException deadline(String url, Timeouts timeouts, Throwable cause) {
    return new DeadlineExceededException(url, timeouts.total().orElseThrow(), false, cause);
  }

  private static void send(HttpConnection c, Request request) throws IOException {
    String method = request.method();
    String target = request.url().target();
    Headers headers = request.headers();
    Body body = request.body().orElse(null);
    if (body == null) {
      c.request(method, target, (byte[]) null, headers);
    } else if (body instanceof Bodies.BytesBody bytes) {
      c.request(method, target, bytes.bytes(), headers); // replayed once if a stale pooled connection drops it
    } else if (body instanceof Bodies.FileBody file) {
      try (InputStream in = java.nio.file.Files.newInputStream(file.path())) {
        c.request(method, target, in, file.length(), headers); // honours Expect: 100-continue
      }
    } else if (body instanceof Bodies.StreamBody stream && expectsContinue(headers)) {
      try (InputStream in = stream.open()) {
        c.request(method, target, in, stream.contentLength(), headers); // the body waits for 100 Continue
      }
    } else {
      c.putRequest(method, target, true, true);
      headers.forEach(c::putHeader);
      c.endHeaders();
      try (OutputStream out = new ConnectionOutput(c)) {
        body.writeTo(out);
      }
    }
  }

  /** The route for the URL's origin; the same Route object for the same origin as the call before. */
  private Route route(Url url) {
    CachedRoute last = lastRoute;
    if (last != null && last.port == url.port() && last.host.equals(url.host()) && last.scheme.equals(url.scheme())) {
      return last.route; // the proxy rules and TLS settings are fixed for the exchanger's life
    }
    Route route = newRoute(url);
    lastRoute = new CachedRoute(url.scheme(), url.host(), url.port(), route);
    return route;
  }

  private Route newRoute(Url url) {
    Route route = Route.of(url.scheme(), url.host(), url.port());
    if (url.isHttps()) route = route.withTls(settings.tls);
    var proxy = settings.proxies.select(url.scheme(), url.host(), url.port());
    return proxy.isDirect() ? route : route.withProxy(proxy);
  }

  private ConnectionPool pool(Timeouts key) {
    CachedPool last = lastPool;
    if (last != null && last.key == key) return last.pool; // identity: no hashing of three Durations
    ConnectionPool pool = poolFor(key);
    if (pool != null) lastPool = new CachedPool(key, pool);
    return pool;
  }

  private ConnectionPool poolFor(Timeouts key) {
    ConnectionPool pool = pools.get(key);
    if (pool != null || pools.size() >= MAX_POOLS) return pool;
    return pools.computeIfAbsent(key, k -> ConnectionPool.builder()
        .connectOptions(options(k))
        .maxConnectionsPerRoute(settings.maxConnectionsPerRoute)
        .maxConnectionsTotal(settings.maxConnectionsTotal)
        .idleTimeout(settings.idleTimeout)
        .build());
  }

  private static ConnectOptions options(Timeouts t) {
    return ConnectOptions.defaults().withConnectTimeout(t.connect()).withReadTimeout(t.read());
  }

  @Override
  public void close() {
    closed = true;
    lastPool = null;
    pools.values().forEach(ConnectionPool::close);
    pools.clear();
  }

  /** Body bytes written by {@link Body#writeTo} go to the connection, framed as its head says. */
  private static final class ConnectionOutput extends OutputStream {
    private final HttpConnection c;

    ConnectionOutput(HttpConnection c) {
      this.c = c;
    }

    @Override
    public void write(int b) throws IOException {
      c.send(new byte[] {(byte) b});
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len > 0) c.send(b, off, len);
    }
  }

  /** The response body; closing it closes the response (drained or discarded by the connection). */
  private static final class ReleasingStream extends FilterInputStream {
    private final HttpResponse response;
    private final HttpConnection oneOff; // closed with the response when not pooled

    ReleasingStream(HttpResponse response, HttpConnection oneOff) {
      super(response.body());
      this.response = response;
      this.oneOff = oneOff;
    }

    @Override
    public void close() {
      response.close();
      if (oneOff != null) oneOff.close();
    }
  }
}

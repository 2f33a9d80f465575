package dev.courier.client;

import dev.courier.error.ConnectionException;
import dev.courier.http.Headers;
import dev.courier.http.Url;
import dev.courier.http.wire.HttpVersion;
import dev.courier.net.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Makes one round trip at a time over pooled connections: a {@link ClientRequest} goes down, a
 * {@link ClientResponse} comes back up. The layer above calls it once per exchange; below, in
 * order:
 *
 * <ol>
 *   <li>the route: the URL's scheme, host and port, with the proxy the {@link ProxyRules} choose
 *       and the TLS settings for https (the last route is kept: a session mostly calls one
 *       origin);
 *   <li>a connection from the one {@link ConnectionPool}, keyed by route only, set to this
 *       request's connect and read timeouts;
 *   <li>sending: the head, then the body in the form its {@link RequestContent} allows; with
 *       {@code Expect: 100-continue} a body the connection reads itself waits for the server's
 *       go-ahead (RFC 9110, Section 10.1.1);
 *   <li>the response head (interim responses skipped). A request with its body in memory that
 *       finds its reused connection closed by the server is sent once more on a new one when
 *       its method is idempotent, nothing of it left, or {@link ClientRequest#resendAllowed()};
 *   <li>the connection goes back to the pool when the body has been read to the end or closed,
 *       and is closed instead when the exchange failed.
 * </ol>
 *
 * <p>HTTP/2 ({@link Builder#versions}): by default an https route offers ALPN {@code h2} and
 * {@code http/1.1}; when the server chooses {@code h2}, the connection goes to the shared HTTP/2
 * connections ({@code H2Pool}, consulted before the HTTP/1.1 pool), where each request is a
 * stream and many run at once on one connection. With HTTP/2 alone, plaintext routes speak h2c
 * with prior knowledge (RFC 9113 section 3.3), except through a forwarding HTTP proxy.
 *
 * <pre>{@code
 * try (RoundTripper rt = RoundTripper.builder().proxies(ProxyRules.fromSystemEnvironment()).build()) {
 *   Url url = Url.parse("http://127.0.0.1:8080/status");
 *   ClientRequest request = ClientRequest.of("GET", url, Headers.of("Host", url.authority()),
 *       RequestContent.none());
 *   try (ClientResponse response = rt.roundTrip(request)) {
 *     byte[] body = response.body().readAllBytes();
 *   }
 * }
 * }</pre>
 *
 * <p>Thread-safe: any number of threads make round trips at once; the pool bounds the
 * connections. Failures are the unchecked {@link dev.courier.error.CourierException}s of {@link
 * HttpConnection} and {@link ConnectionPool}; an {@link IOException} comes only from the request
 * body's own source; a request the connection refuses to write (a method that is not a token, a
 * target with spaces) is an {@link IllegalArgumentException}.
 */
public final class RoundTripper implements AutoCloseable {
  private final TlsSettings tls;
  private final ProxyRules proxies;
  private final ConnectionPool pool;
  private final boolean debug;
  private final Path unixSocket; // null: TCP
  private final Set<HttpVersion> versions;
  private final List<String> alpn;
  private final H2Pool h2Pool; // null: HTTP/1.1 only
  private final H2Exchange h2;
  /** A request's own TLS settings with this round tripper's ALPN offer, for the last settings seen. */
  private volatile TlsPair lastTls;

  private record TlsPair(TlsSettings given, TlsSettings offered) {}
  private volatile boolean closed;
  /** The route of the last URL: most calls of a session go to the origin of the call before. */
  private volatile CachedRoute lastRoute;

  private record CachedRoute(String scheme, String host, int port, Route route) {}

  private RoundTripper(Builder b) {
    this.versions = b.versions;
    this.alpn = versions.contains(HttpVersion.HTTP_2)
        ? versions.contains(HttpVersion.HTTP_1_1) ? List.of("h2", "http/1.1") : List.of("h2")
        : List.of("http/1.1");
    this.tls = withAlpn(b.tls);
    this.proxies = b.proxies;
    this.pool = b.pool != null ? b.pool : ConnectionPool.create();
    this.debug = b.debug;
    this.unixSocket = b.unixSocket;
    this.h2Pool = versions.contains(HttpVersion.HTTP_2) ? new H2Pool(b.h2MaxPerRoute, b.h2IdleTimeout) : null;
    this.h2 = h2Pool == null ? null : new H2Exchange(h2Pool, pool, versions.contains(HttpVersion.HTTP_1_1), debug);
  }

  /** The settings with this round tripper's ALPN offer (RFC 7301), which follows the HTTP versions allowed. */
  private TlsSettings withAlpn(TlsSettings settings) {
    return settings.applicationProtocols().equals(alpn) ? settings
        : settings.newBuilder().applicationProtocols(alpn).build();
  }

  /** Whether requests on this route go over HTTP/2 (when the server agrees, over TLS). */
  private boolean mayUseHttp2(Route route) {
    if (h2 == null) return false;
    if (route.isHttps()) return true;
    // h2c with prior knowledge only when HTTP/2 alone is allowed, and never to a forwarding proxy
    return !versions.contains(HttpVersion.HTTP_1_1) && !route.usesAbsoluteForm();
  }

  /** A builder: default TLS settings, no proxy, a pool with the defaults of {@link ClientDefaults}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends {@code request} and returns the final response with its body open.
   *
   * @throws dev.courier.error.CourierException when connecting, sending or reading the head fails
   *     (a {@link dev.courier.error.PoolTimeoutException} when no pooled connection became free)
   * @throws IOException when the request body's own source fails
   * @throws IllegalStateException when this round tripper was closed
   */
  public ClientResponse roundTrip(ClientRequest request) throws IOException {
    return roundTrip(request, null);
  }

  /**
   * As {@link #roundTrip(ClientRequest)} under a caller's deadline ({@code null}: none): waiting
   * for a pooled connection and connecting take at most what is left of it, and once a connection
   * is held the deadline is given the action that aborts the exchange.
   */
  public ClientResponse roundTrip(ClientRequest request, CallDeadline deadline) throws IOException {
    return roundTrip(request, deadline, ExchangeListener.NONE);
  }

  /**
   * As {@link #roundTrip(ClientRequest, CallDeadline)}, telling {@code listener} each phase as it
   * happens (see {@link ExchangeListener} for the order); the last two events come when the
   * response body is read to its end or closed.
   */
  public ClientResponse roundTrip(ClientRequest request, CallDeadline deadline, ExchangeListener listener)
      throws IOException {
    Objects.requireNonNull(listener, "listener");
    if (listener == ExchangeListener.NONE) {
      return exchange(request, deadline, listener);
    }
    ExchangeListener before = CurrentListener.enter(listener);
    try {
      return exchange(request, deadline, listener);
    } finally {
      CurrentListener.restore(before);
    }
  }

  private ClientResponse exchange(ClientRequest request, CallDeadline deadline, ExchangeListener listener)
      throws IOException {
    if (closed) {
      throw new IllegalStateException("the round tripper is closed");
    }
    if (Thread.currentThread().isInterrupted()) {
      // Refused before any connection is touched: the sockets are channels', which close under an
      // interrupted thread's first write, and an HTTP/2 connection is shared with other callers.
      // Nothing was sent; the interrupt stays set for the caller.
      throw new ConnectionException("interrupted before the request was sent", request.url().toString(), false,
          new InterruptedIOException("the calling thread is interrupted"));
    }
    Route route = request.tls().isPresent() || request.proxies().isPresent()
        ? route(request.url(), request.proxies().orElse(proxies), request.tls().orElse(tls))
        : route(request.url());
    if (mayUseHttp2(route)) {
      return h2.roundTrip(route, request, deadline, listener, lease -> http1(route, request, deadline, listener, lease));
    }
    return http1(route, request, deadline, listener, null);
  }

  /** The HTTP/1.1 exchange, on {@code given} (a new connection where ALPN chose HTTP/1.1) or a pooled one. */
  private ClientResponse http1(Route route, ClientRequest request, CallDeadline deadline, ExchangeListener listener,
      ConnectionPool.Lease given) throws IOException {
    ConnectionPool.Lease lease = given != null ? given : pool.acquire(route, request.connectTimeout(),
        request.readTimeout(), deadline == null ? null : deadline.remaining());
    if (given == null && h2Pool != null && route.isHttps() && !lease.isReused()
        && lease.connection().applicationProtocol().filter("h2"::equals).isPresent()) {
      // A route remembered as HTTP/1.1 whose server now chose h2 (servers behind one name may
      // differ): never speak HTTP/1.1 on it; the route is asked again over HTTP/2.
      lease.discard();
      h2Pool.forgetHttp1(route);
      return exchange(request, deadline, listener);
    }
    listener.connectionAcquired(lease.isReused(), HttpVersion.HTTP_1_1);
    HttpConnection connection = lease.connection();
    if (deadline != null) {
      // Closing the connection under a read or write that would outlive the deadline; never pooled.
      deadline.guard(() -> {
        lease.discard();
        connection.close();
      });
    }
    try {
      if (debug) {
        connection.debug(true);
      }
      send(connection, request);
      listener.requestBodyEnd();
      HttpResponse response = connection.getResponse();
      lease.close(); // back to the pool once the response ends
      InputStream body = listener == ExchangeListener.NONE ? response.body() : new ListenedBody(response.body(), listener);
      return new ClientResponse(response.statusCode(), response.reason(), response.version(),
          response.headers(), body);
    } catch (IOException | RuntimeException e) {
      lease.discard();
      if (listener != ExchangeListener.NONE) {
        listener.connectionReleased();
      }
      throw e;
    }
  }

  /** Sends the head and the body, in the form the content allows and the head asks for. */
  private static void send(HttpConnection c, ClientRequest request) throws IOException {
    String method = request.method();
    String target = request.url().target();
    if (!target.startsWith("/")) target = "/" + target; // http+unix://%2Fsock has an empty path
    Headers headers = request.headers();
    RequestContent content = request.content();
    switch (content.kind()) {
      case NONE -> c.request(method, target, null, headers, request.resendAllowed());
      case BYTES -> c.request(method, target, content.bytes(), headers, request.resendAllowed()); // may be replayed
      case STREAM -> sendStream(c, method, target, content, headers);
      case WRITER -> {
        if (content.opener() != null && RequestHeads.expectsContinue(headers)) {
          sendStream(c, method, target, content, headers); // the body waits for 100 Continue
        } else {
          c.putRequest(method, target, true, true);
          headers.forEach(c::putHeader);
          c.endHeadersBuffered(); // the head leaves with the body's first bytes
          try (OutputStream out = new ConnectionOutput(c)) {
            content.writer().writeTo(out);
          }
        }
      }
    }
  }

  /** The connection reads the body itself: it honours Expect: 100-continue and hears an early answer. */
  private static void sendStream(HttpConnection c, String method, String target, RequestContent content,
      Headers headers) throws IOException {
    c.setBlockSize(ClientDefaults.BODY_BLOCK_SIZE);
    try (InputStream in = content.openStream()) {
      c.request(method, target, in, content.length(), headers);
    }
  }

  /** The route for the URL's origin; the same Route object for the same origin as the call before. */
  private Route route(Url url) {
    CachedRoute last = lastRoute;
    if (last != null && last.port == url.port() && last.host.equals(url.host())
        && last.scheme.equals(url.scheme())) {
      return last.route; // the proxy rules and TLS settings are fixed for the round tripper's life
    }
    Route route = route(url, proxies, tls);
    lastRoute = new CachedRoute(url.scheme(), url.host(), url.port(), route);
    return route;
  }

  /** The route for the URL's origin with these proxies and TLS settings (or this round tripper's socket file). */
  private Route route(Url url, ProxyRules proxyRules, TlsSettings tlsSettings) {
    TlsSettings offered = tlsSettings;
    if (tlsSettings != tls) {
      TlsPair last = lastTls; // a request's own settings: made once, so their SSLContext is reused
      if (last != null && last.given == tlsSettings) {
        offered = last.offered;
      } else {
        offered = withAlpn(tlsSettings);
        lastTls = new TlsPair(tlsSettings, offered);
      }
    }
    return unixSocket != null ? Route.of(url, ProxyRules.direct(), offered).withUnixSocket(unixSocket)
        : Route.of(url, proxyRules, offered);
  }

  /** The pool the connections come from (for its counts). */
  public ConnectionPool pool() {
    return pool;
  }

  /**
   * Closes the connections no request is using now, HTTP/1.1 ones idle in the pool and HTTP/2 ones
   * with no stream open (with GOAWAY), as OkHttp's {@code evictAll}; the round tripper stays open
   * and connects again for the next request.
   *
   * <pre>{@code
   * roundTripper.evictIdleConnections();   // say after the network changed
   * }</pre>
   */
  public void evictIdleConnections() {
    if (h2Pool != null) h2Pool.evictIdle();
    pool.evictIdle();
  }

  /** Closes the pool's idle connections; connections in use are closed when their responses end. */
  @Override
  public void close() {
    closed = true;
    if (h2Pool != null) h2Pool.close();
    pool.close();
  }

  /** HTTP/2 connections open now (shared by requests; not in {@link #pool()}'s counts). */
  public int http2ConnectionCount() {
    return h2Pool == null ? 0 : h2Pool.connectionCount();
  }

  @Override
  public String toString() {
    return "RoundTripper[" + pool + (h2Pool == null ? "" : ", " + h2Pool) + "]";
  }

  /** Bytes from a {@link RequestContent.ContentWriter} go to the connection, framed as its head says. */
  private static final class ConnectionOutput extends OutputStream {
    private final HttpConnection c;

    ConnectionOutput(HttpConnection c) {
      this.c = c;
    }

    @Override
    public void write(int b) throws IOException {
      c.write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len > 0) {
        c.write(b, off, len); // gathered into whole blocks; a flush sends them
      }
    }

    /** A body's flush sends what it wrote so far, as it would to a socket. */
    @Override
    public void flush() {
      c.flushBody();
    }
  }

  /** Builds a {@link RoundTripper}. */
  public static final class Builder {
    private TlsSettings tls = TlsSettings.defaults();
    private ProxyRules proxies = ProxyRules.direct();
    private ConnectionPool pool;
    private boolean debug;
    private Path unixSocket;
    private Set<HttpVersion> versions = EnumSet.of(HttpVersion.HTTP_1_1, HttpVersion.HTTP_2);
    private int h2MaxPerRoute = ClientDefaults.MAX_CONNECTIONS_PER_ROUTE;
    private Duration h2IdleTimeout = ClientDefaults.IDLE_TIMEOUT;

    private Builder() {}

    /**
     * The HTTP versions requests may use (default HTTP/1.1 and HTTP/2): both, and https offers
     * ALPN {@code h2,http/1.1} and speaks what the server chooses, plaintext HTTP/1.1;
     * {@code HTTP_1_1} alone offers {@code http/1.1} only; {@code HTTP_2} alone offers {@code h2}
     * only (a server that does not choose it is a {@code TlsException}) and speaks h2c with prior
     * knowledge on plaintext routes that do not go through a forwarding proxy.
     *
     * <pre>{@code
     * RoundTripper.builder().versions(EnumSet.of(HttpVersion.HTTP_1_1)).build();   // no HTTP/2
     * }</pre>
     */
    public Builder versions(Set<HttpVersion> allowed) {
      if (allowed.isEmpty() || allowed.contains(HttpVersion.HTTP_1_0)) {
        throw new IllegalArgumentException("HTTP versions must be HTTP/1.1, HTTP/2 or both: " + allowed);
      }
      versions = EnumSet.copyOf(allowed);
      return this;
    }

    /**
     * Shared HTTP/2 connections: at most {@code maxPerRoute} per route (another opens when every
     * stream the server allows on the others is taken), each closed after {@code idleTimeout}
     * without a stream (zero: kept). Defaults: those of {@link ClientDefaults}.
     */
    public Builder http2Connections(int maxPerRoute, Duration idleTimeout) {
      if (maxPerRoute < 1) throw new IllegalArgumentException("need at least one connection per route: " + maxPerRoute);
      if (idleTimeout.isNegative()) throw new IllegalArgumentException("negative idle timeout: " + idleTimeout);
      h2MaxPerRoute = maxPerRoute;
      h2IdleTimeout = idleTimeout;
      return this;
    }

    /**
     * Connects every route to this Unix-domain socket file instead of the URL's host and port
     * (which still fill {@code Host}; https still gets TLS over the socket); proxies are not used.
     */
    public Builder unixSocket(Path socketFile) {
      unixSocket = Objects.requireNonNull(socketFile, "socketFile");
      return this;
    }

    /** TLS settings for https routes (default: the JDK trust store, TLS 1.2+). */
    public Builder tls(TlsSettings settings) {
      tls = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** Which proxy each URL goes through (default: none). */
    public Builder proxies(ProxyRules rules) {
      proxies = Objects.requireNonNull(rules, "rules");
      return this;
    }

    /** The pool to take connections from; the round tripper closes it when closed. */
    public Builder pool(ConnectionPool connectionPool) {
      pool = Objects.requireNonNull(connectionPool, "connectionPool");
      return this;
    }

    /** Logs each exchange's heads (credentials and cookies hidden), as {@link HttpConnection#debug}. */
    public Builder debug(boolean on) {
      debug = on;
      return this;
    }

    public RoundTripper build() {
      return new RoundTripper(this);
    }
  }
}

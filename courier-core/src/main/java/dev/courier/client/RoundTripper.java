package dev.courier.client;

import dev.courier.http.Headers;
import dev.courier.http.Url;
import dev.courier.net.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Objects;

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
  private volatile boolean closed;
  /** The route of the last URL: most calls of a session go to the origin of the call before. */
  private volatile CachedRoute lastRoute;

  private record CachedRoute(String scheme, String host, int port, Route route) {}

  private RoundTripper(Builder b) {
    this.tls = b.tls;
    this.proxies = b.proxies;
    this.pool = b.pool != null ? b.pool : ConnectionPool.create();
    this.debug = b.debug;
    this.unixSocket = b.unixSocket;
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
    Route route = request.tls().isPresent() || request.proxies().isPresent()
        ? route(request.url(), request.proxies().orElse(proxies), request.tls().orElse(tls))
        : route(request.url());
    ConnectionPool.Lease lease = pool.acquire(route, request.connectTimeout(), request.readTimeout(),
        deadline == null ? null : deadline.remaining());
    listener.connectionAcquired(lease.isReused());
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
          c.endHeaders();
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
    try (InputStream in = content.opener().open()) {
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
    return unixSocket != null ? Route.of(url, ProxyRules.direct(), tlsSettings).withUnixSocket(unixSocket)
        : Route.of(url, proxyRules, tlsSettings);
  }

  /** The pool the connections come from (for its counts). */
  public ConnectionPool pool() {
    return pool;
  }

  /** Closes the pool's idle connections; connections in use are closed when their responses end. */
  @Override
  public void close() {
    closed = true;
    pool.close();
  }

  @Override
  public String toString() {
    return "RoundTripper[" + pool + "]";
  }

  /** Bytes from a {@link RequestContent.ContentWriter} go to the connection, framed as its head says. */
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
      if (len > 0) {
        c.send(b, off, len);
      }
    }
  }

  /** Builds a {@link RoundTripper}. */
  public static final class Builder {
    private TlsSettings tls = TlsSettings.defaults();
    private ProxyRules proxies = ProxyRules.direct();
    private ConnectionPool pool;
    private boolean debug;
    private Path unixSocket;

    private Builder() {}

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

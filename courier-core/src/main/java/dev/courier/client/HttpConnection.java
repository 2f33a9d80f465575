package dev.courier.client;

import dev.courier.error.CourierException;
import dev.courier.http.Headers;
import dev.courier.http.wire.Limits;
import dev.courier.net.ConnectOptions;
import dev.courier.net.Connection;
import dev.courier.net.Transport;
import java.io.Closeable;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.SSLSession;

/**
 * One HTTP/1.1 connection with the wire in hand, like Python's {@code http.client.HTTPConnection}.
 *
 * <pre>{@code
 * var c = new HttpConnection("127.0.0.1", 8000);
 * c.request("GET", "/hello.txt");
 * var r = c.getResponse();
 * r.statusCode();              // 200
 * r.reason();                  // "OK"
 * r.header("Content-Type");    // Optional[text/plain]
 * byte[] body = r.read();      // the whole body
 * c.request("GET", "/next");   // same connection (keep-alive), or a new one if the server closed it
 * }</pre>
 *
 * <p>A connection alternates between sending one request and reading its response; calls out of
 * order throw an {@link IllegalStateException} naming the state and what to call instead. The
 * transport is opened on first use and again after the server closed it, so {@code request} just
 * works after a {@code Connection: close}.
 *
 * <p>A request made with {@link #request(String, String, byte[], Headers)} whose reused connection
 * turns out closed by the server (no response byte came back) is sent once more on a fresh
 * connection when that cannot do harm (RFC 9112, Section 9.3.1): its method is idempotent (GET,
 * HEAD, OPTIONS, TRACE, PUT, DELETE: RFC 9110, Section 9.2.2), or no byte of it left (the
 * transport refused its first write), or the caller allowed it with {@link #request(String,
 * String, byte[], Headers, boolean)}. Otherwise (a POST or PATCH the server may have read and
 * processed before closing) the failure goes to the caller, its {@link
 * CourierException#mayHaveReachedServer()} true. A streamed body is never sent twice.
 *
 * <p>A {@code Proxy-Authorization} field the caller sets goes only to an HTTP proxy, on a
 * plain-http request in absolute form; on a direct route and inside a CONNECT tunnel it is
 * dropped, since the origin would read it (RFC 9110, Section 11.7.1). A tunnel's own credentials
 * go on its CONNECT: the route's proxy credentials, or the headers given to {@link #setTunnel}.
 *
 * <p>Bodies: a {@code byte[]} gets Content-Length; an {@code InputStream} of unknown length is
 * sent chunked; {@code POST}, {@code PUT} and {@code PATCH} without a body get {@code
 * Content-Length: 0}. A request with {@code Expect: 100-continue} sends its head, waits up to
 * {@link #CONTINUE_TIMEOUT} for {@code 100 Continue}, and skips the body when the server answers
 * first (the connection is then closed after that response).
 *
 * <p>Failures are the unchecked exceptions of {@link dev.courier.error}, each saying whether the
 * request may have reached the server ({@link CourierException#mayHaveReachedServer()}). Misuse
 * (a call in the wrong state, a bad method or target) is an {@link IllegalStateException} or
 * {@link IllegalArgumentException}. Not thread-safe: one thread uses a connection at a time;
 * {@link #close()} may be called from another thread to abort.
 */
public class HttpConnection implements Closeable {
  /** The default port of http, as Python's {@code http.client.HTTP_PORT}. */
  public static final int HTTP_PORT = 80;

  /** The default port of https, as Python's {@code http.client.HTTPS_PORT}. */
  public static final int HTTPS_PORT = 443;

  /** The largest {@link #setBlockSize block size}: 16 MiB, far past any gain from larger writes. */
  public static final int MAX_BLOCK_SIZE = 16 << 20;

  /** How long to wait for {@code 100 Continue} before sending the body anyway (curl waits 1 s). */
  public static final Duration CONTINUE_TIMEOUT = Duration.ofSeconds(1);

  /** Bytes read per socket read: holds a typical head plus a small body in one system call. */
  static final int READ_BUFFER_SIZE = 16 * 1024;

  /** Bytes gathered before a socket write: a head plus a small body go out as one segment. */
  static final int WRITE_BUFFER_SIZE = 8 * 1024;

  private final Http1Exchange exchange;

  /** A plain HTTP connection to host:port with {@link ConnectOptions#defaults()}. */
  public HttpConnection(String host, int port) {
    this(Route.http(host, port), ConnectOptions.defaults());
  }

  /** A plain HTTP connection to host:port. */
  public HttpConnection(String host, int port, ConnectOptions options) {
    this(Route.http(host, port), options);
  }

  /** A connection along a route: http or https, direct, through a proxy, or a Unix socket. */
  public HttpConnection(Route route, ConnectOptions options) {
    this(route, options, Transport.system(), Limits.defaults());
  }

  /** A connection with its own transport (tests, in-memory pipes) and codec limits. */
  public HttpConnection(Route route, ConnectOptions options, Transport transport, Limits limits) {
    this.exchange = new Http1Exchange(route, options, transport, limits);
  }

  /** The route this connection follows. */
  public Route route() {
    return exchange.route();
  }

  /**
   * Sets the connect and read timeouts from now on: the read timeout at once on the open
   * transport, both on any transport opened later. A pooled connection serves exchanges that each
   * bring their own timeouts. A transport that cannot take the timeout is closed (the next request
   * opens a new one).
   *
   * <pre>{@code
   * connection.setTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(60));
   * }</pre>
   */
  public void setTimeouts(Duration connectTimeout, Duration readTimeout) {
    exchange.setTimeouts(connectTimeout, readTimeout);
  }

  /**
   * Turns head logging on or off: request and response heads go to the {@code
   * dev.courier.client.wire} logger at INFO, with Authorization, Proxy-Authorization, Cookie and
   * Set-Cookie values hidden. Bodies are never logged.
   */
  public void debug(boolean on) {
    exchange.debug(on ? 1 : 0, null);
  }

  // ---- issue 13: debug levels and block size ----

  /**
   * Sets the debug level, as Python's {@code set_debuglevel}: 0 off, 1 request and response heads,
   * 2 heads and body sizes, to the {@code dev.courier.client.wire} logger at INFO. Credential values
   * are hidden; bodies are never logged.
   *
   * @throws IllegalArgumentException for a level other than 0, 1 or 2
   */
  public void debug(int level) {
    exchange.debug(level, null);
  }

  /**
   * As {@link #debug(int)}, printing to {@code out} (Python prints to stdout) instead of the logger.
   *
   * <pre>{@code
   * c.debug(2, System.err);   // > GET / HTTP/1.1 ... < HTTP/1.1 200 OK ... < body: 1256 bytes
   * }</pre>
   */
  public void debug(int level, java.io.PrintStream out) {
    exchange.debug(level, java.util.Objects.requireNonNull(out, "out"));
  }

  /**
   * How many bytes are read at a time from a request body given as an {@link InputStream}
   * (Python's {@code blocksize}), each sent as it is read: a chunk of that size at most in a
   * chunked body. Default 8192.
   *
   * @throws IllegalArgumentException unless 1..{@link #MAX_BLOCK_SIZE}
   */
  public void setBlockSize(int bytes) {
    exchange.blockSize(bytes);
  }

  /** The block size of streamed request bodies (see {@link #setBlockSize}). */
  public int blockSize() {
    return exchange.blockSize();
  }

  /**
   * Treats this connection's host and port as an HTTP proxy and tunnels through it to {@code
   * host:port} with CONNECT (sending {@code headers} to the proxy, e.g. Proxy-Authorization),
   * like Python's {@code set_tunnel}. For an {@link HttpsConnection}, TLS is then negotiated with
   * {@code host}.
   *
   * @throws IllegalStateException when already connected, or the route is not a direct TCP one
   */
  public void setTunnel(String host, int port, Headers headers) {
    exchange.setTunnel(host, port, headers);
  }

  /** {@link #setTunnel(String, int, Headers)} without headers. */
  public void setTunnel(String host, int port) {
    setTunnel(host, port, Headers.empty());
  }

  /**
   * Opens the transport now (it is otherwise opened by the first request). Does nothing when
   * already connected.
   *
   * @throws CourierException a {@code ConnectFailedException}, {@code NameResolutionException},
   *     {@code ConnectTimeoutException}, {@code ProxyException} or {@code TlsException}; nothing
   *     was sent
   */
  public void connect() {
    connect(null);
  }

  /**
   * As {@link #connect()}, with the connect timeout (TCP connect, TLS handshake) capped at {@code
   * cap} for this one connect, e.g. what is left of a caller's overall deadline. {@code null}
   * means no cap; later reconnects use the configured timeout again.
   */
  public void connect(Duration cap) {
    exchange.connect(cap);
  }

  /** Whether a transport is open now. */
  public boolean isConnected() {
    return exchange.isConnected();
  }

  /** The TLS session of the open transport, if it is encrypted. */
  public Optional<SSLSession> tlsSession() {
    return exchange.tlsSession();
  }

  /** Closes the transport; a later request opens a new one. An open response becomes unreadable. */
  @Override
  public void close() {
    exchange.close();
  }

  /** Sends a request without a body and without extra headers. */
  public void request(String method, String target) {
    request(method, target, (byte[]) null, Headers.empty());
  }

  /** Sends a request with a body ({@code null}: none) and Content-Length. */
  public void request(String method, String target, byte[] body) {
    request(method, target, body, Headers.empty());
  }

  /**
   * Sends a request. Host, {@code Accept-Encoding: identity} and Content-Length are added unless
   * {@code headers} has them (in any case). The body may be {@code null} (no body).
   *
   * @throws IllegalStateException when a response is still unread or a request was started
   * @throws IllegalArgumentException for a method that is not a token or a target with spaces,
   *     controls or non-ASCII bytes
   * @throws CourierException when connecting or sending fails
   */
  public void request(String method, String target, byte[] body, Headers headers) {
    exchange.request(method, target, body, headers, false);
  }

  /**
   * As {@link #request(String, String, byte[], Headers)}, saying whether the request may be sent
   * once more on a new connection, whatever its method, when its reused connection turns out
   * closed before any response byte though the server may have read it. Allow it only when the
   * server can tell a repeat (an {@code Idempotency-Key} it honours, a unique id in the body):
   * the server may have processed the first copy.
   *
   * <pre>{@code
   * c.request("POST", "/orders", body, Headers.of("Idempotency-Key", key), true);
   * }</pre>
   */
  public void request(String method, String target, byte[] body, Headers headers, boolean resendAllowed) {
    exchange.request(method, target, body, headers, resendAllowed);
  }

  /**
   * Sends a request whose body comes from a stream: with Content-Length when {@code length >= 0}
   * (exactly that many bytes are sent), else chunked. The stream is read, not closed; a failure
   * of the stream itself is a {@link CourierException} whose cause is the stream's exception.
   */
  public void request(String method, String target, InputStream body, long length, Headers headers) {
    exchange.request(method, target, body, length, headers);
  }

  /** Starts a request: {@code putRequest("GET", "/")}; Host and Accept-Encoding are added later. */
  public void putRequest(String method, String target) {
    putRequest(method, target, false, false);
  }

  /**
   * Starts a request, optionally without the automatic Host and {@code Accept-Encoding: identity}
   * headers.
   *
   * @throws IllegalStateException when the previous response was not read to the end
   */
  public void putRequest(String method, String target, boolean skipHost, boolean skipAcceptEncoding) {
    exchange.putRequest(method, target, skipHost, skipAcceptEncoding);
  }

  /** Adds a header to the request being started; several values give several field lines. */
  public void putHeader(String name, String... values) {
    exchange.putHeader(name, values);
  }

  /**
   * Finishes the head and sends it now, as Python's {@code endheaders()} does; a body, if any,
   * follows with {@link #send}.
   */
  public void endHeaders() {
    endHeaders(null);
  }

  /**
   * Finishes the head and sends it now together with {@code body} (may be {@code null}) in one
   * write. The body is framed as the head says: a Content-Length or chunked header must be present.
   */
  public void endHeaders(byte[] body) {
    exchange.endHeaders(body);
    exchange.flushKeepingFailure();
  }

  /**
   * Sends body bytes of the current request now, framed as its head decided (raw or as a chunk),
   * as Python's {@code send()} does: a body produced bit by bit (a live feed, a protocol that
   * waits for the server's answer to each piece) reaches the server as each piece is sent.
   *
   * <pre>{@code
   * c.putRequest("POST", "/feed");
   * c.putHeader("Transfer-Encoding", "chunked");
   * c.endHeaders();
   * for (byte[] reading : sensor) c.send(reading);   // each one a chunk on the wire at once
   * HttpResponse r = c.getResponse();                 // ends the body with the last chunk
   * }</pre>
   */
  public void send(byte[] data) {
    send(data, 0, data.length);
  }

  /** Sends {@code length} body bytes from {@code offset} now. */
  public void send(byte[] data, int offset, int length) {
    write(data, offset, length);
    exchange.flushKeepingFailure();
  }

  /** {@link #endHeaders()} without the flush: the head waits for the body's first bytes. */
  void endHeadersBuffered() {
    exchange.endHeaders(null);
  }

  /** {@link #send} without the flush, for a body written through a stream that gathers its writes. */
  void write(byte[] data, int offset, int length) {
    exchange.send(data, offset, length);
  }

  /** Sends the body bytes {@link #write} buffered so far (for a {@code Session}'s written bodies that flush). */
  void flushBody() {
    exchange.flushBody();
  }

  /**
   * Reads the response to the request sent: interim 1xx responses are skipped, the final head is
   * returned with the body ready to read.
   *
   * @throws IllegalStateException when no request was sent, or its response was already taken
   * @throws dev.courier.error.RemoteDisconnectedException when the server closed the connection
   *     without answering
   * @throws dev.courier.error.BadStatusLineException when the response does not start with an
   *     HTTP status line
   * @throws CourierException for other failures ({@code ReadTimeoutException}, {@code
   *     ConnectionResetException}, {@code HttpProtocolException}...)
   */
  public HttpResponse getResponse() {
    return exchange.getResponse();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + exchange.describe() + "]";
  }

  // ------------------------------------------------------------------------------ for the pool

  /** Runs after each exchange ends (body read, drained or abandoned). */
  void idleListener(Runnable listener) {
    exchange.idleListener(listener);
  }

  /** The ALPN protocol the open transport negotiated ({@code h2}: hand it to HTTP/2). */
  Optional<String> applicationProtocol() {
    return exchange.applicationProtocol();
  }

  /** Gives up the open, unused transport to HTTP/2 (see {@link Http1Exchange#detachTransport()}). */
  Connection detachTransport() {
    return exchange.detachTransport();
  }

  /** Told each transport this connection opens, to close leaked sockets. */
  void transportListener(Consumer<Connection> listener) {
    exchange.transportListener(listener);
  }

  /** Whether another request can go out on the open transport right now. */
  boolean isReusable() {
    return exchange.isReusable();
  }

  /** A cheap liveness probe (a read with a 1 ms timeout) for a connection that sat idle. */
  boolean isHealthy() {
    return exchange.isHealthy();
  }

  ExchangeState state() {
    return exchange.state();
  }
}

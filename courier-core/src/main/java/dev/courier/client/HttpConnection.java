package dev.courier.client;

import dev.courier.client.ExchangeState.Event;
import dev.courier.client.Failures.Phase;
import dev.courier.error.ConnectionException;
import dev.courier.error.CourierException;
import dev.courier.http.FieldSyntax;
import dev.courier.http.Headers;
import dev.courier.http.wire.BodyFraming;
import dev.courier.http.wire.HttpEvent;
import dev.courier.http.wire.Limits;
import dev.courier.http.wire.RequestHead;
import dev.courier.http.wire.ResponseHead;
import dev.courier.net.ConnectOptions;
import dev.courier.net.Connection;
import dev.courier.net.Endpoint;
import dev.courier.net.Transport;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLSession;

/**
 * One HTTP/1.1 connection with the wire in hand, like Python's {@code http.client.HTTPConnection}.
 *
 * <pre>{@code
 * var c = new HttpConnection("127.0.0.1", 8000);
 * c.request("GET", "/hello.txt");
 * var r = c.getResponse();
 * r.statusCode();              // 200
 * r.header("Content-Type");    // Optional[text/plain]
 * byte[] body = r.read();      // the whole body
 * c.request("GET", "/next");   // same connection (keep-alive), or a new one if the server closed it
 * }</pre>
 *
 * <p>The calls follow the state machine of {@code ExchangeState} (misuse is an {@link
 * IllegalStateException} naming the state). The transport is opened on first use and again after
 * the server closed it. A request made with {@link #request(String, String, byte[], Headers)}
 * whose reused connection turns out closed by the server (no response byte came back) is sent
 * once more on a fresh connection: the server cannot have seen it. Bodies: a {@code byte[]} gets
 * Content-Length; an {@code InputStream} of unknown length is sent chunked; POST, PUT and PATCH
 * without a body get {@code Content-Length: 0}. With {@code Expect: 100-continue} the body waits
 * up to {@link #CONTINUE_TIMEOUT} for {@code 100 Continue} and is skipped when the server answers
 * first (the connection then closes after that response).
 *
 * <p>Failures are the unchecked exceptions of {@link dev.courier.error}, each saying whether the
 * request may have reached the server. Not thread-safe: one thread uses a connection at a time;
 * {@link #close()} may be called from another thread to abort.
 */
public class HttpConnection implements Closeable {
  /** How long to wait for {@code 100 Continue} before sending the body anyway (curl waits 1 s). */
  public static final Duration CONTINUE_TIMEOUT = Duration.ofSeconds(1);
  /** Bytes read per socket read: holds a typical head plus a small body in one system call. */
  static final int READ_BUFFER_SIZE = 16 * 1024;
  /** Bytes gathered before a socket write: a head plus a small body go out as one segment. */
  static final int WRITE_BUFFER_SIZE = 8 * 1024;
  /** What closing an unread response may still read to keep the connection (urllib3, OkHttp drain similarly little). */
  static final long DRAIN_MAX_BYTES = 64 * 1024;
  static final Duration DRAIN_MAX_TIME = Duration.ofSeconds(1);

  private final Route route;
  private final ConnectOptions options;
  private final Transport transport;
  private final Limits limits;
  private final Supplier<String> url = this::url; // made once: failures name the URL, successes pay nothing
  private WireLog log = WireLog.OFF;
  private RouteConnector.TunnelTarget tunnel;
  private String hostHeader;
  private Wire wire; // null when not connected
  private ExchangeState state = ExchangeState.IDLE;
  private PendingRequest request; // the latest request; null before the first
  private HttpResponse response; // the open response, if any
  private Runnable idleListener;
  private Consumer<Connection> transportListener;

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
    this.route = Objects.requireNonNull(route, "route");
    this.options = Objects.requireNonNull(options, "options");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** The route this connection follows. */
  public Route route() {
    return route;
  }

  /**
   * Turns head logging on or off: heads go to the {@code dev.courier.client.wire} logger at INFO,
   * with Authorization, Proxy-Authorization, Cookie and Set-Cookie values hidden; never bodies.
   */
  public void debug(boolean on) {
    log = on ? new WireLog(true, "[" + route.hostAndPort() + "] ") : WireLog.OFF;
  }

  /**
   * Treats this connection's host and port as an HTTP proxy and tunnels through it to {@code
   * host:port} with CONNECT, sending {@code headers} to the proxy (Python's {@code set_tunnel}).
   *
   * @throws IllegalStateException when already connected or not a direct TCP route
   */
  public void setTunnel(String host, int port, Headers headers) {
    if (wire != null) {
      throw new IllegalStateException("setTunnel must be called before connecting");
    }
    if (!route.proxy().isDirect() || route.unixSocket().isPresent()) {
      throw new IllegalStateException("setTunnel needs a direct TCP route to the proxy");
    }
    Endpoint.tcp(host, port); // validates
    tunnel = new RouteConnector.TunnelTarget(host, port, Objects.requireNonNull(headers));
    hostHeader = null;
  }

  /** {@link #setTunnel(String, int, Headers)} without headers. */
  public void setTunnel(String host, int port) {
    setTunnel(host, port, Headers.empty());
  }

  /**
   * Opens the transport now (the first request does otherwise); nothing when connected.
   *
   * @throws CourierException a {@code ConnectFailedException}, {@code NameResolutionException},
   *     {@code ConnectTimeoutException}, {@code ProxyException} or {@code TlsException}; nothing
   *     was sent
   */
  public void connect() {
    connect(null);
  }

  /**
   * As {@link #connect()}, with the connect timeout capped at {@code cap} for this one connect
   * (what is left of a caller's deadline); {@code null}: no cap.
   */
  public void connect(Duration cap) {
    if (wire == null) {
      Wire opened = Wire.open(route, options, cap, transport, limits, tunnel, log, url());
      wire = opened;
      if (transportListener != null) {
        transportListener.accept(opened.connection());
      }
      log.note("connected to " + opened.connection());
    }
  }

  /** Whether a transport is open now. */
  public boolean isConnected() {
    Wire w = wire;
    return w != null && w.connection().isOpen();
  }

  /** The TLS session of the open transport, if it is encrypted. */
  public Optional<SSLSession> tlsSession() {
    Wire w = wire;
    return w == null ? Optional.empty() : w.connection().tlsSession();
  }

  /** Closes the transport; a later request opens a new one. An open response becomes unreadable. */
  @Override
  public void close() {
    dropWire();
    state = state.on(Event.CLOSE);
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
   * {@code headers} has them. The body may be {@code null} (none).
   *
   * @throws IllegalStateException when a response is still unread or a request was started
   * @throws IllegalArgumentException for a method that is not a token or a target with spaces,
   *     controls or non-ASCII bytes
   * @throws CourierException when connecting or sending fails
   */
  public void request(String method, String target, byte[] body, Headers headers) {
    start(method, target, headers);
    RequestHeads.frameBytes(request, headers, body);
    request.replayable(body);
    sendBody(headers, body == null ? null : sender -> sender.writeBody(body, 0, body.length));
  }

  /**
   * Sends a request whose body comes from a stream: with Content-Length when {@code length >= 0}
   * (exactly that many bytes are sent), else chunked. The stream is read, not closed.
   */
  public void request(String method, String target, InputStream body, long length, Headers headers) {
    Objects.requireNonNull(body, "body");
    start(method, target, headers);
    RequestHeads.frameStream(request, headers, length);
    sendBody(headers, sender -> sender.writeBody(body, length, WRITE_BUFFER_SIZE));
  }

  /** Starts a request: {@code putRequest("GET", "/")}; Host and Accept-Encoding are added later. */
  public void putRequest(String method, String target) {
    putRequest(method, target, false, false);
  }

  /**
   * Starts a request, optionally without the automatic Host and {@code Accept-Encoding: identity}.
   *
   * @throws IllegalStateException when the previous response was not read to the end
   */
  public void putRequest(String method, String target, boolean skipHost, boolean skipAcceptEncoding) {
    ExchangeState next = state.on(Event.PUT_REQUEST);
    FieldSyntax.requireToken("method", Objects.requireNonNull(method, "method"));
    RequestHeads.checkTarget(Objects.requireNonNull(target, "target"));
    PendingRequest started = new PendingRequest(method, target);
    if (!skipHost) {
      started.headers.add("Host", hostHeader());
    }
    if (!skipAcceptEncoding) {
      started.headers.add("Accept-Encoding", "identity");
    }
    request = started;
    state = next;
  }

  /** Adds a header to the request being started; several values give several field lines. */
  public void putHeader(String name, String... values) {
    state = state.on(Event.PUT_HEADER);
    for (String value : values) {
      request.headers.add(name, value);
    }
  }

  /** Finishes the head and sends it; a body, if any, follows with {@link #send}. */
  public void endHeaders() {
    endHeaders(null);
  }

  /**
   * Finishes the head and sends it together with {@code body} (may be {@code null}) in one write.
   * The body is framed as the head says: a Content-Length or chunked header must be present.
   */
  public void endHeaders(byte[] body) {
    state.on(Event.END_HEADERS);
    RequestHead head;
    try {
      head = RequestHeads.build(route, tunnel != null, request);
    } catch (IllegalArgumentException e) {
      state = state.on(Event.HEAD_REFUSED);
      throw e;
    }
    sendHead(head, body);
  }

  /** Sends body bytes of the current request, framed as its head decided (raw or as a chunk). */
  public void send(byte[] data) {
    send(data, 0, data.length);
  }

  /** Sends {@code length} body bytes from {@code offset}. */
  public void send(byte[] data, int offset, int length) {
    state.on(Event.SEND_BODY);
    Wire w = requireWire();
    if (w.sender().ended()) {
      throw new IllegalStateException("cannot send body bytes in state " + state
          + " (this request has no body or it has ended)");
    }
    if (!w.sender().writeBody(data, offset, length)) {
      throw Failures.translate(w.sender().failure(), Phase.SEND_REQUEST, url(), w.connection().readTimeout());
    }
  }

  /**
   * Reads the response to the request sent: interim 1xx responses are skipped, the final head is
   * returned with the body ready to read.
   *
   * @throws IllegalStateException when no request was sent, or its response was already taken
   * @throws dev.courier.error.RemoteDisconnectedException when the server closed without answering
   * @throws dev.courier.error.BadStatusLineException when the answer is not HTTP
   * @throws CourierException for other failures (timeouts, resets, protocol errors)
   */
  public HttpResponse getResponse() {
    ExchangeState next = state.on(Event.GET_RESPONSE);
    while (true) {
      try {
        ResponseHead head = finalHead();
        state = next;
        return open(head);
      } catch (IllegalStateException e) {
        close(); // the request body was cut short: the framing is broken
        throw e;
      } catch (CourierException e) {
        Wire w = wire;
        boolean started = w != null && w.pump().responseStarted();
        IOException sendFailure = w == null ? null : w.sender().failure();
        dropWire();
        if (state != ExchangeState.REQUEST_SENT || !request.replayAfter(e, started, sendFailure != null)) {
          close();
          if (sendFailure != null && !started) {
            e.addSuppressed(sendFailure);
          }
          throw e;
        }
        log.note("connection was closed by the server before answering; sending again on a new one");
        state = state.on(Event.REPLAY);
        sendHead(request.sentHead(), request.replayBody());
      }
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + route + ", " + state.name().toLowerCase(Locale.ROOT)
        + (wire == null ? ", not connected" : "") + "]";
  }

  // ------------------------------------------------------------------------------ machinery

  private void start(String method, String target, Headers headers) {
    Objects.requireNonNull(headers, "headers");
    putRequest(method, target, headers.contains("Host"), headers.contains("Accept-Encoding"));
    request.headers.addAll(headers);
  }

  /** What writes a body through the sender; only the caller's own stream throws. */
  private interface BodyWriter {
    void writeTo(RequestSender sender) throws IOException;
  }

  private void sendBody(Headers given, BodyWriter body) {
    endHeaders();
    if (body == null) {
      return;
    }
    try {
      if (RequestHeads.expectsContinue(given)) {
        flushHead();
        Optional<ResponseHead> early = ContinueWait.await(wire.pump(), CONTINUE_TIMEOUT, log, url);
        if (early.isPresent()) {
          request.answeredEarly(early.get()); // getResponse returns it; the body is not sent
          wire.sender().skipBody();
          return;
        }
      }
      body.writeTo(wire.sender()); // a write failure is kept: getResponse looks for an answer first
    } catch (IllegalStateException | IllegalArgumentException | CourierException e) {
      close();
      throw e;
    } catch (IOException e) {
      close();
      throw Failures.bodySourceFailed(e, url());
    }
  }

  private void flushHead() {
    try {
      wire.sender().flush();
    } catch (IOException e) {
      throw Failures.translate(e, Phase.SEND_REQUEST, url(), wire.connection().readTimeout());
    }
  }

  private void sendHead(RequestHead head, byte[] body) {
    ExchangeState next = state.on(Event.END_HEADERS);
    Wire w = wire;
    if (w != null && (!w.isOpen() || (!request.canReplay() && !w.fitForOneShotBody()))) {
      dropWire(); // closed by the server, or idle long enough to check before a one-shot body
    }
    try {
      connect();
    } catch (CourierException e) {
      state = state.on(Event.HEAD_REFUSED);
      throw e;
    }
    request.sent(head, wire.beginExchange());
    state = next;
    log.request(head);
    try {
      wire.sender().writeHead(head, body);
    } catch (IllegalArgumentException | IllegalStateException e) {
      close(); // the writer refused the head (e.g. both Content-Length and Transfer-Encoding)
      throw e;
    }
    wire.pump().expectResponseTo(head.method());
  }

  private ResponseHead finalHead() {
    Wire w = requireWire();
    w.sender().end();
    ResponseHead early = request.takeEarlyResponse();
    if (early != null) {
      return early;
    }
    while (true) {
      HttpEvent event = w.pump().next(Phase.READ_HEAD, url);
      if (!(event instanceof ResponseHead head)) {
        throw Failures.beforeHead(event, w.pump().responseStarted(), url());
      }
      log.response(head);
      if (!head.isInformational() || head.status() == 101) {
        return head;
      }
      // 100 Continue, 103 Early Hints...: RFC 9110 Section 15.2
    }
  }

  private HttpResponse open(ResponseHead head) {
    EventPump pump = wire.pump();
    BodyFraming framing = pump.framing();
    HttpResponse opened = new HttpResponse(this, head, request.sentHead().method(), framing);
    response = opened;
    if (wire.sender().failure() != null) {
      request.closeAfterResponse(); // the request body was cut: the connection's framing is broken
    }
    if (framing.kind() == BodyFraming.Kind.NONE || pump.parser().isTunnel()
        || (framing.kind() == BodyFraming.Kind.FIXED && framing.length() == 0)) {
      opened.finishWithoutBody(nextEvent()); // HEAD, 204, 304, Content-Length: 0: over now
    }
    return opened;
  }

  private Wire requireWire() {
    Wire w = wire;
    if (w == null) {
      throw new ConnectionException("the connection was closed", url(), true, null);
    }
    return w;
  }

  /** Closes the transport, leaving the exchange state to the caller. */
  private void dropWire() {
    Wire w = wire;
    wire = null;
    HttpResponse open = response;
    response = null;
    if (open != null) {
      open.detach();
    }
    if (w != null) {
      w.close();
    }
  }

  private String hostHeader() {
    String cached = hostHeader;
    if (cached == null) {
      cached = RequestHeads.host(route, tunnel);
      hostHeader = cached;
    }
    return cached;
  }

  /** The URL of the latest request (the origin before one), for failure messages; never with credentials. */
  String url() {
    String origin = (route.isHttps() ? "https://" : "http://") + hostHeader();
    PendingRequest r = request;
    if (r == null) {
      return origin + "/";
    }
    return r.target.startsWith("/") ? origin + r.target : r.target.equals("*") ? origin : r.target;
  }

  // ------------------------------------------------------------------------------ for the response and the pool

  /** The next body event of the open response; a failure closes the connection. */
  HttpEvent nextEvent() {
    Wire w = requireWire();
    try {
      return w.pump().next(Phase.READ_BODY, url);
    } catch (CourierException e) {
      close();
      throw e;
    }
  }

  /** Called by the response when its body ended: keep the connection when the server allows it. */
  void responseComplete(HttpResponse finished) {
    if (finished != response) {
      return;
    }
    Wire w = wire; // close() may run on another thread (an abort)
    boolean keep = w != null && !request.mustCloseAfterResponse() && w.pump().parser().keepAlive()
        && !w.pump().parser().isTunnel() && w.pump().parser().buffered() == 0;
    response = null;
    if (state == ExchangeState.RESPONSE_OPEN) {
      state = state.on(Event.RESPONSE_ENDED);
    }
    if (w != null) {
      w.markIdle();
    }
    if (!keep) {
      close();
    }
    notifyIdle();
  }

  /** Called by the response when closed early: drain a little, or give the connection up. */
  void responseAbandoned(HttpResponse abandoned) {
    if (abandoned == response && !abandoned.drain(DRAIN_MAX_BYTES, DRAIN_MAX_TIME)) {
      close();
      notifyIdle();
    }
  }

  private void notifyIdle() {
    Runnable listener = idleListener;
    if (listener != null) {
      listener.run();
    }
  }

  /** The open transport, or null. */
  Connection transport() {
    Wire w = wire;
    return w == null ? null : w.connection();
  }

  /** Runs after each exchange ends (body read, drained or abandoned); used by the pool. */
  void idleListener(Runnable listener) {
    idleListener = listener;
  }

  /** Told each transport this connection opens; used by the pool to close leaked sockets. */
  void transportListener(Consumer<Connection> listener) {
    transportListener = listener;
  }

  /** Whether another request can go out on the open transport right now. */
  boolean isReusable() {
    Wire w = wire;
    return state == ExchangeState.IDLE && w != null && w.isIdleAndOpen();
  }

  /** A cheap liveness probe (one read with a 1 ms timeout) for a connection that sat idle. */
  boolean isHealthy() {
    return isReusable() && wire.pump().probeQuiet();
  }

  ExchangeState state() {
    return state;
  }
}

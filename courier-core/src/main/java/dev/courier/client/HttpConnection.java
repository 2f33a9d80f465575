package dev.courier.client;

import dev.courier.client.Failures.Phase;
import dev.courier.error.ConnectionException;
import dev.courier.error.ConnectionResetException;
import dev.courier.error.CourierException;
import dev.courier.error.HttpProtocolException;
import dev.courier.error.RemoteDisconnectedException;
import dev.courier.http.FieldSyntax;
import dev.courier.http.Headers;
import dev.courier.http.wire.BodyFraming;
import dev.courier.http.wire.Closed;
import dev.courier.http.wire.EndOfMessage;
import dev.courier.http.wire.Http1Parser;
import dev.courier.http.wire.Http1Writer;
import dev.courier.http.wire.HttpCodecException;
import dev.courier.http.wire.HttpEvent;
import dev.courier.http.wire.Limits;
import dev.courier.http.wire.NeedMoreData;
import dev.courier.http.wire.RequestHead;
import dev.courier.http.wire.ResponseHead;
import dev.courier.net.ConnectOptions;
import dev.courier.net.Connection;
import dev.courier.net.Transport;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
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
 * <p>Theory of operation. A connection alternates between sending one request and reading its
 * response; the state machine below is enforced with {@link IllegalStateException}s that name
 * the state. The transport is opened on first use and again after the server closed it, so
 * {@code request} just works after a {@code Connection: close}. When a request made with {@link
 * #request(String, String, byte[], Headers)} finds its reused connection already closed by the
 * server (no response byte came back), it is sent once more on a fresh connection: the server
 * cannot have seen it.
 *
 * <pre>
 *   IDLE --putRequest--> REQUEST_STARTED --endHeaders--> REQUEST_SENT --getResponse--> RESPONSE_OPEN
 *     ^                                                                                   |
 *     +---------------- response read to the end (or drained by close) -------------------+
 * </pre>
 *
 * <p>Bodies: a {@code byte[]} gets Content-Length; an {@code InputStream} of unknown length is
 * sent chunked; {@code POST}, {@code PUT} and {@code PATCH} without a body get
 * {@code Content-Length: 0}. A request with {@code Expect: 100-continue} sends its head, waits up
 * to {@link #CONTINUE_TIMEOUT} for {@code 100 Continue}, and skips the body when the server
 * answers early (the connection is then closed after that response).
 *
 * <p>Failures are the unchecked exceptions of {@link dev.courier.error}, translated from the JDK's
 * in one place; each says whether the request may have reached the server. Misuse (a call in the
 * wrong state, a bad method or target) is an {@link IllegalStateException} or {@link
 * IllegalArgumentException}.
 *
 * <p>Not thread-safe: one thread uses a connection at a time; {@link #close()} may be called from
 * another thread to abort.
 */
public class HttpConnection implements Closeable {
  /** How long to wait for {@code 100 Continue} before sending the body anyway (curl waits 1 s). */
  public static final Duration CONTINUE_TIMEOUT = Duration.ofSeconds(1);

  /** Bytes read per socket read: holds a typical head plus a small body in one system call. */
  static final int READ_BUFFER_SIZE = 16 * 1024;

  /** Bytes gathered before a socket write: a head plus a small body go out as one segment. */
  static final int WRITE_BUFFER_SIZE = 8 * 1024;

  /**
   * What closing an unread response may still read so the connection can be reused: 64 KiB or
   * 1 s, then the connection is closed instead (urllib3 and OkHttp drain similarly small amounts).
   */
  static final long DRAIN_MAX_BYTES = 64 * 1024;

  static final Duration DRAIN_MAX_TIME = Duration.ofSeconds(1);

  private static final int FIRST_BYTES = 128;

  /** A connection idle longer than this is probed before a body that cannot be replayed. */
  private static final long STALE_CHECK_AFTER_NANOS = 1_000_000_000L;

  enum State { IDLE, REQUEST_STARTED, REQUEST_SENT, RESPONSE_OPEN }

  private final Route route;
  private final ConnectOptions options;
  private final Transport transport;
  private final Limits limits;
  private final byte[] readBuffer = new byte[READ_BUFFER_SIZE];
  private final byte[] firstBytes = new byte[FIRST_BYTES];

  private WireLog log = WireLog.OFF;
  private RouteConnector.TunnelTarget tunnel;

  // The transport and codec of the current socket; null when not connected.
  private Connection connection;
  private OutputStream out;
  private Http1Parser parser;
  private Http1Writer writer;
  private int exchangesOnTransport;
  private long idleSinceNanos;
  private boolean endOfInput;

  // The exchange in progress.
  private State state = State.IDLE;
  private String method;
  private String target;
  private Headers.Builder headers;
  private String hostHeader;
  private RequestHead sentHead;
  private byte[] replayBody;
  private boolean replayable;
  private boolean reusedTransport;
  private boolean bodyEnded;
  private IOException sendFailure;
  private ResponseHead earlyResponse;
  private boolean closeAfterResponse;
  private boolean responseStarted;
  private int firstBytesLength;
  private HttpResponse response;
  private Runnable idleListener;
  private java.util.function.Consumer<Connection> transportListener;

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

  // ------------------------------------------------------------------------------ setup

  /** The route this connection follows. */
  public Route route() {
    return route;
  }

  /**
   * Turns head logging on or off: request and response heads go to the
   * {@code dev.courier.client.wire} logger at INFO, with Authorization, Proxy-Authorization,
   * Cookie and Set-Cookie values hidden. Bodies are never logged.
   */
  public void debug(boolean on) {
    log = on ? new WireLog(true, "[" + route.hostAndPort() + "] ") : WireLog.OFF;
  }

  /**
   * Treats this connection's host and port as an HTTP proxy and tunnels through it to
   * {@code host:port} with CONNECT (sending {@code headers} to the proxy, e.g.
   * Proxy-Authorization), like Python's {@code set_tunnel}. For an {@link HttpsConnection}, TLS is
   * then negotiated with {@code host}.
   *
   * @throws IllegalStateException when already connected
   */
  public void setTunnel(String host, int port, Headers headers) {
    if (connection != null) {
      throw new IllegalStateException("setTunnel must be called before connecting");
    }
    if (!route.proxy().isDirect() || route.unixSocket().isPresent()) {
      throw new IllegalStateException("setTunnel needs a direct TCP route to the proxy");
    }
    dev.courier.net.Endpoint.tcp(host, port);
    tunnel = new RouteConnector.TunnelTarget(host, port, Objects.requireNonNull(headers));
    hostHeader = null;
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
   *
   * @throws CourierException as {@link #connect()}
   */
  public void connect(Duration cap) {
    if (connection == null) {
      ConnectOptions used = options;
      if (cap != null) {
        // whole milliseconds rounded up (sockets count in ms): the capped connect never ends early
        Duration c = Duration.ofMillis(Math.max(0, cap.toNanos() + 999_999) / 1_000_000 + 1);
        Duration configured = options.connectTimeout();
        if (configured.isZero() || c.compareTo(configured) < 0) {
          used = options.withConnectTimeout(c);
        }
      }
      Connection opened = RouteConnector.connect(route, used, transport, limits, tunnel, log, url());
      connection = opened;
      if (transportListener != null) {
        transportListener.accept(opened);
      }
      out = new BufferedOutputStream(opened.output(), WRITE_BUFFER_SIZE);
      parser = Http1Parser.forResponses(limits);
      writer = Http1Writer.forRequests();
      exchangesOnTransport = 0;
      endOfInput = false;
      log.note("connected to " + opened);
    }
  }

  /** Whether a transport is open now. */
  public boolean isConnected() {
    return connection != null && connection.isOpen();
  }

  /** The TLS session of the open transport, if it is encrypted. */
  public Optional<SSLSession> tlsSession() {
    return connection == null ? Optional.empty() : connection.tlsSession();
  }

  /** Closes the transport; a later request opens a new one. An open response becomes unreadable. */
  @Override
  public void close() {
    Connection c = connection;
    connection = null;
    out = null;
    parser = null;
    writer = null;
    if (response != null) {
      response.detach();
      response = null;
    }
    state = State.IDLE;
    if (c != null) {
      try {
        c.close();
      } catch (IOException ignored) {
        // closing is best effort
      }
    }
  }

  // ------------------------------------------------------------------------------ high level

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
    startRequest(method, target, headers);
    if (body != null && !headers.contains("Content-Length") && !headers.contains("Transfer-Encoding")) {
      this.headers.add("Content-Length", Integer.toString(body.length));
    } else if (body == null) {
      addZeroLengthForBodyMethods(headers);
    }
    replayable = true;
    replayBody = body;
    sendHeadAndBody(body == null ? null : new ByteSource(body), headers);
  }

  /**
   * Sends a request whose body comes from a stream: with Content-Length when {@code length >= 0}
   * (exactly that many bytes are sent), else chunked. The stream is read, not closed.
   */
  public void request(String method, String target, InputStream body, long length, Headers headers) {
    Objects.requireNonNull(body, "body");
    startRequest(method, target, headers);
    if (!headers.contains("Content-Length") && !headers.contains("Transfer-Encoding")) {
      if (length >= 0) {
        this.headers.add("Content-Length", Long.toString(length));
      } else {
        this.headers.add("Transfer-Encoding", "chunked");
      }
    }
    replayable = false;
    replayBody = null;
    sendHeadAndBody(new StreamSource(body, length), headers);
  }

  private void startRequest(String method, String target, Headers headers) {
    Objects.requireNonNull(headers, "headers");
    putRequest(method, target, headers.contains("Host"), headers.contains("Accept-Encoding"));
    this.headers.addAll(headers);
  }

  /** RFC 9110 Section 8.6: a user agent sends Content-Length: 0 for methods that expect content. */
  private void addZeroLengthForBodyMethods(Headers given) {
    if ((method.equals("POST") || method.equals("PUT") || method.equals("PATCH"))
        && !given.contains("Content-Length") && !given.contains("Transfer-Encoding")) {
      headers.add("Content-Length", "0");
    }
  }

  private void sendHeadAndBody(BodySource body, Headers given) {
    boolean expectContinue = false;
    if (body != null && given.contains("Expect")) {
      for (String expectation : given.listValues("Expect")) {
        expectContinue |= expectation.equalsIgnoreCase("100-continue");
      }
    }
    endHeaders();
    if (body == null) {
      return;
    }
    if (expectContinue) {
      flush();
      if (!awaitContinue()) {
        return; // the server answered already; the body is not sent
      }
    }
    try {
      body.writeTo(this); // a write failure is kept in sendFailure: getResponse looks for an answer
    } catch (IllegalStateException | IllegalArgumentException e) {
      close();
      throw e;
    } catch (IOException e) {
      close();
      throw Failures.bodySourceFailed(e, url());
    }
  }

  // ------------------------------------------------------------------------------ step by step

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
    if (state == State.RESPONSE_OPEN) {
      throw new IllegalStateException("cannot send a request: the previous response has not been "
          + "read to the end; read or close it first (state " + state + ")");
    }
    if (state != State.IDLE) {
      throw new IllegalStateException("cannot start a request in state " + state
          + (state == State.REQUEST_SENT ? ": call getResponse() first" : ": call endHeaders() first"));
    }
    FieldSyntax.requireToken("method", Objects.requireNonNull(method, "method"));
    checkTarget(Objects.requireNonNull(target, "target"));
    this.method = method;
    this.target = target;
    this.headers = Headers.builder();
    if (!skipHost) {
      headers.add("Host", hostHeader());
    }
    if (!skipAcceptEncoding) {
      headers.add("Accept-Encoding", "identity");
    }
    this.replayable = false;
    this.replayBody = null;
    this.sendFailure = null;
    this.earlyResponse = null;
    this.closeAfterResponse = false;
    this.bodyEnded = false;
    state = State.REQUEST_STARTED;
  }

  private static void checkTarget(String target) {
    if (target.isEmpty()) {
      throw new IllegalArgumentException("empty request target");
    }
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw new IllegalArgumentException("request target has " + FieldSyntax.describe(c)
            + " at index " + i + " (encode it; RFC 9112 Section 3.2)");
      }
    }
  }

  /** Adds a header to the request being started; several values give several field lines. */
  public void putHeader(String name, String... values) {
    if (state != State.REQUEST_STARTED) {
      throw new IllegalStateException("cannot add a header in state " + state
          + ": call putRequest first");
    }
    for (String value : values) {
      headers.add(name, value);
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
    if (state != State.REQUEST_STARTED) {
      throw new IllegalStateException("cannot end headers in state " + state);
    }
    Headers.Builder builder = headers;
    String requestTarget = target;
    if (route.usesAbsoluteForm() && tunnel == null) {
      // RFC 9112 Section 3.2.2: requests to a proxy carry the absolute URI
      if (requestTarget.startsWith("/")) {
        requestTarget = "http://" + route.authority() + requestTarget;
      }
      Optional<String> authorization = route.proxy().basicAuthorization();
      if (authorization.isPresent() && builder.firstValue("Proxy-Authorization").isEmpty()) {
        builder.add("Proxy-Authorization", authorization.get());
      }
    }
    RequestHead head;
    try {
      head = RequestHead.of(method, requestTarget, builder.build());
    } catch (IllegalArgumentException e) {
      state = State.IDLE;
      throw e;
    }
    sendHead(head, body);
  }

  private String hostHeader() {
    String cached = hostHeader;
    if (cached == null) {
      cached = computeHostHeader();
      hostHeader = cached;
    }
    return cached;
  }

  private String computeHostHeader() {
    if (tunnel != null) {
      int defaultPort = route.isHttps() ? 443 : 80;
      String h = tunnel.host().indexOf(':') >= 0 ? "[" + tunnel.host() + "]" : tunnel.host();
      return tunnel.port() == defaultPort ? h : h + ":" + tunnel.port();
    }
    return route.authority();
  }

  private void sendHead(RequestHead head, byte[] body) {
    if (connection != null && (endOfInput || !connection.isOpen())) {
      close();
    } else if (connection != null && !replayable && exchangesOnTransport > 0
        && System.nanoTime() - idleSinceNanos > STALE_CHECK_AFTER_NANOS && !probeQuiet()) {
      // a body that cannot be sent twice: make sure the server has not closed the connection
      close();
    }
    connect();
    reusedTransport = exchangesOnTransport > 0;
    exchangesOnTransport++;
    sentHead = head;
    state = State.REQUEST_SENT;
    responseStarted = false;
    firstBytesLength = 0;
    log.request(head);
    try {
      writer.writeHead(head, out);
      if (body != null) {
        writer.writeBody(body, 0, body.length, out);
      }
      if (writer.framing().kind() == BodyFraming.Kind.NONE) {
        writer.writeEnd(out);
        bodyEnded = true;
        out.flush();
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      // the writer refused the head (e.g. both Content-Length and Transfer-Encoding)
      close();
      throw e;
    } catch (IOException e) {
      sendFailure = e;
    }
    parser.expectResponseTo(head.method());
  }

  /** Sends body bytes of the current request, framed as its head decided (raw or as a chunk). */
  public void send(byte[] data) {
    send(data, 0, data.length);
  }

  /** Sends {@code length} body bytes from {@code offset}. */
  public void send(byte[] data, int offset, int length) {
    if (state != State.REQUEST_SENT || bodyEnded) {
      throw new IllegalStateException("cannot send body bytes in state " + state
          + (bodyEnded ? " (this request has no body or it has ended)" : ""));
    }
    if (!writeBody(data, offset, length)) {
      throw Failures.translate(sendFailure, Phase.SEND_REQUEST, url(), currentReadTimeout());
    }
  }

  /**
   * Writes body bytes; false when the peer stopped listening. The transport stays open so that
   * {@link #getResponse()} can still read an answer the server sent before closing (a 413, say).
   */
  private boolean writeBody(byte[] data, int offset, int length) {
    if (sendFailure != null) {
      return false;
    }
    try {
      writer.writeBody(data, offset, length, out);
      return true;
    } catch (IOException e) {
      sendFailure = e;
      return false;
    }
  }

  void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      throw fail(e, Phase.SEND_REQUEST);
    }
  }

  private void endBody() {
    if (!bodyEnded) {
      bodyEnded = true;
      if (sendFailure == null) {
        try {
          writer.writeEnd(out);
        } catch (IllegalStateException e) {
          close();
          throw new IllegalStateException("request body incomplete: " + e.getMessage(), e);
        } catch (IOException e) {
          sendFailure = e;
        }
      }
    }
    if (sendFailure == null) {
      try {
        out.flush();
      } catch (IOException e) {
        sendFailure = e;
      }
    }
  }

  // ------------------------------------------------------------------------------ responses

  /**
   * Reads the response to the request sent: interim 1xx responses are skipped, the final head is
   * returned with the body ready to read.
   *
   * @throws IllegalStateException when no request was sent, or its response was already taken
   * @throws RemoteDisconnectedException when the server closed the connection without answering
   * @throws dev.courier.error.BadStatusLineException when the response does not start with an
   *     HTTP status line
   * @throws CourierException for other failures ({@code ReadTimeoutException}, {@code
   *     ConnectionResetException}, {@code HttpProtocolException}...)
   */
  public HttpResponse getResponse() {
    if (state != State.REQUEST_SENT) {
      throw new IllegalStateException(state == State.RESPONSE_OPEN
          ? "the response was already taken; read it to the end or close it"
          : "no request was sent (state " + state + ")");
    }
    try {
      endBody();
      ResponseHead head = earlyResponse != null ? earlyResponse : readFinalHead();
      earlyResponse = null;
      return open(head);
    } catch (CourierException e) {
      if (canRetry(e)) {
        log.note("connection was closed by the server before answering; sending again on a new one");
        return retry();
      }
      if (sendFailure != null && !responseStarted) {
        e.addSuppressed(sendFailure);
      }
      throw e;
    }
  }

  /**
   * A reused connection that failed before any response byte came back was closed by the server
   * while idle (RFC 9112 Section 9.3.1): the request can be sent once more when its body can.
   */
  private boolean canRetry(CourierException e) {
    return reusedTransport && replayable && !responseStarted
        && (e instanceof RemoteDisconnectedException || e instanceof ConnectionResetException
            || sendFailure != null);
  }

  private HttpResponse retry() {
    close();
    RequestHead head = sentHead;
    byte[] body = replayBody;
    replayable = false;
    bodyEnded = false;
    sendFailure = null;
    state = State.REQUEST_STARTED;
    sendHead(head, body);
    endBody();
    return open(readFinalHead());
  }

  private HttpResponse open(ResponseHead head) {
    BodyFraming framing = parser.framing();
    HttpResponse opened = new HttpResponse(this, head, sentHead.method(), framing);
    response = opened;
    state = State.RESPONSE_OPEN;
    if (sendFailure != null) {
      closeAfterResponse = true; // the request body was cut: the connection's framing is broken
    }
    if (framing.kind() == BodyFraming.Kind.NONE || parser.isTunnel()
        || (framing.kind() == BodyFraming.Kind.FIXED && framing.length() == 0)) {
      // no body (HEAD, 204, 304, Content-Length: 0): the exchange is over now
      opened.finishWithoutBody(nextEvent(Phase.READ_BODY));
    }
    return opened;
  }

  private ResponseHead readFinalHead() {
    if (sendFailure != null && connection == null) {
      throw fail(sendFailure, Phase.SEND_REQUEST);
    }
    while (true) {
      HttpEvent event = nextEvent(Phase.READ_HEAD);
      if (event instanceof ResponseHead head) {
        log.response(head);
        if (!head.isInformational() || head.status() == 101) {
          return head;
        }
        continue; // 100 Continue, 103 Early Hints...: RFC 9110 Section 15.2
      }
      throw remoteDisconnected(event);
    }
  }

  private CourierException remoteDisconnected(HttpEvent event) {
    String url = url();
    close();
    if (event instanceof Closed && !responseStarted) {
      return new RemoteDisconnectedException(
          "the server closed the connection without sending a response", url, true, null);
    }
    return new HttpProtocolException("unexpected " + event + " before the response head", url, null);
  }

  /**
   * Waits (up to {@link #CONTINUE_TIMEOUT}) for 100 Continue after an {@code Expect:
   * 100-continue} head. True: send the body. False: a final response came first.
   */
  private boolean awaitContinue() {
    Duration readTimeout = connection.readTimeout();
    try {
      setReadTimeout(CONTINUE_TIMEOUT);
      while (true) {
        HttpEvent event = nextEvent(Phase.READ_HEAD, true);
        if (event == null) {
          log.note("no 100 Continue within " + CONTINUE_TIMEOUT.toMillis() + " ms; sending the body");
          return true;
        }
        if (event instanceof ResponseHead head) {
          log.response(head);
          if (head.status() == 100) {
            return true;
          }
          if (!head.isInformational()) {
            earlyResponse = head;
            bodyEnded = true;
            closeAfterResponse = true; // the announced body was never sent
            return false;
          }
        } else {
          throw remoteDisconnected(event);
        }
      }
    } finally {
      if (connection != null) {
        setReadTimeout(readTimeout);
      }
    }
  }

  private void setReadTimeout(Duration timeout) {
    try {
      connection.readTimeout(timeout);
    } catch (IOException e) {
      throw fail(e, Phase.SEND_REQUEST);
    }
  }

  HttpEvent nextEvent(Phase phase) {
    return nextEvent(phase, false);
  }

  /**
   * The parser's next event, reading from the socket as needed. With {@code timeoutIsNull}, a
   * read timeout returns null instead of failing (used while waiting for 100 Continue).
   */
  private HttpEvent nextEvent(Phase phase, boolean timeoutIsNull) {
    Http1Parser parser = this.parser;
    Connection connection = this.connection;
    if (parser == null || connection == null) {
      throw new ConnectionException("the connection was closed", url(), true, null);
    }
    while (true) {
      HttpEvent event;
      try {
        event = parser.next();
      } catch (HttpCodecException e) {
        throw protocolError(e, phase);
      }
      if (!(event instanceof NeedMoreData)) {
        return event;
      }
      int n;
      try {
        n = connection.input().read(readBuffer);
      } catch (SocketTimeoutException e) {
        if (timeoutIsNull) {
          return null;
        }
        throw fail(e, phase);
      } catch (IOException e) {
        throw fail(e, phase);
      }
      if (n < 0) {
        endOfInput = true;
        parser.endOfInput();
      } else if (n > 0) {
        if (firstBytesLength < FIRST_BYTES) {
          int copy = Math.min(n, FIRST_BYTES - firstBytesLength);
          System.arraycopy(readBuffer, 0, firstBytes, firstBytesLength, copy);
          firstBytesLength += copy;
        }
        responseStarted = true;
        parser.feed(readBuffer, 0, n);
      }
    }
  }

  private CourierException protocolError(HttpCodecException e, Phase phase) {
    HttpResponse open = response;
    boolean headSeen = open != null && state == State.RESPONSE_OPEN;
    var context = new Failures.CodecContext(phase, headSeen, endOfInput, firstLine(),
        looksLikeStatusLine(), headSeen ? open.received() : 0, headSeen ? open.expectedLength() : -1);
    CourierException failure = Failures.fromCodec(e, context, url());
    close();
    return failure;
  }

  private String firstLine() {
    int end = 0;
    while (end < firstBytesLength && firstBytes[end] != '\n' && firstBytes[end] != '\r') {
      end++;
    }
    return new String(firstBytes, 0, end, StandardCharsets.ISO_8859_1);
  }

  /** HTTP-version SP 3DIGIT SP (RFC 9112 Section 4), the part a status line cannot do without. */
  private boolean looksLikeStatusLine() {
    String line = firstLine();
    if (line.length() < 12 || !line.startsWith("HTTP/") || line.charAt(8) != ' ') {
      return false;
    }
    for (int i : new int[] {5, 7, 9, 10, 11}) {
      char c = line.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return line.charAt(6) == '.' && (line.length() == 12 || line.charAt(12) == ' ');
  }

  /** Closes the transport and translates {@code e} for {@code phase}. */
  CourierException fail(IOException e, Phase phase) {
    CourierException failure = Failures.translate(e, phase, url(), currentReadTimeout());
    close();
    return failure;
  }

  private Duration currentReadTimeout() {
    Connection c = connection;
    return c != null ? c.readTimeout() : options.readTimeout();
  }

  /**
   * The URL of the request in progress (the origin when there is none), for failure messages.
   * It never holds credentials: a route has no user-info.
   */
  String url() {
    String origin = (route.isHttps() ? "https://" : "http://") + hostHeader();
    String t = target;
    if (t == null) {
      return origin + "/";
    }
    return t.startsWith("/") ? origin + t : t.equals("*") ? origin : t;
  }

  // ------------------------------------------------------------------------------ response callbacks

  /** Called by the response when its body ended (EndOfMessage). */
  void responseComplete(HttpResponse finished) {
    if (finished != response) {
      return;
    }
    Http1Parser current = parser; // close() may run on another thread (an abort)
    boolean keep = current != null && current.keepAlive() && !closeAfterResponse
        && !current.isTunnel() && current.buffered() == 0;
    response = null;
    state = State.IDLE;
    idleSinceNanos = System.nanoTime();
    if (!keep) {
      close();
    }
    Runnable listener = idleListener;
    if (listener != null) {
      listener.run();
    }
  }

  /** Called by the response when closed early: drain a little, or give the connection up. */
  void responseAbandoned(HttpResponse abandoned) {
    if (abandoned != response) {
      return;
    }
    if (!abandoned.drain(DRAIN_MAX_BYTES, DRAIN_MAX_TIME)) {
      close();
      Runnable listener = idleListener;
      if (listener != null) {
        listener.run();
      }
    }
  }

  Connection transport() {
    return connection;
  }

  WireLog wireLog() {
    return log;
  }

  // ------------------------------------------------------------------------------ pool support

  /** Runs after each exchange ends (body read, drained or abandoned); used by the pool. */
  void idleListener(Runnable listener) {
    idleListener = listener;
  }

  /** Told each transport this connection opens; used by the pool to close leaked sockets. */
  void transportListener(java.util.function.Consumer<Connection> listener) {
    transportListener = listener;
  }

  /** Whether another request can go out on the open transport right now. */
  boolean isReusable() {
    return state == State.IDLE && connection != null && connection.isOpen() && !endOfInput
        && parser != null && parser.isIdle();
  }

  /**
   * A cheap liveness probe for a connection that sat idle: a server that closed it (or sent
   * something unasked) makes it unusable. Costs one read with a 1 ms timeout.
   */
  boolean isHealthy() {
    return isReusable() && probeQuiet();
  }

  /** True when the server sent nothing and did not close: a read with a 1 ms timeout times out. */
  private boolean probeQuiet() {
    Duration readTimeout = connection.readTimeout();
    try {
      connection.readTimeout(Duration.ofMillis(1));
      int n = connection.input().read(readBuffer);
      return n == 0; // -1: closed by the server; > 0: bytes nobody asked for
    } catch (SocketTimeoutException quiet) {
      return true;
    } catch (IOException e) {
      return false;
    } finally {
      try {
        if (connection != null) {
          connection.readTimeout(readTimeout);
        }
      } catch (IOException e) {
        close();
      }
    }
  }

  State state() {
    return state;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + route + ", " + state.name().toLowerCase(Locale.ROOT)
        + (connection == null ? ", not connected" : "") + "]";
  }

  // ------------------------------------------------------------------------------ bodies

  private interface BodySource {
    void writeTo(HttpConnection connection) throws IOException; // only the caller's stream fails
  }

  private record ByteSource(byte[] bytes) implements BodySource {
    @Override
    public void writeTo(HttpConnection connection) {
      connection.writeBody(bytes, 0, bytes.length);
    }
  }

  private record StreamSource(InputStream in, long length) implements BodySource {
    @Override
    public void writeTo(HttpConnection connection) throws IOException {
      byte[] buffer = new byte[WRITE_BUFFER_SIZE];
      long remaining = length;
      while (length < 0 || remaining > 0) {
        int want = length < 0 ? buffer.length : (int) Math.min(buffer.length, remaining);
        int n = in.read(buffer, 0, want);
        if (n < 0) {
          if (length >= 0) {
            throw new IllegalArgumentException("the body stream ended after "
                + (length - remaining) + " of the " + length + " bytes announced");
          }
          return;
        }
        if (!connection.writeBody(buffer, 0, n)) {
          return;
        }
        remaining -= n;
      }
    }
  }
}

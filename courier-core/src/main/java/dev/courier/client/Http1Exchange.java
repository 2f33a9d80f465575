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
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLSession;

/**
 * The machinery behind {@link HttpConnection}'s http.client calls: which transport is open
 * ({@link Wire}), where the exchange is ({@link ExchangeState}), the request in progress ({@link
 * PendingRequest}) and its open response. Each call checks its transition first, then does the
 * work through the parts: {@link RequestHeads} for the head, {@link RequestSender} and {@link
 * EventPump} for the bytes, {@link ContinueWait} for 100-continue, {@link
 * PendingRequest#replayAfter} for the stale-connection replay.
 *
 * <p>Failures: the parts throw {@link CourierException}s already translated by {@link Failures};
 * here a failure closes the transport (its framing can no longer be trusted) and goes up.
 */
final class Http1Exchange {
  private static final Duration CONTINUE_TIMEOUT = HttpConnection.CONTINUE_TIMEOUT;
  private static final int WRITE_BUFFER_SIZE = HttpConnection.WRITE_BUFFER_SIZE;
  /**
   * What closing an unread response may still read so the connection can be reused: 64 KiB or
   * 1 s, then the connection is closed instead (urllib3 and OkHttp drain similarly small amounts).
   */
  private static final long DRAIN_MAX_BYTES = 64 * 1024;
  private static final Duration DRAIN_MAX_TIME = Duration.ofSeconds(1);

  private final Route route;
  private ConnectOptions options; // timeouts change per exchange: setTimeouts
  private final Transport transport;
  private final Limits limits;
  private final Supplier<String> url = this::url; // made once: failures name the URL, successes pay nothing
  private WireLog log = WireLog.OFF;
  private RouteConnector.TunnelTarget tunnel;
  private String hostHeader;
  private volatile Wire wire; // null when not connected; close() may run on another thread (an abort)
  private ExchangeState state = ExchangeState.IDLE;
  private PendingRequest request; // the latest request; null before the first
  private HttpResponse response; // the open response, if any
  private Runnable idleListener;
  private Consumer<Connection> transportListener;

  Http1Exchange(Route route, ConnectOptions options, Transport transport, Limits limits) {
    this.route = Objects.requireNonNull(route, "route");
    this.options = Objects.requireNonNull(options, "options");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** This exchange's timeouts from now on: the read timeout at once on an open transport. */
  void setTimeouts(Duration connectTimeout, Duration readTimeout) {
    ConnectOptions current = options;
    if (!current.connectTimeout().equals(connectTimeout) || !current.readTimeout().equals(readTimeout)) {
      options = current.withConnectTimeout(connectTimeout).withReadTimeout(readTimeout);
    }
    Wire w = wire;
    if (w != null) {
      try {
        w.connection().readTimeout(readTimeout);
      } catch (IOException e) {
        close(); // a transport that cannot take the timeout is not reused
      }
    }
  }

  /** The route this connection follows. */
  Route route() {
    return route;
  }

  void debug(int level, java.io.PrintStream out) {
    log = WireLog.requireLevel(level) == 0 ? WireLog.OFF : new WireLog(level, "[" + route.hostAndPort() + "] ", out);
  }

  // ---- issue 13: block size and body sizes for debug level 2 ----
  private int blockSize = WRITE_BUFFER_SIZE;
  private long bodySent; // body bytes of the current request, counted for the debug log

  void blockSize(int size) {
    if (size < 1 || size > HttpConnection.MAX_BLOCK_SIZE) {
      throw new IllegalArgumentException("block size must be 1.." + HttpConnection.MAX_BLOCK_SIZE + ": " + size);
    }
    blockSize = size;
  }

  int blockSize() {
    return blockSize;
  }

  /** Counts what a streamed body yields, for the level-2 log. */
  private InputStream counted(InputStream in) {
    if (log.level() < WireLog.BODIES) return in;
    return new java.io.FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) bodySent++;
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) bodySent += n;
        return n;
      }
    };
  }

  void setTunnel(String host, int port, Headers headers) {
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

  void connect(Duration cap) {
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
  boolean isConnected() {
    Wire w = wire;
    return w != null && w.connection().isOpen();
  }

  /** The TLS session of the open transport, if it is encrypted. */
  Optional<SSLSession> tlsSession() {
    Wire w = wire;
    return w == null ? Optional.empty() : w.connection().tlsSession();
  }

  /** The ALPN protocol of the open transport, if TLS negotiated one. */
  Optional<String> applicationProtocol() {
    Wire w = wire;
    return w == null ? Optional.empty() : w.connection().applicationProtocol();
  }

  /**
   * Hands the open transport, not yet used, to the caller (HTTP/2 takes over a connection on which
   * ALPN chose {@code h2}); this exchange forgets it, so closing it later leaves the socket open.
   */
  Connection detachTransport() {
    Wire w = wire;
    if (w == null || state != ExchangeState.IDLE) throw new IllegalStateException("no unused transport to hand over");
    wire = null;
    return w.connection();
  }

  /** Closes the transport; a later request opens a new one. An open response becomes unreadable. */
  void close() {
    dropWire();
    state = state.on(Event.CLOSE);
  }

  void request(String method, String target, byte[] body, Headers headers, boolean resendAllowed) {
    start(method, target, headers);
    RequestHeads.frameBytes(request, headers, body);
    request.replayable(body, resendAllowed);
    bodySent += body == null ? 0 : body.length;
    sendBody(headers, body == null ? null : sender -> sender.writeBody(body, 0, body.length));
  }

  void request(String method, String target, InputStream body, long length, Headers headers) {
    Objects.requireNonNull(body, "body");
    start(method, target, headers);
    RequestHeads.frameStream(request, headers, length);
    InputStream source = counted(body);
    sendBody(headers, sender -> sender.writeBody(source, length, blockSize));
  }

  void putRequest(String method, String target, boolean skipHost, boolean skipAcceptEncoding) {
    ExchangeState next = state.on(Event.PUT_REQUEST);
    FieldSyntax.requireToken("method", Objects.requireNonNull(method, "method"));
    RequestHeads.checkTarget(Objects.requireNonNull(target, "target"));
    PendingRequest started = (request != null ? request : new PendingRequest()).start(method, target);
    bodySent = 0;
    if (!skipHost) {
      started.headers().add("Host", hostHeader());
    }
    if (!skipAcceptEncoding) {
      started.headers().add("Accept-Encoding", "identity");
    }
    request = started;
    state = next;
  }

  /** Adds a header to the request being started; several values give several field lines. */
  void putHeader(String name, String... values) {
    state = state.on(Event.PUT_HEADER);
    for (String value : values) {
      request.headers().add(name, value);
    }
  }

  void endHeaders(byte[] body) {
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

  /** Sends {@code length} body bytes from {@code offset}. */
  void send(byte[] data, int offset, int length) {
    state.on(Event.SEND_BODY);
    Wire w = requireWire();
    if (w.sender().ended()) {
      throw new IllegalStateException("cannot send body bytes in state " + state
          + " (this request has no body or it has ended)");
    }
    if (!w.sender().writeBody(data, offset, length)) {
      throw Failures.translate(w.sender().failure(), Phase.SEND_REQUEST, url(), w.connection().readTimeout());
    }
    bodySent += length;
  }

  /**
   * Sends what is buffered of the request now; a write failure is kept, as one in the middle of a
   * body is, so that {@link #getResponse} still hears a server that answered early and closed.
   */
  void flushKeepingFailure() {
    Wire w = wire;
    if (w != null && !w.sender().ended()) w.sender().flushBody();
  }

  /** Sends the body bytes buffered so far: a written body's flush reaches the server. */
  void flushBody() {
    Wire w = requireWire();
    if (!w.sender().ended() && !w.sender().flushBody()) {
      throw Failures.translate(w.sender().failure(), Phase.SEND_REQUEST, url(), w.connection().readTimeout());
    }
  }

  HttpResponse getResponse() {
    ExchangeState next = state.on(Event.GET_RESPONSE);
    log.bodySize("> ", bodySent, "");
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
        boolean nothingSent = w != null && w.sender().nothingSent();
        dropWire();
        if (state != ExchangeState.REQUEST_SENT
            || !request.replayAfter(e, started, sendFailure != null, nothingSent)) {
          close();
          if (sendFailure != null && !started) {
            e.addSuppressed(sendFailure);
          }
          throw e;
        }
        log.note(nothingSent ? "connection was closed by the server before the request left; sending it on a new one"
            : "connection was closed by the server before answering; sending again on a new one");
        state = state.on(Event.REPLAY);
        sendHead(request.sentHead(), request.replayBody());
      }
    }
  }

  /** "route, state" for the connection's {@code toString}. */
  String describe() {
    return route + ", " + state.name().toLowerCase(java.util.Locale.ROOT) + (wire == null ? ", not connected" : "");
  }

  // ------------------------------------------------------------------------------ machinery

  private void start(String method, String target, Headers headers) {
    Objects.requireNonNull(headers, "headers");
    putRequest(method, target, headers.contains("Host"), headers.contains("Accept-Encoding"));
    request.fields(headers);
  }

  /** What writes a body through the sender; only the caller's own stream throws. */
  private interface BodyWriter {
    void writeTo(RequestSender sender) throws IOException;
  }

  private void sendBody(Headers given, BodyWriter body) {
    endHeaders(null);
    if (body == null) {
      return;
    }
    try {
      if (RequestHeads.expectsContinue(given)) {
        flushHead();
        Optional<ResponseHead> early = ContinueWait.await(requireWire().pump(), CONTINUE_TIMEOUT, log, url);
        if (early.isPresent()) {
          request.answeredEarly(early.get()); // getResponse returns it; the body is not sent
          requireWire().sender().skipBody();
          return;
        }
      }
      body.writeTo(requireWire().sender()); // a write failure is kept: getResponse looks for an answer first
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
      requireWire().sender().flush();
    } catch (IOException e) {
      throw Failures.translate(e, Phase.SEND_REQUEST, url(), requireWire().connection().readTimeout());
    }
  }

  private void sendHead(RequestHead head, byte[] body) {
    ExchangeState next = state.on(Event.END_HEADERS);
    Wire w = wire;
    if (w != null && (!w.isOpen() || (!request.canReplay() && !w.fitForOneShotBody()))) {
      dropWire(); // closed by the server, or idle long enough to check before a one-shot body
    }
    try {
      connect(null);
    } catch (CourierException e) {
      state = state.on(Event.HEAD_REFUSED);
      throw e;
    }
    request.sent(head, requireWire().beginExchange());
    state = next;
    log.request(head);
    try {
      requireWire().sender().writeHead(head, body);
    } catch (IllegalArgumentException | IllegalStateException e) {
      close(); // the writer refused the head (e.g. both Content-Length and Transfer-Encoding)
      throw e;
    }
    CurrentListener.get().requestHeadersEnd();
    requireWire().pump().expectResponseTo(head.method());
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
    EventPump pump = requireWire().pump();
    BodyFraming framing = pump.framing();
    HttpResponse opened = new HttpResponse(this, head, request.sentHead().method(), framing);
    response = opened;
    if (requireWire().sender().failure() != null) {
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

  /**
   * Body bytes of the open response into {@code into} (see {@link EventPump#readBody}); -1 when
   * the next event is not body bytes. A failure closes the connection.
   */
  int readBody(byte[] into, int offset, int length) {
    Wire w = requireWire();
    try {
      return w.pump().readBody(into, offset, length, Phase.READ_BODY, url);
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
    log.bodySize("< ", finished.received(), finished.chunked() ? "chunked" : "");
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
    if (abandoned == response) {
      log.bodySize("< ", abandoned.received(), "closed before the end");
    }
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
    Wire w = wire;
    return state == ExchangeState.IDLE && w != null && w.isIdleAndOpen() && w.pump().probeQuiet();
  }

  ExchangeState state() {
    return state;
  }
}

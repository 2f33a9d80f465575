package dev.courier.server;

import dev.courier.http.wire.BodyFraming;
import dev.courier.http.wire.Http1Parser;
import dev.courier.http.wire.HttpCodecException;
import dev.courier.http.wire.RequestHead;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;

/**
 * One HTTP/1.1 request and its response on a {@link ServerConnection}: build the request from the
 * head, call the handler, finish the request body, write the response, log it. Also the error
 * answered before or without a request. Runs only on the thread that serves the connection at the
 * time (on the selector-driven path that is a new virtual thread for each run, ordered after the
 * previous one by the connection's state compare-and-set), so its fields need no synchronisation.
 *
 * <p>Responses are buffered and flushed when no further pipelined request is already waiting, so
 * pipelined requests are answered in order with few writes. After a protocol error the parser is
 * dead, so the error response is the last thing written before the close (RFC 9112 section 9.3.2).
 */
final class ServerExchange {
  /** The body of a request without one: always at its end, shared (closing it changes nothing). */
  private static final InputStream NO_BODY = new InputStream() {
    @Override
    public int read() {
      return -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      return len == 0 ? 0 : -1;
    }
  };

  private final ServerConnection connection;
  private final HttpServer server;
  private final ServerConfig config;
  private final Http1Parser parser;
  /** Ends the connection's output after an error answer: TCP's FIN, after TLS's close_notify. */
  private final Closeable outputShutdown;
  private final SocketOutput out;
  private final ResponseWriter responses;
  private final InetSocketAddress remote;
  private final InetSocketAddress local;
  private final AccessLog accessLog;
  /** The peer is a trusted proxy (it never changes on a connection): only then are forwarding fields read. */
  private final boolean peerIsProxy;
  /** The client of the exchange being logged: a trusted proxy's word, or null for the peer. */
  private InetAddress logClient;
  // The exchange between handle() and respond(), which may run on different threads (the read
  // loop, then a worker): the hand-over between them orders these writes before those reads.
  private RequestHead head;
  private String requestLine;
  private RequestBody body;
  private ServerResponse response;
  private boolean keepAlive;

  ServerExchange(ServerConnection connection, HttpServer server, ServerConfig config, Http1Parser parser,
      Closeable outputShutdown, SocketOutput out, ResponseWriter responses, InetSocketAddress remote,
      InetSocketAddress local) {
    this.connection = connection;
    this.server = server;
    this.config = config;
    this.parser = parser;
    this.outputShutdown = outputShutdown;
    this.out = out;
    this.responses = responses;
    this.remote = remote;
    this.local = local;
    this.accessLog = config.accessLog();
    this.peerIsProxy = config.trustedProxies().contains(remote.getAddress());
  }

  /** The connection's response writer, whose head scratch a parking connection gives back. */
  ResponseWriter responses() {
    return responses;
  }

  /** One request and its response; false when the connection must close afterwards. */
  boolean exchange(RequestHead head) throws IOException {
    return handle(head) && respond();
  }

  /**
   * The first half of {@link #exchange}: builds the request and calls the handler, keeping its
   * answer for {@link #respond}. False when the exchange already ended and the connection must
   * close (an error was answered, or the client went away).
   */
  boolean handle(RequestHead head) throws IOException {
    this.head = head;
    this.response = null;
    logClient = null;
    requestLine = accessLog.enabled()
        ? head.method() + " " + head.target() + " " + head.version().text()
        : "";
    if (parser.isTunnel() || head.method().equals("CONNECT")) {
      // An origin server opens no tunnels (RFC 9110 section 9.3.6 is for proxies).
      return respondAndClose(head, requestLine, ErrorPages.html(501, "CONNECT is not supported"));
    }
    if (head.hasUnknownExpectation()) {
      // RFC 9110 section 10.1.1: an expectation we cannot meet is a 417; the body was never read.
      return respondAndClose(head, requestLine, ErrorPages.html(417, "only 100-continue is understood"));
    }
    BodyFraming framing = parser.framing();
    RequestBody body = framing.kind() == BodyFraming.Kind.NONE
        ? null
        : new RequestBody(connection, parser, out, config, head.expectsContinue());
    this.body = body;
    ServerRequest request;
    // Forwarding fields count only from a configured proxy: from anyone else, the client's word.
    ForwardedHeaders.View view =
        ForwardedHeaders.View.of(peerIsProxy, config.trustedProxies(), remote.getAddress(), head.headers());
    try {
      request = ServerRequest.received(head.method(), head.target(), head.version(), head.headers(),
          view.scheme(config.scheme()), remote, local, body == null ? NO_BODY : body,
          framing.kind() == BodyFraming.Kind.FIXED ? framing.length() : (body == null ? 0 : -1));
      view.applyTo(request);
      if (body != null) request.trailersFrom(body::trailers);
      logClient = request.clientAddress();
    } catch (IllegalArgumentException e) {
      // A target the codec's syntax lets through but Url refuses (RFC 9112 section 3.2: 400).
      return respondAndClose(head, requestLine, ErrorPages.html(400, e.getMessage()));
    }

    ServerResponse response;
    keepAlive = parser.keepAlive();
    if (head.isAsteriskForm()) {
      // OPTIONS * asks about the server, not a resource (RFC 9110 section 9.3.7).
      response = head.method().equals("OPTIONS")
          ? ServerResponse.of(204)
          : ErrorPages.html(400, "'*' is only for OPTIONS");
    } else {
      try {
        response = config.handler().handle(request);
        if (response == null) throw new NullPointerException("handler returned null for " + requestLine);
      } catch (HttpResponseException e) {
        response = ErrorPages.response(e.statusCode(), request, e.getMessage());
      } catch (HttpCodecException e) {
        // the body broke framing or a limit: answer, then close (the parser is unusable)
        return respondAndClose(head, requestLine, ErrorPages.response(e.status(), request, e.getMessage()));
      } catch (SocketTimeoutException e) {
        return respondAndClose(head, requestLine, ErrorPages.response(408, request, "the request body stalled"));
      } catch (UncheckedIOException e) {
        if (e.getCause() instanceof SocketTimeoutException) {
          return respondAndClose(head, requestLine, ErrorPages.response(408, request, "the request body stalled"));
        }
        if (body != null && body.failed()) return false; // the client went away mid-body
        response = internalError(request, e);
      } catch (IOException e) {
        if (body != null && body.failed()) return false;
        response = internalError(request, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (Exception | StackOverflowError e) {
        response = internalError(request, e);
      }
    }
    this.response = response;
    return true;
  }

  /**
   * True when the answer kept by {@link #handle} is written without waiting for anything but the
   * page cache: no body, a byte body, or a file region short enough to be copied rather than sent
   * with sendfile ({@link SocketOutput#copiesRegion}), and no trailers to ask for. Only such an
   * answer is written on the read loop's thread, through an output that never waits (see {@link
   * SocketOutput#onLoop}). A small file is read there as nginx reads it on its event loop: the
   * handler has already looked the file up and opened it on that thread, and handing the copy to
   * a virtual thread cost more than the copy (a 40 KiB file at c64: 1.15× the CPU per request and
   * 0.80× the rate, by round, session 35). A read held up by a cold disk is the {@link
   * LoopWatchdog}'s to catch, as a handler that blocks is.
   */
  boolean answerWithoutWaiting() {
    if (response.hasTrailers()) return false;
    return switch (response.body()) {
      case ServerResponseBody.Empty e -> true;
      case ServerResponseBody.Bytes b -> true;
      case ServerResponseBody.FileRegion f -> SocketOutput.copiesRegion(f.length());
      default -> false;
    };
  }

  /** The second half of {@link #exchange}: writes the answer {@link #handle} kept; false when the connection must close. */
  boolean respond() throws IOException {
    ServerResponse response = this.response;
    RequestBody body = this.body;
    this.response = null;
    this.body = null;
    if ((response.fieldFacts() & ServerResponse.ASKS_CLOSE) != 0) keepAlive = false;
    if (server.isStopping()) keepAlive = false;
    // A streamed response may still read the request body while it writes (an echo, a proxy):
    // the body is finished after it. Otherwise before, so the head can announce a close.
    boolean lazy = response.body() instanceof ServerResponseBody.Writer || response.body() instanceof ServerResponseBody.Stream;
    if (body != null && !lazy && keepAlive && !body.finish()) keepAlive = false;
    if (body != null && lazy) body.sendContinueIfAwaited();
    boolean stillAlive = writeResponse(head, response, keepAlive);
    if (body != null && lazy && stillAlive && !body.finish()) stillAlive = false;
    log(requestLine, response.statusCode());
    return stillAlive;
  }

  private ServerResponse internalError(ServerRequest request, Throwable e) {
    HttpServer.log().log(System.Logger.Level.ERROR, "handler failed on " + request, e);
    return ErrorPages.response(500, request, "");
  }

  private boolean respondAndClose(RequestHead head, String requestLine, ServerResponse response) throws IOException {
    writeResponse(head, response, false);
    log(requestLine, response.statusCode());
    return false;
  }

  private void log(String requestLine, int status) {
    if (accessLog.enabled()) {
      accessLog.log(logClient != null ? logClient : remote.getAddress(), null, config.clock().instant(), requestLine, status, responses.bodyBytes());
    }
  }

  /** An error answered before or without a request (bad head, timeout), then the close. */
  void sendError(int status, String message) {
    try {
      writeResponse(null, ErrorPages.html(status, message), false);
      out.flush();
      log("-", status);
      // Let the client read the answer before the close resets the connection (unread input).
      outputShutdown.close();
    } catch (IOException e) {
      // the client is gone
    }
  }

  /** Writes the response; false when the connection must close (asked for, or framing broke). */
  private boolean writeResponse(RequestHead head, ServerResponse response, boolean keepAlive) throws IOException {
    ServerResponseBody body = response.body();
    try {
      return responses.write(head, response, keepAlive);
    } finally {
      try {
        body.close();
      } catch (IOException e) {
        // the response is already sent or abandoned
      }
      if (!keepAlive || parser.buffered() == 0) out.flush();
    }
  }
}

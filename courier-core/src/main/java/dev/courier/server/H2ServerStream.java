package dev.courier.server;

import dev.courier.http.Headers;
import dev.courier.http.h2.BodyLength;
import dev.courier.http.h2.FlowWindow;
import dev.courier.http.h2.H2RequestHead;
import dev.courier.http.h2.InboundWindow;
import dev.courier.http.h2.StreamState;
import dev.courier.http.wire.HttpCodecException;
import dev.courier.http.wire.HttpVersion;
import dev.courier.internal.BodyQueue;
import dev.courier.internal.BodyWakes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.concurrent.Executor;

/**
 * One HTTP/2 request and its response, run on one of the server's worker virtual threads (or,
 * for a request without a body that the server's {@link LoopRouting} admits, on the connection's
 * reader thread): the request becomes the same {@link ServerRequest} the HTTP/1.1 path builds (version
 * {@code HTTP/2}), the handler's {@link ServerResponse} goes out as HEADERS and flow-controlled
 * DATA.
 *
 * <p>Who owns what: the state and both windows belong to the connection's lock
 * ({@link H2ServerStreams}), and are read and changed only by its holder; the reset and responded
 * marks are set under it too but volatile, since this stream's thread and the reader read them
 * without it. The reader thread owns the count of body bytes received and sets the trailers
 * (volatile) before the body ends; this stream's thread owns the count of bytes sent.
 */
final class H2ServerStream implements Runnable {
  private final int id;
  private final H2RequestHead head;
  /** The request body as DATA arrives; null when HEADERS ended the stream. */
  private final BodyQueue body;
  private final FlowWindow send;
  private final InboundWindow receive;
  private final BodyLength length;
  private StreamState state;
  /** Set once the stream is reset (either side) or the connection is lost: writes stop. */
  private volatile boolean reset;
  /** Set once the response has ended (END_STREAM sent): a client reset after it is no attack. */
  private volatile boolean responded;
  private long bodyReceived;
  /** The request's trailer fields, set by the reader before the body ends; null for none. */
  private volatile Headers trailers;
  /** Response body bytes sent as DATA, for the access log (this stream's thread). */
  private long bytesSent;
  /** The client's address for the access log (a trusted proxy's word, else the peer); null before the request. */
  private InetAddress client;
  /** The request's content-length, -1 for none. */
  private final long declaredLength;
  /** HEADERS carried END_STREAM: the request has no body at all. */
  private final boolean headersOnly;
  /** Connection window lent for this stream's body (under the lock), given back when it is retired. */
  private long lent;

  private final H2ServerConnection connection;

  H2ServerStream(H2ServerConnection connection, int id, H2RequestHead head, long declaredLength, boolean endStream,
      int peerInitialWindow, InboundWindow receive, long bodyTimeoutMillis) {
    this.connection = connection;
    this.id = id;
    this.head = head;
    this.declaredLength = declaredLength;
    this.send = FlowWindow.forStream(id, peerInitialWindow);
    this.receive = receive;
    this.length = new BodyLength(id, declaredLength);
    this.state = StreamState.IDLE.on(StreamState.Event.RECV_HEADERS, id);
    // A request without a body (HEADERS with END_STREAM, most GETs) needs no queue: DATA after it
    // is refused by the state machine before it could be queued.
    this.body = endStream ? null : new BodyQueue(bodyTimeoutMillis, n -> connection.consumed(this, n),
        cap -> connection.readingWhole(this, declaredLength >= 0 ? Math.min(declaredLength, cap) : cap),
        connection.payloads());
    this.headersOnly = endStream;
    if (endStream) state = state.on(StreamState.Event.RECV_END_STREAM, id);
  }

  int id() {
    return id;
  }

  // ---- under the connection's lock (H2ServerStreams)

  StreamState state() {
    return state;
  }

  /** Moves the state by {@code event} (section 5.1): the new state, or a stream or connection error. */
  StreamState on(StreamState.Event event) {
    return state = state.on(event, id);
  }

  /** Records {@code n} more bytes of connection window lent for this stream's body. */
  void lent(long n) {
    lent += n;
  }

  /**
   * The part of the connection window lent for this stream that its announced body can no longer
   * use, now given back (as the body arrives, the lending shrinks to what is still to come): once
   * the upload is in, the connection's window is back to what it was, and consumed bytes are kept
   * rather than renewing the client's credit, so the budget gets the lending back as the handler
   * reads instead of when the client next sends. 0 for a body of unknown length.
   */
  long lentPastRest() {
    if (declaredLength < 0 || lent == 0) return 0;
    long past = lent - Math.max(0, declaredLength - bodyReceived);
    if (past <= 0) return 0;
    lent -= past;
    return past;
  }

  /** The connection window lent for this stream, now given back (0 after the first call). */
  long takeLent() {
    long n = lent;
    lent = 0;
    return n;
  }

  /** Closes the stream at once (a reset, or a handler that ended early), whatever its state. */
  void close() {
    state = StreamState.CLOSED;
  }

  /** Our send window (section 6.9). */
  FlowWindow send() {
    return send;
  }

  /** The window the client's DATA counts against, and what we give back as it is read. */
  InboundWindow receive() {
    return receive;
  }

  /** The request body's length against its content-length (section 8.1.1). */
  BodyLength length() {
    return length;
  }

  /** Set under the lock, with the state; also by the reader when the connection is lost. */
  void markReset() {
    reset = true;
  }

  /** Set under the lock when END_STREAM went out. */
  void markResponded() {
    responded = true;
  }

  // ---- any thread

  boolean isReset() {
    return reset;
  }

  boolean responded() {
    return responded;
  }

  // ---- the reader thread

  /** Request body bytes received so far. */
  long bodyReceived() {
    return bodyReceived;
  }

  /** Counts {@code n} more request body bytes. */
  void bodyReceived(int n) {
    bodyReceived += n;
  }

  /** The request's trailer fields arrived (before the body ends). */
  void trailers(Headers fields) {
    trailers = fields;
  }

  /** The request body's queue, for the reader's DATA ({@link BodyWakes}); null when HEADERS ended the stream. */
  BodyQueue bodyQueue() {
    return body;
  }

  /** The reader thread: the request body ended. */
  void endBody() {
    if (body != null) body.end();
  }

  /** The stream was reset or the connection lost, or the body broke a limit: its reads throw {@code cause}. */
  void failBody(Exception cause) {
    if (body != null) body.fail(cause);
  }

  @Override
  public void run() {
    ServerResponse response = respond();
    if (response != null) send(response, null);
  }

  /**
   * Runs the handler on the connection's reader thread, for a request that ended with its HEADERS
   * (see {@link H2ServerConnection}): its response, or null when the stream died under it. Then
   * {@link #answer} sends it, from the reader or, if the reader was taken over meanwhile, from this
   * thread as a stream's own.
   */
  ServerResponse respondOnReader() {
    try {
      return respond();
    } finally {
      // An interrupt the handler left set would end the reader's next socket read. Looked at
      // first: clearing costs a lock on a virtual thread, looking a volatile read.
      if (Thread.currentThread().isInterrupted()) Thread.interrupted();
    }
  }

  /**
   * Sends {@code response} (null: nothing, the stream is finished). With {@code streamWorkers}, on
   * the reader, it is appended when it can leave without waiting ({@link H2ResponseSender#whole}),
   * and otherwise they send it, waiting for credit and for the socket as any stream's thread does;
   * without, this thread does.
   */
  void answer(ServerResponse response, Executor streamWorkers) {
    if (response != null) send(response, streamWorkers);
  }

  /** The request to the handler: its response, or null when the stream died under it (finished then). */
  private ServerResponse respond() {
    ServerConfig config = connection.config();
    ServerRequest request = null;
    try {
      Headers headers = head.headers(); // with host from :authority (the connection added it)
      long declared = declaredLength;
      boolean noBody = headersOnly; // not body.ended(): DATA with END_STREAM may already be here
      InputStream in = noBody ? InputStream.nullInputStream() : body;
      // Forwarding fields count only from a configured proxy, as on HTTP/1.1.
      ForwardedHeaders.View view = ForwardedHeaders.View.of(config.trustedProxies(), connection.remote().getAddress(), headers);
      request = ServerRequest.received(head.method(), head.target(), HttpVersion.HTTP_2, headers,
          view.scheme(config.scheme()), connection.remote(), connection.local(), in, noBody ? 0 : declared);
      view.applyTo(request);
      request.trailersFrom(() -> trailers);
      client = request.clientAddress();
      if (declared > config.limits().maxBodySize()) {
        return ErrorPages.response(413, request, "the request body is larger than " + config.limits().maxBodySize());
      } else if (head.method().equals("CONNECT")) {
        return ErrorPages.html(501, "CONNECT is not supported");
      } else if (head.path().equals("*")) {
        return ServerResponse.of(204); // OPTIONS * (RFC 9110 section 9.3.7)
      }
      return handle(config, request);
    } catch (IllegalArgumentException e) {
      return ErrorPages.html(400, e.getMessage());
    } catch (Stopped e) {
      connection.finished(this);
      return null;
    }
  }

  /**
   * Sends {@code response} and ends the stream. With {@code streamWorkers} (on the reader) only an
   * answer that leaves without waiting is sent here; any other goes to them.
   */
  private void send(ServerResponse response, Executor streamWorkers) {
    boolean handedOff = false;
    try {
      if (!connection.responses().whole(this, head.method(), response)) {
        if (streamWorkers != null) {
          streamWorkers.execute(() -> send(response, null));
          handedOff = true;
          return;
        }
        write(response);
      }
    } catch (IOException | UncheckedIOException e) {
      // Reset or lost: nothing more to say. Else the body's source failed mid-way: the reset
      // tells the client the response is incomplete (RFC 9113 section 8.1).
      if (!reset) connection.resetQuietly(this, dev.courier.http.h2.ErrorCode.INTERNAL_ERROR);
    } catch (RuntimeException e) {
      HttpServer.log().log(System.Logger.Level.ERROR, "response on stream " + id + " failed", e);
      connection.resetQuietly(this, dev.courier.http.h2.ErrorCode.INTERNAL_ERROR);
    } finally {
      if (!handedOff) {
        // Logged with the bytes that really left, as the HTTP/1.1 path does (a cut body logs less).
        connection.responses().log(client, head, response.statusCode(), bytesSent);
        try {
          response.body().close();
        } catch (IOException e) {
          // sent or abandoned
        }
        connection.finished(this);
      }
    }
  }

  /** This stream's thread: {@code n} more response body bytes left as DATA. */
  void sent(int n) {
    bytesSent += n;
  }

  /** Thrown when the stream died under the handler: no response is due. */
  private static final class Stopped extends Exception {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super(null, null, false, false);
    }
  }

  private ServerResponse handle(ServerConfig config, ServerRequest request) throws Stopped {
    try {
      ServerResponse response = config.handler().handle(request);
      if (response == null) throw new NullPointerException("handler returned null for " + head.method() + " " + head.path());
      return response;
    } catch (HttpResponseException e) {
      return ErrorPages.response(e.statusCode(), request, e.getMessage());
    } catch (HttpCodecException e) {
      return ErrorPages.response(e.status(), request, e.getMessage());
    } catch (SocketTimeoutException e) {
      return ErrorPages.response(408, request, "the request body stalled");
    } catch (UncheckedIOException | IOException e) {
      if (e.getCause() instanceof SocketTimeoutException || e instanceof SocketTimeoutException) {
        return ErrorPages.response(408, request, "the request body stalled");
      }
      if (reset) throw new Stopped();
      return internalError(request, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Stopped();
    } catch (Exception | StackOverflowError e) {
      if (reset) throw new Stopped();
      return internalError(request, e);
    }
  }

  private static ServerResponse internalError(ServerRequest request, Throwable e) {
    HttpServer.log().log(System.Logger.Level.ERROR, "handler failed on " + request, e);
    return ErrorPages.response(500, request, "");
  }

  /**
   * HEADERS, then the body as DATA, then the trailers if the response has them; no body and no
   * trailers for HEAD, 204 and 304 (RFC 9110 sections 9.3.2, 15.3.5, 15.4.5). A bytes or file
   * body's HEADERS leave with its first DATA, in one write; a streamed body's at once.
   */
  private void write(ServerResponse response) throws IOException {
    H2ResponseSender sender = connection.responses();
    ServerResponseBody content = response.body();
    int status = response.statusCode();
    boolean bodiless = head.method().equals("HEAD") || status == 204 || status == 304;
    boolean trailing = response.hasTrailers() && !bodiless;
    long length = content.length();
    boolean empty = bodiless || length == 0;
    boolean streamed = content instanceof ServerResponseBody.Stream || content instanceof ServerResponseBody.Writer;
    sender.headers(this, status, response.headers(), length, empty && !trailing, streamed);
    if (empty && !trailing) return;
    if (!empty) {
      switch (content) {
        case ServerResponseBody.Empty e -> {}
        case ServerResponseBody.Bytes b -> sender.data(this, b.data(), 0, b.data().length, !trailing);
        case ServerResponseBody.FileRegion f -> {
          H2BodyOutput out = new H2BodyOutput(sender, this);
          out.transferFrom(f.channel(), f.offset(), f.length());
          out.end(!trailing);
        }
        case ServerResponseBody.Stream s -> {
          H2BodyOutput out = new H2BodyOutput(sender, this);
          s.stream().transferTo(out);
          out.end(!trailing);
        }
        case ServerResponseBody.Writer w -> {
          // Not try-with-resources: a writer that fails must not end the stream as if complete.
          H2BodyOutput out = new H2BodyOutput(sender, this);
          w.writer().writeTo(out);
          out.end(!trailing);
        }
      }
    }
    if (trailing) sender.trailers(this, response.trailers());
  }
}

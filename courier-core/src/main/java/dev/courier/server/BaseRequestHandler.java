package dev.courier.server;

import dev.courier.http.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.InetSocketAddress;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Python's {@code http.server.BaseHTTPRequestHandler} for Java: subclass it, override {@code doGet},
 * {@code doPost}..., and answer with {@link #sendResponse}, {@link #sendHeader}, {@link #endHeaders}
 * and {@link #wfile()}, as a ported Python handler does. {@link #handler} turns it into a
 * {@link Handler} that runs on {@link HttpServer} beside any other, one new instance per request
 * (as Python creates one per request).
 *
 * <pre>{@code
 * class Hello extends BaseRequestHandler {
 *   @Override protected void doGet() throws IOException {
 *     byte[] body = ("you asked for " + path()).getBytes(StandardCharsets.UTF_8);
 *     sendResponse(200);
 *     sendHeader("Content-Type", "text/plain; charset=utf-8");
 *     sendHeader("Content-Length", String.valueOf(body.length));
 *     endHeaders();
 *     wfile().write(body);
 *   }
 * }
 * HttpServer.builder().port(8000).handler(BaseRequestHandler.handler(Hello::new)).start();
 * }</pre>
 *
 * <p>The name keeps Python's ({@code BaseHTTPRequestHandler} without the redundant "HTTP") so a
 * search for it finds this class. Differences from Python, each on purpose:
 *
 * <ul>
 *   <li>The server owns framing: a {@code Content-Length} you send is the body's length (fewer or
 *       more bytes close the connection), without one the body is chunked (HTTP/1.1); {@code Date}
 *       and {@code Server} are added for you; keep-alive follows HTTP/1.1 rather than Python's
 *       default {@code protocol_version = "HTTP/1.0"}. Send {@code Connection: close} to close.
 *   <li>{@link #rfile()} is the request body with its framing removed (chunked bodies too) and the
 *       server's limits applied; {@code Expect: 100-continue} is answered before your method runs.
 *   <li>The reason phrase of the status line is the registered one: {@code sendResponse(code,
 *       message)} keeps {@code message} only for the log (RFC 9112 section 4: clients ignore it).
 *   <li>Requests are logged by the server's {@link AccessLog}, not by {@code sendResponse};
 *       {@link #logMessage} writes to stderr in Python's format.
 *   <li>Misuse fails loudly instead of writing a broken response: a header after
 *       {@link #endHeaders}, body bytes before it, or returning without any response (answered 500).
 *   <li>An exception before the head is sent becomes the server's 500 (or the status of an
 *       {@link HttpResponseException}); after it, it is logged and the connection closes.
 * </ul>
 *
 * <p>Your method runs on its own virtual thread, so the body you write streams to the client
 * through a small bounded buffer while you write it.
 */
public abstract class BaseRequestHandler {
  private static final DateTimeFormatter LOG_DATE = DateTimeFormatter.ofPattern("dd/MMM/yyyy HH:mm:ss", Locale.ROOT);

  private ServerRequest request;
  private InputStream rfile;
  private HandlerPipe pipe;
  private OutputStream wfile;
  private CompletableFuture<ServerResponse> head;
  private int status; // 0 until sendResponse
  private Headers.Builder fields;
  private boolean headersEnded;
  private boolean finished; // sendError wrote a whole response

  /** For subclasses. */
  protected BaseRequestHandler() {}

  /**
   * A {@link Handler} that answers each request with a new instance from {@code factory}.
   *
   * <pre>{@code
   * Handler h = BaseRequestHandler.handler(MyHandler::new);
   * }</pre>
   */
  public static Handler handler(Supplier<? extends BaseRequestHandler> factory) {
    Objects.requireNonNull(factory, "factory");
    return request -> {
      BaseRequestHandler instance = Objects.requireNonNull(factory.get(), "the factory returned null");
      return instance.run(request);
    };
  }

  // ---- what a subclass overrides ----

  /** Answers GET; by default 501 as in Python when {@code do_GET} is missing. */
  protected void doGet() throws Exception {
    unsupported();
  }

  /** Answers HEAD; by default 501 (Python does not fall back to {@code do_GET} either). */
  protected void doHead() throws Exception {
    unsupported();
  }

  /** Answers POST; by default 501. */
  protected void doPost() throws Exception {
    unsupported();
  }

  /** Answers PUT; by default 501. */
  protected void doPut() throws Exception {
    unsupported();
  }

  /** Answers DELETE; by default 501. */
  protected void doDelete() throws Exception {
    unsupported();
  }

  /** Answers PATCH; by default 501. */
  protected void doPatch() throws Exception {
    unsupported();
  }

  /** Answers OPTIONS; by default 501. */
  protected void doOptions() throws Exception {
    unsupported();
  }

  /**
   * Answers any other method ({@link #command()} names it, e.g. {@code PROPFIND}), where Python
   * would look up {@code do_PROPFIND}; by default 501.
   */
  protected void doMethod(String method) throws Exception {
    unsupported();
  }

  private void unsupported() throws IOException {
    sendError(501, "Unsupported method ('" + command() + "')");
  }

  // ---- the request ----

  /** The method, e.g. {@code GET} (Python's {@code self.command}). */
  protected final String command() {
    return request.method();
  }

  /**
   * The path and query as sent, e.g. {@code /search?q=x} (Python's {@code self.path}), below the
   * prefix a {@link Router} mount removed; {@link #request()} has them parsed.
   */
  protected final String path() {
    return request.path() + request.query().map(q -> "?" + q).orElse("");
  }

  /** {@code HTTP/1.1} or {@code HTTP/1.0} (Python's {@code self.request_version}). */
  protected final String requestVersion() {
    return request.version().text();
  }

  /** The request's header fields (Python's {@code self.headers}); names match case-insensitively. */
  protected final Headers headers() {
    return request.headers();
  }

  /** The request body (Python's {@code self.rfile}), read at most once. */
  protected final InputStream rfile() {
    return rfile;
  }

  /** The client's address and port (Python's {@code self.client_address}). */
  protected final InetSocketAddress clientAddress() {
    return request.remoteAddress();
  }

  /** The whole request as the rest of the server sees it: query and path parameters, form, cookies. */
  protected final ServerRequest request() {
    return request;
  }

  // ---- the response ----

  /** Starts the response with {@code code} (Python's {@code send_response}). */
  protected final void sendResponse(int code) {
    sendResponse(code, null);
  }

  /**
   * Starts the response with {@code code}; {@code message} is not sent (the status line carries
   * the registered phrase) and may be null.
   *
   * @throws IllegalArgumentException when {@code code} is not 200-599 (interim answers are the server's)
   * @throws IllegalStateException after {@link #endHeaders}
   */
  protected final void sendResponse(int code, String message) {
    if (code < 200 || code > 599) throw new IllegalArgumentException("status must be 200-599: " + code);
    if (headersEnded) throw new IllegalStateException("the head was already sent; sendResponse(" + code + ") comes too late");
    status = code;
    if (fields == null) fields = Headers.builder();
  }

  /**
   * Adds a header field (Python's {@code send_header}); validated, so no CR, LF or NUL gets through.
   *
   * @throws IllegalStateException before {@link #sendResponse} or after {@link #endHeaders}
   */
  protected final void sendHeader(String name, String value) {
    if (status == 0) throw new IllegalStateException("sendResponse first, then sendHeader(" + name + ")");
    if (headersEnded) throw new IllegalStateException("the head was already sent; sendHeader(" + name + ") comes too late");
    fields.add(name, value);
  }

  /** Ends the head and sends it (Python's {@code end_headers}); then write the body to {@link #wfile()}. */
  protected final void endHeaders() {
    if (status == 0) throw new IllegalStateException("sendResponse first, then endHeaders");
    if (headersEnded) throw new IllegalStateException("endHeaders was already called");
    headersEnded = true;
    Headers h = fields.build();
    long length = contentLength(h.firstValue("Content-Length").orElse(""));
    head.complete(ServerResponse.builder(status).headers(h)
        .body(ServerResponseBody.of(pipe.source(), length)).build());
  }

  /**
   * The response body stream (Python's {@code self.wfile}); closing it is optional (returning from
   * your method ends the body).
   */
  protected final OutputStream wfile() {
    return wfile;
  }

  /** Answers with the error page of {@code code} (Python's {@code send_error}). */
  protected final void sendError(int code) throws IOException {
    sendError(code, null, null);
  }

  /** Answers with the error page of {@code code} showing {@code message} (may be null). */
  protected final void sendError(int code, String message) throws IOException {
    sendError(code, message, null);
  }

  /**
   * Answers with the error page of {@code code} (HTML, or JSON when the client's Accept prefers
   * it) showing {@code message} and {@code explain} (each may be null), with
   * {@code Connection: close} as Python sends; nothing can be written afterwards.
   *
   * @throws IllegalStateException after {@link #endHeaders}
   */
  protected final void sendError(int code, String message, String explain) throws IOException {
    if (headersEnded) throw new IllegalStateException("the head was already sent; sendError(" + code + ") comes too late");
    logError("code %d, message %s", code, message);
    if (code < 400) {
      sendResponse(code, message);
      fields = Headers.builder().set("Connection", "close");
      endHeaders();
    } else {
      String detail = message == null ? (explain == null ? "" : explain)
          : (explain == null ? message : message + ": " + explain);
      ServerResponse page = ErrorPages.response(code, request, detail);
      byte[] body = ((ServerResponseBody.Bytes) page.body()).data();
      sendResponse(code, message);
      fields = page.headers().newBuilder().set("Connection", "close")
          .set("Content-Length", String.valueOf(body.length));
      endHeaders();
      wfile.write(body);
    }
    finished = true;
  }

  // ---- logging ----

  /**
   * Logs a message to stderr as Python does: {@code host - - [date] message}, the message made with
   * {@link String#format} ({@code %s}, {@code %d}...). Override to log elsewhere.
   */
  protected void logMessage(String format, Object... args) {
    String host = clientAddress().getAddress().getHostAddress();
    System.err.println(host + " - - [" + LOG_DATE.format(ZonedDateTime.now()) + "] " + String.format(Locale.ROOT, format, args));
  }

  /** Logs an error (Python's {@code log_error}); by default through {@link #logMessage}. */
  protected void logError(String format, Object... args) {
    logMessage(format, args);
  }

  // ---- machinery ----

  /** Runs this instance for {@code req} on its own virtual thread; returns once the head is known. */
  private ServerResponse run(ServerRequest req) throws Exception {
    if (this.request != null) throw new IllegalStateException("a handler instance answers one request; the factory must make a new one");
    this.request = req;
    this.rfile = answerContinue(req);
    this.pipe = new HandlerPipe(req.method().equals("HEAD"));
    OutputStream sink = pipe.sink();
    this.wfile = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (!headersEnded) throw new IllegalStateException("endHeaders() comes before the body");
        if (finished) throw new IllegalStateException("sendError already wrote the whole response");
        sink.write(b, off, len);
      }

      @Override
      public void close() {
        pipe.closeWriter();
      }
    };
    this.head = new CompletableFuture<>();
    Thread.ofVirtual().name("courier-handler " + req.method() + " " + req.target()).start(this::dispatchAndFinish);
    try {
      return head.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) throw ex;
      if (cause instanceof Error err) throw err;
      throw e;
    }
  }

  private void dispatchAndFinish() {
    try {
      dispatch();
      if (!headersEnded) {
        if (status == 0) {
          head.completeExceptionally(new IllegalStateException(
              getClass().getName() + " returned from " + command() + " without sending a response"));
        } else {
          endHeaders(); // Python would never send a head left unended; sending it is kinder
        }
      }
    } catch (Throwable t) {
      if (headersEnded) {
        HttpServer.log().log(System.Logger.Level.ERROR, "handler failed after its head was sent: " + request, t);
        pipe.fail(t);
      } else {
        head.completeExceptionally(t);
      }
    } finally {
      pipe.handlerDone();
    }
  }

  private void dispatch() throws Exception {
    switch (command()) {
      case "GET" -> doGet();
      case "HEAD" -> doHead();
      case "POST" -> doPost();
      case "PUT" -> doPut();
      case "DELETE" -> doDelete();
      case "PATCH" -> doPatch();
      case "OPTIONS" -> doOptions();
      default -> doMethod(command());
    }
  }

  /**
   * Python's handler answers {@code Expect: 100-continue} before the method runs; so do we, by
   * reading the first body byte here, on the connection's thread: a first read later, while the
   * connection's thread writes the head, would make two threads write the interim answer.
   */
  private static InputStream answerContinue(ServerRequest req) throws IOException {
    InputStream body = req.body();
    boolean expects = req.header("Expect").map(v -> v.trim().equalsIgnoreCase("100-continue")).orElse(false);
    if (!expects) return body;
    PushbackInputStream pushback = new PushbackInputStream(body, 1);
    int first = pushback.read();
    if (first >= 0) pushback.unread(first);
    return pushback;
  }

  /** A Content-Length value as digits only (RFC 9110 section 8.6), else -1 (the body is then chunked). */
  private static long contentLength(String value) {
    if (value.isEmpty() || value.length() > 18) return -1;
    long n = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') return -1;
      n = n * 10 + (c - '0');
    }
    return n;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + (request == null ? "" : "{" + request + "}");
  }
}

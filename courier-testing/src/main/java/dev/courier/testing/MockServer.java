package dev.courier.testing;

import dev.courier.net.TlsContexts;
import dev.courier.net.TlsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.X509TrustManager;

/**
 * A real HTTP/1.1 server on 127.0.0.1 that answers with scripted {@link MockResponse}s and
 * records every {@link RecordedRequest}, for testing code that uses HTTP with any client (Courier,
 * the JDK's, curl...). Each connection runs on its own virtual thread; requests on one connection
 * are answered in order, and keep-alive works as in a real server.
 *
 * <p>Responses come from the queue ({@link #enqueue}) in order, else from the {@link Dispatcher};
 * a request neither answers gets a {@code 404}, or, with {@link Builder#failOnUnmatched()}, a
 * {@code 500} and an {@link AssertionError} from {@link #close()} naming the request. A {@link
 * RouteTable} is a dispatcher that routes by {@link RequestPattern}; {@link RequestHistory}'s
 * assertions count what arrived.
 *
 * <pre>{@code
 * try (MockServer server = MockServer.start()) {
 *   server.enqueue(MockResponse.json(Map.of("id", 7)));
 *   Response response = Courier.post(server.url("/users"), Body.json(Map.of("name", "Ada")));
 *   RecordedRequest request = server.takeRequest();
 *   assertEquals("/users", request.path());
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class MockServer implements AutoCloseable, RequestHistory {
  /** How long {@link #takeRequest()} waits before it fails. */
  public static final Duration DEFAULT_TAKE_TIMEOUT = Duration.ofSeconds(10);

  private final ServerSocket listener;
  private final Optional<MockCertificates> certificates;
  private final boolean failOnUnmatched;
  private final int bodyLimit;
  private final LinkedBlockingDeque<MockResponse> queue = new LinkedBlockingDeque<>();
  private volatile Dispatcher dispatcher;
  private final BlockingQueue<RecordedRequest> requests = new LinkedBlockingQueue<>();
  private final ReentrantLock historyLock = new ReentrantLock();
  private final ArrayDeque<RecordedRequest> history = new ArrayDeque<>(); // guarded by historyLock
  private final int keep;
  private final List<String> unmatched = new CopyOnWriteArrayList<>();
  private final List<String> errors = new CopyOnWriteArrayList<>();
  private final AtomicInteger requestCount = new AtomicInteger();
  private final AtomicInteger connectionCount = new AtomicInteger();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  private final Thread acceptor;

  private MockServer(Builder builder) throws IOException {
    this.failOnUnmatched = builder.failOnUnmatched;
    this.bodyLimit = builder.bodyLimit;
    this.keep = builder.keep;
    this.certificates = builder.https ? Optional.of(MockCertificates.create()) : Optional.empty();
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    if (certificates.isPresent()) {
      SSLContext context = certificates.get().serverContext();
      SSLServerSocket tls = (SSLServerSocket) context.getServerSocketFactory()
          .createServerSocket(0, 128, loopback);
      tls.setSSLParameters(TlsContexts.serverParameters(context));
      listener = tls;
    } else {
      listener = new ServerSocket(0, 128, loopback);
    }
    acceptor = Thread.ofVirtual().name("mock-server-accept-" + listener.getLocalPort())
        .start(this::acceptLoop);
  }

  /** Starts a plain HTTP server with the defaults on a free port of 127.0.0.1. */
  public static MockServer start() {
    return builder().start();
  }

  /** A builder for a server with options (HTTPS, unmatched policy, body cap). */
  public static Builder builder() {
    return new Builder();
  }

  /** The port the server listens on. */
  public int port() {
    return listener.getLocalPort();
  }

  /**
   * The absolute URL of {@code path} on this server, e.g. {@code http://127.0.0.1:54321/users}.
   * A path without a leading {@code /} gets one.
   */
  public String url(String path) {
    String scheme = certificates.isPresent() ? "https" : "http";
    return scheme + "://127.0.0.1:" + port() + (path.startsWith("/") ? "" : "/") + path;
  }

  /** Adds a response to the end of the queue; queued responses are used in order, once each. */
  public void enqueue(MockResponse response) {
    queue.addLast(Objects.requireNonNull(response, "response"));
  }

  /** Answers with {@code routes} whenever the queue is empty. */
  public void dispatcher(Dispatcher routes) {
    dispatcher = Objects.requireNonNull(routes, "routes");
  }

  /** Waits up to {@link #DEFAULT_TAKE_TIMEOUT} for the next request not yet taken. */
  public RecordedRequest takeRequest() {
    return takeRequest(DEFAULT_TAKE_TIMEOUT).orElseThrow(() -> new AssertionError(
        "no request arrived within " + DEFAULT_TAKE_TIMEOUT + " (" + requestCount() + " so far)"));
  }

  /** The next request not yet taken, waiting up to {@code timeout}; empty when none came. */
  public Optional<RecordedRequest> takeRequest(Duration timeout) {
    try {
      return Optional.ofNullable(requests.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** How many requests have been read so far (taken or not). */
  public int requestCount() {
    return requestCount.get();
  }

  /** How many connections have been accepted so far. */
  public int connectionCount() {
    return connectionCount.get();
  }

  /** Every request received so far, in arrival order, whether taken or not. */
  @Override
  public List<RecordedRequest> receivedRequests() {
    historyLock.lock();
    try {
      return List.copyOf(history);
    } finally {
      historyLock.unlock();
    }
  }

  /** The CA that signed this server's certificate: trust it and only it. */
  public X509Certificate certificateAuthority() {
    return https().ca();
  }

  /**
   * The CA certificate in PEM, for tools that read files: {@code curl --cacert}, {@code
   * openssl s_client -CAfile}, Python's {@code verify=}.
   */
  public String certificateAuthorityPem() {
    try {
      String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'})
          .encodeToString(https().ca().getEncoded());
      return "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n";
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode the CA certificate", e);
    }
  }

  /** Client settings that trust this server's CA (and nothing else), hostname checks on. */
  public TlsSettings tlsSettings() {
    return TlsSettings.builder().trustedCertificates(List.of(https().ca())).build();
  }

  /** A client {@link SSLContext} that trusts this server's CA, e.g. for the JDK's HttpClient. */
  public SSLContext sslContext() {
    return https().clientContext();
  }

  /**
   * A trust manager that trusts this server's CA, for clients that want one beside the context
   * (OkHttp's {@code sslSocketFactory(factory, trustManager)}).
   */
  public X509TrustManager trustManager() {
    return https().trustManager();
  }

  private MockCertificates https() {
    return certificates.orElseThrow(() -> new IllegalStateException(
        "this MockServer speaks plain HTTP: build it with MockServer.builder().https()"));
  }

  /**
   * Stops accepting, closes every connection and wakes stalled ones.
   *
   * @throws AssertionError when a scripted response could not be sent (the codec refused it, e.g.
   *     Content-Length on a 204), or, with {@link Builder#failOnUnmatched()}, when a request found
   *     no response
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      listener.close();
      // the port is released once the accept loop has seen the close: only then may a test
      // expect connections to be refused
      acceptor.join(Duration.ofSeconds(5));
    } catch (IOException ignored) {
      // nothing to release further
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Socket socket : open) {
      MockConnection.closeQuietly(socket);
    }
    for (Thread worker : workers) {
      worker.interrupt(); // ends a delayed head or a throttled body now, not when it would end
    }
    List<String> problems = new ArrayList<>(errors);
    if (failOnUnmatched) {
      for (String request : unmatched) {
        problems.add("no response for " + request);
      }
    }
    if (!problems.isEmpty()) {
      throw new AssertionError("MockServer: " + String.join("\n  ", problems));
    }
  }

  @Override
  public String toString() {
    return "MockServer[" + url("/") + ", " + requestCount() + " requests, " + queue.size() + " queued]";
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      int index = connectionCount.getAndIncrement();
      open.add(socket);
      Thread worker = Thread.ofVirtual().name("mock-server-" + port() + "-connection-" + index)
          .unstarted(() -> {
            try {
              new MockConnection(this, socket, index, bodyLimit).run();
            } finally {
              open.remove(socket);
              workers.remove(Thread.currentThread());
              MockConnection.closeQuietly(socket);
            }
          });
      workers.add(worker);
      worker.start();
    }
  }

  // ---- called by MockConnection ---------------------------------------------------------------

  boolean isClosed() {
    return closed;
  }

  int nextSequenceNumber() {
    return requestCount.getAndIncrement();
  }

  void reportError(String problem) {
    errors.add(problem);
  }

  void record(RecordedRequest request) {
    historyLock.lock();
    try {
      history.addLast(request);
      while (history.size() > keep) {
        history.pollFirst();
      }
    } finally {
      historyLock.unlock();
    }
    requests.add(request);
    while (requests.size() > keep) {
      requests.poll();
    }
  }

  /** Takes the head of the queue if it closes connections at start. */
  Optional<MockResponse> takeCloseAtStart() {
    MockResponse first = queue.peekFirst();
    if (first != null && first.fault() == Fault.CLOSE_AT_START && queue.remove(first)) {
      return Optional.of(first);
    }
    return Optional.empty();
  }

  /** Whether the response next in the queue ignores the request body (known before reading it). */
  boolean nextIgnoresBody() {
    MockResponse first = queue.peekFirst();
    return first != null && first.fault() == Fault.IGNORE_REQUEST_BODY;
  }

  MockResponse respond(RecordedRequest request) throws Exception {
    MockResponse queued = queue.pollFirst();
    if (queued != null) {
      return queued;
    }
    Dispatcher routes = dispatcher;
    if (routes != null) {
      return Objects.requireNonNull(routes.dispatch(request), "the dispatcher returned null");
    }
    if (failOnUnmatched) {
      unmatched.add(request.requestLine());
      return MockResponse.builder().status(500)
          .body("MockServer: no response queued for " + request.requestLine() + "\n").build();
    }
    return MockResponse.builder().status(404)
        .body("MockServer: no response queued for " + request.requestLine() + "\n").build();
  }

  /** Builds a {@link MockServer}. */
  public static final class Builder {
    private boolean https;
    private boolean failOnUnmatched;
    private int bodyLimit = 1 << 20;
    private int keep = Integer.MAX_VALUE;

    private Builder() {}

    /**
     * Keeps only the last {@code most} requests for {@link MockServer#receivedRequests()} and
     * {@link MockServer#takeRequest()} (all by default), for load tests and benchmarks; {@link
     * MockServer#requestCount()} still counts every one.
     */
    public Builder keepRequests(int most) {
      if (most < 0) {
        throw new IllegalArgumentException("negative count: " + most);
      }
      keep = most;
      return this;
    }

    /** Speak HTTPS with a certificate for localhost and 127.0.0.1, signed by a fresh CA. */
    public Builder https() {
      https = true;
      return this;
    }

    /**
     * Answer requests with no queued response and no dispatcher with {@code 500}, and make {@link
     * MockServer#close()} fail the test; by default they get a {@code 404}.
     */
    public Builder failOnUnmatched() {
      failOnUnmatched = true;
      return this;
    }

    /** The most body bytes kept per recorded request (1 MiB by default); all are counted. */
    public Builder bodyLimit(int bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("negative body limit: " + bytes);
      }
      bodyLimit = bytes;
      return this;
    }

    /** Starts the server on a free port of 127.0.0.1. */
    public MockServer start() {
      try {
        return new MockServer(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the MockServer", e);
      }
    }
  }
}

package dev.courier;

import dev.courier.error.CourierException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.client.Proxy;
import dev.courier.client.ProxyRules;
import dev.courier.cookies.CookieJar;
import dev.courier.net.TlsSettings;
import dev.courier.http.Headers;
import dev.courier.http.Url;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps what a series of requests share: a connection pool, a cookie jar, default headers and
 * query parameters, auth, timeouts, a retry policy, TLS and proxy settings, hooks and
 * interceptors. Thread-safe: share one session across threads (and close it when done, which
 * closes its pooled connections).
 *
 * <pre>{@code
 * try (Session session = Session.builder()
 *     .header("Accept", "application/json")
 *     .auth(Auth.bearer(token))
 *     .timeouts(Timeouts.defaults().withTotal(Duration.ofSeconds(20)))
 *     .retry(Retry.defaults())
 *     .build()) {
 *   JsonNode me = session.get("https://api.example.com/me").raiseForStatus().json();
 *   CompletableFuture<Response> later = session.sendAsync(Request.get("https://api.example.com/feed").build());
 * }
 * }</pre>
 *
 * <p>How a call runs, in order ({@link #call}): the session's defaults are merged into the
 * request; then the {@link Interceptor}s; then retries, auth challenges and redirects; then the
 * bridge (Host, framing, Accept-Encoding and decoding, cookies); then the network interceptors
 * (once per attempt); then connect and exchange.
 *
 * <p>Limits: a buffered body (the default, see {@link Request.Builder#stream}) is capped at
 * {@link #DEFAULT_MAX_BUFFERED_BODY}; a decoded (decompressed) body at
 * {@link #DEFAULT_MAX_DECODED_BODY}, streamed or not; both raise {@link dev.courier.error.BodyTooLargeException}.
 */
public final class Session implements AutoCloseable {
  /** 64 MiB: bigger bodies should be streamed; this keeps a surprise from filling the heap. */
  public static final long DEFAULT_MAX_BUFFERED_BODY = 64L << 20;
  /** 1 GiB decoded from a compressed body: far past real pages, far below a bomb's gigabytes. */
  public static final long DEFAULT_MAX_DECODED_BODY = 1L << 30;
  /** The User-Agent sent unless the request or session sets one. */
  public static final String DEFAULT_USER_AGENT = "courier/0.1";

  /** Waits between retries; tests pass one that records instead of sleeping. */
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final Headers headers;
  private final Map<String, Object> params;
  private final Auth auth;
  private final CookieJar cookieJar; // null: no cookies
  private final Timeouts timeouts;
  private final Retry retry;
  private final boolean followRedirects;
  private final int maxRedirects;
  private final Hook hooks; // the session's hooks as one, made once
  private final List<Interceptor> interceptors;
  private final List<Interceptor> networkInterceptors;
  private final long maxBufferedBody;
  private final long maxDecodedBody;
  private final ObjectMapper mapper;
  private final Set<String> scopedHeaders;
  private final String userAgent;
  private final BridgeStep bridge; // one per session: it caches the fields of plain requests
  private final Mounts mounts;
  private final InstantSource clock;
  private final Sleeper sleeper;
  private final EventListener.Factory eventListeners; // null: none
  private final List<Interceptor> steps; // the chain of every call, made once (see call)
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ReentrantLock executorLock = new ReentrantLock();
  private ExecutorService executor; // created on first sendAsync; guarded by executorLock

  private Session(Builder b) {
    this.headers = b.headers.build();
    this.params = Map.copyOf(b.params);
    this.auth = b.auth;
    this.cookieJar = b.cookies ? (b.cookieJar != null ? b.cookieJar : CookieJar.create()) : null;
    this.timeouts = b.timeouts;
    this.retry = b.retry;
    this.followRedirects = b.followRedirects;
    this.maxRedirects = b.maxRedirects;
    this.hooks = b.hooks.isEmpty() ? Hooks.NONE : new Hooks(b.hooks);
    this.interceptors = List.copyOf(b.interceptors);
    this.networkInterceptors = List.copyOf(b.networkInterceptors);
    this.maxBufferedBody = b.maxBufferedBody;
    this.maxDecodedBody = b.maxDecodedBody;
    this.mapper = b.mapper;
    this.scopedHeaders = Set.copyOf(b.scopedHeaders);
    this.userAgent = b.userAgent;
    this.mounts = new Mounts(b.mounts,
        new NetworkAdapter(b.exchanger != null ? b.exchanger : b.transport.build(), null));
    this.bridge = new BridgeStep(cookieJar, userAgent);
    this.clock = b.clock;
    this.sleeper = b.sleeper;
    this.eventListeners = b.eventListeners;
    this.steps = steps(new FollowUpStep(scopedHeaders),
        new ExchangeStep(mounts, maxDecodedBody, maxBufferedBody, mapper));
  }

  /** A session with every default: connect 10 s, read 30 s, redirects followed, no retries, a cookie jar. */
  public static Session create() {
    return builder().build();
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends {@code request} and returns the final response (after redirects and retries). Unless
   * the request asked to {@link Request.Builder#stream stream}, the body has been read and the
   * connection is back in the pool.
   *
   * @throws CourierException when no response could be had (never for a 4xx/5xx: see
   *     {@link Response#raiseForStatus()})
   */
  public Response send(Request request) {
    if (closed.get()) throw new IllegalStateException("session is closed");
    CallEvents events = CallEvents.start(eventListeners, request);
    try {
      return send(request, events);
    } catch (RuntimeException e) {
      events.failed(e);
      throw e;
    }
  }

  private Response send(Request request, CallEvents events) {
    Request prepared = withDefaults(request);
    CallContext call = new CallContext(
        request.timeouts().orElse(timeouts),
        retryOf(request),
        request.followRedirects().orElse(followRedirects && !request.method().equals("HEAD")),
        request.maxRedirects().orElse(maxRedirects),
        resolveAuth(request),
        hooks,
        clock,
        sleeper,
        events,
        steps);
    try {
      Response response = call(prepared, call);
      events.finished();
      if (!request.isStream()) {
        try {
          response.body().bytes();
        } catch (CourierException e) {
          CourierException reported = call.deadlineOr(e, response.url().redacted());
          call.hooks.onFailure(prepared, reported);
          throw reported;
        }
      }
      return response;
    } finally {
      call.watchdog.close();
    }
  }

  /** The request's retry policy, else the one for its URL (no lambda on the hot path). */
  private Retry retryOf(Request request) {
    java.util.Optional<Retry> own = request.retry();
    return own.isPresent() ? own.get() : retryFor(request.url());
  }

  /**
   * The chain of every call, in order: the caller's interceptors, then retries/auth/redirects,
   * then the bridge, then the caller's network interceptors, then the exchange.
   */
  private List<Interceptor> steps(Interceptor followUps, Interceptor exchange) {
    if (interceptors.isEmpty() && networkInterceptors.isEmpty()) {
      return List.of(followUps, bridge, exchange);
    }
    List<Interceptor> all = new ArrayList<>(interceptors.size() + networkInterceptors.size() + 3);
    all.addAll(interceptors);                                                         // 1. user interceptors
    all.add(followUps);                                                               // 2. retry and follow-ups
    all.add(bridge);                                                                  // 3. bridge
    all.addAll(networkInterceptors);                                                  // 3b. per attempt
    all.add(exchange);                                                                // 4. exchange
    return List.copyOf(all);
  }

  /** Runs one call through the session's chain. */
  private Response call(Request request, CallContext call) {
    return call.proceed(0, request);
  }

  /** Sends on a virtual thread; the future fails with the same exceptions {@link #send} throws. */
  public CompletableFuture<Response> sendAsync(Request request) {
    if (closed.get()) throw new IllegalStateException("session is closed");
    return CompletableFuture.supplyAsync(() -> send(request), executor());
  }

  /** GET {@code url}. */
  public Response get(String url) {
    return send(Request.plainGet(url)); // issue 15: no builder for the commonest call
  }

  /** GET {@code url} with query parameters ({@code requests}' {@code params=}). */
  public Response get(String url, Map<String, ?> params) {
    return send(Request.get(url).params(params).build());
  }

  /** HEAD {@code url} (redirects not followed unless the request asks). */
  public Response head(String url) {
    return send(Request.head(url).build());
  }

  /** POST {@code body} to {@code url}. */
  public Response post(String url, Body body) {
    return send(Request.post(url).body(body).build());
  }

  /** PUT {@code body} to {@code url}. */
  public Response put(String url, Body body) {
    return send(Request.put(url).body(body).build());
  }

  /** PATCH {@code body} to {@code url}. */
  public Response patch(String url, Body body) {
    return send(Request.patch(url).body(body).build());
  }

  /** DELETE {@code url}. */
  public Response delete(String url) {
    return send(Request.delete(url).build());
  }

  /** OPTIONS {@code url}. */
  public Response options(String url) {
    return send(Request.options(url).build());
  }

  /** Any method, e.g. {@code request("PROPFIND", url)}. */
  public Response request(String method, String url) {
    return send(Request.builder(method, url).build());
  }

  /** The cookie jar, when the session keeps cookies (it does unless built with {@code noCookies()}). */
  public java.util.Optional<CookieJar> cookies() {
    return java.util.Optional.ofNullable(cookieJar);
  }

  /** The default headers added to every request. */
  public Headers headers() {
    return headers;
  }

  /** The default timeouts. */
  public Timeouts timeouts() {
    return timeouts;
  }

  /** The default retry policy. */
  public Retry retry() {
    return retry;
  }

  /** Closes pooled connections and stops accepting calls. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    executorLock.lock();
    try {
      if (executor != null) executor.shutdown();
    } finally {
      executorLock.unlock();
    }
    for (Adapter adapter : mounts.all()) adapter.close();
  }

  /**
   * Closes the network adapters' pooled connections that no call is using (HTTP/1.1 connections
   * idle in the pool, HTTP/2 connections with no stream open); the session stays open, and the
   * next call connects again.
   */
  void evictIdleConnections() {
    for (Adapter adapter : mounts.all()) {
      if (adapter instanceof NetworkAdapter network) network.evictIdleConnections();
    }
  }

  /** The retry policy of the network adapter mounted for {@code url}, else the session's. */
  private Retry retryFor(Url url) {
    return mounts.select(url) instanceof NetworkAdapter n ? n.retry().orElse(retry) : retry;
  }

  private ExecutorService executor() {
    executorLock.lock();
    try {
      if (executor == null) {
        executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("courier-async-", 0).factory());
      }
      return executor;
    } finally {
      executorLock.unlock();
    }
  }

  /** The request with the session's defaults: headers it lacks, the session's query parameters, no user-info. */
  private Request withDefaults(Request request) {
    Url url0 = request.url();
    if (headers.isEmpty() && params.isEmpty() && url0.username().isEmpty() && url0.password().isEmpty()) {
      return request; // nothing to add: no copy
    }
    Request.Builder b = request.newBuilder();
    Headers own = request.headers();
    java.util.Set<String> removed = request.removedHeaders();
    for (int i = 0; i < headers.size(); i++) {
      String name = headers.name(i);
      if (!own.contains(name) && (removed.isEmpty() || !removed.contains(name.toLowerCase(java.util.Locale.ROOT)))) {
        b.header(name, headers.value(i));
      }
    }
    Url url = request.url();
    if (!url.username().isEmpty() || !url.password().isEmpty()) b.url(url.withoutUserInfo());
    // Session parameters the request does not set itself (as requests merges session.params).
    params.forEach((name, value) -> {
      if (request.url().queryParameterValues(name).isEmpty()) b.param(name, value);
    });
    return b.build();
  }

  // ---- issue 13: prepare ----

  /**
   * The request as this session would send it, without sending it (requests' {@code
   * prepare_request}): the session's default headers and parameters merged, the URL's user-info
   * taken out, the auth applied (Basic, Bearer, netrc and your own {@link Auth#apply}; not Digest,
   * whose header answers a challenge the server has not made yet), cookies from the jar, and the
   * bridge's fields (Host, User-Agent, Accept, Accept-Encoding, Content-Type, Content-Length or
   * Transfer-Encoding). Built by the same steps as {@link #send}; interceptors do not run.
   *
   * <pre>{@code
   * PreparedRequest p = session.prepare(Request.post(url).json(Map.of("a", 1)).build());
   * p.headers().firstValue("Content-Length");   // Optional[7]
   * log.debug(p.toCurl());                        // credentials shown as ****
   * }</pre>
   */
  public PreparedRequest prepare(Request request) {
    Request merged = withDefaults(request);
    Auth resolved = resolveAuth(request);
    // Digest counts nonces in apply(): calling it here would change the next real request
    Request authed = resolved == null || resolved instanceof DigestAuth ? merged : resolved.apply(merged);
    return new PreparedRequest(bridge.outgoing(authed).request());
  }

  /** The request's auth, else user-info in its URL (as Basic), else the session's. */
  private Auth resolveAuth(Request request) {
    if (request.auth().isPresent()) return request.auth().get();
    Url url = request.url();
    if (!url.username().isEmpty() || !url.password().isEmpty()) return Auth.basic(url.username(), url.password());
    return auth;
  }

  @Override
  public String toString() {
    return "Session[" + timeouts + ", " + retry + ", redirects=" + (followRedirects ? maxRedirects : 0) + "]";
  }

  /** Builds a {@link Session}. */
  public static final class Builder {
    private final Headers.Builder headers = Headers.builder();
    private final Map<String, Object> params = new LinkedHashMap<>();
    private Auth auth;
    private boolean cookies = true;
    private CookieJar cookieJar;
    private Timeouts timeouts = Timeouts.defaults();
    private Retry retry = Retry.none();
    private boolean followRedirects = true;
    private int maxRedirects = Redirects.DEFAULT_MAX;
    private final List<Hook> hooks = new ArrayList<>();
    private final List<Interceptor> interceptors = new ArrayList<>();
    private final List<Interceptor> networkInterceptors = new ArrayList<>();
    private long maxBufferedBody = DEFAULT_MAX_BUFFERED_BODY;
    private long maxDecodedBody = DEFAULT_MAX_DECODED_BODY;
    // null: Courier's default mapper, made on the first json() call (building a Jackson mapper
    // loads hundreds of classes: a session that never reads JSON, like the CLI's, skips that).
    private ObjectMapper mapper;
    private final Set<String> scopedHeaders = new LinkedHashSet<>();
    private String userAgent = DEFAULT_USER_AGENT;
    final ClientExchanger.Settings transport = new ClientExchanger.Settings();
    private Exchanger exchanger;
    private final Map<String, Adapter> mounts = new LinkedHashMap<>();
    private TrustedEnvironment environment; // null: the environment is not read
    private InstantSource clock = InstantSource.system();
    private Sleeper sleeper = d -> Thread.sleep(d);
    private EventListener.Factory eventListeners;

    private Builder() {}

    /** A header sent with every request that does not set it. */
    public Builder header(String name, String value) {
      headers.add(name, value);
      return this;
    }

    /** Headers sent with every request that does not set them. */
    public Builder headers(Headers more) {
      headers.addAll(more);
      return this;
    }

    /** A query parameter added to every request ({@code requests}' {@code session.params}). */
    public Builder param(String name, Object value) {
      params.put(Objects.requireNonNull(name), value);
      return this;
    }

    /** Auth for every request to the origin it is sent to (a request's own auth wins). */
    public Builder auth(Auth auth) {
      this.auth = auth;
      return this;
    }

    /** The cookie jar to use (shared with whoever else holds it); by default a new empty one. */
    public Builder cookieJar(CookieJar jar) {
      this.cookieJar = Objects.requireNonNull(jar);
      this.cookies = true;
      return this;
    }

    /** TLS settings: trust, client certificate, protocols (default: the JDK trust store, TLS 1.2+). */
    public Builder tls(TlsSettings tls) {
      transport.tls = Objects.requireNonNull(tls);
      return this;
    }

    /** One proxy for every request ({@code http://}, {@code https://} or {@code socks5://}). */
    public Builder proxy(Proxy proxy) {
      transport.proxies = ProxyRules.of(proxy, dev.courier.client.NoProxy.none());
      return this;
    }

    /** Proxy rules (per scheme, with exclusions). */
    public Builder proxies(ProxyRules rules) {
      transport.proxies = Objects.requireNonNull(rules);
      return this;
    }

    /**
     * Proxies from {@code HTTP_PROXY}, {@code HTTPS_PROXY}, {@code ALL_PROXY} and {@code NO_PROXY}
     * (as curl and requests' {@code trust_env}); off by default so that the environment never
     * silently reroutes a session.
     */
    public Builder proxiesFromEnvironment() {
      transport.proxies = ProxyRules.fromSystemEnvironment();
      return this;
    }

    /** Most connections per route (scheme, host, port, proxy, TLS); default 10. */
    public Builder maxConnectionsPerRoute(int n) {
      if (n < 1) throw new IllegalArgumentException("need at least one connection per route");
      transport.maxConnectionsPerRoute = n;
      return this;
    }

    /** Most connections in the pool; default 100. */
    public Builder maxConnectionsTotal(int n) {
      if (n < 1) throw new IllegalArgumentException("need at least one connection");
      transport.maxConnectionsTotal = n;
      return this;
    }

    /** How long an idle pooled connection is kept; default 30 s. */
    public Builder idleTimeout(Duration idle) {
      transport.idleTimeout = Objects.requireNonNull(idle);
      return this;
    }

    /** Logs each exchange's heads (credentials and cookies hidden) to the {@code dev.courier.client} logger. */
    public Builder debug(boolean on) {
      transport.debug = on;
      return this;
    }

    /**
     * Which HTTP versions to speak (default {@link HttpVersionPolicy#HTTP_2_PREFERRED}: HTTP/2
     * when a TLS server chooses it by ALPN, else HTTP/1.1). HTTP/2 requests to one origin share
     * one connection, many at once.
     *
     * <pre>{@code
     * Session s = Session.builder().httpVersionPolicy(HttpVersionPolicy.HTTP_2_ONLY).build();
     * }</pre>
     */
    public Builder httpVersionPolicy(HttpVersionPolicy policy) {
      transport.httpVersionPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Neither store nor send cookies. */
    public Builder noCookies() {
      this.cookies = false;
      this.cookieJar = null;
      return this;
    }

    /** Default timeouts (connect 10 s, read 30 s unless changed). */
    public Builder timeouts(Timeouts timeouts) {
      this.timeouts = Objects.requireNonNull(timeouts);
      return this;
    }

    /** One timeout for connect and each read. */
    public Builder timeout(Duration connectAndRead) {
      return timeouts(Timeouts.of(connectAndRead));
    }

    /** The retry policy (default {@link Retry#none()}). */
    public Builder retry(Retry retry) {
      this.retry = Objects.requireNonNull(retry);
      return this;
    }

    /** Whether redirects are followed (default true; HEAD only when the request asks). */
    public Builder followRedirects(boolean follow) {
      this.followRedirects = follow;
      return this;
    }

    /** The redirect limit (default 30). */
    public Builder maxRedirects(int max) {
      if (max < 0) throw new IllegalArgumentException("maxRedirects must be >= 0");
      this.maxRedirects = max;
      return this;
    }

    /** A hook told of every attempt, response, redirect, retry and failure. */
    public Builder hook(Hook hook) {
      hooks.add(Objects.requireNonNull(hook));
      return this;
    }

    /** An interceptor around every call; interceptors run in the order added. */
    public Builder interceptor(Interceptor interceptor) {
      interceptors.add(Objects.requireNonNull(interceptor));
      return this;
    }

    /**
     * An interceptor around each attempt (every retry, redirect and auth answer), after the bridge
     * and just before the exchange, as OkHttp's network interceptors: it sees the request as it
     * goes on the wire, and a response it returns without calling {@code proceed} (see {@link
     * Response#builder()}) is handled as the network's: cookies stored, redirects followed,
     * retries and hooks applied.
     */
    public Builder networkInterceptor(Interceptor interceptor) {
      networkInterceptors.add(Objects.requireNonNull(interceptor));
      return this;
    }

    /** The cap on a buffered body (default 64 MiB). */
    public Builder maxBufferedBody(long bytes) {
      if (bytes < 0) throw new IllegalArgumentException("negative limit");
      this.maxBufferedBody = bytes;
      return this;
    }

    /** The cap on a decoded (decompressed) body (default 1 GiB). */
    public Builder maxDecodedBody(long bytes) {
      if (bytes < 0) throw new IllegalArgumentException("negative limit");
      this.maxDecodedBody = bytes;
      return this;
    }

    /** The Jackson mapper for {@code json()} on responses. */
    public Builder objectMapper(ObjectMapper mapper) {
      this.mapper = Objects.requireNonNull(mapper);
      return this;
    }

    /**
     * A header that, like {@code Authorization}, is removed when a redirect leaves the origin
     * (API keys in {@code X-Api-Key}, for example).
     */
    public Builder originScopedHeader(String name) {
      scopedHeaders.add(dev.courier.http.FieldSyntax.requireToken("header name", name));
      return this;
    }

    /** The User-Agent (empty: send none). */
    public Builder userAgent(String userAgent) {
      this.userAgent = dev.courier.http.FieldSyntax.requireFieldValue("User-Agent", userAgent);
      return this;
    }

    /**
     * Sends the requests whose URL starts with {@code urlPrefix} through {@code adapter}, as
     * requests' {@code session.mount}: the longest matching prefix wins, scheme and host compared
     * without regard to case; mounting a prefix again replaces its adapter; URLs no prefix matches
     * go to the network with this builder's TLS, proxy and pool settings (an empty prefix replaces
     * that default). Chosen again for every redirect. The session closes its adapters when closed.
     *
     * <pre>{@code
     * Session s = Session.builder()
     *     .mount("https://api.test/", (request, exchange) ->
     *         Response.builder().request(request).statusCode(204).build())
     *     .mount("http://docker/", NetworkAdapter.builder().unixSocket(Path.of("/var/run/docker.sock")).build())
     *     .build();
     * }</pre>
     */
    public Builder mount(String urlPrefix, Adapter adapter) {
      mounts.put(Mounts.normalize(Objects.requireNonNull(urlPrefix, "urlPrefix")), Objects.requireNonNull(adapter, "adapter"));
      return this;
    }

    /**
     * Reads the environment as requests' {@code trust_env} does (off by default, so that the
     * environment never silently reroutes or re-trusts a session): proxies from {@code
     * http_proxy}, {@code https_proxy}, {@code all_proxy} and {@code no_proxy} (lower case first,
     * then upper case), the CA bundle named by {@code REQUESTS_CA_BUNDLE}, {@code CURL_CA_BUNDLE}
     * or {@code SSL_CERT_FILE} (trusted instead of the JDK store), and Basic credentials for a
     * request's host from {@code $NETRC} or {@code ~/.netrc}. Each fills only what this builder
     * was not given ({@link #proxy}, {@link #tls}, {@link #auth} win), and applies to the default
     * network adapter, not to mounted ones. Read when {@link #build()} runs.
     *
     * <pre>{@code
     * Session s = Session.builder().trustEnvironment().build();   // like requests.Session()
     * }</pre>
     *
     * @throws IllegalArgumentException from {@link #build()}, naming the variable, when a proxy
     *     URL is invalid or a CA bundle cannot be read
     */
    public Builder trustEnvironment() {
      this.environment = TrustedEnvironment.system();
      return this;
    }

    /**
     * The resolver for host names (default: the system's), as OkHttp's {@code Dns}. When a name
     * has several addresses, connecting races them as Happy Eyeballs v2 (RFC 8305): families
     * interleaved, the next attempt 250 ms after the one before or as soon as it fails, the first
     * connection wins and the others are closed.
     *
     * <pre>{@code
     * Session s = Session.builder()
     *     .dns(host -> host.equals("api.test") ? List.of(InetAddress.getLoopbackAddress()) : Dns.system().lookup(host))
     *     .build();
     * }</pre>
     */
    public Builder dns(dev.courier.net.Dns resolver) {
      transport.dns = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** {@link #trustEnvironment()} with this environment and home directory (for tests). */
    Builder trustEnvironment(Map<String, String> env, java.nio.file.Path home) {
      this.environment = new TrustedEnvironment(Map.copyOf(env), home);
      return this;
    }

    /** Fills what the builder was not given from the trusted environment. */
    private void applyEnvironment() {
      if (transport.proxies == null) transport.proxies = environment.proxies();
      if (transport.tls == null) environment.tls().ifPresent(t -> transport.tls = t);
      if (auth == null) auth = environment.netrc().orElse(null);
    }

    Builder exchanger(Exchanger exchanger) {
      this.exchanger = exchanger;
      return this;
    }

    Builder clock(InstantSource clock) {
      this.clock = clock;
      return this;
    }

    Builder sleeper(Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    /**
     * A listener told when each phase of every call starts and ends (lookup, connect, TLS, first
     * byte, body...), to time them; see {@link EventListener} for the order.
     *
     * <pre>{@code
     * Session.builder().eventListener(new EventListener() {
     *   public void connectionAcquired(Request request, boolean reused) { log.debug("reused={}", reused); }
     * })
     * }</pre>
     */
    public Builder eventListener(EventListener listener) {
      Objects.requireNonNull(listener, "listener");
      this.eventListeners = call -> listener;
      return this;
    }

    /** As {@link #eventListener}, with a new listener for each call (for state per call), made before it starts. */
    public Builder eventListenerFactory(EventListener.Factory factory) {
      this.eventListeners = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /** The session. */
    public Session build() {
      if (environment != null) applyEnvironment();
      return new Session(this);
    }
  }
}

package dev.courier.testing;

import dev.courier.Adapter;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.Session;
import dev.courier.http.Headers;
import dev.courier.http.wire.HttpVersion;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * An in-memory {@link Adapter}: answers a session's requests without sockets, from a queue of
 * {@link MockResponse}s, a {@link Dispatcher} (a {@link RouteTable} for routing), or a function
 * from {@link Request} to {@link Response}, and records each request as a {@link RecordedRequest}
 * (its target in absolute form: {@code GET https://api.test/users HTTP/1.1}). It sits where the
 * network would, under the whole chain, so redirects, cookies, auth challenges, retries,
 * decompression, hooks and interceptors run as they do in production (httpx's {@code
 * MockTransport}, requests' adapters).
 *
 * <pre>{@code
 * RouteTable routes = new RouteTable();
 * routes.on(RequestPattern.get("/users/{id}")).respond(MockResponse.json(Map.of("name", "Ada")));
 * MockTransport transport = MockTransport.of(routes);
 * try (Session session = transport.session()) {
 *   session.get("https://api.test/users/7").json().get("name").asText();   // "Ada"
 * }
 * transport.assertCalled(RequestPattern.get("/users/7"), 1);
 * }</pre>
 *
 * <p>{@link MockResponse} options that shape bytes on a socket have in-memory meanings: framing
 * fields are added as a server would; {@link Fault}s raise the exception Courier's network client
 * raises for them ({@code CLOSE_AFTER_REQUEST}: {@code RemoteDisconnectedException}; the
 * mid-body ones: {@code IncompleteReadException} while the body is read; {@code STALL}: {@code
 * ReadTimeoutException} at once); a {@link MockResponse.Builder#delayHead head delay} longer than
 * the read timeout is that timeout, raised without waiting, and a shorter one is not waited for;
 * throttling, interim responses and trailers are ignored. A request nothing answers fails the
 * call with an {@link AssertionError} that lists the routes, as {@code responses} does.
 *
 * <p>Thread-safe.
 */
public final class MockTransport implements Adapter, RequestHistory {
  private final LinkedBlockingDeque<MockResponse> queue = new LinkedBlockingDeque<>();
  private volatile Dispatcher dispatcher;
  private final Function<Request, Response> handler; // null: queue and dispatcher
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<RecordedRequest> history = new ArrayDeque<>(); // guarded by lock
  private final ArrayDeque<RecordedRequest> untaken = new ArrayDeque<>(); // guarded by lock
  private volatile int keep = Integer.MAX_VALUE;
  private final AtomicInteger sequence = new AtomicInteger();

  private MockTransport(Dispatcher dispatcher, Function<Request, Response> handler) {
    this.dispatcher = dispatcher;
    this.handler = handler;
  }

  /** A transport that answers from its queue ({@link #enqueue}) and, once set, a dispatcher. */
  public static MockTransport create() {
    return new MockTransport(null, null);
  }

  /** A transport that answers with {@code dispatcher} (a {@link RouteTable}, or a lambda). */
  public static MockTransport of(Dispatcher dispatcher) {
    return new MockTransport(Objects.requireNonNull(dispatcher, "dispatcher"), null);
  }

  /**
   * A transport that answers with {@code handler}, which builds each {@link Response} itself
   * ({@code Response.builder().request(request)...}), as httpx's {@code MockTransport(handler)}.
   */
  public static MockTransport handling(Function<Request, Response> handler) {
    return new MockTransport(null, Objects.requireNonNull(handler, "handler"));
  }

  /** Adds a response to the end of the queue; queued responses come first, once each, in order. */
  public MockTransport enqueue(MockResponse response) {
    queue.addLast(Objects.requireNonNull(response, "response"));
    return this;
  }

  /** Answers with {@code routes} whenever the queue is empty. */
  public MockTransport dispatcher(Dispatcher routes) {
    dispatcher = Objects.requireNonNull(routes, "routes");
    return this;
  }

  /**
   * Keeps only the last {@code most} requests for {@link #receivedRequests()} and {@link
   * #takeRequest()} (all of them by default), for tests and benchmarks that send millions; {@link
   * #requestCount()} still counts every one.
   */
  public MockTransport keepRequests(int most) {
    if (most < 0) {
      throw new IllegalArgumentException("negative count: " + most);
    }
    keep = most;
    return this;
  }

  /** A session builder with this transport mounted for every {@code http} and {@code https} URL. */
  public Session.Builder sessionBuilder() {
    return Session.builder().mount("http://", this).mount("https://", this);
  }

  /** A session with this transport mounted for every URL and the defaults otherwise. */
  public Session session() {
    return sessionBuilder().build();
  }

  @Override
  public List<RecordedRequest> receivedRequests() {
    lock.lock();
    try {
      return List.copyOf(history);
    } finally {
      lock.unlock();
    }
  }

  /** How many requests arrived so far. */
  public int requestCount() {
    return sequence.get();
  }

  /**
   * The next request not yet taken. Calls through a transport are synchronous, so a request a
   * call made is here when the call returns.
   *
   * @throws AssertionError when every request was taken
   */
  public RecordedRequest takeRequest() {
    RecordedRequest next;
    lock.lock();
    try {
      next = untaken.poll();
    } finally {
      lock.unlock();
    }
    if (next == null) {
      throw new AssertionError("no request left to take (" + requestCount() + " received)");
    }
    return next;
  }

  @Override
  public Response send(Request request, Exchange exchange) {
    RecordedRequest recorded = record(request);
    if (handler != null) {
      return Objects.requireNonNull(handler.apply(request), "the handler returned null");
    }
    MockResponse answer = queue.pollFirst();
    if (answer == null) {
      answer = dispatch(recorded);
    }
    return TransportResponses.toResponse(answer, request, exchange);
  }

  private MockResponse dispatch(RecordedRequest recorded) {
    Dispatcher routes = dispatcher;
    if (routes == null) {
      throw new AssertionError("MockTransport: nothing queued and no dispatcher for "
          + recorded.requestLine());
    }
    try {
      if (routes instanceof RouteTable table && !table.hasFallback()) {
        Optional<Route> route = table.claim(recorded);
        if (route.isEmpty()) {
          table.recordUnmatched(recorded);
          throw new AssertionError("MockTransport: " + table.describeUnmatched(recorded));
        }
        return route.get().answer(recorded);
      }
      return Objects.requireNonNull(routes.dispatch(recorded), "the dispatcher returned null");
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("the dispatcher failed on " + recorded.requestLine(), e);
    }
  }

  private RecordedRequest record(Request request) {
    byte[] body = RequestBodies.bytes(request);
    int number = sequence.getAndIncrement();
    RecordedRequest recorded = new RecordedRequest(request.method(), request.url().redacted(),
        HttpVersion.HTTP_1_1, request.headers(), body, body.length, Headers.empty(), number, 0, number,
        Optional.empty(), Instant.now());
    lock.lock();
    try {
      int most = keep;
      history.addLast(recorded);
      untaken.addLast(recorded);
      while (history.size() > most) {
        history.pollFirst();
      }
      while (untaken.size() > most) {
        untaken.pollFirst();
      }
    } finally {
      lock.unlock();
    }
    return recorded;
  }


  @Override
  public String toString() {
    return "MockTransport[" + requestCount() + " requests, " + queue.size() + " queued]";
  }
}

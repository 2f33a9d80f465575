package dev.courier;

import dev.courier.client.ExchangeListener;
import dev.courier.error.CourierException;
import dev.courier.http.wire.HttpVersion;
import dev.courier.net.Endpoint;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSession;

/**
 * One call's events for the session's {@link EventListener}: the call's start and end, and per
 * attempt an {@link ExchangeListener} for the round trip that adds the attempt's request to each
 * event. A listener that throws is logged, as a {@link Hook} is. Without a listener the call uses
 * {@link #NONE}, which makes nothing per attempt.
 *
 * <p>When the call ends: the final response comes from the last attempt; its body ending
 * ({@code responseBodyEnd}) and the call returning it ({@link #finished}) may come in either
 * order, and the second of the two sends {@code callEnd}. A final response that did not come
 * from the network (an interceptor's, or an exchanger that reports no round trip) ends the call
 * at once.
 */
final class CallEvents {
  static final CallEvents NONE = new CallEvents(EventListener.NONE, null);

  private final EventListener listener;
  private final Request call;
  private final AtomicBoolean over = new AtomicBoolean();
  private volatile Attempt last;

  private CallEvents(EventListener listener, Request call) {
    this.listener = listener;
    this.call = call;
  }

  /** The events of a call sending {@code call}; {@code callStart} is sent now. */
  static CallEvents start(EventListener.Factory factory, Request call) {
    if (factory == null) return NONE;
    EventListener listener;
    try {
      listener = factory.create(call);
    } catch (RuntimeException e) {
      logged(e);
      return NONE;
    }
    if (listener == null || listener == EventListener.NONE) return NONE;
    CallEvents events = new CallEvents(listener, call);
    events.safely(() -> listener.callStart(call));
    return events;
  }

  /** The listener for one attempt's round trip ({@link ExchangeListener#NONE} without a listener). */
  ExchangeListener attempt(Request request) {
    if (this == NONE) return ExchangeListener.NONE;
    Attempt attempt = new Attempt(request);
    last = attempt;
    return attempt;
  }

  /** The attempt's response head has been read. */
  void responseHeadersEnd(Request request, Response response, ExchangeListener attempt) {
    if (this == NONE) return;
    if (attempt instanceof Attempt a && !a.firstByte) {
      a.responseHeadersStart(); // the head was already buffered: no read marked its first byte
    }
    safely(() -> listener.responseHeadersEnd(request, response));
  }

  /** The call returned its final response: {@code callEnd} once that body has ended. */
  void finished() {
    if (this == NONE) return;
    Attempt attempt = last;
    if (attempt == null || !attempt.acquired || attempt.state.accumulateAndGet(FINAL, (a, b) -> a | b) == (FINAL | ENDED)) {
      end();
    }
  }

  /** The call failed with {@code failure}. */
  void failed(RuntimeException failure) {
    if (this == NONE || !over.compareAndSet(false, true)) return;
    safely(() -> listener.callFailed(call, failure));
  }

  private void end() {
    if (over.compareAndSet(false, true)) safely(() -> listener.callEnd(call));
  }

  private void safely(Runnable event) {
    try {
      event.run();
    } catch (RuntimeException e) {
      logged(e);
    }
  }

  private static void logged(RuntimeException e) {
    System.getLogger("dev.courier").log(System.Logger.Level.WARNING, "event listener threw", e);
  }

  private static final int FINAL = 1;
  private static final int ENDED = 2;

  /** One attempt's round trip, reported with its request. */
  private final class Attempt implements ExchangeListener {
    private final Request request;
    final AtomicInteger state = new AtomicInteger(); // FINAL and ENDED bits
    volatile boolean acquired; // went through the network's round tripper
    boolean firstByte;

    Attempt(Request request) {
      this.request = request;
    }

    @Override
    public void dnsStart(String host) {
      safely(() -> listener.dnsStart(request, host));
    }

    @Override
    public void dnsEnd(String host, List<InetAddress> addresses) {
      safely(() -> listener.dnsEnd(request, host, addresses));
    }

    @Override
    public void connectStart(Endpoint endpoint) {
      safely(() -> listener.connectStart(request, endpoint));
    }

    @Override
    public void secureConnectStart() {
      safely(() -> listener.secureConnectStart(request));
    }

    @Override
    public void secureConnectEnd(SSLSession session) {
      safely(() -> listener.secureConnectEnd(request, session));
    }

    @Override
    public void connectEnd(Endpoint endpoint) {
      safely(() -> listener.connectEnd(request, endpoint));
    }

    @Override
    public void connectFailed(Endpoint endpoint, CourierException failure) {
      safely(() -> listener.connectFailed(request, endpoint, failure));
    }

    @Override
    public void connectionAcquired(boolean reused, HttpVersion version) {
      acquired = true;
      safely(() -> listener.connectionAcquired(request, reused, version));
    }

    @Override
    public void requestHeadersEnd() {
      safely(() -> listener.requestHeadersEnd(request));
    }

    @Override
    public void requestBodyEnd() {
      safely(() -> listener.requestBodyEnd(request));
    }

    @Override
    public void responseHeadersStart() {
      firstByte = true;
      safely(() -> listener.responseHeadersStart(request));
    }

    @Override
    public void responseBodyEnd(long bytes) {
      safely(() -> listener.responseBodyEnd(request, bytes));
    }

    @Override
    public void responseFailed(CourierException failure) {
      if ((state.get() & FINAL) != 0) failed(failure);
    }

    @Override
    public void connectionReleased() {
      safely(() -> listener.connectionReleased(request));
      if (state.accumulateAndGet(ENDED, (a, b) -> a | b) == (FINAL | ENDED)) end();
    }
  }
}

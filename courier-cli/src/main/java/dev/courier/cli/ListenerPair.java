package dev.courier.cli;

import dev.courier.EventListener;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.error.CourierException;
import dev.courier.http.wire.HttpVersion;
import dev.courier.net.Endpoint;
import java.net.InetAddress;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLSession;

/**
 * Two listeners told every event, the first before the second: a session has one {@link
 * EventListener}, and {@code -v} with {@code --timing} needs two.
 *
 * <pre>{@code
 * Session.builder().eventListener(new ListenerPair(timing, echo));
 * }</pre>
 */
record ListenerPair(EventListener first, EventListener second) implements EventListener {
  private void both(Consumer<EventListener> event) {
    event.accept(first);
    event.accept(second);
  }

  @Override public void callStart(Request call) {
    both(l -> l.callStart(call));
  }

  @Override public void dnsStart(Request request, String host) {
    both(l -> l.dnsStart(request, host));
  }

  @Override public void dnsEnd(Request request, String host, List<InetAddress> addresses) {
    both(l -> l.dnsEnd(request, host, addresses));
  }

  @Override public void connectStart(Request request, Endpoint endpoint) {
    both(l -> l.connectStart(request, endpoint));
  }

  @Override public void secureConnectStart(Request request) {
    both(l -> l.secureConnectStart(request));
  }

  @Override public void secureConnectEnd(Request request, SSLSession session) {
    both(l -> l.secureConnectEnd(request, session));
  }

  @Override public void connectEnd(Request request, Endpoint endpoint) {
    both(l -> l.connectEnd(request, endpoint));
  }

  @Override public void connectFailed(Request request, Endpoint endpoint, CourierException failure) {
    both(l -> l.connectFailed(request, endpoint, failure));
  }

  // The version-bearing form only: each listener's default passes it on to the two-argument one.
  @Override public void connectionAcquired(Request request, boolean reused, HttpVersion version) {
    both(l -> l.connectionAcquired(request, reused, version));
  }

  @Override public void requestHeadersEnd(Request request) {
    both(l -> l.requestHeadersEnd(request));
  }

  @Override public void requestBodyEnd(Request request) {
    both(l -> l.requestBodyEnd(request));
  }

  @Override public void responseHeadersStart(Request request) {
    both(l -> l.responseHeadersStart(request));
  }

  @Override public void responseHeadersEnd(Request request, Response response) {
    both(l -> l.responseHeadersEnd(request, response));
  }

  @Override public void responseBodyEnd(Request request, long bytes) {
    both(l -> l.responseBodyEnd(request, bytes));
  }

  @Override public void connectionReleased(Request request) {
    both(l -> l.connectionReleased(request));
  }

  @Override public void callEnd(Request call) {
    both(l -> l.callEnd(call));
  }

  @Override public void callFailed(Request call, RuntimeException failure) {
    both(l -> l.callFailed(call, failure));
  }
}

package dev.courier.cli;

import dev.courier.EventListener;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.error.CourierException;
import dev.courier.http.wire.HttpVersion;
import dev.courier.net.Endpoint;
import java.net.InetAddress;
import java.util.List;
import javax.net.ssl.SSLSession;

/**
 * Two listeners told every event, the first before the second: a session has one {@link
 * EventListener}, and {@code -v} with {@code --timing} needs two.
 *
 * <pre>{@code
 * Session.builder().eventListener(new ListenerPair(echo, timing));
 * }</pre>
 */
record ListenerPair(EventListener first, EventListener second) implements EventListener {
  @Override public void callStart(Request call) {
    first.callStart(call);
    second.callStart(call);
  }

  @Override public void dnsStart(Request request, String host) {
    first.dnsStart(request, host);
    second.dnsStart(request, host);
  }

  @Override public void dnsEnd(Request request, String host, List<InetAddress> addresses) {
    first.dnsEnd(request, host, addresses);
    second.dnsEnd(request, host, addresses);
  }

  @Override public void connectStart(Request request, Endpoint endpoint) {
    first.connectStart(request, endpoint);
    second.connectStart(request, endpoint);
  }

  @Override public void secureConnectStart(Request request) {
    first.secureConnectStart(request);
    second.secureConnectStart(request);
  }

  @Override public void secureConnectEnd(Request request, SSLSession session) {
    first.secureConnectEnd(request, session);
    second.secureConnectEnd(request, session);
  }

  @Override public void connectEnd(Request request, Endpoint endpoint) {
    first.connectEnd(request, endpoint);
    second.connectEnd(request, endpoint);
  }

  @Override public void connectFailed(Request request, Endpoint endpoint, CourierException failure) {
    first.connectFailed(request, endpoint, failure);
    second.connectFailed(request, endpoint, failure);
  }

  // The version-bearing form only: each listener's default passes it on to the two-argument one.
  @Override public void connectionAcquired(Request request, boolean reused, HttpVersion version) {
    first.connectionAcquired(request, reused, version);
    second.connectionAcquired(request, reused, version);
  }

  @Override public void requestHeadersEnd(Request request) {
    first.requestHeadersEnd(request);
    second.requestHeadersEnd(request);
  }

  @Override public void requestBodyEnd(Request request) {
    first.requestBodyEnd(request);
    second.requestBodyEnd(request);
  }

  @Override public void responseHeadersStart(Request request) {
    first.responseHeadersStart(request);
    second.responseHeadersStart(request);
  }

  @Override public void responseHeadersEnd(Request request, Response response) {
    first.responseHeadersEnd(request, response);
    second.responseHeadersEnd(request, response);
  }

  @Override public void responseBodyEnd(Request request, long bytes) {
    first.responseBodyEnd(request, bytes);
    second.responseBodyEnd(request, bytes);
  }

  @Override public void connectionReleased(Request request) {
    first.connectionReleased(request);
    second.connectionReleased(request);
  }

  @Override public void callEnd(Request call) {
    first.callEnd(call);
    second.callEnd(call);
  }

  @Override public void callFailed(Request call, RuntimeException failure) {
    first.callFailed(call, failure);
    second.callFailed(call, failure);
  }
}

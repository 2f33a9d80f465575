package dev.courier.client;

import dev.courier.http.Headers;
import dev.courier.http.Url;
import dev.courier.http.h2.FlowWindow;
import dev.courier.http.h2.H2ResponseHead;
import dev.courier.http.h2.InboundWindow;
import dev.courier.internal.BodyQueue;
import java.util.concurrent.CompletableFuture;

/**
 * The state of one request on an {@link H2Connection}: its windows, the response head to come,
 * the body as DATA arrives, the trailers. The mutable fields belong to {@link H2ClientStreams}'
 * lock, except {@code body} (set by the reader before the head completes) and {@code trailers}
 * (set before the body ends).
 */
final class H2ClientStream {
  final int id;
  final FlowWindow send;
  final InboundWindow receive;
  final long readTimeoutMillis;
  final Url url; // named in failures
  final CompletableFuture<H2ResponseHead> head = new CompletableFuture<>();
  BodyQueue body;
  boolean ended;
  boolean discardBody; // the server answered and closed its side: what is left of our body is not wanted
  RuntimeException failure; // why the stream ended early
  volatile Headers trailers = Headers.empty();

  H2ClientStream(int id, FlowWindow send, int receiveWindow, long readTimeoutMillis, Url url) {
    this.id = id;
    this.url = url;
    this.send = send;
    this.receive = InboundWindow.forStream(id, receiveWindow);
    this.readTimeoutMillis = readTimeoutMillis;
  }
}

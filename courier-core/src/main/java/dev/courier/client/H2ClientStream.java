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
 * the body as DATA arrives, the trailers.
 *
 * <p>Who owns what: the windows and the {@link #ended}, {@link #bodyDiscarded} and
 * {@link #failure} marks belong to {@link H2ClientStreams}' lock, and are read and changed only
 * by its holder. The body queue is set by the reader thread before it completes {@link #head},
 * and read by others after the head completed (the future orders the two). The trailers are
 * set by the reader before the body ends, and volatile.
 */
final class H2ClientStream {
  private final int id;
  private final FlowWindow send;
  private final InboundWindow receive;
  private final long readTimeoutMillis;
  private final Url url; // named in failures
  private final CompletableFuture<H2ResponseHead> head = new CompletableFuture<>();
  private BodyQueue body;
  private boolean ended;
  private boolean bodyDiscarded; // the server answered and closed its side: what is left of our body is not wanted
  private RuntimeException failure; // why the stream ended early
  private volatile Headers trailers = Headers.empty();

  H2ClientStream(int id, FlowWindow send, InboundWindow receive, long readTimeoutMillis, Url url) {
    this.id = id;
    this.url = url;
    this.send = send;
    this.receive = receive;
    this.readTimeoutMillis = readTimeoutMillis;
  }

  int id() {
    return id;
  }

  /** The request's URL, named in failures. */
  Url url() {
    return url;
  }

  /** How long a read of the response waits; 0 for no limit. */
  long readTimeoutMillis() {
    return readTimeoutMillis;
  }

  /** The response head: completed by the reader, or exceptionally when the stream fails first. */
  CompletableFuture<H2ResponseHead> head() {
    return head;
  }

  /** The response body as DATA arrives; null before the head (and for a stream that failed first). */
  BodyQueue body() {
    return body;
  }

  /** The reader thread, before it completes {@link #head}: where the body's DATA goes. */
  void body(BodyQueue queue) {
    this.body = queue;
  }

  /** The response's trailer fields; empty until the reader saw them, before the body ended. */
  Headers trailers() {
    return trailers;
  }

  /** The reader thread, before it ends the body. */
  void trailers(Headers fields) {
    this.trailers = fields;
  }

  // ---- under H2ClientStreams' lock

  /** Our send window (section 6.9). */
  FlowWindow send() {
    return send;
  }

  /** The window the server's DATA counts against, and what we give back as it is read. */
  InboundWindow receive() {
    return receive;
  }

  /** Whether the server ended its side. */
  boolean ended() {
    return ended;
  }

  /** The server ended its side: the stream is done, and the rest of our body is not wanted. */
  void markEnded() {
    ended = true;
    bodyDiscarded = true;
  }

  /** Whether the rest of our request body is not wanted (section 8.1: the answer came first). */
  boolean bodyDiscarded() {
    return bodyDiscarded;
  }

  void discardBody() {
    bodyDiscarded = true;
  }

  /** Why the stream ended early, or null. */
  RuntimeException failure() {
    return failure;
  }

  /** Records why the stream ended early; the first reason wins. */
  void failOnce(RuntimeException cause) {
    if (failure == null) failure = cause;
  }
}

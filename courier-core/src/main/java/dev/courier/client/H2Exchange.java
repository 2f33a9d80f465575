package dev.courier.client;

import dev.courier.error.ConnectionException;
import dev.courier.error.ConnectionResetException;
import dev.courier.error.RemoteDisconnectedException;
import dev.courier.http.Headers;
import dev.courier.http.HttpMethod;
import dev.courier.http.h2.H2ResponseHead;
import dev.courier.http.wire.RequestHead;
import dev.courier.http.wire.ResponseHead;
import dev.courier.http.wire.HttpVersion;
import dev.courier.internal.SourcePauses;
import java.io.IOException;
import java.io.InputStream;

/**
 * One round trip over HTTP/2, the counterpart of the HTTP/1.1 steps in {@link RoundTripper}: a
 * stream slot from the {@link H2Pool}, HEADERS, the body as DATA, the response head; the body
 * goes up as it arrives and the slot is free when it ends or is closed.
 *
 * <p>A request the server never processed (RST_STREAM REFUSED_STREAM, or a stream above a
 * GOAWAY's last-stream-id: RFC 9113 section 8.7) is sent once more, on another connection when
 * that one is going away, whatever its method, unless its body was a one-shot stream already
 * read. So is a request whose reused connection was lost before any response came, when it could
 * be sent again over HTTP/1.1 (an idempotent method or {@link ClientRequest#resendAllowed()}).
 */
final class H2Exchange {
  /** Continues over HTTP/1.1: the route's server does not speak HTTP/2. */
  interface Http1 {
    ClientResponse exchange(ConnectionPool.Lease lease) throws IOException;
  }

  private final H2Pool pool;
  private final ConnectionPool http1Pool;
  /** False under HTTP/2 alone, where plaintext routes speak h2c with prior knowledge (RFC 9113 section 3.3). */
  private final boolean http1Allowed;
  private final boolean debug;

  H2Exchange(H2Pool pool, ConnectionPool http1Pool, boolean http1Allowed, boolean debug) {
    this.pool = pool;
    this.http1Pool = http1Pool;
    this.http1Allowed = http1Allowed;
    this.debug = debug;
  }

  ClientResponse roundTrip(Route route, ClientRequest request, CallDeadline deadline, ExchangeListener listener,
      Http1 http1) throws IOException {
    String url = request.url().toString();
    boolean again = false;
    while (true) {
      H2Pool.Claim claim = pool.claim(route, !http1Allowed && !route.isHttps(), http1Allowed, http1Pool,
          request.connectTimeout(), request.readTimeout(), deadline == null ? null : deadline.remaining(), url);
      if (claim.connection() == null) {
        return http1.exchange(claim.http1Lease());
      }
      listener.connectionAcquired(claim.reused(), HttpVersion.HTTP_2);
      Sent sent = new Sent();
      try {
        WireLog log = debug ? new WireLog(1, "[" + route.hostAndPort() + " h2] ", null) : WireLog.OFF;
        return exchange(claim.connection(), request, deadline, listener, sent, url, log);
      } catch (RemoteDisconnectedException | ConnectionResetException e) {
        // a deadline's abort is neither: it is never sent again
        boolean unprocessed = !e.mayHaveReachedServer();
        boolean staleReuse = claim.reused() && !sent.headReceived
            && (request.resendAllowed() || HttpMethod.isIdempotent(request.method()));
        if (again || !(unprocessed || staleReuse) || (sent.oneShotBody && sent.bodyStarted)) throw e;
        again = true;
      }
    }
  }

  /** What left for the server so far: decides whether the request may be sent again. */
  private static final class Sent {
    boolean oneShotBody;
    boolean bodyStarted;
    boolean headReceived;
  }

  private static ClientResponse exchange(H2Connection connection, ClientRequest request, CallDeadline deadline,
      ExchangeListener listener, Sent sent, String url, WireLog log) throws IOException {
    RequestContent content = request.content();
    boolean noBody = content.kind() == RequestContent.Kind.NONE
        || (content.kind() == RequestContent.Kind.BYTES && content.bytes().length == 0);
    H2Call call = null;
    try {
      Headers headers = headers(request.headers());
      call = connection.start(request.method(), request.url(), headers, noBody, request.readTimeout());
      if (log.level() > 0) log.request(new RequestHead(request.method(), request.url().target(), HttpVersion.HTTP_2, headers));
      if (deadline != null) {
        H2Call guarded = call;
        // The deadline resets this stream only: the connection carries other callers' streams.
        deadline.guard(() -> guarded.abort(new ConnectionException("the call's deadline passed", url, true, null)));
      }
      listener.requestHeadersEnd();
      if (!noBody) sendBody(call, content, sent, url);
      listener.requestBodyEnd();
      H2ResponseHead head = call.awaitHead();
      sent.headReceived = true;
      if (log.level() > 0) log.response(new ResponseHead(HttpVersion.HTTP_2, head.status(), "", head.headers()));
      listener.responseHeadersStart();
      InputStream body = new H2Body(call, url, request.readTimeout());
      if (listener != ExchangeListener.NONE) body = new ListenedBody(body, listener);
      return new ClientResponse(head.status(), "", HttpVersion.HTTP_2, head.headers(), body);
    } catch (RuntimeException | IOException e) {
      if (call != null) call.cancel();
      if (listener != ExchangeListener.NONE) listener.connectionReleased();
      throw e;
    }
  }

  /**
   * The request's fields as HTTP/2 carries them; {@code Proxy-Authorization} never goes to the
   * origin (RFC 9110 section 11.7.1): HTTP/2 runs direct or inside a tunnel, never to a proxy.
   */
  private static Headers headers(Headers headers) {
    return headers.contains("proxy-authorization") ? headers.newBuilder().removeAll("proxy-authorization").build()
        : headers;
  }

  private static void sendBody(H2Call call, RequestContent content, Sent sent, String url)
      throws IOException {
    switch (content.kind()) {
      case NONE -> {}
      case BYTES -> {
        byte[] bytes = content.bytes();
        call.write(bytes, 0, bytes.length);
      }
      case STREAM -> {
        WholeBlockOutput out = WholeBlockOutput.dataFrames(call);
        try (InputStream in = open(content, url)) {
          copy(in, content.length(), out, url);
        }
        out.flush();
      }
      case WRITER -> {
        sent.oneShotBody = true;
        sent.bodyStarted = true;
        WholeBlockOutput out = WholeBlockOutput.dataFrames(call);
        content.writer().writeTo(out);
        out.flush(); // not on a failure: the stream is reset instead of ending with part of a body
      }
    }
    call.finish();
  }

  private static InputStream open(RequestContent content, String url) {
    try {
      return content.openStream();
    } catch (IOException e) {
      throw Failures.bodySourceFailed(e, url);
    }
  }

  /** Copies {@code length} bytes of {@code in} (all when -1) to the stream's DATA, a block at a time. */
  private static void copy(InputStream in, long length, WholeBlockOutput out, String url) {
    long left = length < 0 ? Long.MAX_VALUE : length;
    byte[] buffer = new byte[(int) Math.min(ClientDefaults.BODY_BLOCK_SIZE, Math.max(left, 1))];
    while (left > 0) {
      int want = (int) Math.min(buffer.length, left);
      try {
        int n = in.read(buffer, 0, want);
        if (n < 0) break; // the end of a body of unknown length: a short one throws (AnnouncedLengthSource)
        out.write(buffer, 0, n);
        left -= n;
        if (left > 0 && SourcePauses.pausedAfter(in, n, want)) out.flush();
      } catch (IOException e) {
        throw Failures.bodySourceFailed(e, url); // the stream's: writing DATA throws no IOException
      }
    }
  }
}

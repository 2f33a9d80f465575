package dev.courier;

import dev.courier.client.BadStatusLineException;
import dev.courier.client.HttpClientException;
import dev.courier.client.HttpProtocolException;
import dev.courier.client.IncompleteReadException;
import dev.courier.client.PoolTimeoutException;
import dev.courier.client.ProxyConnectException;
import dev.courier.client.TlsHandshakeException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.zip.ZipException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The one place where low-level failures become {@link CourierException}s (STYLE.md, item 8). The
 * phase decides what a timeout or a closed connection means: during connect nothing was sent,
 * after it the server may have acted on the request.
 */
final class Failures {
  enum Phase {
    CONNECT("connecting"),
    SEND("sending the request"),
    RECEIVE_HEAD("waiting for the response head"),
    RECEIVE_BODY("reading the response body");

    final String doing;

    Phase(String doing) {
      this.doing = doing;
    }
  }

  private Failures() {}

  /** The exception a caller sees for {@code failure} in {@code phase}; {@code timeouts} may be null. */
  static CourierException translate(Throwable failure, String url, Phase phase, Timeouts timeouts) {
    Throwable t = failure instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : failure;
    if (t instanceof CourierException ce) return ce;
    Timeouts tt = timeouts == null ? Timeouts.defaults() : timeouts;
    if (t instanceof HttpClientException ce) return fromClient(ce, url, tt);
    if (t instanceof SocketTimeoutException) {
      return phase == Phase.CONNECT
          ? new ConnectTimeoutException(url, tt.connect(), t)
          : new ReadTimeoutException(url, tt.read(), false, t);
    }
    if (t instanceof SSLHandshakeException || t instanceof SSLPeerUnverifiedException
        || (t instanceof SSLException && phase == Phase.CONNECT)) {
      return new SslException("TLS failed while " + phase.doing, url, t);
    }
    if (t instanceof UnknownHostException) return new ConnectException("unknown host", url, t);
    if (t instanceof java.net.ConnectException || t instanceof NoRouteToHostException
        || t instanceof PortUnreachableException) {
      return new ConnectException("connect failed", url, t);
    }
    if (phase == Phase.CONNECT && t instanceof IOException) {
      return new ConnectException("connect failed", url, t);
    }
    if (t instanceof ZipException) {
      return new ProtocolException("corrupt compressed response body", url, t);
    }
    if (t instanceof EOFException) {
      return new ProtocolException(phase == Phase.RECEIVE_BODY
          ? "connection closed before the response body ended"
          : "connection closed while " + phase.doing, url, t);
    }
    if (isCodecError(t)) {
      return new ProtocolException("invalid HTTP from the server while " + phase.doing, url, t);
    }
    if (t instanceof InterruptedIOException) {
      return new CourierException("interrupted while " + phase.doing, url, t);
    }
    if (t instanceof IOException) {
      return new CourierException("I/O error while " + phase.doing, url, t);
    }
    if (t instanceof RuntimeException re && !(t instanceof IllegalArgumentException)
        && !(t instanceof IllegalStateException)) {
      return new CourierException("failed while " + phase.doing, url, re);
    }
    if (t instanceof RuntimeException re) throw re; // misuse: keep its type
    if (t instanceof Error e) throw e;
    return new CourierException("failed while " + phase.doing, url, t);
  }

  /** The low-level client's exceptions, by meaning; their phase says whether anything was sent. */
  private static CourierException fromClient(HttpClientException e, String url, Timeouts t) {
    if (e instanceof TlsHandshakeException) return new SslException("TLS handshake failed", url, e);
    if (e instanceof dev.courier.client.ConnectTimeoutException) return new ConnectTimeoutException(url, t.connect(), e);
    if (e instanceof dev.courier.client.ReadTimeoutException) return new ReadTimeoutException(url, t.read(), false, e);
    if (e instanceof PoolTimeoutException) {
      return new ConnectException("no pooled connection became free in time", url, e);
    }
    if (e instanceof ProxyConnectException) return new ConnectException("the proxy refused the connection", url, e);
    if (e instanceof IncompleteReadException) return new ProtocolException("response body ended early", url, e);
    if (e instanceof BadStatusLineException) return new ProtocolException("not an HTTP response", url, e);
    if (e instanceof HttpProtocolException) return new ProtocolException("invalid HTTP response", url, e);
    return switch (e.phase()) {
      case CONNECT, PROXY, TLS_HANDSHAKE -> new ConnectException("connect failed", url, e);
      case SEND_REQUEST -> new CourierException("connection failed while sending the request", url, e);
      case READ_HEAD -> new CourierException("connection failed while waiting for the response head", url, e);
      case READ_BODY -> new ProtocolException("connection failed while reading the response body", url, e);
    };
  }

  /** The codec's exceptions (malformed framing seen by the parser). */
  private static boolean isCodecError(Throwable t) {
    return t.getClass().getName().startsWith("dev.courier.http.wire.");
  }
}

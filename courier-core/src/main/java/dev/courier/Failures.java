package dev.courier;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
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
    if (t instanceof SocketTimeoutException || isClientTimeout(t)) {
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

  /** The client layer's timeout exceptions, whatever package they live in. */
  private static boolean isClientTimeout(Throwable t) {
    String name = t.getClass().getSimpleName();
    return name.endsWith("TimeoutException") && !(t instanceof CourierException);
  }

  /** The codec's and client's protocol exceptions (HttpCodecException, IncompleteRead, BadStatusLine...). */
  private static boolean isCodecError(Throwable t) {
    for (Class<?> c = t.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      String name = c.getName();
      if (name.startsWith("dev.courier.http.wire.") || name.startsWith("dev.courier.client.")) return true;
    }
    return false;
  }

  static Duration orZero(Duration d) {
    return d == null ? Duration.ZERO : d;
  }
}

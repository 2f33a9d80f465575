package dev.courier.cli;

import dev.courier.EventListener;
import dev.courier.Request;
import dev.courier.http.wire.HttpVersion;

/**
 * Prints each attempt's request once the connection that carries it is known, so that its
 * request line names the version really spoken: {@code HTTP/2} when ALPN chose it, as {@code curl
 * -v} shows. A network interceptor hands the request over before the connection is taken; a
 * request that never got one (offline, or the connect failed) is printed with the fallback
 * version before the answer or the error.
 *
 * <pre>{@code
 * RequestEcho echo = new RequestEcho(printer, HttpVersion.HTTP_1_1);
 * // in a network interceptor:
 * echo.awaitConnection(chain.request());
 * try { return chain.proceed(chain.request()); } finally { echo.printPending(); }
 * }</pre>
 */
final class RequestEcho implements EventListener {
  private final Printer printer;
  private final HttpVersion fallback;
  private Request pending; // one call at a time: the command sends one, attempt after attempt

  RequestEcho(Printer printer, HttpVersion fallback) {
    this.printer = printer;
    this.fallback = fallback;
  }

  /** {@code request} is to be printed when its connection is acquired. */
  void awaitConnection(Request request) {
    pending = request;
  }

  /** Prints the awaited request, if no connection came for it, with the fallback version. */
  void printPending() {
    print(fallback);
  }

  @Override
  public void connectionAcquired(Request request, boolean reused, HttpVersion version) {
    print(version);
  }

  private void print(HttpVersion version) {
    Request request = pending;
    pending = null;
    if (request != null) printer.request(request, version);
  }
}

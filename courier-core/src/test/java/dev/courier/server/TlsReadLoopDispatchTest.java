package dev.courier.server;

/** {@link TlsReadLoopTest}'s cases with the loop only dispatching: the exchange's thread reads TLS and parses. */
class TlsReadLoopDispatchTest extends TlsReadLoopTest {
  @Override
  HttpServer.ReadPath path() {
    return HttpServer.ReadPath.SELECTOR_DISPATCH;
  }
}

package dev.courier.server;

/** {@link ReadyLoopTest}'s cases with the loop only dispatching: the exchange's thread reads and parses. */
class ReadyLoopDispatchTest extends ReadyLoopTest {
  @Override
  HttpServer.ReadPath path() {
    return HttpServer.ReadPath.SELECTOR_DISPATCH;
  }
}

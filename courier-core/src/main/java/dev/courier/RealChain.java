package dev.courier;

/**
 * The chain as a caller's interceptor sees it: the call, the request at this point and the
 * index of the next step. The steps are the session's, made once; the call's own settings travel
 * with the chain, so a call makes no step objects of its own. The session's built-in steps are
 * called without one ({@link Step}).
 */
final class RealChain implements Interceptor.Chain {
  private final CallContext call;
  private final int index;
  private final Request request;

  RealChain(CallContext call, int index, Request request) {
    this.call = call;
    this.index = index;
    this.request = request;
  }

  /** Runs a built-in step handed this chain as a plain interceptor would be. */
  Response handTo(Step step) {
    return step.intercept(call, index, request);
  }

  @Override
  public Request request() {
    return request;
  }

  @Override
  public Response proceed(Request next) {
    return call.proceed(index, next);
  }
}

package dev.courier;

import java.util.List;

/** Runs the interceptors of one call in order; the last one (the exchange) never calls proceed. */
final class RealChain implements Interceptor.Chain {
  private final List<Interceptor> steps;
  private final int index;
  private final Request request;

  RealChain(List<Interceptor> steps, int index, Request request) {
    this.steps = steps;
    this.index = index;
    this.request = request;
  }

  @Override
  public Request request() {
    return request;
  }

  @Override
  public Response proceed(Request next) {
    if (index >= steps.size()) throw new IllegalStateException("the exchange step must not call proceed");
    return steps.get(index).intercept(new RealChain(steps, index + 1, next));
  }
}

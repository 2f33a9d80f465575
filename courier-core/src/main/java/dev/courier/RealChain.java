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
    java.util.Objects.requireNonNull(next, "request");
    Interceptor step = steps.get(index);
    Response response = step.intercept(new RealChain(steps, index + 1, next));
    // Caught here, naming the interceptor, rather than as a NullPointerException in a later step.
    if (response == null) throw new IllegalStateException("interceptor " + step + " returned null instead of a response");
    return response;
  }
}

package dev.courier;

import java.util.List;

/**
 * Runs the interceptors of one call in order; the last one (the exchange) never calls proceed.
 * The steps are the session's, made once; the call's own settings travel with the chain, so a
 * call makes no step objects of its own.
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

  /** The call a chain belongs to: the session's own steps are only ever handed a RealChain. */
  static CallContext callOf(Interceptor.Chain chain) {
    return ((RealChain) chain).call;
  }

  @Override
  public Request request() {
    return request;
  }

  @Override
  public Response proceed(Request next) {
    List<Interceptor> steps = call.steps;
    if (index >= steps.size()) throw new IllegalStateException("the exchange step must not call proceed");
    java.util.Objects.requireNonNull(next, "request");
    Interceptor step = steps.get(index);
    Response response = step.intercept(new RealChain(call, index + 1, next));
    // Caught here, naming the interceptor, rather than as a NullPointerException in a later step.
    if (response == null) throw new IllegalStateException("interceptor " + step + " returned null instead of a response");
    return response;
  }
}

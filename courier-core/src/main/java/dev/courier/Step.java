package dev.courier;

/**
 * A step of the session's own chain (follow-ups, bridge, exchange), called by {@link
 * CallContext#proceed} with the call and its place in the chain: an attempt through these steps
 * makes no chain object. Only a caller's interceptor is handed a {@link RealChain}, which it may
 * keep and call again.
 */
interface Step extends Interceptor {

  /**
   * Handles {@code request} within {@code call}; {@code nextStep} is the index of the step after
   * this one, for {@code call.proceed(nextStep, request)}.
   */
  Response intercept(CallContext call, int nextStep, Request request);

  /** The same, from a chain (the session calls the other form). */
  @Override
  default Response intercept(Chain chain) {
    return ((RealChain) chain).handTo(this);
  }
}

package dev.courier.server;

/**
 * Which requests the read loop may answer on its own thread, decided from the request line alone:
 * those whose handler was declared non-blocking ({@link Handler#nonBlocking}), either the whole
 * handler or, in a {@link Router}, the route that will answer the request.
 *
 * <p>The loop asks for every head whose body is already buffered (see {@link SelectorPath}), so
 * an answer must be cheap and change nothing: it runs no handler, allocates nothing and reads no
 * header. When it cannot tell cheaply (a target that is not plain origin-form) it says no, and a
 * virtual thread answers the request as it answers any other. {@link #of} gives null for a handler
 * that never runs on the loop, so such a server asks nothing per request. A server that tries
 * ordinary handlers on the loop asks its {@link LoopWatchdog} as well.
 */
@FunctionalInterface
interface LoopRouting {
  /** Every request runs on the loop: the whole handler was declared non-blocking. */
  LoopRouting EVERY = (method, target) -> true;

  /**
   * Whether the handler that will answer {@code method} on {@code target} (the request line's
   * target, as received) was declared non-blocking.
   */
  boolean runsOnLoop(String method, String target);

  /** How {@code handler} decides from its declarations, or null when none of its requests may run on the loop. */
  static LoopRouting of(Handler handler) {
    if (handler instanceof NonBlockingHandler) return EVERY;
    if (handler instanceof Router router) return router.loopRouting();
    return null;
  }

  /**
   * {@code declared} (null: no declarations) widened by {@code watchdog}: while it trusts ordinary
   * handlers (see {@link LoopWatchdog}), a request whose handler was not declared runs on the loop
   * too.
   */
  static LoopRouting whileTrusted(LoopRouting declared, LoopWatchdog watchdog) {
    if (declared == EVERY) return EVERY;
    if (declared == null) return (method, target) -> watchdog.trusting();
    return (method, target) -> watchdog.trusting() || declared.runsOnLoop(method, target);
  }
}

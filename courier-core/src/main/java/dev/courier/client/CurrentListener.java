package dev.courier.client;

/**
 * The {@link ExchangeListener} of the round trip running on this thread, for the parts below the
 * {@link RoundTripper} that report phases: {@link RouteConnector} (lookup, connect, TLS), {@link
 * Http1Exchange} (head written) and {@link EventPump} (first response byte).
 *
 * <p>Why a thread-local: the connect runs inside {@link ConnectionPool#acquire} on the caller's
 * thread, and passing a listener down through the pool, the connection and its wire would change
 * their public signatures for the sake of an observer. The round tripper sets it for the span of
 * one {@code roundTrip} call only and restores what was there before; everywhere else (an {@link
 * HttpConnection} used on its own) it is {@link ExchangeListener#NONE}.
 */
final class CurrentListener {
  private static final ThreadLocal<ExchangeListener> CURRENT = new ThreadLocal<>();
  /**
   * Whether any thread ever entered a listener: until one does, every thread's is NONE and the
   * two look-ups each exchange makes skip the thread-local (dearer on a virtual thread). Not
   * volatile: a thread that entered one reads its own write, and any other thread's is NONE.
   */
  private static boolean used;

  private CurrentListener() {}

  /** The listener of this thread's round trip, or {@link ExchangeListener#NONE}. */
  static ExchangeListener get() {
    if (!used) return ExchangeListener.NONE;
    ExchangeListener listener = CURRENT.get();
    return listener == null ? ExchangeListener.NONE : listener;
  }

  /** Makes {@code listener} this thread's until {@link #restore}; returns the one it replaces (may be null). */
  static ExchangeListener enter(ExchangeListener listener) {
    used = true;
    ExchangeListener before = CURRENT.get();
    CURRENT.set(listener);
    return before;
  }

  /** Puts back what {@link #enter} returned. */
  static void restore(ExchangeListener before) {
    if (before == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(before);
    }
  }
}

package dev.courier.http.h2;

/**
 * The window we advertise for one stream or the connection, and when to widen it again (RFC 9113
 * sections 5.2 and 6.9).
 *
 * <p>DATA that arrives is {@linkplain #received counted} against the window at once (a peer
 * sending more than it was allowed is a FLOW_CONTROL_ERROR, section 6.9.1); bytes the
 * application has {@linkplain #consumed consumed} are given back with a WINDOW_UPDATE once they
 * reach a quarter of the target window. An update per byte would flood the peer with frames; an
 * update only when the window is empty would stall it for a round trip each time. In between,
 * what is consumed but not yet given back is credit the sender lacks: a peer a round trip away
 * keeps sending only while the window, less that share, covers a round trip's bytes, so a window
 * moves at most (1 − share) of itself per round trip. nghttp2 and the JDK client give it back at
 * half, which halves a window's reach; a quarter gives three quarters of it for one 13-byte frame
 * more per window (measured: 16 MiB uploads 40 ms away 47 MiB/s against 41 at half, 1.10× by
 * round, at the same maxima; over loopback, uploads of 64 MiB and of 1 MiB no slower and no
 * costlier). A reader that stops reading stops the updates, so the peer stops sending: memory
 * stays bounded by the window (section 5.2.2).
 *
 * <p><b>Growth.</b> A window may be given room to grow up to a maximum. A peer can send at most
 * one window per round trip, so a fixed window caps a transfer at window ÷ round trip (1 MiB over
 * 40 ms is 25 MiB/s). Section 5.2.2 leaves the sizing to the receiver; this one grows the way
 * QUIC receivers tune theirs: when a WINDOW_UPDATE falls due less than one round trip after the
 * previous one, the reader is keeping up and the window, not the reader, is what holds the sender
 * back, so the target grows (up to its maximum) and the update carries the growth. (An update
 * falls due each quarter window, so "less than one round trip" is the rate at which half-window
 * updates came less than two round trips apart: more than a window per four round trips.) It grows
 * fourfold where QUIC's receivers double: each step costs a round trip, and from a first window of
 * 256 KiB four steps of doubling made a 16 MiB upload 40 ms away take 0.4 s (fourfold: 0.33 s,
 * 1.17× the rate); the maximum bounds what a reader that stops can be made to hold either way. A
 * reader slower than the link makes updates come slowly, and the window stays where it is. With
 * no round trip known (zero), it does not grow.
 *
 * <p><b>Budget.</b> A server's connection windows take every byte of room beyond their first size
 * (by growth or by {@link #widen}) from the {@link WindowBudget} all its connections share, and
 * grow only as far as it grants. {@link #narrow} takes one upload's widening off the target when
 * the upload ends; since credit given cannot be taken back, what the peer may still send is kept
 * as it arrives, and only then goes back to the budget, so a peer that announces uploads and sends
 * nothing cannot gather credit past the budget. {@link #release} gives all back when the
 * connection closes. Streams and a client's windows have no budget: a stream's window is bounded
 * by its connection's.
 *
 * <p>Not thread-safe: the connection calls it under its lock.
 *
 * <pre>{@code
 * InboundWindow w = InboundWindow.forStream(1, 65_535);
 * w.received(40_000);
 * int update = w.consumed(20_000);   // 20 000: more than a quarter was consumed, send WINDOW_UPDATE
 * }</pre>
 */
public final class InboundWindow {
  /** How much a window grows at a step (see "Growth"). */
  static final int GROWTH = 4;
  /** An update falls due once this share of the target (one part in so many) has been consumed. */
  static final int UPDATE_SHARE = 4;
  private final int streamId;
  private final long maxTarget;
  private final WindowBudget budget;
  private long target;
  private long window;
  private long unacknowledged;
  private boolean updated; // a WINDOW_UPDATE has been due before, at lastUpdateNanos
  private long lastUpdateNanos;
  /**
   * What is held of the budget: the target beyond its first size, and {@link #owed}. Credit goes
   * back to the budget only once the peer can no longer use it.
   */
  private long borrowed;
  /**
   * Credit the peer may still hold beyond the target after a {@link #narrow}: consumed bytes that
   * will be kept back rather than given back, or a later widening's first part.
   */
  private long owed;
  /** {@link #release} was called: nothing more is taken from the budget. */
  private boolean released;

  private InboundWindow(int streamId, int initial, int target, int maxTarget, WindowBudget budget) {
    if (maxTarget < target) throw new IllegalArgumentException("maximum " + maxTarget + " below the window " + target);
    this.streamId = streamId;
    this.window = initial;
    this.target = target;
    this.maxTarget = maxTarget;
    this.budget = budget;
  }

  /**
   * The connection's window: 65 535 at first (section 6.9.2), widened to {@code target} by a
   * first WINDOW_UPDATE of {@link #initialUpdate()}.
   */
  public static InboundWindow forConnection(int target) {
    return forConnection(target, target);
  }

  /** The connection's window, as {@link #forConnection(int)}, with room to grow up to {@code maxTarget}. */
  public static InboundWindow forConnection(int target, int maxTarget) {
    return forConnection(target, maxTarget, WindowBudget.unlimited());
  }

  /**
   * The connection's window, as {@link #forConnection(int, int)}, whose room beyond {@code target}
   * is taken from {@code budget} as it widens and given back by {@link #narrow} and {@link #release}.
   */
  public static InboundWindow forConnection(int target, int maxTarget, WindowBudget budget) {
    if (target < FlowWindow.DEFAULT_INITIAL_WINDOW) {
      throw new IllegalArgumentException("connection window below 65535: " + target);
    }
    return new InboundWindow(0, FlowWindow.DEFAULT_INITIAL_WINDOW, target, maxTarget, budget);
  }

  /** A stream's window, the SETTINGS_INITIAL_WINDOW_SIZE we sent. */
  public static InboundWindow forStream(int streamId, int initialWindow) {
    return forStream(streamId, initialWindow, initialWindow);
  }

  /** A stream's window, as {@link #forStream(int, int)}, with room to grow up to {@code maxTarget}. */
  public static InboundWindow forStream(int streamId, int initialWindow, int maxTarget) {
    if (initialWindow < 0) throw new IllegalArgumentException("negative window: " + initialWindow);
    return new InboundWindow(streamId, initialWindow, initialWindow, maxTarget, WindowBudget.unlimited());
  }

  /** The window the peer is given back up to as bytes are consumed: the initial one, or what it grew to. */
  public long target() {
    return target;
  }

  /** The increment that takes the window from 65 535 to its target (0 when already there). */
  public int initialUpdate() {
    long increment = target - window;
    if (increment <= 0) return 0;
    window += increment;
    return (int) increment;
  }

  /** The window the peer still has. */
  public long available() {
    return window;
  }

  /**
   * Counts {@code length} bytes of a DATA frame (padding included, section 6.9.1) against the
   * window.
   *
   * @throws H2Exception FLOW_CONTROL_ERROR when the peer sent more than the window allowed
   */
  public void received(int length) {
    if (length > window) {
      String message = "DATA of " + length + " bytes exceeds the window of " + window;
      throw streamId == 0
          ? H2Exception.connectionError(ErrorCode.FLOW_CONTROL_ERROR, message)
          : H2Exception.streamError(streamId, ErrorCode.FLOW_CONTROL_ERROR, "stream " + streamId + ": " + message);
    }
    window -= length;
  }

  /**
   * Records that the application took {@code length} bytes (or that they were discarded); returns
   * the WINDOW_UPDATE increment to send now, 0 when it is not yet worth a frame.
   */
  public int consumed(int length) {
    return consumed(length, 0, 0);
  }

  /**
   * As {@link #consumed(int)}, and grows the window fourfold when this update falls due less than
   * one {@code roundTripNanos} after the previous one ({@code nowNanos} from {@link System#nanoTime}).
   */
  public int consumed(int length, long nowNanos, long roundTripNanos) {
    if (length < 0) throw new IllegalArgumentException("negative: " + length);
    long kept = Math.min(owed, length); // credit of a narrowed window is not given back...
    if (kept > 0) {
      owed -= kept;
      borrowed -= kept;
      budget.give(kept); // ...and once the peer has used it up, the budget has it again
    }
    unacknowledged += length - kept;
    if (unacknowledged < (target + UPDATE_SHARE - 1) / UPDATE_SHARE) return 0;
    if (roundTripNanos > 0) { // untimed calls (credit nobody reads) leave the timing alone
      if (updated && nowNanos - lastUpdateNanos < roundTripNanos && target < maxTarget) {
        // the growth leaves with this update
        unacknowledged += raise(Math.min(target * GROWTH, maxTarget) - target).increment();
      }
      updated = true;
      lastUpdateNanos = nowNanos;
    }
    int increment = (int) Math.min(unacknowledged, FlowWindow.MAX_WINDOW - window);
    unacknowledged -= increment;
    window += increment;
    return increment;
  }

  /**
   * Widens a window that has not grown yet to {@code to} (at most its maximum) at once, the way a
   * new stream starts at the size earlier streams grew to; returns the WINDOW_UPDATE increment to
   * send, 0 when the window is that wide already.
   */
  public int widenTo(long to) {
    return widen(Math.min(to, maxTarget) - target).increment();
  }

  /** What a widening did: how far the target rose, and the WINDOW_UPDATE increment it owes the peer. */
  public record Widening(long raised, int increment) {
    /** Nothing widened. */
    public static final Widening NONE = new Widening(0, 0);
  }

  /**
   * Raises the target by up to {@code wanted} bytes, within the maximum and the budget. Credit the
   * peer still holds from a {@link #narrow} counts first, so the increment (the new credit) may be
   * less than the rise.
   */
  public Widening widen(long wanted) {
    Widening w = raise(wanted);
    window += w.increment();
    return w;
  }

  /** {@link #widen} without handing out the new credit: the caller sends it (growth, with an update). */
  private Widening raise(long wanted) {
    long room = Math.min(wanted, maxTarget - target);
    if (room <= 0 || released) return Widening.NONE;
    long fromOwed = Math.min(owed, room);
    owed -= fromOwed;
    long granted = budget.take(room - fromOwed);
    borrowed += granted;
    target += fromOwed + granted;
    int increment = (int) Math.min(granted, FlowWindow.MAX_WINDOW - window - unacknowledged);
    return fromOwed + granted == 0 ? Widening.NONE : new Widening(fromOwed + granted, increment);
  }

  /**
   * Takes {@code n} bytes (at most what the target holds beyond its first size) off the target: a
   * widening an upload no longer needs (its body has come, or its stream ended). Credit cannot be
   * taken back from the peer (section
   * 6.9): consumed bytes not yet given back are kept at once, and the next ones as they are
   * consumed ({@link #owed}); the budget has each part again when it is kept.
   */
  public void narrow(long n) {
    long back = Math.min(n, borrowed - owed);
    if (back <= 0) return;
    target -= back;
    long fromUnacknowledged = Math.min(unacknowledged, back);
    unacknowledged -= fromUnacknowledged;
    owed += back - fromUnacknowledged;
    borrowed -= fromUnacknowledged;
    budget.give(fromUnacknowledged);
  }

  /**
   * The connection is over: all it borrowed goes back to the budget, and it borrows no more; bytes
   * a handler still consumes afterwards owe the budget nothing.
   */
  public void release() {
    released = true;
    budget.give(borrowed);
    borrowed = 0;
    owed = 0;
  }

  /**
   * Opens the window to {@code rest} at once, past the maximum of growth: for a reader that takes
   * the whole body as it comes and holds it all anyway (a server handler's {@code bodyBytes()}),
   * so that flow control buys nothing but round trips. Returns the WINDOW_UPDATE increment to
   * send, 0 when the window covers {@code rest} already.
   */
  public int openTo(long rest) {
    long wanted = Math.min(rest, FlowWindow.MAX_WINDOW);
    if (wanted <= window) return 0;
    int increment = (int) (wanted - window);
    window = wanted;
    target = Math.max(target, wanted);
    return increment;
  }

  /**
   * Applies a change of the SETTINGS_INITIAL_WINDOW_SIZE we sent, once acknowledged (section
   * 6.9.2); the target follows it.
   */
  public void adjust(int delta) {
    window += delta;
    target += delta;
  }

  @Override
  public String toString() {
    return "InboundWindow[stream " + streamId + ", " + window + " of " + target + " (at most " + maxTarget + ")]";
  }
}

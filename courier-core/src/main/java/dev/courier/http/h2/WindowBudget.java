package dev.courier.http.h2;

/**
 * Receive-window credit that windows borrow beyond their first size, shared by whoever made it:
 * a server gives all its connections one ({@code H2Limits.windowBudget}), so that what handlers
 * that stop reading can be made to buffer is bounded for the whole server and not only per
 * connection (RFC 9113 section 5.2.2 leaves window sizes to the receiver). A window grows, or is
 * widened for an upload, only as far as {@link #take} grants, and gives the credit back when that
 * upload ends or its connection closes ({@link InboundWindow#narrow}, {@link InboundWindow#release}).
 * When it runs out, windows stay as they are: flow control still holds every sender back.
 *
 * <p>The codec only calls it; an implementation shared by threads is the caller's to make safe.
 *
 * <pre>{@code
 * long granted = budget.take(16 << 20);   // 16 MiB, or less when others hold the rest
 * budget.give(granted);
 * }</pre>
 */
public interface WindowBudget {
  /** Takes up to {@code wanted} bytes of credit; returns what was granted, 0 when none is left. */
  long take(long wanted);

  /** Gives back {@code bytes} taken before. */
  void give(long bytes);

  /** No bound beyond each window's own maximum: a client's, which chose its windows itself. */
  static WindowBudget unlimited() {
    return UnlimitedBudget.INSTANCE;
  }
}

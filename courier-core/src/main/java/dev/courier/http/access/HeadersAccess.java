package dev.courier.http.access;

import dev.courier.http.Headers;

/**
 * Builds {@link Headers} from fields that a caller inside the library has already checked, without
 * the copy and the second check of {@link Headers#of(String...)}. Only the HTTP/1.1 parser uses it:
 * it checks every name as a token and every value for the characters RFC 9110, Section 5.5 allows,
 * and trims OWS, before a string exists, which is what {@code Headers} would check again.
 *
 * <pre>{@code
 * // in dev.courier.http.wire, after checking each name and value:
 * Headers headers = HeadersAccess.trusted(Arrays.copyOf(fields, count * 2));
 * }</pre>
 *
 * <p>Not part of the API: the package is not exported, and a caller that passes an unchecked
 * array would break the guarantee that {@code Headers} never holds CR, LF or NUL.
 */
public final class HeadersAccess {
  /** What {@link Headers} registers: wraps an array it may keep as it is. */
  public interface Wrapper {
    /** Headers over {@code namesAndValues}, which the caller checked and will not change again. */
    Headers wrap(String[] namesAndValues);
  }

  private static volatile Wrapper wrapper;
  private static final StackWalker CALLERS = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  private HeadersAccess() {}

  /**
   * Called once, by {@link Headers}' static initializer.
   *
   * @throws IllegalStateException when called from anywhere else, or a second time: on the class
   *     path the package is reachable, and code that registered first would decide what every
   *     parsed header list is
   */
  public static void register(Wrapper headers) {
    if (CALLERS.getCallerClass() != Headers.class) throw new IllegalStateException("only Headers registers");
    if (wrapper != null) throw new IllegalStateException("already registered");
    wrapper = headers;
  }

  /**
   * Headers over {@code namesAndValues} as they are: names and values interleaved, each name a
   * token, each value trimmed and free of control characters but HTAB, none above U+00FF. The
   * array is kept, not copied: the caller must not touch it afterwards.
   */
  public static Headers trusted(String[] namesAndValues) {
    Wrapper w = wrapper;
    if (w == null) {
      Headers.empty(); // runs Headers' static initializer, which registers the wrapper
      w = wrapper;
    }
    return w.wrap(namesAndValues);
  }
}

package dev.courier.cookies;

import dev.courier.error.CourierException;

/**
 * Cookie input refused: a {@code Cookie} or {@code Set-Cookie} value that must be ignored, a name
 * or value a cookie cannot carry, two cookies with one identity in one response, or a cookie file
 * that cannot be used ({@link CookieFileException}, a subtype). Like Python's {@code
 * http.cookies.CookieError}.
 *
 * <pre>{@code
 * try {
 *   CookieHeader.parseStrict(request.header("Cookie").orElse(""));
 * } catch (CookieException e) {
 *   return ServerResponse.of(400);
 * }
 * }</pre>
 *
 * <p>It lives here, not in {@code dev.courier.error}, because only cookie code throws it and its
 * callers (servers reading {@code Cookie}, code loading jars) catch it apart from transport
 * failures; it still extends {@link CourierException}, so one {@code catch} takes everything. No
 * request is involved: {@link #mayHaveReachedServer()} is false.
 */
public class CookieException extends CourierException {
  private static final long serialVersionUID = 1L;

  /** Refused input, {@code message} saying what and where. */
  public CookieException(String message) {
    super(message, "", false, null);
  }

  /** Refused input, with the lower-level reason. */
  public CookieException(String message, Throwable cause) {
    super(message, "", false, cause);
  }
}

package dev.courier;

import dev.courier.error.CourierException;
import java.util.List;

/**
 * A call met more redirects than its limit (30 by default, as {@code requests}; browsers stop
 * near 20, curl at 50). The responses seen are kept, their bodies closed.
 *
 * <pre>{@code
 * try { session.get(url); }
 * catch (TooManyRedirectsException e) { e.history().get(0).header("Location"); }
 * }</pre>
 */
public class TooManyRedirectsException extends CourierException {
  private static final long serialVersionUID = 1L;

  private final transient List<Response> history;

  /** {@code history} holds every redirect response, oldest first. */
  public TooManyRedirectsException(int limit, List<Response> history, String url) {
    super("exceeded " + limit + " redirects", url, true, null);
    this.history = List.copyOf(history);
  }

  /** The redirect responses, oldest first. */
  public List<Response> history() {
    return history;
  }
}

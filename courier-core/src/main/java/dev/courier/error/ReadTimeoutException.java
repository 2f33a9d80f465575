package dev.courier.error;

import java.time.Duration;

/**
 * The server accepted the connection but sent nothing for longer than the read timeout, while we
 * waited for the response head or for the next body bytes. The request may have been processed:
 * retry only what is idempotent.
 *
 * <pre>{@code
 * try { session.get(url); } catch (ReadTimeoutException e) { e.timeout(); }
 * }</pre>
 */
public class ReadTimeoutException extends TimedOutException {
  private static final long serialVersionUID = 1L;

  /** A read timeout of {@code timeout} for {@code url}. */
  public ReadTimeoutException(String url, Duration timeout, Throwable cause) {
    super("read timed out", timeout, url, true, cause);
  }
}

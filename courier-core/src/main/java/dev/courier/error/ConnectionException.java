package dev.courier.error;

/**
 * The connection failed: it could not be opened, or it broke during the exchange. The JDK's
 * exception is kept as the cause. Like requests' {@code ConnectionError}; the subtypes say how.
 *
 * <pre>{@code
 * try {
 *   session.get("http://127.0.0.1:1/");
 * } catch (ConnectionException e) {
 *   if (!e.mayHaveReachedServer()) retryElsewhere();
 * }
 * }</pre>
 */
public class ConnectionException extends CourierException {
  private static final long serialVersionUID = 1L;

  /** A connection failure for {@code url} (redacted) caused by {@code cause}. */
  public ConnectionException(String message, String url, boolean mayHaveReachedServer,
      Throwable cause) {
    super(message, url, mayHaveReachedServer, cause);
  }
}

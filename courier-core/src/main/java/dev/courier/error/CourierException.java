package dev.courier.error;

import java.util.Optional;

/**
 * The root of every failure Courier reports: unchecked, like {@code requests}'
 * {@code RequestException}, so one-liners read without {@code try} blocks while callers that care
 * catch exactly the meaning they handle. The subclasses in this package are what to catch.
 *
 * <p>Why unchecked: an HTTP call fails for reasons the caller usually cannot repair at the call
 * site (a refused connection, a timeout), and a checked {@code IOException} in every lambda of a
 * {@code CompletableFuture} chain is noise.
 *
 * <pre>{@code
 * try {
 *   Courier.get("https://example.com/").raiseForStatus();
 * } catch (TimedOutException e) {
 *   // connect, read, pool wait or total deadline: try again later
 * } catch (ConnectionException e) {
 *   // refused, reset, DNS, TLS: e.getCause() keeps the JDK's exception
 * } catch (HttpStatusException e) {
 *   log.warn("{} answered {}", e.response().url(), e.statusCode());
 * } catch (CourierException e) {
 *   if (!e.mayHaveReachedServer()) retry();   // safe for any method
 * }
 * }</pre>
 *
 * <p>The message names what failed, the URL (its password hidden) and the cause.
 */
public class CourierException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String url;
  private final boolean mayHaveReachedServer;

  /**
   * An exception about {@code url}.
   *
   * @param message what went wrong, without the URL (it is appended)
   * @param url the URL the request was for, already redacted; empty or null when there is none
   * @param mayHaveReachedServer whether any byte of the request may have been sent
   * @param cause the low-level cause, or null
   */
  public CourierException(String message, String url, boolean mayHaveReachedServer, Throwable cause) {
    super(compose(message, url, cause), cause);
    this.url = url == null ? "" : url;
    this.mayHaveReachedServer = mayHaveReachedServer;
  }

  /** An exception about {@code url} that may have reached the server (the cautious answer). */
  public CourierException(String message, String url, Throwable cause) {
    this(message, url, true, cause);
  }

  /** An exception with no URL and no cause. */
  public CourierException(String message) {
    this(message, "", true, null);
  }

  /** The URL of the failed request with any password removed; empty when unknown. */
  public Optional<String> url() {
    return url.isEmpty() ? Optional.empty() : Optional.of(url);
  }

  /**
   * Whether the server may have received the request, wholly or in part, and so may have acted on
   * it. False only when Courier knows nothing was sent (the connection never opened, the pool had
   * no connection, the TLS handshake failed): sending again is then safe for any method, even a
   * POST. True otherwise, including when Courier cannot tell; then retry only idempotent requests
   * (RFC 9110 Section 9.2.2).
   */
  public boolean mayHaveReachedServer() {
    return mayHaveReachedServer;
  }

  private static String compose(String message, String url, Throwable cause) {
    StringBuilder out = new StringBuilder(message);
    if (url != null && !url.isEmpty()) out.append(" (").append(url).append(')');
    if (cause != null) {
      out.append(": ").append(cause.getClass().getSimpleName());
      String causeMessage = cause.getMessage();
      if (causeMessage != null && !causeMessage.isEmpty()) out.append(": ").append(causeMessage);
    }
    return out.toString();
  }
}

package dev.courier;

import java.util.Optional;

/**
 * The root of every failure Courier reports for a request: unchecked, like {@code requests}'
 * {@code RequestException}, so one-liners read without {@code try} blocks while callers that care
 * can catch exactly the meaning they handle.
 *
 * <p>Why unchecked: an HTTP call fails for reasons the caller usually cannot repair at the call
 * site (a refused connection, a timeout), and checked {@code IOException} in every lambda of a
 * {@code CompletableFuture} chain is noise; the subclasses below are what to catch.
 *
 * <pre>{@code
 * try {
 *   Courier.get("https://example.com/").raiseForStatus();
 * } catch (ConnectException | ReadTimeoutException e) {
 *   // the server was down or slow: retry later
 * } catch (HttpStatusException e) {
 *   log.warn("{} answered {}", e.response().url(), e.response().statusCode());
 * } catch (CourierException e) {
 *   // anything else that went wrong with the exchange
 * }
 * }</pre>
 *
 * <p>The message names the phase, the URL (its password hidden) and the cause.
 */
public class CourierException extends RuntimeException {
  private final String url;

  /**
   * An exception about {@code url}.
   *
   * @param message what went wrong, without the URL (it is appended)
   * @param url the URL the request was for, already redacted; empty when there is none
   * @param cause the low-level cause, or null
   */
  public CourierException(String message, String url, Throwable cause) {
    super(compose(message, url, cause), cause);
    this.url = url == null ? "" : url;
  }

  /** An exception with no URL and no cause. */
  public CourierException(String message) {
    this(message, "", null);
  }

  /** The URL of the failed request with any password removed; empty when unknown. */
  public Optional<String> url() {
    return url.isEmpty() ? Optional.empty() : Optional.of(url);
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

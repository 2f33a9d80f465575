package dev.courier.server;

import dev.courier.error.CourierException;

/**
 * Thrown by a handler (or by the request body it reads) to answer with an error status instead of
 * 500: the server renders the error page for {@link #statusCode()} with this message as the detail.
 *
 * <p>Part of the one exception tree: a {@link CourierException} without a URL, and one that
 * {@linkplain #mayHaveReachedServer() may have reached the server} (it is raised there).
 *
 * <pre>{@code
 * if (name.isBlank()) throw new HttpResponseException(400, "name must not be blank");
 * }</pre>
 */
public class HttpResponseException extends CourierException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String detail;

  /** An error answered with {@code status} (400-599) and {@code message} shown to the client. */
  public HttpResponseException(int status, String message) {
    this(status, message, null);
  }

  /** As {@link #HttpResponseException(int, String)} with a cause (logged, never shown). */
  public HttpResponseException(int status, String message, Throwable cause) {
    super(message, "", true, cause);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("error status must be 400-599: " + status);
    }
    this.status = status;
    this.detail = message;
  }

  /** The message as given, shown to the client: never the cause's, which may hold internals. */
  @Override
  public String getMessage() {
    return detail;
  }

  /** The status the client gets, 400-599. */
  public int statusCode() {
    return status;
  }

  /** The status the client gets; the same as {@link #statusCode()}. */
  public int status() {
    return status;
  }
}

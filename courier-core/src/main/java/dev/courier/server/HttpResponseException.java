package dev.courier.server;

/**
 * Thrown by a handler (or by the request body it reads) to answer with an error status instead of
 * 500: the server renders the error page for {@link #status()} with this message as the detail.
 *
 * <pre>{@code
 * if (name.isBlank()) throw new HttpResponseException(400, "name must not be blank");
 * }</pre>
 */
public class HttpResponseException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  /** An error answered with {@code status} (400-599) and {@code message} shown to the client. */
  public HttpResponseException(int status, String message) {
    this(status, message, null);
  }

  /** As {@link #HttpResponseException(int, String)} with a cause (logged, never shown). */
  public HttpResponseException(int status, String message, Throwable cause) {
    super(message, cause);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("error status must be 400-599: " + status);
    }
    this.status = status;
  }

  /** The status the client gets. */
  public int status() {
    return status;
  }
}

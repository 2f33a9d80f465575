package dev.courier.error;

/**
 * The URL could not be used for a request: it did not parse, its scheme is not {@code http} or
 * {@code https}, or it has no host. Thrown before anything is sent (like {@code requests}'
 * {@code InvalidURL} / {@code MissingSchema} / {@code InvalidSchema}).
 *
 * <pre>{@code
 * Courier.get("ftp://example.com/");   // InvalidUrlException: unsupported scheme "ftp"
 * }</pre>
 */
public class InvalidUrlException extends CourierException {
  private static final long serialVersionUID = 1L;

  /** An invalid URL; {@code url} should already be redacted. */
  public InvalidUrlException(String message, String url, Throwable cause) {
    super(message, url, false, cause);
  }
}

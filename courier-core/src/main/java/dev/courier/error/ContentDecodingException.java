package dev.courier.error;

/**
 * A compressed response body could not be decoded: corrupt gzip or deflate data, or a br or zstd
 * stream that does not decode (requests' {@code ContentDecodingError}).
 *
 * <pre>{@code
 * catch (ContentDecodingException e) { log.warn("corrupt body from {}", e.url().orElse("?")); }
 * }</pre>
 */
public class ContentDecodingException extends HttpProtocolException {
  private static final long serialVersionUID = 1L;

  /** The body of {@code url} failed to decode. */
  public ContentDecodingException(String message, String url, Throwable cause) {
    super(message, url, cause);
  }
}

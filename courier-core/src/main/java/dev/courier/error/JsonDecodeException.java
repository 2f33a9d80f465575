package dev.courier.error;

/**
 * A response body that was to be read as JSON is not JSON, or not the JSON the caller's type
 * needs (requests' {@code JSONDecodeError}). {@link #offset()} is where the parser stopped, in
 * bytes from the start of the body, and {@link #snippet()} shows the body around it.
 *
 * <pre>{@code
 * try {
 *   JsonNode n = response.json();
 * } catch (JsonDecodeException e) {
 *   log.warn("not JSON at byte {}: {}", e.offset(), e.snippet());   // e.g. "<html><body>502 Bad Gate"
 * }
 * }</pre>
 *
 * <p>It is not an {@link HttpProtocolException}: the exchange itself was sound (a proxy's HTML
 * error page is valid HTTP, and a body may come from an interceptor or a cache), so a caller that
 * treats "the server broke HTTP" as a connection problem must not see this. It sits directly under
 * {@link CourierException} so that one {@code catch} takes every client failure, and this type
 * alone when only the content is in question. The response arrived, so {@link
 * #mayHaveReachedServer()} is true.
 */
public class JsonDecodeException extends CourierException {
  private static final long serialVersionUID = 1L;

  private final long offset;
  private final String snippet;

  /**
   * A body of {@code url} that is not the JSON expected.
   *
   * @param message what is wrong, without the URL (it is appended)
   * @param url the response URL, already redacted
   * @param offset the byte offset where parsing stopped, or -1 when unknown
   * @param snippet the body around that offset, printable (never null)
   * @param cause the parser's exception, or null
   */
  public JsonDecodeException(String message, String url, long offset, String snippet, Throwable cause) {
    super(message, url, true, cause);
    this.offset = offset;
    this.snippet = java.util.Objects.requireNonNull(snippet, "snippet");
  }

  /** The byte offset in the body where parsing stopped; -1 when the parser did not say. */
  public long offset() {
    return offset;
  }

  /** A short, printable piece of the body around {@link #offset()} (controls shown as {@code \xNN}). */
  public String snippet() {
    return snippet;
  }
}

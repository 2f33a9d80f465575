package dev.courier.error;

/**
 * The peer broke HTTP: a malformed head, impossible framing, a body cut short (Python's
 * {@code http.client.HTTPException}). When the peer is a client of our server, the codec's
 * {@code HttpCodecException} subtype carries the status to answer with (400, 413, 431, ...).
 *
 * <pre>{@code
 * catch (HttpProtocolException e) { log.warn("server spoke bad HTTP: {}", e.getMessage()); }
 * }</pre>
 */
public class HttpProtocolException extends CourierException {
  private static final long serialVersionUID = 1L;

  /** A protocol violation seen while exchanging with {@code url}. */
  public HttpProtocolException(String message, String url, Throwable cause) {
    super(message, url, true, cause);
  }

  /** A protocol violation with no URL known (the codec, the server). */
  public HttpProtocolException(String message) {
    this(message, "", null);
  }
}

package dev.courier;

/**
 * The peer broke HTTP: a malformed status line or header, a body shorter than its
 * {@code Content-Length}, a truncated chunk, a corrupt compressed body, or the connection closed
 * before the response ended. The server may have processed the request.
 *
 * <pre>{@code
 * try { response.bytes(); } catch (ProtocolException e) { // truncated or garbled }
 * }</pre>
 */
public class ProtocolException extends CourierException {
  /** A protocol violation seen while talking to {@code url}. */
  public ProtocolException(String message, String url, Throwable cause) {
    super(message, url, cause);
  }
}

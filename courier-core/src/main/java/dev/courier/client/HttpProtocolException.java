package dev.courier.client;

/**
 * The server broke HTTP/1.1 (a malformed head, bad framing, a limit exceeded); {@link #status()} is the status a server would answer for such input.
 *
 * <pre>{@code
 * catch (HttpProtocolException e) { log.warn("server {} broke HTTP: {}", host, e.getMessage()); }
 * }</pre>
 */
public class HttpProtocolException extends HttpClientException {
  private static final long serialVersionUID = 1L;

  private final int status;

  /**
   * @param status the status a server would answer for this input (400, 413, 431, 501, 505...)
   */
  public HttpProtocolException(Phase phase, boolean responseStarted, int status, String message,
      Throwable cause) {
    super(phase, responseStarted, message, cause);
    this.status = status;
  }

  /** The status a server would answer for this input: 400, 413, 414, 431, 501 or 505. */
  public int status() {
    return status;
  }
}

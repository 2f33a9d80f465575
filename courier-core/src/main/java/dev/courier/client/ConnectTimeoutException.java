package dev.courier.client;

/**
 * Opening the connection (or the TLS handshake) took longer than the connect timeout.
 *
 * <pre>{@code
 * new HttpConnection("10.255.255.1", 80, ConnectOptions.defaults().withConnectTimeout(Duration.ofSeconds(1)))
 * }</pre>
 */
public class ConnectTimeoutException extends HttpClientException {
  private static final long serialVersionUID = 1L;

  public ConnectTimeoutException(Phase phase, boolean responseStarted, String message, Throwable cause) {
    super(phase, responseStarted, message, cause);
  }
}

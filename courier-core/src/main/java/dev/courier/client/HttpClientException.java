package dev.courier.client;

import java.io.IOException;
import java.util.Locale;
import java.util.Objects;

/**
 * Base of every failure of the low-level client: it says in which {@link Phase} the exchange
 * failed and whether any byte of a response had arrived (when none had, the server cannot have
 * answered, and a request on a reused connection may be sent again on a fresh one).
 *
 * <p>Subtypes mean one thing each: {@link ConnectFailedException}, {@link ConnectTimeoutException},
 * {@link ReadTimeoutException}, {@link TlsHandshakeException} (and its {@link
 * CertificateNotTrustedException} and {@link HostnameMismatchException}), {@link
 * ProxyConnectException}, {@link RemoteDisconnectedException}, {@link ConnectionResetException},
 * {@link IncompleteReadException}, {@link HttpProtocolException} (and {@link
 * BadStatusLineException}).
 *
 * <pre>{@code
 * try {
 *   connection.getResponse();
 * } catch (HttpClientException e) {
 *   log.warn("{} failed while {}", target, e.phase());
 * }
 * }</pre>
 */
public class HttpClientException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Where in an exchange a failure happened. */
  public enum Phase {
    /** Opening the TCP or Unix-domain connection (to the server or the proxy). */
    CONNECT,
    /** Talking to a proxy: the CONNECT request or the SOCKS handshake. */
    PROXY,
    /** The TLS handshake with the server. */
    TLS_HANDSHAKE,
    /** Writing the request head or body. */
    SEND_REQUEST,
    /** Waiting for or reading the status line and headers. */
    READ_HEAD,
    /** Reading the response body. */
    READ_BODY;

    String describe() {
      return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }

  private final Phase phase;
  private final boolean responseStarted;

  /**
   * @param responseStarted whether any byte of the response had been received
   */
  public HttpClientException(Phase phase, boolean responseStarted, String message, Throwable cause) {
    super(message, cause);
    this.phase = Objects.requireNonNull(phase, "phase");
    this.responseStarted = responseStarted;
  }

  /** The phase the exchange was in. */
  public Phase phase() {
    return phase;
  }

  /**
   * Whether any response byte had arrived. When not, and the connection was reused from a pool,
   * the server closed it before reading the request and sending again is safe.
   */
  public boolean responseStarted() {
    return responseStarted;
  }
}

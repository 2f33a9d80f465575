package dev.courier.client;

import dev.courier.error.BadStatusLineException;
import dev.courier.error.ConnectFailedException;
import dev.courier.error.ConnectTimeoutException;
import dev.courier.error.ConnectionException;
import dev.courier.error.ConnectionResetException;
import dev.courier.error.CourierException;
import dev.courier.error.HttpProtocolException;
import dev.courier.error.IncompleteReadException;
import dev.courier.error.LineTooLongException;
import dev.courier.error.NameResolutionException;
import dev.courier.error.ProxyException;
import dev.courier.error.ReadTimeoutException;
import dev.courier.error.RemoteDisconnectedException;
import dev.courier.error.TlsException;
import dev.courier.net.CertificatePinningException;
import dev.courier.net.HostnameMismatchException;
import dev.courier.http.wire.Closed;
import dev.courier.http.wire.HttpCodecException;
import dev.courier.http.wire.HttpEvent;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * The one place where low-level failures (the JDK's {@link IOException}s, the codec's {@link
 * HttpCodecException}) become {@link CourierException}s, here and nowhere else. Everything above the
 * client ({@code dev.courier}) receives them translated.
 *
 * <p>The {@link Phase} decides what a failure means. Until the request is written (connect, proxy,
 * TLS handshake) nothing can have reached the server, so {@code mayHaveReachedServer} is false and
 * sending again is safe for any method; from the first request byte on it is true.
 *
 * <table>
 *   <caption>Translation</caption>
 *   <tr><th>Low-level failure</th><th>Ours</th><th>mayHaveReachedServer</th></tr>
 *   <tr><td>SocketTimeoutException while connecting, tunnelling or in the handshake</td>
 *       <td>ConnectTimeoutException</td><td>false</td></tr>
 *   <tr><td>SocketTimeoutException later</td><td>ReadTimeoutException</td><td>true</td></tr>
 *   <tr><td>UnknownHostException</td><td>NameResolutionException</td><td>false</td></tr>
 *   <tr><td>ConnectException, NoRouteToHostException, PortUnreachableException, any other
 *       failure while connecting</td><td>ConnectFailedException</td><td>false</td></tr>
 *   <tr><td>any failure talking to the proxy (CONNECT, SOCKS)</td><td>ProxyException</td>
 *       <td>false</td></tr>
 *   <tr><td>SSLHandshakeException, or any SSLException during the handshake</td>
 *       <td>TlsException HOSTNAME, TRUST or HANDSHAKE</td><td>false (true for a renegotiation
 *       after the request went out)</td></tr>
 *   <tr><td>SSLException after the handshake</td><td>TlsException PROTOCOL</td><td>true</td></tr>
 *   <tr><td>SocketException "connection reset", "broken pipe", "connection aborted"</td>
 *       <td>ConnectionResetException</td><td>true (false while connecting)</td></tr>
 *   <tr><td>HttpCodecException: input ended in the body</td><td>IncompleteReadException</td>
 *       <td>true</td></tr>
 *   <tr><td>HttpCodecException: input ended in the head</td><td>RemoteDisconnectedException</td>
 *       <td>true</td></tr>
 *   <tr><td>HttpCodecException: the first line is not a status line</td>
 *       <td>BadStatusLineException</td><td>true</td></tr>
 *   <tr><td>HttpCodecException: a line or section past its limit</td>
 *       <td>LineTooLongException</td><td>true</td></tr>
 *   <tr><td>HttpCodecException, otherwise</td><td>HttpProtocolException</td><td>true</td></tr>
 *   <tr><td>any other IOException</td><td>ConnectionException</td><td>true</td></tr>
 * </table>
 *
 * <p>The cause is always kept; the message names the phase and the URL.
 */
final class Failures {
  /** Where in an exchange a failure happened. */
  enum Phase {
    CONNECT("connecting", false),
    PROXY("opening the proxy tunnel", false),
    TLS_HANDSHAKE("in the TLS handshake", false),
    SEND_REQUEST("sending the request", true),
    READ_HEAD("waiting for the response head", true),
    READ_BODY("reading the response body", true);

    final String doing;
    /** Whether a request byte may have been written by the time of this phase. */
    final boolean sent;

    Phase(String doing, boolean sent) {
      this.doing = doing;
      this.sent = sent;
    }
  }

  private Failures() {}

  /**
   * The exception for {@code e} thrown during {@code phase} of an exchange with {@code url}
   * (redacted); {@code timeout} is the limit in force (connect timeout before the request is sent,
   * read timeout after).
   */
  static CourierException translate(IOException e, Phase phase, String url, Duration timeout) {
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof SocketTimeoutException) {
      return phase.sent
          ? new ReadTimeoutException(url, timeout, e)
          : new ConnectTimeoutException(url, timeout, e);
    }
    if (e instanceof SSLHandshakeException || (phase == Phase.TLS_HANDSHAKE && e instanceof SSLException)) {
      return tls(e, url, phase.sent);
    }
    if (e instanceof SSLException) {
      return new TlsException(TlsException.Reason.PROTOCOL, "TLS failed while " + phase.doing, url,
          phase.sent, e);
    }
    if (e instanceof UnknownHostException) {
      // the JDK's message is "name" or "name: resolver's reason"
      int colon = detail.indexOf(": ");
      return new NameResolutionException(colon > 0 ? detail.substring(0, colon) : detail, url, e);
    }
    if (e instanceof ConnectException || e instanceof NoRouteToHostException
        || e instanceof PortUnreachableException) {
      return new ConnectFailedException("connect failed", url, e);
    }
    if (phase == Phase.PROXY) {
      return new ProxyException(-1, "the proxy failed", url, e);
    }
    if (e instanceof SocketException && isReset(detail)) {
      return new ConnectionResetException("connection reset by peer while " + phase.doing, url,
          phase.sent, e);
    }
    if (!phase.sent) {
      return new ConnectFailedException("connect failed", url, e);
    }
    if (e instanceof InterruptedIOException) {
      return new ConnectionException("interrupted while " + phase.doing, url, true, e);
    }
    return new ConnectionException("I/O error while " + phase.doing, url, true, e);
  }

  /** What the connection knew when the codec refused the input. */
  record CodecContext(
      Phase phase, boolean headSeen, boolean endOfInput, String firstLine, boolean looksLikeStatusLine,
      long received, long expected) {}

  /**
   * The exception for a codec error while reading a response: the input ended early (in the head
   * or the body), the first line was not a status line, a line was too long, or other broken
   * HTTP.
   */
  static CourierException fromCodec(HttpCodecException e, CodecContext at, String url) {
    if (at.endOfInput() && at.headSeen()) {
      return new IncompleteReadException(at.received(), at.expected(), e.getMessage(), url, e);
    }
    if (at.endOfInput()) {
      // nothing usable came: http.client's RemoteDisconnected, not a protocol error
      return new RemoteDisconnectedException(
          "the server closed the connection in the middle of the response head", url, true, e);
    }
    if (!at.headSeen() && !at.looksLikeStatusLine()) {
      return new BadStatusLineException(at.firstLine(), e.getMessage(), url, e);
    }
    if (e.limitPassed().isPresent()) {
      return new LineTooLongException(e.limitPassed().get(), e.limit(), url, e);
    }
    return new HttpProtocolException(e.getMessage() + " (" + at.phase().doing + ")", url, e);
  }

  /**
   * The event that came where a response head was expected: the connection closed before any
   * response byte ({@link RemoteDisconnectedException}, as http.client raises) or something that
   * is not a head.
   */
  static CourierException beforeHead(HttpEvent event, boolean responseStarted, String url) {
    if (event instanceof Closed && !responseStarted) {
      return new RemoteDisconnectedException(
          "the server closed the connection without sending a response", url, true, null);
    }
    return new HttpProtocolException("unexpected " + event + " before the response head", url, null);
  }

  /**
   * The caller's body stream failed while we sent it: a local failure, not the server's. The head
   * was sent, so the server may have seen the start of the request.
   */
  static CourierException bodySourceFailed(IOException e, String url) {
    return new CourierException("reading the request body to send failed", url, true, e);
  }

  /** Whether a write or read failed because the peer reset or closed the connection. */
  static boolean isReset(IOException e) {
    return e instanceof SocketException && e.getMessage() != null && isReset(e.getMessage());
  }

  private static boolean isReset(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("connection reset") || m.contains("broken pipe") || m.contains("connection aborted");
  }

  /**
   * A failed handshake, by reason: Courier's own {@link HostnameMismatchException} and {@link
   * CertificatePinningException}; otherwise the JDK says which check failed only through the cause
   * chain: a {@link CertificateException} naming the host ("No subject alternative", "No name
   * matching") for a hostname mismatch (from a caller's own trust manager that checks names), a
   * certification path or validity failure for an untrusted chain.
   */
  private static TlsException tls(IOException e, String url, boolean sent) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage() == null ? "" : t.getMessage();
      if (t instanceof CertificatePinningException) {
        return new TlsException(TlsException.Reason.PINNING, message, url, sent, e);
      }
      if (t instanceof HostnameMismatchException) {
        return new TlsException(TlsException.Reason.HOSTNAME,
            "the server's certificate does not match the host", url, sent, e);
      }
      if (t instanceof CertificateException
          && (message.startsWith("No subject alternative") || message.startsWith("No name matching"))) {
        return new TlsException(TlsException.Reason.HOSTNAME,
            "the server's certificate does not match the host", url, sent, e);
      }
      if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException
          || t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException
          || message.contains("PKIX path")) {
        return new TlsException(TlsException.Reason.TRUST,
            "the server's certificate is not trusted", url, sent, e);
      }
    }
    return new TlsException(TlsException.Reason.HANDSHAKE, "TLS handshake failed", url, sent, e);
  }
}

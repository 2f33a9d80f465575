package dev.courier.client;

import dev.courier.client.HttpClientException.Phase;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/** Turns JDK I/O exceptions into the client's exceptions, in one place (STYLE.md item 8). */
final class Failures {
  private Failures() {}

  /**
   * The client exception for {@code e} thrown during {@code phase}; {@code e} itself when it is
   * already one of ours.
   */
  static HttpClientException translate(IOException e, Phase phase, boolean responseStarted,
      String where) {
    if (e instanceof HttpClientException ours) {
      return ours;
    }
    String at = " (" + phase.describe() + ", " + where + ")";
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof SocketTimeoutException) {
      return phase == Phase.CONNECT || phase == Phase.TLS_HANDSHAKE
          ? new ConnectTimeoutException(phase, false, "timed out" + at, e)
          : new ReadTimeoutException(phase, responseStarted, "read timed out" + at, e);
    }
    if (e instanceof SSLHandshakeException || (phase == Phase.TLS_HANDSHAKE && e instanceof SSLException)) {
      return tls(e, at, detail);
    }
    if (e instanceof UnknownHostException) {
      return new ConnectFailedException(phase, false, "unknown host " + detail + at, e);
    }
    if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
      return new ConnectFailedException(phase, false, detail + at, e);
    }
    if (e instanceof SocketException && isReset(detail)) {
      return new ConnectionResetException(phase, responseStarted, "connection reset by peer" + at, e);
    }
    if (phase == Phase.CONNECT) {
      return new ConnectFailedException(phase, false, detail + at, e);
    }
    if (e instanceof SocketException && isBrokenPipe(detail)) {
      return new ConnectionResetException(phase, responseStarted, "connection closed by peer: " + detail + at, e);
    }
    return new HttpClientException(phase, responseStarted, detail + at, e);
  }

  private static boolean isReset(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("connection reset");
  }

  private static boolean isBrokenPipe(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("broken pipe") || m.contains("connection aborted");
  }

  private static TlsHandshakeException tls(IOException e, String at, String detail) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage() == null ? "" : t.getMessage();
      if (t instanceof java.security.cert.CertificateException
          && (message.startsWith("No subject alternative") || message.startsWith("No name matching"))) {
        return new HostnameMismatchException(Phase.TLS_HANDSHAKE, false,
            "certificate does not match the host: " + message + at, e);
      }
      if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException
          || t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException
          || message.contains("PKIX path")) {
        return new CertificateNotTrustedException(Phase.TLS_HANDSHAKE, false,
            "server certificate not trusted: " + message + at, e);
      }
    }
    return new TlsHandshakeException(Phase.TLS_HANDSHAKE, false, "TLS handshake failed: " + detail + at, e);
  }
}

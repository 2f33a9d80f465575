package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.client.Failures.Phase;
import dev.courier.error.BadStatusLineException;
import dev.courier.error.ConnectFailedException;
import dev.courier.error.ConnectTimeoutException;
import dev.courier.error.ConnectionException;
import dev.courier.error.ConnectionResetException;
import dev.courier.error.CourierException;
import dev.courier.error.HttpProtocolException;
import dev.courier.error.IncompleteReadException;
import dev.courier.error.NameResolutionException;
import dev.courier.error.ProxyException;
import dev.courier.error.ReadTimeoutException;
import dev.courier.error.RemoteDisconnectedException;
import dev.courier.error.TlsException;
import dev.courier.http.wire.HttpCodecException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** The translation table of {@link Failures}, row by row: type, cause kept, URL named, mayHaveReachedServer. */
class FailuresTest {
  private static final String URL = "http://127.0.0.1:8080/x";
  private static final Duration LIMIT = Duration.ofSeconds(2);

  private static CourierException translate(IOException e, Phase phase) {
    CourierException ours = Failures.translate(e, phase, URL, LIMIT);
    assertThat(ours.getCause()).isSameAs(e);
    assertThat(ours).hasMessageContaining(URL);
    assertThat(ours.url()).contains(URL);
    return ours;
  }

  @Test
  void timeoutsByPhase() {
    var connect = translate(new SocketTimeoutException("connect timed out"), Phase.CONNECT);
    assertThat(connect).isInstanceOf(ConnectTimeoutException.class);
    assertThat(connect.mayHaveReachedServer()).isFalse();
    assertThat(translate(new SocketTimeoutException(), Phase.TLS_HANDSHAKE)).isInstanceOf(ConnectTimeoutException.class);
    var read = translate(new SocketTimeoutException("Read timed out"), Phase.READ_HEAD);
    assertThat(read).isInstanceOf(ReadTimeoutException.class);
    assertThat(((ReadTimeoutException) read).timeout()).isEqualTo(LIMIT);
    assertThat(read.mayHaveReachedServer()).isTrue();
  }

  @Test
  void connectFailuresSayNothingWasSent() {
    var dns = translate(new UnknownHostException("nowhere.invalid: Name or service not known"), Phase.CONNECT);
    assertThat(dns).isInstanceOf(NameResolutionException.class);
    assertThat(((NameResolutionException) dns).host()).isEqualTo("nowhere.invalid");
    assertThat(dns.mayHaveReachedServer()).isFalse();
    var refused = translate(new ConnectException("Connection refused"), Phase.CONNECT);
    assertThat(refused).isInstanceOf(ConnectFailedException.class);
    assertThat(refused.mayHaveReachedServer()).isFalse();
    var proxy = translate(new EOFException("the SOCKS5 proxy closed the connection"), Phase.PROXY);
    assertThat(proxy).isInstanceOf(ProxyException.class);
    assertThat(proxy.mayHaveReachedServer()).isFalse();
    assertThat(translate(new IOException("odd"), Phase.CONNECT)).isInstanceOf(ConnectFailedException.class);
  }

  @Test
  void tlsFailuresByReason() {
    var hostname = new SSLHandshakeException("No subject alternative DNS name matching x found.");
    hostname.initCause(new CertificateException("No subject alternative DNS name matching x found."));
    assertThat(((TlsException) translate(hostname, Phase.TLS_HANDSHAKE)).reason()).isEqualTo(TlsException.Reason.HOSTNAME);
    var trust = new SSLHandshakeException("PKIX path building failed");
    assertThat(((TlsException) translate(trust, Phase.TLS_HANDSHAKE)).reason()).isEqualTo(TlsException.Reason.TRUST);
    var other = translate(new SSLException("Unsupported or unrecognized SSL message"), Phase.TLS_HANDSHAKE);
    assertThat(((TlsException) other).reason()).isEqualTo(TlsException.Reason.HANDSHAKE);
    assertThat(other.mayHaveReachedServer()).isFalse();
    var later = translate(new SSLException("bad record MAC"), Phase.READ_BODY);
    assertThat(((TlsException) later).reason()).isEqualTo(TlsException.Reason.PROTOCOL);
    assertThat(later.mayHaveReachedServer()).isTrue();
  }

  @Test
  void resetsAndOtherFailuresAfterSending() {
    var reset = translate(new SocketException("Connection reset"), Phase.READ_BODY);
    assertThat(reset).isInstanceOf(ConnectionResetException.class);
    assertThat(reset.mayHaveReachedServer()).isTrue();
    assertThat(translate(new SocketException("Broken pipe"), Phase.SEND_REQUEST)).isInstanceOf(ConnectionResetException.class);
    var other = translate(new IOException("Socket closed"), Phase.READ_HEAD);
    assertThat(other).isExactlyInstanceOf(ConnectionException.class).hasMessageContaining("waiting for the response head");
    assertThat(other.mayHaveReachedServer()).isTrue();
  }

  @Test
  void codecErrorsByWhatWasSeen() {
    var cut = new HttpCodecException(400, "connection closed before the end of the body");
    var inBody = Failures.fromCodec(cut, new Failures.CodecContext(Phase.READ_BODY, true, true, "HTTP/1.1 200 OK", true, 5, 20), URL);
    assertThat(inBody).isInstanceOf(IncompleteReadException.class).hasCause(cut);
    assertThat(((IncompleteReadException) inBody).expected()).hasValue(20);
    var inHead = Failures.fromCodec(cut, new Failures.CodecContext(Phase.READ_HEAD, false, true, "HTTP/1.1 200 OK", true, 0, -1), URL);
    assertThat(inHead).isInstanceOf(RemoteDisconnectedException.class);
    var garbage = Failures.fromCodec(new HttpCodecException(400, "malformed status line"),
        new Failures.CodecContext(Phase.READ_HEAD, false, false, "SSH-2.0", false, 0, -1), URL);
    assertThat(garbage).isInstanceOf(BadStatusLineException.class).hasMessageContaining("SSH-2.0");
    var broken = Failures.fromCodec(new HttpCodecException(400, "differing Content-Length values"),
        new Failures.CodecContext(Phase.READ_HEAD, false, false, "HTTP/1.1 200 OK", true, 0, -1), URL);
    assertThat(broken).isExactlyInstanceOf(HttpProtocolException.class).hasMessageContaining(URL);
    assertThat(broken.mayHaveReachedServer()).isTrue();
  }
}

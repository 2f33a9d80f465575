package dev.courier.client;

import dev.courier.http.wire.Limits;
import dev.courier.net.ConnectOptions;
import dev.courier.net.TlsSettings;
import dev.courier.net.Transport;
import javax.net.ssl.SSLContext;

/**
 * An {@link HttpConnection} over TLS, like Python's {@code http.client.HTTPSConnection}.
 * Certificates are verified against the JDK trust store (or the {@link TlsSettings} given) and
 * the host name is checked; TLS 1.2 is the minimum; SNI is sent; ALPN offers {@code http/1.1}.
 *
 * <pre>{@code
 * var c = new HttpsConnection("example.com", 443);
 * c.request("GET", "/");
 * var r = c.getResponse();
 *
 * // a private CA
 * var tls = TlsSettings.builder().trustedCertificates(Path.of("ca.pem")).build();
 * var internal = new HttpsConnection("intranet.example", 8443, tls);
 * }</pre>
 */
public class HttpsConnection extends HttpConnection {

  /** Port 443 with default TLS settings. */
  public HttpsConnection(String host) {
    this(host, 443);
  }

  /** host:port with default TLS settings. */
  public HttpsConnection(String host, int port) {
    this(host, port, TlsSettings.defaults());
  }

  /** host:port with these TLS settings. */
  public HttpsConnection(String host, int port, TlsSettings tls) {
    this(host, port, tls, ConnectOptions.defaults());
  }

  /** host:port using this SSL context for trust and keys (host names are still verified). */
  public HttpsConnection(String host, int port, SSLContext context) {
    this(host, port, TlsSettings.builder().sslContext(context).build());
  }

  /** host:port with these TLS settings and connect options. */
  public HttpsConnection(String host, int port, TlsSettings tls, ConnectOptions options) {
    super(Route.https(host, port, tls), options);
  }

  /** An https route (it may go through a proxy) with its own transport and limits. */
  public HttpsConnection(Route route, ConnectOptions options, Transport transport, Limits limits) {
    super(requireHttps(route), options, transport, limits);
  }

  private static Route requireHttps(Route route) {
    if (!route.isHttps()) {
      throw new IllegalArgumentException("HttpsConnection needs an https route: " + route);
    }
    return route;
  }
}

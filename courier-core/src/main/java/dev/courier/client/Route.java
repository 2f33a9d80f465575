package dev.courier.client;

import dev.courier.http.Url;
import dev.courier.net.Endpoint;
import dev.courier.net.TlsSettings;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything that decides whether two requests may share a connection: scheme, host, port, the
 * proxy, the TLS settings, and an optional Unix-domain socket to connect through. The
 * {@link ConnectionPool} keys connections by route, so a connection made with certificate
 * checks off, another client certificate or another proxy is never reused for a request that
 * asked otherwise.
 *
 * <pre>{@code
 * Route api = Route.https("api.example.com", 443);
 * Route viaProxy = api.withProxy(Proxy.parse("http://proxy.corp:3128"));
 * Route docker = Route.http("localhost", 80).withUnixSocket(Path.of("/var/run/docker.sock"));
 * }</pre>
 *
 * @param scheme "http" or "https"
 * @param host the server's host (IPv6 without brackets), for Host, SNI and certificate checks
 * @param port the server's port
 * @param proxy how the server is reached
 * @param tls present exactly for https
 * @param unixSocket when present, the connection goes to this socket file instead of host:port
 */
public record Route(String scheme, String host, int port, Proxy proxy,
    Optional<TlsSettings> tls, Optional<Path> unixSocket) {

  public Route {
    Objects.requireNonNull(scheme, "scheme");
    scheme = scheme.toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("unsupported scheme '" + scheme + "' (http or https)");
    }
    Endpoint.tcp(host, port); // validates host and port
    host = host.toLowerCase(Locale.ROOT);
    Objects.requireNonNull(proxy, "proxy");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(unixSocket, "unixSocket");
    if (scheme.equals("https") != tls.isPresent()) {
      throw new IllegalArgumentException("TLS settings are required for https and only for https");
    }
    if (unixSocket.isPresent() && !proxy.isDirect()) {
      throw new IllegalArgumentException("a Unix-socket route cannot use a proxy");
    }
  }

  /** Plain HTTP to host:port. */
  public static Route http(String host, int port) {
    return new Route("http", host, port, Proxy.direct(), Optional.empty(), Optional.empty());
  }

  /** HTTPS to host:port with default TLS settings. */
  public static Route https(String host, int port) {
    return https(host, port, TlsSettings.defaults());
  }

  /** HTTPS to host:port with these TLS settings. */
  public static Route https(String host, int port, TlsSettings tls) {
    return new Route("https", host, port, Proxy.direct(), Optional.of(tls), Optional.empty());
  }

  /** "http" or "https" to host:port; https gets default TLS settings. */
  public static Route of(String scheme, String host, int port) {
    return scheme.equalsIgnoreCase("https") ? https(host, port) : http(host, port);
  }

  /**
   * The route to a URL's origin: its scheme, host and port, the proxy the rules choose for it,
   * and {@code tls} when the URL is https.
   *
   * <pre>{@code
   * Route route = Route.of(Url.parse("https://api.example.com/v1"),
   *     ProxyRules.fromSystemEnvironment(), TlsSettings.defaults());
   * }</pre>
   *
   * <p>An {@code http+unix} URL ({@link Url#HTTP_UNIX}) routes to the socket file its host names.
   *
   * @throws IllegalArgumentException for schemes other than http, https and http+unix
   */
  public static Route of(Url url, ProxyRules proxies, TlsSettings tls) {
    String scheme = url.scheme();
    if (scheme.equals(Url.HTTP_UNIX)) return unix(url);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("not an http(s) URL: " + url);
    }
    Proxy proxy = proxies.select(scheme, url.host(), url.port());
    Route route = scheme.equals("https") ? https(url.host(), url.port(), tls)
        : http(url.host(), url.port());
    return route.withProxy(proxy);
  }

  /**
   * The route of an {@code http+unix} URL: plain HTTP to the socket file its host names
   * (percent-decoded), {@code Host: localhost} as curl's {@code --unix-socket} sends; no proxy.
   *
   * @throws IllegalArgumentException when the URL names no socket file
   */
  private static Route unix(Url url) {
    if (url.host().isEmpty()) {
      throw new IllegalArgumentException("an http+unix URL names its socket file as its host, e.g. "
          + "http+unix://%2Fvar%2Frun%2Fdocker.sock/info: " + url.redacted());
    }
    return http(UNIX_HOST, 80).withUnixSocket(Path.of(Url.percentDecode(url.host())));
  }

  /** The host an {@code http+unix} request names in {@code Host}: the socket file is no host name. */
  public static final String UNIX_HOST = "localhost";

  /** A copy reached through this proxy. */
  public Route withProxy(Proxy newProxy) {
    return new Route(scheme, host, port, newProxy, tls, unixSocket);
  }

  /** A copy with these TLS settings (https only). */
  public Route withTls(TlsSettings settings) {
    return new Route(scheme, host, port, proxy, Optional.of(settings), unixSocket);
  }

  /** A copy that connects to this Unix-domain socket (host and port still fill the Host header). */
  public Route withUnixSocket(Path path) {
    return new Route(scheme, host, port, proxy, tls, Optional.of(path));
  }

  /** Whether connections are TLS to the server. */
  public boolean isHttps() {
    return tls.isPresent();
  }

  /** The default port of the scheme: 80 or 443. */
  public int defaultPort() {
    return isHttps() ? 443 : 80;
  }

  /** host[:port] as the Host header and CONNECT carry it; the port is left out when default. */
  public String authority() {
    return port == defaultPort() ? bracketed() : bracketed() + ":" + port;
  }

  /** host:port always, as the CONNECT request target (RFC 9110 Section 9.3.6). */
  public String hostAndPort() {
    return bracketed() + ":" + port;
  }

  private String bracketed() {
    return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
  }

  /** Whether requests go to an HTTP proxy in absolute form (plain http through an HTTP proxy). */
  public boolean usesAbsoluteForm() {
    return !isHttps() && proxy.type() == Proxy.Type.HTTP;
  }

  /** Whether a CONNECT tunnel is opened first (https through an HTTP proxy). */
  public boolean needsTunnel() {
    return isHttps() && proxy.type() == Proxy.Type.HTTP;
  }

  // equals and hashCode are written out: a record's generated ones are linked through ObjectMethods'
  // method handles on first use, tens of milliseconds of the courier command's start-up.
  @Override
  public boolean equals(Object other) {
    return other instanceof Route that && port == that.port && scheme.equals(that.scheme) && host.equals(that.host)
        && proxy.equals(that.proxy) && tls.equals(that.tls) && unixSocket.equals(that.unixSocket);
  }

  @Override
  public int hashCode() {
    int hash = scheme.hashCode();
    hash = 31 * hash + host.hashCode();
    hash = 31 * hash + port;
    hash = 31 * hash + proxy.hashCode();
    hash = 31 * hash + tls.hashCode();
    return 31 * hash + unixSocket.hashCode();
  }

  @Override
  public String toString() {
    return scheme + "://" + hostAndPort()
        + unixSocket.map(p -> " via unix:" + p).orElse("")
        + (proxy.isDirect() ? "" : " via " + proxy)
        + tls.filter(TlsSettings::isInsecure).map(t -> " (INSECURE TLS)").orElse("");
  }
}

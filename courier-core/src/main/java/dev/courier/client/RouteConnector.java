package dev.courier.client;

import dev.courier.client.Failures.Phase;
import dev.courier.error.CourierException;
import dev.courier.http.Headers;
import dev.courier.http.wire.Limits;
import dev.courier.net.ConnectOptions;
import dev.courier.net.Connection;
import dev.courier.net.Endpoint;
import dev.courier.net.TlsSettings;
import dev.courier.net.Transport;
import java.io.IOException;

/**
 * Opens the byte stream a route describes, in order: TCP (or Unix socket) to the server or the
 * proxy, TLS to an {@code https} proxy, the SOCKS5 handshake or CONNECT tunnel, then TLS to the
 * server. Each step fails with an exception naming its phase; none of them has sent a byte of the
 * request, so every failure says {@code mayHaveReachedServer() == false}.
 */
final class RouteConnector {
  private RouteConnector() {}

  /**
   * @param tunnelTarget when non-null (from {@link HttpConnection#setTunnel}), the route's
   *     host and port are an HTTP proxy and this is the real target, reached by CONNECT
   * @param url the URL the connection is for (redacted), named in failures
   * @throws dev.courier.error.CourierException a {@code ConnectFailedException},
   *     {@code NameResolutionException}, {@code ConnectTimeoutException}, {@code ProxyException}
   *     or {@code TlsException}
   */
  static Connection connect(Route route, ConnectOptions options, Transport transport, Limits limits,
      TunnelTarget tunnelTarget, WireLog log, String url) {
    Phase phase = Phase.CONNECT;
    Connection connection = null;
    ExchangeListener listener = CurrentListener.get();
    Endpoint endpoint = route.unixSocket().<Endpoint>map(Endpoint::unix)
        .orElseGet(() -> route.proxy().isDirect() ? Endpoint.tcp(route.host(), route.port())
            : route.proxy().endpoint());
    try {
      TimedLookup.lookUp(endpoint, transport, listener);
      listener.connectStart(endpoint);
      connection = transport.connect(endpoint, options);
      Proxy proxy = route.proxy();
      if (proxy.isSecure()) {
        phase = Phase.TLS_HANDSHAKE;
        listener.secureConnectStart();
        connection = TlsSettings.defaults().handshake(connection, proxy.host(), proxy.port(),
            options.connectTimeout());
        connection.tlsSession().ifPresent(listener::secureConnectEnd);
      }
      String tlsHost = route.host();
      int tlsPort = route.port();
      if (proxy.type() == Proxy.Type.SOCKS5) {
        phase = Phase.PROXY;
        Socks5.connect(connection, proxy, route.host(), route.port(), url);
      } else if (route.needsTunnel()) {
        phase = Phase.PROXY;
        Headers.Builder headers = Headers.builder();
        proxy.basicAuthorization().ifPresent(v -> headers.add("Proxy-Authorization", v));
        Tunnel.open(connection, route.hostAndPort(), headers.build(), limits, log, url);
      }
      if (tunnelTarget != null) {
        phase = Phase.PROXY;
        Tunnel.open(connection, tunnelTarget.authority(), tunnelTarget.headers(), limits, log, url);
        tlsHost = tunnelTarget.host();
        tlsPort = tunnelTarget.port();
      }
      if (route.tls().isPresent()) {
        phase = Phase.TLS_HANDSHAKE;
        listener.secureConnectStart();
        connection = route.tls().get().handshake(connection, tlsHost, tlsPort,
            options.connectTimeout());
        connection.tlsSession().ifPresent(listener::secureConnectEnd);
      }
      listener.connectEnd(endpoint);
      return connection;
    } catch (IOException | UnsupportedOperationException e) {
      closeQuietly(connection, e);
      IOException io = e instanceof IOException x ? x : new IOException(e.getMessage(), e);
      CourierException failure = Failures.translate(io, phase, url, options.connectTimeout());
      listener.connectFailed(endpoint, failure);
      throw failure;
    } catch (RuntimeException e) {
      closeQuietly(connection, e);
      if (e instanceof CourierException failure) {
        listener.connectFailed(endpoint, failure);
      }
      throw e;
    }
  }

  private static void closeQuietly(Connection connection, Throwable cause) {
    if (connection != null) {
      try {
        connection.close();
      } catch (IOException suppressed) {
        cause.addSuppressed(suppressed);
      }
    }
  }

  /** The target of an explicit {@link HttpConnection#setTunnel} call. */
  record TunnelTarget(String host, int port, Headers headers) {
    String authority() {
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
  }
}

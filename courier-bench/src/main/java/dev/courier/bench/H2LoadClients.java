package dev.courier.bench;

import dev.courier.HttpVersionPolicy;
import dev.courier.Response;
import dev.courier.Session;
import dev.courier.client.H2Connection;
import dev.courier.client.H2Response;
import dev.courier.http.Headers;
import dev.courier.http.wire.HttpVersion;
import dev.courier.http.Url;
import dev.courier.net.ConnectOptions;
import dev.courier.net.Connection;
import dev.courier.net.Endpoint;
import dev.courier.net.TlsSettings;
import dev.courier.net.Transport;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The HTTP/2 clients of the multiplexed benchmark, each held to ONE connection over TLS with ALPN
 * {@code h2} (the JDK's client speaks HTTP/2 without TLS only through {@code Upgrade: h2c}, which
 * neither nginx's h2 port nor Courier's server accept, so every client gets TLS for a fair
 * comparison). Each trusts only the benchmark's self-signed certificate and checks that the
 * first response came over HTTP/2.
 */
final class H2LoadClients {
  private H2LoadClients() {}

  static final List<String> NAMES = List.of("courier", "courier-h2", "okhttp", "jdk", "jetty");

  static LoadClient create(String name, String url, BenchCertificate trust) throws Exception {
    return switch (name) {
      case "courier" -> courier(url, trust);
      case "courier-h2" -> courierLowLevel(url, trust);
      case "okhttp" -> okhttp(url, trust);
      case "jdk" -> jdk(url, trust);
      case "jetty" -> jetty(url, trust);
      default -> throw new IllegalArgumentException("unknown HTTP/2 client " + name + " " + NAMES);
    };
  }

  /** Courier's {@link Session}, HTTP/2 only and one connection for the route. */
  private static LoadClient courier(String url, BenchCertificate trust) {
    Session session = courierSession(trust);
    return new LoadClient() {
      @Override public byte[] get() {
        Response r = session.get(url);
        if (r.version() != HttpVersion.HTTP_2) throw new IllegalStateException("courier used " + r.version());
        return r.bytes();
      }

      @Override public void close() {
        session.close();
      }
    };
  }

  /** Courier's low-level {@link H2Connection}: one TLS connection, every caller a stream on it. */
  private static LoadClient courierLowLevel(String url, BenchCertificate trust) throws Exception {
    Url target = Url.parse(url);
    TlsSettings tls = TlsSettings.builder().trustedCertificates(List.of(trust.x509()))
        .applicationProtocols(List.of("h2")).build();
    Connection tcp = Transport.system().connect(Endpoint.tcp(target.host(), target.port()), ConnectOptions.defaults());
    Connection connection = tls.handshake(tcp, target.host(), target.port(), Duration.ofSeconds(10));
    if (!connection.applicationProtocol().orElse("").equals("h2")) {
      throw new IllegalStateException("the server did not choose h2: " + connection.applicationProtocol());
    }
    H2Connection h2 = H2Connection.open(connection, "https");
    return new LoadClient() {
      @Override public byte[] get() {
        try (H2Response r = h2.send("GET", target, Headers.empty(), null)) {
          return r.bytes();
        }
      }

      @Override public void close() {
        h2.close();
      }
    };
  }

  /** Courier's {@link Session}, HTTP/2 only, one connection for the route, trusting {@code trust}. */
  static Session courierSession(BenchCertificate trust) {
    return Session.builder().httpVersionPolicy(HttpVersionPolicy.HTTP_2_ONLY).maxConnectionsPerRoute(1)
        .tls(TlsSettings.builder().trustedCertificates(List.of(trust.x509())).build()).build();
  }

  /** OkHttp offering h2 first; it multiplexes every call to one address over a single HTTP/2 connection. */
  static OkHttpClient okhttpClient(BenchCertificate trust) {
    return new OkHttpClient.Builder()
        .sslSocketFactory(trust.clientContext().getSocketFactory(), trust.trustManager())
        .protocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1))
        .connectionPool(new ConnectionPool(1, 5, java.util.concurrent.TimeUnit.MINUTES)).build();
  }

  /** The JDK's client asking for HTTP/2; it keeps one connection per origin and multiplexes on it. */
  static java.net.http.HttpClient jdkClient(BenchCertificate trust) {
    return java.net.http.HttpClient.newBuilder()
        .version(java.net.http.HttpClient.Version.HTTP_2).sslContext(trust.clientContext())
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** Jetty's client over its HTTP/2 transport, one connection per destination, started. */
  static org.eclipse.jetty.client.HttpClient jettyClient(BenchCertificate trust) throws Exception {
    SslContextFactory.Client ssl = new SslContextFactory.Client();
    ssl.setSslContext(trust.clientContext());
    ClientConnector connector = new ClientConnector();
    connector.setSslContextFactory(ssl);
    org.eclipse.jetty.client.HttpClient client =
        new org.eclipse.jetty.client.HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client(connector)));
    client.setMaxConnectionsPerDestination(1);
    client.start();
    return client;
  }

  private static LoadClient okhttp(String url, BenchCertificate trust) {
    OkHttpClient client = okhttpClient(trust);
    okhttp3.Request request = new okhttp3.Request.Builder().url(url).build();
    return new LoadClient() {
      @Override public byte[] get() throws Exception {
        try (okhttp3.Response r = client.newCall(request).execute()) {
          if (r.protocol() != Protocol.HTTP_2) throw new IllegalStateException("okhttp used " + r.protocol());
          return r.body().bytes();
        }
      }

      @Override public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
      }
    };
  }

  private static LoadClient jdk(String url, BenchCertificate trust) {
    java.net.http.HttpClient client = jdkClient(trust);
    // A timeout as the other clients have by default, so that a stuck call cannot hang the run.
    java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(30)).GET().build();
    return new LoadClient() {
      @Override public byte[] get() throws Exception {
        java.net.http.HttpResponse<byte[]> r = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        if (r.version() != java.net.http.HttpClient.Version.HTTP_2) throw new IllegalStateException("jdk used " + r.version());
        return r.body();
      }

      @Override public void close() {
        client.close();
      }
    };
  }

  private static LoadClient jetty(String url, BenchCertificate trust) throws Exception {
    org.eclipse.jetty.client.HttpClient client = jettyClient(trust);
    return new LoadClient() {
      @Override public byte[] get() throws Exception {
        org.eclipse.jetty.client.ContentResponse r =
            client.newRequest(url).timeout(30, java.util.concurrent.TimeUnit.SECONDS).send();
        if (r.getVersion() != org.eclipse.jetty.http.HttpVersion.HTTP_2) {
          throw new IllegalStateException("jetty used " + r.getVersion());
        }
        return r.getContent();
      }

      @Override public void close() throws Exception {
        client.stop();
      }
    };
  }
}

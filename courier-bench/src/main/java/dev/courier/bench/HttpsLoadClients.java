package dev.courier.bench;

import dev.courier.EventListener;
import dev.courier.HttpVersionPolicy;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.Session;
import dev.courier.http.wire.HttpVersion;
import dev.courier.net.TlsSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSession;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The HTTPS clients of the client benchmark: HTTP/1.1 over TLS, each with its keep-alive pool of up
 * to 64 connections to the host (as {@link LoadClient}'s plain ones), held to HTTP/1.1 (no ALPN
 * {@code h2} offered) and trusting only the benchmark's self-signed certificate. {@link #create}
 * makes one request and checks that it came over HTTP/1.1 on TLS 1.3 before handing the client
 * out, so the measured path carries no check of its own.
 *
 * <pre>{@code
 * LoadClient client = HttpsLoadClients.create("okhttp", "https://127.0.0.1:" + port + "/small.json", cert);
 * }</pre>
 */
final class HttpsLoadClients {
  private HttpsLoadClients() {}

  static final List<String> NAMES = List.of("courier", "okhttp", "apache", "jdk", "jetty");

  /** The TLS version every client must have negotiated with the benchmark's nginx. */
  private static final String TLS_VERSION = "TLSv1.3";

  static LoadClient create(String name, String url, BenchCertificate trust) throws Exception {
    return switch (name) {
      case "courier" -> courier(url, trust);
      case "okhttp" -> okhttp(url, trust);
      case "apache" -> apache(url, trust);
      case "jdk" -> jdk(url, trust);
      case "jetty" -> jetty(url, trust);
      default -> throw new IllegalArgumentException("unknown HTTPS client " + name + " " + NAMES);
    };
  }

  /** The first request of a new client, which checks how it came. */
  @FunctionalInterface
  private interface FirstRequest {
    void run() throws Exception;
  }

  /** Returns {@code client} once {@code first} has passed; closes it (its threads) otherwise. */
  private static LoadClient checked(LoadClient client, FirstRequest first) throws Exception {
    try {
      first.run();
      return client;
    } catch (Exception | Error e) {
      try {
        client.close();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * Fails unless the first response came over HTTP/1.1 and {@code tls} (the TLS version and cipher
   * suite, as {@link #describe} puts them) names TLS 1.3; prints what was negotiated, since the
   * cipher suite, which the clients choose for themselves, weighs on their CPU per request.
   */
  private static void check(String name, boolean http11, String version, String tls) {
    if (!http11) throw new IllegalStateException(name + " answered over " + version + ", not HTTP/1.1");
    if (tls == null || !tls.startsWith(TLS_VERSION + " ")) {
      throw new IllegalStateException(name + " negotiated " + tls + ", not " + TLS_VERSION);
    }
    System.err.println(name + ": HTTP/1.1 over " + tls);
  }

  private static String describe(SSLSession session) {
    return session == null ? null : session.getProtocol() + " " + session.getCipherSuite();
  }

  /** Courier's {@link Session} over HTTP/1.1 and TLS, up to 64 connections, trusting {@code trust}. */
  static Session courierSession(BenchCertificate trust) {
    return courierSettings(trust).build();
  }

  /** OkHttp over HTTP/1.1 only (no h2 in its ALPN offer), a pool of up to 64 idle connections. */
  static OkHttpClient okhttpClient(BenchCertificate trust) {
    return new OkHttpClient.Builder()
        .sslSocketFactory(trust.clientContext().getSocketFactory(), trust.trustManager())
        .protocols(List.of(Protocol.HTTP_1_1))
        .connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES)).build();
  }

  /** Apache's classic client, HTTP/1.1 only, up to 64 connections per route. */
  static CloseableHttpClient apacheClient(BenchCertificate trust) {
    // Since 5.4 a TlsSocketStrategy replaces the deprecated SSLConnectionSocketFactory; FORCE_HTTP_1
    // keeps h2 out of the ALPN offer.
    return HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setTlsSocketStrategy(ClientTlsStrategyBuilder.create().setSslContext(trust.clientContext()).buildClassic())
            .setDefaultTlsConfig(TlsConfig.custom()
                .setVersionPolicy(org.apache.hc.core5.http2.HttpVersionPolicy.FORCE_HTTP_1).build())
            .setMaxConnPerRoute(64).setMaxConnTotal(128).build())
        .build();
  }

  /** The JDK's client asking for HTTP/1.1. */
  static java.net.http.HttpClient jdkClient(BenchCertificate trust) {
    return java.net.http.HttpClient.newBuilder()
        .version(java.net.http.HttpClient.Version.HTTP_1_1).sslContext(trust.clientContext())
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** Jetty's client over its HTTP/1.1 transport, up to 64 connections per destination, started with these beans. */
  static org.eclipse.jetty.client.HttpClient jettyClient(BenchCertificate trust, Object... beans) throws Exception {
    SslContextFactory.Client ssl = new SslContextFactory.Client();
    ssl.setSslContext(trust.clientContext());
    ClientConnector connector = new ClientConnector();
    connector.setSslContextFactory(ssl);
    org.eclipse.jetty.client.HttpClient client =
        new org.eclipse.jetty.client.HttpClient(new HttpClientTransportOverHTTP(connector));
    client.setMaxConnectionsPerDestination(64);
    for (Object bean : beans) client.addBean(bean);
    client.start();
    return client;
  }

  private static Session.Builder courierSettings(BenchCertificate trust) {
    return Session.builder().httpVersionPolicy(HttpVersionPolicy.HTTP_1_1).maxConnectionsPerRoute(64)
        .tls(TlsSettings.builder().trustedCertificates(List.of(trust.x509())).build());
  }

  /**
   * Courier's {@link Session}. Its response does not say how the connection was secured, and an
   * event listener would cost every measured call, so a twin session with the same settings and a
   * listener makes the checked request; the measured session's first response is checked for
   * HTTP/1.1 (its URL is https, which Courier never sends in the clear).
   */
  private static LoadClient courier(String url, BenchCertificate trust) throws Exception {
    Session session = courierSession(trust);
    return checked(new LoadClient() {
      @Override public byte[] get() {
        return session.get(url).bytes();
      }

      @Override public void close() {
        session.close();
      }
    }, () -> {
      AtomicReference<String> tls = new AtomicReference<>();
      try (Session probe = courierSettings(trust).eventListener(new EventListener() {
        @Override public void secureConnectEnd(Request request, SSLSession tlsSession) {
          tls.set(describe(tlsSession));
        }
      }).build()) {
        Response r = probe.get(url);
        r.bytes();
        check("courier", r.version() == HttpVersion.HTTP_1_1, String.valueOf(r.version()), tls.get());
      }
      Response first = session.get(url);
      first.bytes();
      if (first.version() != HttpVersion.HTTP_1_1) throw new IllegalStateException("courier used " + first.version());
    });
  }

  private static LoadClient okhttp(String url, BenchCertificate trust) throws Exception {
    OkHttpClient client = okhttpClient(trust);
    okhttp3.Request request = new okhttp3.Request.Builder().url(url).build();
    return checked(LoadClient.okhttp(client, url), () -> {
      try (okhttp3.Response r = client.newCall(request).execute()) {
        r.body().bytes();
        check("okhttp", r.protocol() == Protocol.HTTP_1_1, r.protocol().toString(),
            r.handshake() == null ? null
                : r.handshake().tlsVersion().javaName() + " " + r.handshake().cipherSuite().javaName());
      }
    });
  }

  private static LoadClient apache(String url, BenchCertificate trust) throws Exception {
    CloseableHttpClient client = apacheClient(trust);
    return checked(new LoadClient() {
      @Override public byte[] get() throws Exception {
        return client.execute(new HttpGet(url), response -> EntityUtils.toByteArray(response.getEntity()));
      }

      @Override public void close() throws Exception {
        client.close();
      }
    }, () -> {
      HttpClientContext context = HttpClientContext.create();
      String version = client.execute(new HttpGet(url), context, response -> {
        EntityUtils.consume(response.getEntity());
        return String.valueOf(response.getVersion());
      });
      SSLSession session = context.getSSLSession();
      check("apache", version.equals("HTTP/1.1"), version, describe(session));
    });
  }

  private static LoadClient jdk(String url, BenchCertificate trust) throws Exception {
    java.net.http.HttpClient client = jdkClient(trust);
    java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(URI.create(url)).GET().build();
    return checked(new LoadClient() {
      @Override public byte[] get() throws Exception {
        return client.send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
      }

      @Override public void close() {
        client.close();
      }
    }, () -> {
      java.net.http.HttpResponse<byte[]> r = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
      check("jdk", r.version() == java.net.http.HttpClient.Version.HTTP_1_1, r.version().toString(),
          describe(r.sslSession().orElse(null)));
    });
  }

  /**
   * Jetty's client over its HTTP/1.1 transport (which offers no ALPN). Its response does not say
   * how the connection was secured; a handshake listener, a bean of the client that Jetty calls once
   * per new TLS connection, records the version.
   */
  private static LoadClient jetty(String url, BenchCertificate trust) throws Exception {
    AtomicReference<String> tls = new AtomicReference<>();
    org.eclipse.jetty.client.HttpClient client = jettyClient(trust, new SslHandshakeListener() {
      @Override public void handshakeSucceeded(Event event) {
        tls.compareAndSet(null, describe(event.getSSLEngine().getSession()));
      }
    });
    return checked(new LoadClient() {
      @Override public byte[] get() throws Exception {
        return client.GET(url).getContent();
      }

      @Override public void close() throws Exception {
        client.stop();
      }
    }, () -> {
      org.eclipse.jetty.client.ContentResponse r = client.GET(url);
      check("jetty", r.getVersion() == org.eclipse.jetty.http.HttpVersion.HTTP_1_1, String.valueOf(r.getVersion()),
          tls.get());
    });
  }
}

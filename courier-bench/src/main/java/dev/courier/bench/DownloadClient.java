package dev.courier.bench;

import dev.courier.Request;
import dev.courier.Response;
import dev.courier.Session;
import dev.courier.http.wire.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import okhttp3.OkHttpClient;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * One client fetching a large body the way its documentation shows: whole into a byte array, or
 * as a stream written on ({@code transferTo}) into {@code out}. Each decodes gzip itself when it
 * does so by default (Courier, OkHttp, Apache, Jetty); the JDK's client does not, so its users
 * (and this) ask for gzip and wrap the stream in a {@link GZIPInputStream}.
 */
interface DownloadClient extends AutoCloseable {
  /** The whole decoded body. */
  byte[] bytes(String url) throws Exception;

  /** Writes the decoded body to {@code out}; returns its length. */
  long stream(String url, OutputStream out) throws Exception;

  @Override
  void close() throws Exception;

  /** The client {@code name} over plain HTTP/1.1. */
  static DownloadClient create(String name) throws Exception {
    return switch (name) {
      case "courier" -> courier(Session.builder().build(), HttpVersion.HTTP_1_1);
      case "okhttp" -> okhttp(new OkHttpClient.Builder().build(), okhttp3.Protocol.HTTP_1_1);
      case "apache" -> apache(HttpClients.createDefault());
      case "jdk" -> jdk(java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10)).build(), java.net.http.HttpClient.Version.HTTP_1_1);
      case "jetty" -> jetty(startedJetty());
      default -> throw new IllegalArgumentException("unknown client " + name + " (courier, okhttp, apache, jdk, jetty)");
    };
  }

  /**
   * The client {@code name} over {@code protocol}: {@code http1} ({@link #create(String)}), {@code
   * https} (HTTP/1.1 over TLS, set up as in the HTTPS request benchmark, {@link HttpsLoadClients})
   * or {@code h2} ({@link #createHttp2}), trusting {@code trust}.
   */
  static DownloadClient create(String name, String protocol, BenchCertificate trust) throws Exception {
    return switch (protocol) {
      case "http1" -> create(name);
      case "h2" -> createHttp2(name, trust);
      case "https" -> switch (name) {
        case "courier" -> courier(HttpsLoadClients.courierSession(trust), HttpVersion.HTTP_1_1);
        case "okhttp" -> okhttp(HttpsLoadClients.okhttpClient(trust), okhttp3.Protocol.HTTP_1_1);
        case "apache" -> apache(HttpsLoadClients.apacheClient(trust));
        case "jdk" -> jdk(HttpsLoadClients.jdkClient(trust), java.net.http.HttpClient.Version.HTTP_1_1);
        case "jetty" -> jetty(HttpsLoadClients.jettyClient(trust));
        default -> throw new IllegalArgumentException("unknown client " + name + " (courier, okhttp, apache, jdk, jetty)");
      };
      default -> throw new IllegalArgumentException("protocol http1, https or h2, not " + protocol);
    };
  }

  /**
   * The client {@code name} over HTTP/2 and TLS (ALPN h2), trusting {@code trust}, set up as in the
   * multiplexed benchmark ({@link H2LoadClients}); each fails a download that came over anything
   * else. Apache's classic client has no HTTP/2.
   */
  static DownloadClient createHttp2(String name, BenchCertificate trust) throws Exception {
    return switch (name) {
      case "courier" -> courier(H2LoadClients.courierSession(trust), HttpVersion.HTTP_2);
      case "okhttp" -> okhttp(H2LoadClients.okhttpClient(trust), okhttp3.Protocol.HTTP_2);
      case "jdk" -> jdk(H2LoadClients.jdkClient(trust), java.net.http.HttpClient.Version.HTTP_2);
      case "jetty" -> jetty(H2LoadClients.jettyClient(trust));
      default -> throw new IllegalArgumentException("unknown HTTP/2 client " + name + " (courier, okhttp, jdk, jetty)");
    };
  }

  /**
   * A new client for each download, closed after it: a program that downloads once, whose
   * connection starts with the client's first windows (set up as {@code create} or {@code
   * createHttp2} does).
   */
  static DownloadClient fresh(java.util.concurrent.Callable<DownloadClient> make) {
    return new DownloadClient() {
      @Override public byte[] bytes(String url) throws Exception {
        try (DownloadClient once = make.call()) {
          return once.bytes(url);
        }
      }

      @Override public long stream(String url, OutputStream out) throws Exception {
        try (DownloadClient once = make.call()) {
          return once.stream(url, out);
        }
      }

      @Override public void close() {
        // each download's client is closed after it
      }
    };
  }

  private static DownloadClient courier(Session session, HttpVersion version) {
    return new DownloadClient() {
      @Override public byte[] bytes(String url) {
        return checked(session.get(url)).bytes();
      }

      @Override public long stream(String url, OutputStream out) throws IOException {
        try (Response r = checked(session.send(Request.get(url).stream(true).build())); InputStream in = r.stream()) {
          return in.transferTo(out);
        }
      }

      private Response checked(Response r) {
        if (r.version() != version) {
          r.close();
          throw new IllegalStateException("courier used " + r.version() + ", not " + version);
        }
        return r;
      }

      @Override public void close() {
        session.close();
      }
    };
  }

  private static DownloadClient okhttp(OkHttpClient client, okhttp3.Protocol protocol) {
    return new DownloadClient() {
      @Override public byte[] bytes(String url) throws IOException {
        try (okhttp3.Response r = call(url)) {
          return r.body().bytes();
        }
      }

      @Override public long stream(String url, OutputStream out) throws IOException {
        try (okhttp3.Response r = call(url); InputStream in = r.body().byteStream()) {
          return in.transferTo(out);
        }
      }

      private okhttp3.Response call(String url) throws IOException {
        okhttp3.Response r = client.newCall(new okhttp3.Request.Builder().url(url).build()).execute();
        if (r.protocol() != protocol) {
          r.close();
          throw new IllegalStateException("okhttp used " + r.protocol() + ", not " + protocol);
        }
        return r;
      }

      @Override public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
      }
    };
  }

  private static DownloadClient apache(CloseableHttpClient client) {
    return new DownloadClient() {
      @Override public byte[] bytes(String url) throws IOException {
        return client.execute(new HttpGet(url), r -> EntityUtils.toByteArray(r.getEntity()));
      }

      @Override public long stream(String url, OutputStream out) throws IOException {
        return client.execute(new HttpGet(url), r -> {
          try (InputStream in = r.getEntity().getContent()) {
            return in.transferTo(out);
          }
        });
      }

      @Override public void close() throws IOException {
        client.close();
      }
    };
  }

  private static DownloadClient jdk(java.net.http.HttpClient client, java.net.http.HttpClient.Version version) {
    return streamsOf(url -> {
      var request = java.net.http.HttpRequest.newBuilder(URI.create(url)).header("Accept-Encoding", "gzip").build();
      var response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofInputStream());
      if (response.version() != version) {
        response.body().close();
        throw new IllegalStateException("jdk used " + response.version() + ", not " + version);
      }
      boolean gzip = response.headers().firstValue("Content-Encoding").orElse("").equalsIgnoreCase("gzip");
      return gzip ? new GZIPInputStream(response.body(), 16 * 1024) : response.body();
    }, client::close);
  }

  private static org.eclipse.jetty.client.HttpClient startedJetty() throws Exception {
    org.eclipse.jetty.client.HttpClient client = new org.eclipse.jetty.client.HttpClient();
    client.start();
    return client;
  }

  /** Jetty's client; over HTTP/2 its transport speaks nothing else. */
  private static DownloadClient jetty(org.eclipse.jetty.client.HttpClient client) {
    // Jetty's ContentResponse holds at most 2 MiB by default: its documentation streams larger bodies.
    return streamsOf(url -> {
      var listener = new org.eclipse.jetty.client.InputStreamResponseListener();
      client.newRequest(url).send(listener);
      listener.get(30, TimeUnit.SECONDS);
      return listener.getInputStream();
    }, client::stop);
  }

  /** Opens a URL's decoded body as a stream. */
  @FunctionalInterface
  interface Opener {
    InputStream open(String url) throws Exception;
  }

  /** A client whose every body is read from the stream {@code opener} gives: whole, or on into {@code out}. */
  private static DownloadClient streamsOf(Opener opener, AutoCloseable closer) {
    return new DownloadClient() {
      @Override public byte[] bytes(String url) throws Exception {
        try (InputStream in = opener.open(url)) {
          return in.readAllBytes();
        }
      }

      @Override public long stream(String url, OutputStream out) throws Exception {
        try (InputStream in = opener.open(url)) {
          return in.transferTo(out);
        }
      }

      @Override public void close() throws Exception {
        closer.close();
      }
    };
  }
}

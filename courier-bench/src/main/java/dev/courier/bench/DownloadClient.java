package dev.courier.bench;

import dev.courier.Request;
import dev.courier.Response;
import dev.courier.Session;
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

  static DownloadClient create(String name) throws Exception {
    return switch (name) {
      case "courier" -> courier();
      case "okhttp" -> okhttp();
      case "apache" -> apache();
      case "jdk" -> jdk();
      case "jetty" -> jetty();
      default -> throw new IllegalArgumentException("unknown client " + name + " (courier, okhttp, apache, jdk, jetty)");
    };
  }

  private static DownloadClient courier() {
    Session session = Session.builder().build();
    return new DownloadClient() {
      @Override public byte[] bytes(String url) {
        return session.get(url).bytes();
      }

      @Override public long stream(String url, OutputStream out) throws IOException {
        try (Response r = session.send(Request.get(url).stream(true).build()); InputStream in = r.stream()) {
          return in.transferTo(out);
        }
      }

      @Override public void close() {
        session.close();
      }
    };
  }

  private static DownloadClient okhttp() {
    OkHttpClient client = new OkHttpClient.Builder().build();
    return new DownloadClient() {
      @Override public byte[] bytes(String url) throws IOException {
        try (okhttp3.Response r = client.newCall(new okhttp3.Request.Builder().url(url).build()).execute()) {
          return r.body().bytes();
        }
      }

      @Override public long stream(String url, OutputStream out) throws IOException {
        try (okhttp3.Response r = client.newCall(new okhttp3.Request.Builder().url(url).build()).execute();
            InputStream in = r.body().byteStream()) {
          return in.transferTo(out);
        }
      }

      @Override public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
      }
    };
  }

  private static DownloadClient apache() {
    CloseableHttpClient client = HttpClients.createDefault();
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

  private static DownloadClient jdk() {
    java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
        .version(java.net.http.HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    return streamsOf(url -> {
      var request = java.net.http.HttpRequest.newBuilder(URI.create(url)).header("Accept-Encoding", "gzip").build();
      var response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofInputStream());
      boolean gzip = response.headers().firstValue("Content-Encoding").orElse("").equalsIgnoreCase("gzip");
      return gzip ? new GZIPInputStream(response.body(), 16 * 1024) : response.body();
    }, client::close);
  }

  private static DownloadClient jetty() throws Exception {
    org.eclipse.jetty.client.HttpClient client = new org.eclipse.jetty.client.HttpClient();
    client.start();
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

package dev.courier.bench;

import dev.courier.Session;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * One client under load: fetches a URL's body. Each keeps connections alive and allows 64 per
 * host, so that 64 callers never wait for a connection; each is set up the way its
 * documentation suggests for a pooled, blocking client.
 */
interface LoadClient extends AutoCloseable {
  byte[] get() throws Exception;

  @Override
  void close() throws Exception;

  static LoadClient create(String name, String url) throws Exception {
    return switch (name) {
      case "courier" -> courier(url);
      case "okhttp" -> okhttp(url);
      case "apache" -> apache(url);
      case "jdk" -> jdk(url);
      case "jetty" -> jetty(url);
      case "courier-rt", "courier-conn", "socket" -> CourierLayers.create(name, url);
      default -> throw new IllegalArgumentException("unknown client " + name
          + " (courier, okhttp, apache, jdk, jetty; layers: courier-rt, courier-conn, socket)");
    };
  }

  private static LoadClient courier(String url) {
    Session session = Session.builder().maxConnectionsPerRoute(64).build();
    return new LoadClient() {
      @Override public byte[] get() {
        return session.get(url).bytes();
      }

      @Override public void close() {
        session.close();
      }
    };
  }

  private static LoadClient okhttp(String url) {
    return okhttp(new OkHttpClient.Builder().connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES)).build(), url);
  }

  /** GETs of {@code url} through {@code client}; closing shuts its dispatcher and evicts its pool. */
  static LoadClient okhttp(OkHttpClient client, String url) {
    okhttp3.Request request = new okhttp3.Request.Builder().url(url).build();
    return new LoadClient() {
      @Override public byte[] get() throws Exception {
        try (okhttp3.Response r = client.newCall(request).execute()) {
          return r.body().bytes();
        }
      }

      @Override public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
      }
    };
  }

  private static LoadClient apache(String url) {
    CloseableHttpClient client = HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnPerRoute(64).setMaxConnTotal(128).build())
        .build();
    return new LoadClient() {
      @Override public byte[] get() throws Exception {
        return client.execute(new HttpGet(url), response -> EntityUtils.toByteArray(response.getEntity()));
      }

      @Override public void close() throws Exception {
        client.close();
      }
    };
  }

  private static LoadClient jdk(String url) {
    java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
        .version(java.net.http.HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(URI.create(url)).GET().build();
    return new LoadClient() {
      @Override public byte[] get() throws Exception {
        return client.send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
      }

      @Override public void close() {
        client.close();
      }
    };
  }

  private static LoadClient jetty(String url) throws Exception {
    org.eclipse.jetty.client.HttpClient client = new org.eclipse.jetty.client.HttpClient();
    client.setMaxConnectionsPerDestination(64);
    client.start();
    return new LoadClient() {
      @Override public byte[] get() throws Exception {
        return client.GET(url).getContent();
      }

      @Override public void close() throws Exception {
        client.stop();
      }
    };
  }
}

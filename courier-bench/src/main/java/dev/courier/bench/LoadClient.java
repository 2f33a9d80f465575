package dev.courier.bench;

import dev.courier.Body;
import dev.courier.Session;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.eclipse.jetty.client.BytesRequestContent;

/**
 * One client under load: fetches a URL's body, or POSTs a JSON body to it and reads the answer.
 * Each keeps connections alive and allows 64 per host, so that 64 callers never wait for a
 * connection; each is set up, and sends its body, the way its documentation suggests for a
 * pooled, blocking client.
 */
interface LoadClient extends AutoCloseable {
  /** One exchange: the GET, or the POST; the response's body. */
  byte[] get() throws Exception;

  @Override
  void close() throws Exception;

  static LoadClient create(String name, String url) throws Exception {
    return create(name, url, null);
  }

  /** A client that POSTs {@code json} (as {@code application/json}) on each exchange; GETs when null. */
  static LoadClient create(String name, String url, byte[] json) throws Exception {
    return create(name, url, json, false);
  }

  /**
   * As {@link #create(String, String, byte[])}; with {@code gzip} the JDK's client, which neither
   * asks for nor decodes a compressed body, asks for gzip and decodes it as its users do, with a
   * {@link java.util.zip.GZIPInputStream}. The others ask for and decode gzip by default.
   */
  static LoadClient create(String name, String url, byte[] json, boolean gzip) throws Exception {
    if (gzip && name.equals("jdk")) return jdkGzip(url);
    return switch (name) {
      case "courier" -> courier(url, json);
      case "okhttp" -> okhttp(url, json);
      case "apache" -> apache(url, json);
      case "jdk" -> jdk(url, json);
      case "jetty" -> jetty(url, json);
      case "courier-rt", "courier-conn", "socket" -> {
        if (json != null) throw new IllegalArgumentException(name + " only GETs");
        yield CourierLayers.create(name, url);
      }
      default -> throw new IllegalArgumentException("unknown client " + name
          + " (courier, okhttp, apache, jdk, jetty; layers: courier-rt, courier-conn, socket)");
    };
  }

  private static LoadClient courier(String url, byte[] json) {
    Session session = Session.builder().maxConnectionsPerRoute(64).build();
    Body body = json == null ? null : Body.of(json, "application/json");
    return new LoadClient() {
      @Override public byte[] get() {
        return (body == null ? session.get(url) : session.post(url, body)).bytes();
      }

      @Override public void close() {
        session.close();
      }
    };
  }

  private static LoadClient okhttp(String url, byte[] json) {
    return okhttp(new OkHttpClient.Builder().connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES)).build(), url,
        json);
  }

  /** GETs of {@code url} through {@code client}; closing shuts its dispatcher and evicts its pool. */
  static LoadClient okhttp(OkHttpClient client, String url) {
    return okhttp(client, url, null);
  }

  private static LoadClient okhttp(OkHttpClient client, String url, byte[] json) {
    okhttp3.Request.Builder builder = new okhttp3.Request.Builder().url(url);
    if (json != null) builder.post(RequestBody.create(json, MediaType.get("application/json")));
    okhttp3.Request request = builder.build();
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

  private static LoadClient apache(String url, byte[] json) {
    CloseableHttpClient client = HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnPerRoute(64).setMaxConnTotal(128).build())
        .build();
    return new LoadClient() {
      @Override public byte[] get() throws Exception {
        ClassicHttpRequest request;
        if (json == null) {
          request = new HttpGet(url);
        } else {
          HttpPost post = new HttpPost(url);
          post.setEntity(new ByteArrayEntity(json, ContentType.APPLICATION_JSON));
          request = post;
        }
        return client.execute(request, response -> EntityUtils.toByteArray(response.getEntity()));
      }

      @Override public void close() throws Exception {
        client.close();
      }
    };
  }

  private static LoadClient jdk(String url, byte[] json) {
    java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
        .version(java.net.http.HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    java.net.http.HttpRequest request = json == null
        ? java.net.http.HttpRequest.newBuilder(URI.create(url)).GET().build()
        : java.net.http.HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(json)).build();
    return new LoadClient() {
      @Override public byte[] get() throws Exception {
        return client.send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
      }

      @Override public void close() {
        client.close();
      }
    };
  }

  private static LoadClient jdkGzip(String url) {
    java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
        .version(java.net.http.HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(URI.create(url))
        .header("Accept-Encoding", "gzip").GET().build();
    return new LoadClient() {
      @Override public byte[] get() throws Exception {
        var response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        boolean gzipped = response.headers().firstValue("Content-Encoding").orElse("").equalsIgnoreCase("gzip");
        try (java.io.InputStream in = gzipped ? new java.util.zip.GZIPInputStream(response.body()) : response.body()) {
          return in.readAllBytes();
        }
      }

      @Override public void close() {
        client.close();
      }
    };
  }

  private static LoadClient jetty(String url, byte[] json) throws Exception {
    org.eclipse.jetty.client.HttpClient client = new org.eclipse.jetty.client.HttpClient();
    client.setMaxConnectionsPerDestination(64);
    client.start();
    return new LoadClient() {
      @Override public byte[] get() throws Exception {
        return json == null ? client.GET(url).getContent()
            : client.POST(url).body(new BytesRequestContent("application/json", json)).send().getContent();
      }

      @Override public void close() throws Exception {
        client.stop();
      }
    };
  }
}

package dev.courier.bench;

import dev.courier.Body;
import dev.courier.Response;
import dev.courier.Session;
import dev.courier.http.wire.HttpVersion;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.FileEntity;

/**
 * One client sending a large body with {@code PUT} the way its documentation shows: a file
 * streamed from disk, or a byte array in memory. Each returns the response's status after reading
 * its (empty) body, and fails an upload that travelled over another HTTP version than asked.
 */
interface UploadClient extends AutoCloseable {
  String OCTETS = "application/octet-stream";

  /** PUTs {@code file}; returns the status. */
  int putFile(String url, Path file) throws Exception;

  /** PUTs {@code body}; returns the status. */
  int putBytes(String url, byte[] body) throws Exception;

  @Override
  void close() throws Exception;

  /**
   * The client {@code name} over {@code protocol}: {@code http1} (plain), {@code https} (HTTP/1.1
   * over TLS, trusting {@code trust}) or {@code h2} (HTTP/2 over TLS; Apache's classic client has
   * none). Each is set up as in the request benchmarks ({@link HttpsLoadClients}, {@link
   * H2LoadClients}).
   */
  static UploadClient create(String name, String protocol, BenchCertificate trust) throws Exception {
    boolean h2 = protocol.equals("h2");
    boolean plain = protocol.equals("http1");
    HttpVersion courierVersion = h2 ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1;
    okhttp3.Protocol okhttpVersion = h2 ? okhttp3.Protocol.HTTP_2 : okhttp3.Protocol.HTTP_1_1;
    var jdkVersion = h2 ? java.net.http.HttpClient.Version.HTTP_2 : java.net.http.HttpClient.Version.HTTP_1_1;
    return switch (name) {
      case "courier" -> courier(plain ? Session.builder().build()
          : h2 ? H2LoadClients.courierSession(trust) : HttpsLoadClients.courierSession(trust), courierVersion);
      case "okhttp" -> okhttp(plain ? new OkHttpClient.Builder().build()
          : h2 ? H2LoadClients.okhttpClient(trust) : HttpsLoadClients.okhttpClient(trust), okhttpVersion);
      case "apache" -> {
        if (h2) throw new IllegalArgumentException("Apache's classic client has no HTTP/2");
        yield apache(plain ? HttpClients.createDefault() : HttpsLoadClients.apacheClient(trust));
      }
      case "jdk" -> jdk(plain ? java.net.http.HttpClient.newBuilder().version(jdkVersion).build()
          : h2 ? H2LoadClients.jdkClient(trust) : HttpsLoadClients.jdkClient(trust), jdkVersion);
      case "jetty" -> {
        org.eclipse.jetty.client.HttpClient client;
        if (plain) {
          client = new org.eclipse.jetty.client.HttpClient();
          client.start();
        } else {
          client = h2 ? H2LoadClients.jettyClient(trust) : HttpsLoadClients.jettyClient(trust);
        }
        yield jetty(client, h2 ? org.eclipse.jetty.http.HttpVersion.HTTP_2 : org.eclipse.jetty.http.HttpVersion.HTTP_1_1);
      }
      default -> throw new IllegalArgumentException("unknown client " + name + " (courier, okhttp, apache, jdk, jetty)");
    };
  }

  private static UploadClient courier(Session session, HttpVersion version) {
    return new UploadClient() {
      @Override public int putFile(String url, Path file) {
        return status(session.put(url, Body.file(file, OCTETS)));
      }

      @Override public int putBytes(String url, byte[] body) {
        return status(session.put(url, Body.wrap(body, OCTETS))); // Body.of would copy it first
      }

      private int status(Response r) {
        try (r) {
          r.bytes();
          if (r.version() != version) throw new IllegalStateException("courier used " + r.version() + ", not " + version);
          return r.statusCode();
        }
      }

      @Override public void close() {
        session.close();
      }
    };
  }

  private static UploadClient okhttp(OkHttpClient client, okhttp3.Protocol protocol) {
    MediaType octets = MediaType.get(OCTETS);
    return new UploadClient() {
      @Override public int putFile(String url, Path file) throws Exception {
        return put(url, RequestBody.create(file.toFile(), octets));
      }

      @Override public int putBytes(String url, byte[] body) throws Exception {
        return put(url, RequestBody.create(body, octets));
      }

      private int put(String url, RequestBody body) throws Exception {
        try (okhttp3.Response r = client.newCall(new okhttp3.Request.Builder().url(url).put(body).build()).execute()) {
          r.body().bytes();
          if (r.protocol() != protocol) throw new IllegalStateException("okhttp used " + r.protocol() + ", not " + protocol);
          return r.code();
        }
      }

      @Override public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
      }
    };
  }

  private static UploadClient apache(CloseableHttpClient client) {
    ContentType octets = ContentType.APPLICATION_OCTET_STREAM;
    return new UploadClient() {
      @Override public int putFile(String url, Path file) throws Exception {
        return put(url, new FileEntity(file.toFile(), octets));
      }

      @Override public int putBytes(String url, byte[] body) throws Exception {
        return put(url, new ByteArrayEntity(body, octets));
      }

      private int put(String url, org.apache.hc.core5.http.HttpEntity entity) throws Exception {
        HttpPut put = new HttpPut(url);
        put.setEntity(entity);
        return client.execute(put, r -> {
          EntityUtils.consume(r.getEntity());
          return r.getCode();
        });
      }

      @Override public void close() throws Exception {
        client.close();
      }
    };
  }

  private static UploadClient jdk(java.net.http.HttpClient client, java.net.http.HttpClient.Version version) {
    return new UploadClient() {
      @Override public int putFile(String url, Path file) throws Exception {
        return put(url, java.net.http.HttpRequest.BodyPublishers.ofFile(file));
      }

      @Override public int putBytes(String url, byte[] body) throws Exception {
        return put(url, java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
      }

      private int put(String url, java.net.http.HttpRequest.BodyPublisher body) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(URI.create(url)).header("Content-Type", OCTETS).PUT(body).build();
        var response = client.send(request, java.net.http.HttpResponse.BodyHandlers.discarding());
        if (response.version() != version) throw new IllegalStateException("jdk used " + response.version() + ", not " + version);
        return response.statusCode();
      }

      @Override public void close() {
        client.close();
      }
    };
  }

  private static UploadClient jetty(org.eclipse.jetty.client.HttpClient client, org.eclipse.jetty.http.HttpVersion version) {
    return new UploadClient() {
      @Override public int putFile(String url, Path file) throws Exception {
        return put(url, new org.eclipse.jetty.client.PathRequestContent(OCTETS, file));
      }

      @Override public int putBytes(String url, byte[] body) throws Exception {
        return put(url, new org.eclipse.jetty.client.BytesRequestContent(OCTETS, body));
      }

      private int put(String url, org.eclipse.jetty.client.Request.Content body) throws Exception {
        var r = client.newRequest(url).method("PUT").body(body).timeout(60, TimeUnit.SECONDS).send();
        if (r.getVersion() != version) throw new IllegalStateException("jetty used " + r.getVersion() + ", not " + version);
        return r.getStatus();
      }

      @Override public void close() throws Exception {
        client.stop();
      }
    };
  }
}

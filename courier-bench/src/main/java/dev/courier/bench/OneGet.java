package dev.courier.bench;

import dev.courier.Courier;
import dev.courier.Response;
import dev.courier.Session;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * A whole program that makes one HTTPS GET and ends, the first thing a new user writes with each
 * client: {@code courier-bench/one-get.sh} times each way as a process, start to exit, with
 * hyperfine. The server's certificate is trusted through {@code javax.net.ssl.trustStore}, which
 * every client here reads. Each way prints the protocol it used and the body's length.
 *
 * <pre>
 * java -Djavax.net.ssl.trustStore=trust.p12 -cp benchmarks.jar dev.courier.bench.OneGet courier https://127.0.0.1:8443/get
 * </pre>
 *
 * Ways: {@code courier} ({@code Courier.get}, the shared session, never closed), {@code
 * courier-session} (a {@code Session} closed after), {@code okhttp} (an {@code OkHttpClient}
 * left as it is), {@code okhttp-closed} (its pool evicted and dispatcher shut down), {@code jdk}
 * (an {@code HttpClient} left open), {@code jdk-closed} (closed after).
 */
public final class OneGet {
  /** The ways, in the order the script runs them. */
  public static final List<String> WAYS = List.of("courier", "courier-session", "okhttp", "okhttp-closed", "jdk", "jdk-closed");

  private OneGet() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) throw new IllegalArgumentException("usage: OneGet " + WAYS + " URL");
    String url = args[1];
    String answer = switch (args[0]) {
      case "courier" -> courier(Courier.get(url));
      case "courier-session" -> {
        try (Session session = Session.create()) {
          yield courier(session.get(url));
        }
      }
      case "okhttp", "okhttp-closed" -> {
        okhttp3.OkHttpClient client = new okhttp3.OkHttpClient();
        String line;
        try (okhttp3.Response r = client.newCall(new okhttp3.Request.Builder().url(url).build()).execute()) {
          line = r.protocol() + " " + r.body().bytes().length;
        }
        if (args[0].equals("okhttp-closed")) {
          client.dispatcher().executorService().shutdown();
          client.connectionPool().evictAll();
        }
        yield line;
      }
      case "jdk", "jdk-closed" -> {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        if (args[0].equals("jdk-closed")) client.close();
        yield r.version() + " " + r.body().length;
      }
      default -> throw new IllegalArgumentException("unknown way " + args[0] + "; one of " + WAYS);
    };
    System.out.println(args[0] + ": " + answer);
  }

  private static String courier(Response r) {
    return r.version() + " " + r.bytes().length;
  }
}

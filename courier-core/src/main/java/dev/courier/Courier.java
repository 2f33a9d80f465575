package dev.courier;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One-line HTTP calls, as {@code requests.get(...)}: each runs on a shared default
 * {@link Session} (created on first use, pooled connections, cookie jar, connect timeout 10 s,
 * read timeout 30 s, redirects followed). For your own defaults, build a {@link Session}.
 *
 * <pre>{@code
 * Response r = Courier.get("https://api.github.com");
 * System.out.println(r.statusCode());                    // 200
 * Courier.post("https://httpbin.org/post", Body.json(Map.of("name", "Ada"))).raiseForStatus();
 * }</pre>
 *
 * <p>Failures are the unchecked exceptions of {@link dev.courier.error}: one {@code catch
 * (TimedOutException e)} for every timeout, {@code ConnectionException} when the connection
 * failed, and {@link dev.courier.error.CourierException} for anything; each says whether the
 * request may have reached the server.
 */
public final class Courier {
  private Courier() {}

  /**
   * The shared session behind these methods (never closed; it lives as long as the JVM, and its
   * idle connections close when the JVM exits).
   */
  public static Session session() {
    return Default.SESSION;
  }

  /** GET {@code url}. */
  public static Response get(String url) {
    return Default.SESSION.get(url);
  }

  /** GET {@code url} with query parameters. */
  public static Response get(String url, Map<String, ?> params) {
    return Default.SESSION.get(url, params);
  }

  /** HEAD {@code url}. */
  public static Response head(String url) {
    return Default.SESSION.head(url);
  }

  /** POST {@code body} to {@code url}. */
  public static Response post(String url, Body body) {
    return Default.SESSION.post(url, body);
  }

  /** PUT {@code body} to {@code url}. */
  public static Response put(String url, Body body) {
    return Default.SESSION.put(url, body);
  }

  /** PATCH {@code body} to {@code url}. */
  public static Response patch(String url, Body body) {
    return Default.SESSION.patch(url, body);
  }

  /** DELETE {@code url}. */
  public static Response delete(String url) {
    return Default.SESSION.delete(url);
  }

  /** OPTIONS {@code url}. */
  public static Response options(String url) {
    return Default.SESSION.options(url);
  }

  /** Any method: {@code Courier.request("PROPFIND", url)}. */
  public static Response request(String method, String url) {
    return Default.SESSION.request(method, url);
  }

  /** Sends a built request. */
  public static Response send(Request request) {
    return Default.SESSION.send(request);
  }

  /** Sends a built request on a virtual thread. */
  public static CompletableFuture<Response> sendAsync(Request request) {
    return Default.SESSION.sendAsync(request);
  }

  /**
   * Lazy holder: the session is made on first use, thread-safely, by class initialisation. At
   * the JVM's exit its idle connections close: an HTTP/2 connection's reader waits in native code,
   * and the JVM waits up to 300 ms at exit for such threads. The session itself stays open, so a
   * call from another shutdown hook still works (on a new connection).
   */
  private static final class Default {
    static final Session SESSION = Session.create();

    static {
      try {
        Runtime.getRuntime().addShutdownHook(
            Thread.ofPlatform().name("courier-default-session-exit").unstarted(SESSION::evictIdleConnections));
      } catch (IllegalStateException e) {
        // first used by another shutdown hook: the JVM is exiting already, and the call must work
      }
    }
  }
}

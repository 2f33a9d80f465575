package dev.courier;

import dev.courier.cookies.CookieJar;
import dev.courier.http.Headers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns the caller's request into what goes on the wire, and the wire's response into what the
 * caller reads (the third step of the chain): {@code Host}, {@code User-Agent}, {@code Accept},
 * framing ({@code Content-Length} or {@code Transfer-Encoding: chunked}, computed from the body,
 * never trusted from the caller), {@code Content-Type} from the body, {@code Accept-Encoding}
 * naming only what we decode, and cookies from the jar for this very URL; then cookies from the
 * response into the jar, and transparent decoding when we asked for the encoding. One per session,
 * shared by its threads.
 */
final class BridgeStep implements Step {
  private final CookieJar jar; // null: no cookies
  private final String userAgent;

  BridgeStep(CookieJar jar, String userAgent) {
    this.jar = jar;
    this.userAgent = userAgent;
  }

  /** The fields of the last plain request (no caller fields, no body), reused while the origin stays the same. */
  private volatile PlainFields lastPlain;

  /**
   * What the bridge sends for a request with no fields of its own and no body, for one origin:
   * Host, User-Agent, Accept, Accept-Encoding (built and validated once, not on every call).
   */
  private record PlainFields(String scheme, String host, int port, Headers headers) {
    boolean matches(dev.courier.http.Url url) {
      // The Host field follows from these three (an explicit default port is dropped when parsing).
      return port == url.port() && host.equals(url.host()) && scheme.equals(url.scheme());
    }
  }

  /**
   * The request as the bridge hands it on, and whether the response body is decoded for the
   * caller (true when the bridge, not the caller, chose Accept-Encoding).
   */
  record Outgoing(Request request, boolean transparent) {}

  @Override
  public Response intercept(CallContext call, int nextStep, Request request) {
    if (isPlain(request)) {
      return received(request, call.proceed(nextStep, plainRequest(request)), true); // no Outgoing to carry
    }
    Outgoing out = outgoing(request);
    return received(request, call.proceed(nextStep, out.request()), out.transparent());
  }

  /** A request that needs none of its own fields, cookies, body or framing: the cached fields serve. */
  private boolean isPlain(Request request) {
    return request.headers().isEmpty() && (jar == null || jar.isEmpty()) && request.body().isEmpty()
        && !expectsContent(request.method()) && request.removedHeaders().isEmpty();
  }

  /** The request with its wire fields; also what {@link Session#prepare(Request)} shows. */
  Outgoing outgoing(Request request) {
    Headers in = request.headers();
    // isEmpty takes no lock, and most jars stay empty: skip building a header for them.
    String cookies = jar == null || jar.isEmpty() ? "" : jar.cookieHeader(request.url());
    java.util.Set<String> removed = request.removedHeaders();
    if (in.isEmpty() && cookies.isEmpty() && request.body().isEmpty() && !expectsContent(request.method())
        && removed.isEmpty()) {
      return plain(request);
    }
    // One pass: the caller's fields (framing fields dropped, see below), then what is missing.
    Headers.Builder h = Headers.builder();
    for (int i = 0; i < in.size(); i++) {
      String name = in.name(i);
      // Framing belongs to the body (RFC 9112, Section 6.3): a caller's Content-Length or
      // Transfer-Encoding could contradict it and desynchronise the connection.
      if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Transfer-Encoding")) {
        h.add(name, in.value(i));
      }
    }
    if (!in.contains("Host")) h.add("Host", hostField(request.url()));
    // removeHeader on the request drops these defaults too (requests' headers={"User-Agent": None})
    if (!in.contains("User-Agent") && !userAgent.isEmpty() && !removed.contains("user-agent")) {
      h.add("User-Agent", userAgent);
    }
    if (!in.contains("Accept") && !removed.contains("accept")) h.add("Accept", "*/*");
    Body body = request.body().orElse(null);
    if (body != null) {
      long length = body.contentLength();
      if (length >= 0) {
        h.add("Content-Length", Long.toString(length));
      } else {
        h.add("Transfer-Encoding", "chunked");
      }
      if (!in.contains("Content-Type")) body.contentType().ifPresent(t -> h.add("Content-Type", t));
    } else if (expectsContent(request.method())) {
      // RFC 9110, Section 8.6: send Content-Length: 0 when the method means to carry content.
      h.add("Content-Length", "0");
    }

    boolean transparent = !in.contains("Accept-Encoding") && !removed.contains("accept-encoding");
    if (transparent) h.add("Accept-Encoding", ContentDecoders.acceptEncoding());

    if (!cookies.isEmpty()) {
      String mine = in.firstValue("Cookie").orElse("");
      h.set("Cookie", mine.isEmpty() ? cookies : mine + "; " + cookies);
    }
    return new Outgoing(request.withHeaders(h.build()), transparent);
  }

  /** Host (RFC 9110, Section 7.2): the URL's authority; for a Unix socket (no host name), localhost as curl sends. */
  private static String hostField(dev.courier.http.Url url) {
    return url.scheme().equals(dev.courier.http.Url.HTTP_UNIX) ? dev.courier.client.Route.UNIX_HOST : url.authority();
  }

  /** A request without fields, body or cookies to send: the fields of its origin, cached. */
  private Outgoing plain(Request request) {
    return new Outgoing(plainRequest(request), true);
  }

  private Request plainRequest(Request request) {
    dev.courier.http.Url url = request.url();
    PlainFields fields = lastPlain;
    if (fields == null || !fields.matches(url)) {
      Headers.Builder h = Headers.builder().add("Host", hostField(url));
      if (!userAgent.isEmpty()) h.add("User-Agent", userAgent);
      h.add("Accept", "*/*").add("Accept-Encoding", ContentDecoders.acceptEncoding());
      fields = new PlainFields(url.scheme(), url.host(), url.port(), h.build());
      lastPlain = fields;
    }
    return request.withHeaders(fields.headers());
  }

  /** Cookies from the response into the jar, and transparent decoding when we asked for the encoding. */
  private Response received(Request request, Response response, boolean transparent) {
    if (jar != null && response.headers().contains("Set-Cookie")) {
      for (String setCookie : response.headers().allValues("Set-Cookie")) {
        jar.setCookie(request.url(), setCookie); // a refused cookie (public suffix, bad prefix) is not stored
      }
    }
    if (transparent && !request.method().equals("HEAD") && response.headers().contains("Content-Encoding")) {
      List<String> codings = new ArrayList<>(response.headers().listValues("Content-Encoding"));
      codings.replaceAll(c -> c.toLowerCase(Locale.ROOT));
      if (!codings.isEmpty()) return response.withBody(response.body().decoding(codings));
    }
    return response;
  }

  private static boolean expectsContent(String method) {
    return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
  }
}

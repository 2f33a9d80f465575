package dev.courier.client;

import dev.courier.http.FieldSyntax;
import dev.courier.http.Headers;
import dev.courier.http.wire.RequestHead;
import java.util.Optional;

/** The rules for the head an {@link HttpConnection} sends, kept apart from its machinery. */
final class RequestHeads {
  private RequestHeads() {}

  /**
   * A request target as given to {@code putRequest}: non-empty, visible ASCII only.
   *
   * @throws IllegalArgumentException naming the offending character and its index
   */
  static void checkTarget(String target) {
    if (target.isEmpty()) {
      throw new IllegalArgumentException("empty request target");
    }
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw new IllegalArgumentException("request target has " + FieldSyntax.describe(c)
            + " at index " + i + " (encode it; RFC 9112 Section 3.2)");
      }
    }
  }

  /** The Host value: the tunnel's target when tunnelling (default port left out), else the route's. */
  static String host(Route route, RouteConnector.TunnelTarget tunnel) {
    if (tunnel != null) {
      int defaultPort = route.isHttps() ? 443 : 80;
      String h = tunnel.host().indexOf(':') >= 0 ? "[" + tunnel.host() + "]" : tunnel.host();
      return tunnel.port() == defaultPort ? h : h + ":" + tunnel.port();
    }
    return route.authority();
  }

  /**
   * The head to send. Through a forward proxy (no tunnel) the target is in absolute form (RFC
   * 9112 Section 3.2.2) and the proxy's credentials are added unless the caller set them.
   *
   * <p>Anywhere else a {@code Proxy-Authorization} the caller set is dropped: RFC 9110, Section
   * 11.7.1 says the field is consumed by the proxy that asked for it, so on a direct route it
   * would hand proxy credentials to the origin, and inside a CONNECT tunnel (whose own request
   * carried the proxy's credentials) the proxy only relays bytes: the origin would read it.
   *
   * @throws IllegalArgumentException for a head the codec refuses
   */
  static RequestHead build(Route route, boolean tunnelled, PendingRequest request) {
    String target = request.target;
    if (route.usesAbsoluteForm() && !tunnelled) {
      if (target.startsWith("/")) {
        target = "http://" + route.authority() + target;
      }
      Optional<String> authorization = route.proxy().basicAuthorization();
      if (authorization.isPresent() && request.headers().firstValue("Proxy-Authorization").isEmpty()) {
        request.headers().add("Proxy-Authorization", authorization.get());
      }
    } else {
      Headers fields = request.fields();
      if (!fields.contains("Proxy-Authorization")) {
        return request.head(target, fields);
      }
      request.headers().removeAll("Proxy-Authorization");
    }
    return RequestHead.of(request.method, target, request.fields());
  }

  /**
   * Framing for a body given whole ({@code null}: none): Content-Length unless the caller framed
   * it; RFC 9110 Section 8.6: {@code Content-Length: 0} for POST, PUT and PATCH without a body.
   */
  static void frameBytes(PendingRequest request, Headers given, byte[] body) {
    boolean meansContent = request.method.equals("POST") || request.method.equals("PUT")
        || request.method.equals("PATCH");
    if ((body == null && !meansContent) // a GET without a body: nothing to frame, no fields to scan
        || given.contains("Content-Length") || given.contains("Transfer-Encoding")) {
      return;
    }
    request.headers().add("Content-Length", body != null ? Integer.toString(body.length) : "0");
  }

  /** Framing for a streamed body: Content-Length when the length is known, else chunked. */
  static void frameStream(PendingRequest request, Headers given, long length) {
    if (!given.contains("Content-Length") && !given.contains("Transfer-Encoding")) {
      if (length >= 0) {
        request.headers().add("Content-Length", Long.toString(length));
      } else {
        request.headers().add("Transfer-Encoding", "chunked");
      }
    }
  }

  /** Whether the caller asked for {@code Expect: 100-continue}. */
  static boolean expectsContinue(Headers given) {
    if (!given.contains("Expect")) {
      return false;
    }
    for (String expectation : given.listValues("Expect")) {
      if (expectation.equalsIgnoreCase("100-continue")) {
        return true;
      }
    }
    return false;
  }
}

package dev.courier.server.httpbin;

import static dev.courier.server.httpbin.HttpBinEcho.json;
import static dev.courier.server.httpbin.HttpBinEcho.obj;
import static dev.courier.server.httpbin.HttpBinEcho.origin;
import static dev.courier.server.httpbin.HttpBinPages.TEAPOT;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courier.http.FormData;
import dev.courier.internal.ByteRanges;
import dev.courier.server.ErrorPages;
import dev.courier.server.ServerRequest;
import dev.courier.server.ServerResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The status and redirect endpoints of {@link HttpBin}: {@code /status/{codes}}, {@code /redirect/{n}},
 * {@code /relative-redirect/{n}}, {@code /absolute-redirect/{n}} and {@code /redirect-to}.
 */
final class HttpBinRedirects {
  private HttpBinRedirects() {}


  static ServerResponse status(ServerRequest req) {
    String spec = req.pathParam("codes").orElse("");
    List<int[]> choices = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    double total = 0;
    for (String item : spec.split(",")) {
      String[] parts = item.trim().split(":");
      long code = ByteRanges.digits(parts[0].trim());
      double weight = 1;
      if (parts.length > 2) code = -1;
      if (parts.length == 2) {
        try {
          weight = Double.parseDouble(parts[1].trim());
        } catch (NumberFormatException e) {
          code = -1;
        }
      }
      if (code < 200 || code > 599 || weight < 0) {
        return ErrorPages.response(400, req, "Invalid status code: " + item);
      }
      choices.add(new int[] {(int) code});
      weights.add(weight);
      total += weight;
    }
    int chosen = choices.get(choices.size() - 1)[0];
    double pick = ThreadLocalRandom.current().nextDouble() * total;
    for (int i = 0; i < choices.size(); i++) {
      pick -= weights.get(i);
      if (pick < 0) {
        chosen = choices.get(i)[0];
        break;
      }
    }
    ServerResponse.Builder out = ServerResponse.builder(chosen);
    switch (chosen) {
      case 301, 302, 303, 305, 307, 308 -> out.header("Location", req.basePath() + "/redirect/1");
      case 401 -> out.header("WWW-Authenticate", "Basic realm=\"Fake Realm\"");
      case 407 -> out.header("Proxy-Authenticate", "Basic realm=\"Fake Realm\"");
      case 402 -> {
        out.header("X-More-Info", "http://vimeo.com/22053820");
        return out.text("Payment required.");
      }
      case 406 -> {
        return status406();
      }
      case 418 -> {
        return out.header("X-More-Info", "http://tools.ietf.org/html/rfc2324").text(TEAPOT);
      }
      default -> { }
    }
    return out.build();
  }

  /** The 406 of {@code /status/406} and of {@code /image} when no image type is acceptable. */
  static ServerResponse status406() {
    ObjectNode body = obj().put("message", "Client did not request a supported media type.");
    ArrayNode accept = body.putArray("accept");
    accept.add("image/webp").add("image/svg+xml").add("image/jpeg").add("image/png").add("image/*");
    return json(406, body);
  }

  static ServerResponse redirectChain(ServerRequest req, String path, int n, boolean absolute) {
    if (n < 1) return ErrorPages.response(400, req, "n must be at least 1");
    String base = absolute ? ownOrigin(req) + req.basePath() : req.basePath();
    String target = n == 1 ? base + "/get" : base + path + (n - 1);
    return ServerResponse.redirect(302, target);
  }

  /**
   * This server's origin for an absolute {@code Location}. The request's authority is the
   * absolute-form target's when there is one, Host being ignored (RFC 9112 section 3.2.2), and
   * either is whatever the client wrote: reflected, {@code GET http://evil.example/absolute-redirect/1}
   * redirected to evil.example, and a proxy that forwards absolute-form while caching by Host
   * would keep that for everyone. So the authority is used only when it names the address and
   * port the connection arrived on ({@code localhost} too on a loopback address), else that
   * address itself is: a server decides which authorities it serves (RFC 9110 section 7.4).
   * python-httpbin reflects Host here.
   */
  static String ownOrigin(ServerRequest req) {
    // Behind a trusted reverse proxy, the authority (forwarded, or Host) is the proxy's word.
    if (req.viaTrustedProxy() && !req.authority().isEmpty()) return req.scheme() + "://" + req.authority();
    InetSocketAddress local = req.localAddress();
    InetAddress address = local.getAddress();
    String literal = address.getHostAddress();
    int percent = literal.indexOf('%');
    if (percent >= 0) literal = literal.substring(0, percent); // no zone id in a URL's host
    if (address instanceof java.net.Inet6Address) literal = "[" + literal + "]";
    int port = local.getPort();
    int defaultPort = req.scheme().equals("https") ? 443 : 80;
    String authority = req.authority().toLowerCase(Locale.ROOT);
    int colon = authority.lastIndexOf(':');
    if (colon < authority.lastIndexOf(']')) colon = -1; // a colon inside an IPv6 literal
    String host = colon < 0 ? authority : authority.substring(0, colon);
    String portText = colon < 0 ? "" : authority.substring(colon + 1);
    long asked = portText.isEmpty() ? defaultPort : ByteRanges.digits(portText);
    boolean ours = asked == port
        && (host.equals(literal) || (address.isLoopbackAddress() && host.equals("localhost")));
    if (ours) return req.scheme() + "://" + authority;
    return req.scheme() + "://" + literal + (port == defaultPort ? "" : ":" + port);
  }

  static ServerResponse redirectTo(ServerRequest req) {
    Map<String, List<String>> params = req.queryParams();
    if (req.header("Content-Type").orElse("").startsWith("application/x-www-form-urlencoded")) {
      Map<String, List<String>> merged = new LinkedHashMap<>(params);
      merged.putAll(FormData.parse(req.bodyText()).toMap());
      params = merged;
    }
    List<String> url = params.get("url");
    if (url == null || url.isEmpty()) return ErrorPages.response(400, req, "url parameter is required");
    int status = 302;
    List<String> code = params.get("status_code");
    if (code != null && !code.isEmpty()) {
      long c = ByteRanges.digits(code.get(0));
      if (c >= 300 && c < 400) status = (int) c;
    }
    try {
      return ServerResponse.redirect(status, url.get(0));
    } catch (IllegalArgumentException e) {
      return ErrorPages.response(400, req, "url is not a valid header value");
    }
  }
}

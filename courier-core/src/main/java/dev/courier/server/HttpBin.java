package dev.courier.server;

import static dev.courier.server.HttpBinEcho.JSON;
import static dev.courier.server.HttpBinEcho.echo;
import static dev.courier.server.HttpBinEcho.headers;
import static dev.courier.server.HttpBinEcho.json;
import static dev.courier.server.HttpBinEcho.obj;
import static dev.courier.server.HttpBinEcho.origin;
import static dev.courier.server.HttpBinPages.SAMPLE_HTML;
import static dev.courier.server.HttpBinPages.SLIDESHOW_JSON;
import static dev.courier.server.HttpBinPages.SLIDESHOW_XML;
import static dev.courier.server.HttpBinPages.TEAPOT;
import static dev.courier.server.HttpBinPages.indexPage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courier.cookies.CookieHeader;
import dev.courier.cookies.SetCookie;
import dev.courier.http.FormData;
import dev.courier.http.HttpDate;
import dev.courier.internal.AuthChallenge;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A built-in <a href="https://httpbin.org">httpbin</a>: endpoints that echo and misbehave on
 * request, answering the JSON shapes httpbin answers, for testing HTTP clients.
 *
 * <p>Endpoints: {@code /get /post /put /patch /delete /anything[/...]}, {@code /status/{codes}},
 * {@code /headers /ip /user-agent}, {@code /redirect/{n} /relative-redirect/{n}
 * /absolute-redirect/{n} /redirect-to}, {@code /cookies /cookies/set /cookies/delete},
 * {@code /basic-auth/{user}/{passwd} /hidden-basic-auth/{user}/{passwd} /bearer
 * /digest-auth/{qop}/{user}/{passwd}[/{algorithm}[/{stale_after}]]}, {@code /delay/{n}},
 * {@code /gzip /deflate}, {@code /bytes/{n} /stream/{n} /stream-bytes/{n} /drip /range/{n}},
 * {@code /cache[/{n}] /etag/{etag} /response-headers}, {@code /json /html /xml /uuid
 * /base64/{value}}, {@code /deny /robots.txt /forms/post /encoding/utf8 /links/{n}[/{offset}]},
 * {@code /image /image/png /image/jpeg /image/webp /image/svg}.
 *
 * <p>Unlike the public httpbin, every delay and size is capped ({@link #MAX_DELAY},
 * {@link #MAX_BYTES}) so a client under test cannot tie the server up.
 *
 * <pre>{@code
 * HttpServer server = HttpServer.builder().port(0).handler(new HttpBin()).start();
 * // GET http://127.0.0.1:<port>/get?a=1  ->
 * //   {"args": {"a": "1"}, "headers": {...}, "origin": "127.0.0.1", "url": "..."}
 * }</pre>
 */
public final class HttpBin implements Handler {
  /** Longest {@code /delay} and {@code /drip}: 10 s, as httpbin caps it. */
  public static final Duration MAX_DELAY = Duration.ofSeconds(10);
  /** Largest {@code /bytes}, {@code /stream-bytes} and {@code /range}: 100 KiB, as httpbin caps it. */
  public static final int MAX_BYTES = 100 * 1024;
  /** Largest {@code /drip}: 10 MiB. */
  public static final int MAX_DRIP_BYTES = 10 << 20;

  private final Router router;

  /** An httpbin with the standard endpoints, its {@code /cache} dates by the system clock. */
  public HttpBin() {
    this(InstantSource.system());
  }

  /**
   * An httpbin whose {@code /cache} answers are {@code Last-Modified} at {@code clock}'s now.
   *
   * <pre>{@code
   * Handler bin = new HttpBin(InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z")));
   * }</pre>
   */
  public HttpBin(InstantSource clock) {
    java.util.Objects.requireNonNull(clock, "clock");
    DigestVerifier digest = new DigestVerifier(clock);
    Router.Builder r = Router.builder();
    r.get("/", req -> ServerResponse.builder(200).html(indexPage(req)));
    r.get("/get", req -> json(200, echo(req, false, false)));
    for (String m : new String[] {"POST", "PUT", "PATCH", "DELETE"}) {
      r.route(m, "/" + m.toLowerCase(Locale.ROOT), req -> json(200, echo(req, true, false)));
    }
    r.any("/anything", req -> json(200, echo(req, true, true)));
    r.any("/anything/*", req -> json(200, echo(req, true, true)));
    r.any("/status/{codes}", HttpBin::status);
    r.get("/headers", req -> json(200, obj().set("headers", headers(req))));
    r.get("/ip", req -> json(200, obj().put("origin", origin(req))));
    r.get("/user-agent", req -> json(200, obj().put("user-agent", req.header("User-Agent").orElse(null))));
    r.get("/redirect/{n}", req -> {
      int n = count(req);
      boolean absolute = req.queryParam("absolute").map(v -> v.equalsIgnoreCase("true")).orElse(false);
      return redirectChain(req, absolute ? "/absolute-redirect/" : "/relative-redirect/", n, absolute);
    });
    r.get("/relative-redirect/{n}", req -> redirectChain(req, "/relative-redirect/", count(req), false));
    r.get("/absolute-redirect/{n}", req -> redirectChain(req, "/absolute-redirect/", count(req), true));
    r.any("/redirect-to", HttpBin::redirectTo);
    r.get("/cookies", req -> json(200, obj().set("cookies", cookies(req))));
    r.get("/cookies/set", HttpBin::setCookies);
    r.get("/cookies/set/{name}/{value}", HttpBin::setCookies);
    r.get("/cookies/delete", HttpBin::deleteCookies);
    r.get("/basic-auth/{user}/{passwd}", req -> basicAuth(req, false));
    r.get("/hidden-basic-auth/{user}/{passwd}", req -> basicAuth(req, true));
    r.get("/bearer", HttpBin::bearer);
    r.any("/digest-auth/{qop}/{user}/{passwd}", req -> digestAuth(req, digest));
    r.any("/digest-auth/{qop}/{user}/{passwd}/{algorithm}", req -> digestAuth(req, digest));
    r.any("/digest-auth/{qop}/{user}/{passwd}/{algorithm}/{stale_after}", req -> digestAuth(req, digest));
    r.any("/delay/{n}", HttpBin::delay);
    r.get("/gzip", req -> compressed(req, "gzip"));
    r.get("/deflate", req -> compressed(req, "deflate"));
    r.get("/bytes/{n}", HttpBin::bytes);
    r.get("/stream/{n}", HttpBin::stream);
    r.get("/stream-bytes/{n}", HttpBin::streamBytes);
    r.get("/drip", HttpBin::drip);
    r.get("/range/{n}", HttpBin::range);
    r.get("/cache", req -> cache(req, clock));
    r.get("/cache/{n}", req -> json(200, echo(req, false, false)).newBuilder()
        .header("Cache-Control", "public, max-age=" + count(req)).build());
    r.get("/etag/{etag}", HttpBin::etag);
    r.get("/response-headers", HttpBin::responseHeaders);
    r.post("/response-headers", HttpBin::responseHeaders);
    r.get("/json", req -> ServerResponse.builder(200).json(SLIDESHOW_JSON));
    r.get("/html", req -> ServerResponse.builder(200).html(SAMPLE_HTML));
    r.get("/xml", req -> ServerResponse.builder(200).contentType("application/xml")
        .body(ServerResponseBody.of(SLIDESHOW_XML)).build());
    r.get("/uuid", req -> json(200, obj().put("uuid", UUID.randomUUID().toString())));
    r.get("/base64/{value}", HttpBin::base64);
    r.get("/robots.txt", req -> ServerResponse.ok("User-agent: *\nDisallow: /deny\n"));
    r.get("/deny", req -> ServerResponse.ok(HttpBinPages.DENY));
    r.get("/forms/post", req -> ServerResponse.builder(200).html(HttpBinPages.formsPost(req)));
    r.get("/encoding/utf8", req -> ServerResponse.builder(200).html(HttpBinPages.UTF8_SAMPLE));
    r.get("/links/{n}", req -> ServerResponse.redirect(302, req.basePath() + "/links/" + count(req) + "/0"));
    r.get("/links/{n}/{offset}", req -> ServerResponse.builder(200)
        .html(HttpBinPages.links(req, Math.max(1, Math.min(count(req), 200)), number(req, "offset"))));
    r.get("/image", req -> {
      ServerResponse image = HttpBinImages.negotiate(req);
      return image != null ? image : status406();
    });
    for (String kind : new String[] {"png", "jpeg", "webp", "svg"}) {
      r.get("/image/" + kind, req -> HttpBinImages.image(kind));
    }
    this.router = r.build();
  }

  @Override
  public ServerResponse handle(ServerRequest request) throws Exception {
    try {
      return router.handle(request);
    } catch (NumberFormatException e) {
      return ErrorPages.response(400, request, "not a number: " + e.getMessage());
    }
  }

  private static int count(ServerRequest req) {
    return number(req, "n");
  }

  private static int number(ServerRequest req, String name) {
    String n = req.pathParam(name).orElse("");
    long value = ByteRanges.digits(n);
    if (value < 0 || value > Integer.MAX_VALUE) throw new NumberFormatException(n);
    return (int) value;
  }

  // ---- status and redirects -----------------------------------------------------------------

  private static ServerResponse status(ServerRequest req) {
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
  private static ServerResponse status406() {
    ObjectNode body = obj().put("message", "Client did not request a supported media type.");
    ArrayNode accept = body.putArray("accept");
    accept.add("image/webp").add("image/svg+xml").add("image/jpeg").add("image/png").add("image/*");
    return json(406, body);
  }

  private static ServerResponse redirectChain(ServerRequest req, String path, int n, boolean absolute) {
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

  private static ServerResponse redirectTo(ServerRequest req) {
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

  // ---- cookies and auth ---------------------------------------------------------------------

  private static ObjectNode cookies(ServerRequest req) {
    ObjectNode node = obj();
    for (String header : req.headers().allValues("Cookie")) {
      for (CookieHeader.Pair pair : CookieHeader.parse(header).pairs()) node.put(pair.name(), pair.value());
    }
    return node;
  }

  private static ServerResponse setCookies(ServerRequest req) {
    ServerResponse.Builder out = ServerResponse.builder(302).header("Location", req.basePath() + "/cookies");
    Map<String, String> toSet = new LinkedHashMap<>();
    if (req.pathParam("name").isPresent()) {
      toSet.put(req.pathParam("name").get(), req.pathParam("value").orElse(""));
    } else {
      req.queryParams().forEach((k, v) -> toSet.put(k, v.get(v.size() - 1)));
    }
    for (Map.Entry<String, String> e : toSet.entrySet()) {
      try {
        out.header("Set-Cookie", SetCookie.builder(e.getKey(), e.getValue()).path("/").build().toString());
      } catch (IllegalArgumentException bad) {
        return ErrorPages.response(400, req, "not a valid cookie: " + bad.getMessage());
      }
    }
    return out.build();
  }

  private static ServerResponse deleteCookies(ServerRequest req) {
    ServerResponse.Builder out = ServerResponse.builder(302).header("Location", req.basePath() + "/cookies");
    for (String name : req.queryParams().keySet()) {
      try {
        SetCookie expired = SetCookie.builder(name, "").expires(Instant.EPOCH).maxAge(0).path("/").build();
        out.header("Set-Cookie", expired.toString());
      } catch (IllegalArgumentException bad) {
        return ErrorPages.response(400, req, "not a cookie name: " + bad.getMessage());
      }
    }
    return out.build();
  }

  private static ServerResponse basicAuth(ServerRequest req, boolean hidden) {
    String user = req.pathParam("user").orElse("");
    String passwd = req.pathParam("passwd").orElse("");
    String auth = req.header("Authorization").orElse("");
    if (auth.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
        if (decoded.equals(user + ":" + passwd)) {
          return json(200, obj().put("authenticated", true).put("user", user));
        }
      } catch (IllegalArgumentException e) {
        // not base64: unauthorized
      }
    }
    if (hidden) return ErrorPages.response(404, req, "");
    return ServerResponse.builder(401).header("WWW-Authenticate", "Basic realm=\"Fake Realm\"").build();
  }

  private static ServerResponse bearer(ServerRequest req) {
    String auth = req.header("Authorization").orElse("");
    if (auth.regionMatches(true, 0, "Bearer ", 0, 7) && !auth.substring(7).isBlank()) {
      return json(200, obj().put("authenticated", true).put("token", auth.substring(7).trim()));
    }
    return ServerResponse.builder(401).header("WWW-Authenticate", "Bearer").build();
  }

  /**
   * {@code /digest-auth/{qop}/{user}/{passwd}[/{algorithm}[/{stale_after}]]}, with the cookies
   * httpbin sets around a challenge, so a client's cookie handling during digest auth is tested
   * as there: every challenge sets {@code stale_after} (the path's value, {@code never} by default)
   * and {@code fake=fake_value}, and a failed attempt {@code last_nonce}. A request whose nonce is
   * its {@code last_nonce} cookie, or whose {@code stale_after} cookie is {@code 0}, is answered
   * with a stale challenge; a success sets {@code fake} and counts {@code stale_after} down. With
   * {@code ?require-cookie=1} a request without cookies is challenged, and one without the {@code
   * fake} cookie is refused (403). Nonces are checked besides (expiry, replay), as {@link
   * DigestVerifier} does.
   */
  private static ServerResponse digestAuth(ServerRequest req, DigestVerifier digest) {
    String qopParam = req.pathParam("qop").orElse("auth");
    String qop = qopParam.equals("auth") || qopParam.equals("auth-int") ? qopParam : null;
    String algorithm = req.pathParam("algorithm").orElse("MD5").toUpperCase(Locale.ROOT);
    if (!DigestVerifier.supports(algorithm)) return ErrorPages.response(400, req, "unsupported algorithm " + algorithm);
    String staleAfter = req.pathParam("stale_after").orElse("never");
    boolean requireCookie = req.queryParam("require-cookie").map(v -> v.toLowerCase(Locale.ROOT))
        .filter(v -> v.equals("1") || v.equals("t") || v.equals("true")).isPresent();
    Map<String, String> cookies = new LinkedHashMap<>();
    for (String header : req.headers().allValues("Cookie")) {
      for (CookieHeader.Pair pair : CookieHeader.parse(header).pairs()) cookies.putIfAbsent(pair.name(), pair.value());
    }
    String user = req.pathParam("user").orElse("");
    String passwd = req.pathParam("passwd").orElse("");
    String authorization = req.header("Authorization").orElse(null);
    List<AuthChallenge> credentials = authorization == null ? List.of() : AuthChallenge.parseAll(List.of(authorization));
    if (credentials.isEmpty() || !credentials.get(0).is("Digest") || (requireCookie && cookies.isEmpty())) {
      return withCookies(challenge(digest, qop, algorithm, false), "stale_after", staleAfter, "fake", "fake_value");
    }
    if (requireCookie && !"fake_value".equals(cookies.get("fake"))) {
      ObjectNode errors = obj();
      errors.putArray("errors").add("missing cookie set on challenge");
      return withCookies(json(403, errors), "fake", "fake_value");
    }
    String nonce = credentials.get(0).params().getOrDefault("nonce", "");
    String staleCookie = cookies.get("stale_after");
    if (nonce.equals(cookies.get("last_nonce")) || "0".equals(staleCookie)) {
      return withCookies(challenge(digest, qop, algorithm, true),
          "stale_after", staleAfter, "last_nonce", nonce, "fake", "fake_value");
    }
    byte[] body = "auth-int".equals(qop) ? req.bodyBytes() : new byte[0];
    DigestVerifier.Outcome outcome = digest.verify(authorization, req.method(), req.target(), body, user, passwd,
        qop, algorithm);
    if (outcome != DigestVerifier.Outcome.OK) {
      return withCookies(challenge(digest, qop, algorithm, outcome == DigestVerifier.Outcome.STALE),
          "stale_after", staleAfter, "last_nonce", nonce, "fake", "fake_value");
    }
    ServerResponse ok = withCookies(json(200, obj().put("authenticated", true).put("user", user)), "fake", "fake_value");
    if (staleCookie == null) return ok;
    long left = ByteRanges.digits(staleCookie);
    return withCookies(ok, "stale_after", left > 0 ? Long.toString(left - 1) : "never");
  }

  private static ServerResponse challenge(DigestVerifier digest, String qop, String algorithm, boolean stale) {
    return ServerResponse.builder(401).header("WWW-Authenticate", digest.challenge(qop, algorithm, stale)).build();
  }

  /**
   * The response with a {@code Set-Cookie} (path {@code /}) for each name and value pair; a value
   * that is no valid cookie value (a client's odd nonce) is left out rather than sent broken.
   */
  private static ServerResponse withCookies(ServerResponse response, String... namesAndValues) {
    ServerResponse.Builder out = response.newBuilder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      try {
        out.header("Set-Cookie", SetCookie.builder(namesAndValues[i], namesAndValues[i + 1]).path("/").build().toString());
      } catch (IllegalArgumentException bad) {
        // not a cookie value: skipped
      }
    }
    return out.build();
  }

  // ---- timing, encodings, bytes -------------------------------------------------------------

  private static ServerResponse delay(ServerRequest req) throws InterruptedException {
    Duration d = seconds(req.pathParam("n").orElse("0"), MAX_DELAY);
    Thread.sleep(d);
    return json(200, echo(req, true, false));
  }

  /** A number of seconds (decimals allowed), capped; NumberFormatException when it is none. */
  private static Duration seconds(String value, Duration cap) {
    double s = Double.parseDouble(value);
    if (!(s >= 0)) throw new NumberFormatException(value);
    long millis = (long) Math.min(s * 1000, cap.toMillis());
    return Duration.ofMillis(millis);
  }

  private static ServerResponse compressed(ServerRequest req, String coding) throws IOException {
    ObjectNode node = obj().put(coding.equals("gzip") ? "gzipped" : "deflated", true);
    node.set("headers", headers(req));
    node.put("method", req.method());
    node.put("origin", origin(req));
    byte[] plain = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (var out = coding.equals("gzip") ? new GZIPOutputStream(buffer) : new DeflaterOutputStream(buffer)) {
      out.write(plain);
    }
    return ServerResponse.builder(200).contentType("application/json").header("Content-Encoding", coding)
        .body(ServerResponseBody.of(buffer.toByteArray())).build();
  }

  private static Random random(ServerRequest req) {
    return req.queryParam("seed").map(s -> new Random(Long.parseLong(s))).orElseGet(Random::new);
  }

  private static ServerResponse bytes(ServerRequest req) {
    int n = Math.min(count(req), MAX_BYTES);
    byte[] data = new byte[n];
    random(req).nextBytes(data);
    return ServerResponse.builder(200).contentType("application/octet-stream").body(ServerResponseBody.of(data)).build();
  }

  private static ServerResponse stream(ServerRequest req) {
    int n = Math.min(count(req), 100);
    ObjectNode template = echo(req, false, false);
    return ServerResponse.builder(200).contentType("application/json").body(ServerResponseBody.writer(out -> {
      for (int i = 0; i < n; i++) {
        ObjectNode line = template.deepCopy().put("id", i);
        out.write(JSON.writeValueAsBytes(line));
        out.write('\n');
        out.flush();
      }
    })).build();
  }

  private static ServerResponse streamBytes(ServerRequest req) {
    int n = Math.min(count(req), MAX_BYTES);
    int chunk = req.queryParam("chunk_size").map(Integer::parseInt).orElse(10 * 1024);
    if (chunk < 1) throw new NumberFormatException("chunk_size");
    Random random = random(req);
    return ServerResponse.builder(200).contentType("application/octet-stream").body(ServerResponseBody.writer(out -> {
      byte[] buffer = new byte[Math.min(chunk, n == 0 ? 1 : n)];
      int left = n;
      while (left > 0) {
        int size = Math.min(buffer.length, left);
        for (int i = 0; i < size; i++) buffer[i] = (byte) random.nextInt(256);
        out.write(buffer, 0, size);
        out.flush();
        left -= size;
      }
    })).build();
  }

  private static ServerResponse drip(ServerRequest req) throws InterruptedException {
    Duration duration = seconds(req.queryParam("duration").orElse("2"), MAX_DELAY);
    Duration delay = seconds(req.queryParam("delay").orElse("0"), MAX_DELAY);
    long numbytes = ByteRanges.digits(req.queryParam("numbytes").orElse("10"));
    if (numbytes < 0) throw new NumberFormatException("numbytes");
    int n = (int) Math.min(numbytes, MAX_DRIP_BYTES);
    long code = ByteRanges.digits(req.queryParam("code").orElse("200"));
    if (code < 200 || code > 599) return ErrorPages.response(400, req, "code must be 200-599");
    Thread.sleep(delay);
    // Pace in at most 1000 steps so a big numbytes does not mean a million sleeps.
    int steps = Math.max(1, Math.min(n, 1000));
    long pauseNanos = n == 0 ? 0 : duration.toNanos() / steps;
    return ServerResponse.builder((int) code).contentType("application/octet-stream")
        .body(ServerResponseBody.writer(n, out -> {
          byte[] star = new byte[(n + steps - 1) / steps];
          java.util.Arrays.fill(star, (byte) '*');
          int left = n;
          for (int i = 0; i < steps && left > 0; i++) {
            int size = Math.min(star.length, left);
            out.write(star, 0, size);
            out.flush();
            left -= size;
            if (pauseNanos > 0) {
              try {
                Thread.sleep(Duration.ofNanos(pauseNanos));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("drip interrupted");
              }
            }
          }
        })).build();
  }

  private static ServerResponse range(ServerRequest req) {
    int n = count(req);
    if (n > MAX_BYTES) {
      return ErrorPages.response(404, req, "number of bytes must be in the range (0, " + MAX_BYTES + "]");
    }
    byte[] all = new byte[n];
    for (int i = 0; i < n; i++) all[i] = (byte) ('a' + i % 26);
    String etag = "range" + n;
    ServerResponse.Builder out = ServerResponse.builder(200).contentType("application/octet-stream")
        .header("ETag", etag).header("Accept-Ranges", "bytes");
    String header = req.header("Range").orElse(null);
    if (header != null) {
      ByteRanges.Result result = ByteRanges.parse(header, n);
      if (result instanceof ByteRanges.Unsatisfiable) {
        return ServerResponse.builder(416).header("ETag", etag).header("Accept-Ranges", "bytes")
            .header("Content-Range", "bytes */" + n).build();
      }
      if (result instanceof ByteRanges.Satisfiable s) {
        ByteRanges.Range first = s.ranges().get(0);
        ByteRanges.Range last = s.ranges().get(s.ranges().size() - 1);
        int from = (int) first.first();
        int to = (int) (s.ranges().size() == 1 ? first.last() : last.last());
        return out.status(206).header("Content-Range", "bytes " + from + "-" + to + "/" + n)
            .body(ServerResponseBody.of(java.util.Arrays.copyOfRange(all, from, to + 1))).build();
      }
    }
    return out.body(ServerResponseBody.of(all)).build();
  }

  // ---- caching ------------------------------------------------------------------------------

  private static ServerResponse cache(ServerRequest req, InstantSource clock) {
    if (req.header("If-Modified-Since").isPresent() || req.header("If-None-Match").isPresent()) {
      return ServerResponse.of(304);
    }
    return json(200, echo(req, false, false)).newBuilder()
        .header("Last-Modified", HttpDate.format(clock.instant()))
        .header("ETag", UUID.randomUUID().toString().replace("-", ""))
        .build();
  }

  private static ServerResponse etag(ServerRequest req) {
    String etag = req.pathParam("etag").orElse("");
    List<String> ifNoneMatch = tags(req.headers().allValues("If-None-Match"));
    List<String> ifMatch = tags(req.headers().allValues("If-Match"));
    String quoted = "\"" + etag + "\"";
    if (!ifNoneMatch.isEmpty() && (ifNoneMatch.contains(etag) || ifNoneMatch.contains("*"))) {
      return ServerResponse.builder(304).header("ETag", quoted).build();
    }
    if (!ifMatch.isEmpty() && !ifMatch.contains(etag) && !ifMatch.contains("*")) {
      return ServerResponse.of(412);
    }
    return json(200, echo(req, false, false)).newBuilder().header("ETag", quoted).build();
  }

  private static List<String> tags(List<String> headerValues) {
    List<String> out = new ArrayList<>();
    for (String header : headerValues) {
      for (String raw : header.split(",")) {
        String tag = raw.trim();
        if (tag.startsWith("W/")) tag = tag.substring(2);
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) tag = tag.substring(1, tag.length() - 1);
        if (!tag.isEmpty()) out.add(tag);
      }
    }
    return out;
  }

  private static ServerResponse responseHeaders(ServerRequest req) {
    ServerResponse.Builder out = ServerResponse.builder(200);
    try {
      req.queryParams().forEach((name, values) -> values.forEach(v -> out.header(name, v)));
    } catch (IllegalArgumentException e) {
      return ErrorPages.response(400, req, e.getMessage());
    }
    // The body lists the headers, Content-Length included, so iterate until the length is stable.
    String body = "";
    long length = 0;
    for (int i = 0; i < 5; i++) {
      ObjectNode node = obj();
      node.put("Content-Length", Long.toString(length));
      node.put("Content-Type", "application/json");
      req.queryParams().forEach((name, values) -> {
        if (values.size() == 1) node.put(name, values.get(0));
        else values.forEach(node.withArray(name)::add);
      });
      try {
        body = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      long next = body.getBytes(StandardCharsets.UTF_8).length;
      if (next == length) break;
      length = next;
    }
    return out.json(body);
  }

  private static ServerResponse base64(ServerRequest req) {
    String value = req.pathParam("value").orElse("");
    try {
      byte[] decoded = Base64.getUrlDecoder().decode(value.replace('+', '-').replace('/', '_'));
      // python-httpbin answers text/html here, which makes this route a reflected XSS: the text is
      // the client's, and under "courier serve -d --httpbin" it shares an origin with the served
      // files. Plain text, and nosniff so a browser never guesses HTML from the content.
      return ServerResponse.builder(200).header("X-Content-Type-Options", "nosniff")
          .text(new String(decoded, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return ServerResponse.ok("Incorrect Base64 data try: SFRUUEJJTiBpcyBhd2Vzb21l");
    }
  }
}

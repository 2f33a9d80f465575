package dev.courier.server.httpbin;

import static dev.courier.server.httpbin.HttpBinEcho.echo;
import static dev.courier.server.httpbin.HttpBinEcho.headers;
import static dev.courier.server.httpbin.HttpBinEcho.json;
import static dev.courier.server.httpbin.HttpBinEcho.obj;
import static dev.courier.server.httpbin.HttpBinEcho.origin;
import static dev.courier.server.httpbin.HttpBinPages.SAMPLE_HTML;
import static dev.courier.server.httpbin.HttpBinPages.SLIDESHOW_JSON;
import static dev.courier.server.httpbin.HttpBinPages.SLIDESHOW_XML;
import static dev.courier.server.httpbin.HttpBinPages.indexPage;

import dev.courier.internal.ByteRanges;
import dev.courier.server.ErrorPages;
import dev.courier.server.Handler;
import dev.courier.server.Router;
import dev.courier.server.ServerRequest;
import dev.courier.server.ServerResponse;
import dev.courier.server.ServerResponseBody;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import java.util.UUID;

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
    r.any("/status/{codes}", HttpBinRedirects::status);
    r.get("/headers", req -> json(200, obj().set("headers", headers(req))));
    r.get("/ip", req -> json(200, obj().put("origin", origin(req))));
    r.get("/user-agent", req -> json(200, obj().put("user-agent", req.header("User-Agent").orElse(null))));
    r.get("/redirect/{n}", req -> {
      int n = count(req);
      boolean absolute = req.queryParam("absolute").map(v -> v.equalsIgnoreCase("true")).orElse(false);
      return HttpBinRedirects.redirectChain(req, absolute ? "/absolute-redirect/" : "/relative-redirect/", n, absolute);
    });
    r.get("/relative-redirect/{n}",
        req -> HttpBinRedirects.redirectChain(req, "/relative-redirect/", count(req), false));
    r.get("/absolute-redirect/{n}",
        req -> HttpBinRedirects.redirectChain(req, "/absolute-redirect/", count(req), true));
    r.any("/redirect-to", HttpBinRedirects::redirectTo);
    r.get("/cookies", req -> json(200, obj().set("cookies", HttpBinCookies.cookies(req))));
    r.get("/cookies/set", HttpBinCookies::setCookies);
    r.get("/cookies/set/{name}/{value}", HttpBinCookies::setCookies);
    r.get("/cookies/delete", HttpBinCookies::deleteCookies);
    r.get("/basic-auth/{user}/{passwd}", req -> HttpBinAuth.basicAuth(req, false));
    r.get("/hidden-basic-auth/{user}/{passwd}", req -> HttpBinAuth.basicAuth(req, true));
    r.get("/bearer", HttpBinAuth::bearer);
    r.any("/digest-auth/{qop}/{user}/{passwd}", req -> HttpBinAuth.digestAuth(req, digest));
    r.any("/digest-auth/{qop}/{user}/{passwd}/{algorithm}", req -> HttpBinAuth.digestAuth(req, digest));
    r.any("/digest-auth/{qop}/{user}/{passwd}/{algorithm}/{stale_after}", req -> HttpBinAuth.digestAuth(req, digest));
    r.any("/delay/{n}", HttpBinBytes::delay);
    r.get("/gzip", req -> HttpBinBytes.compressed(req, "gzip"));
    r.get("/deflate", req -> HttpBinBytes.compressed(req, "deflate"));
    r.get("/bytes/{n}", HttpBinBytes::bytes);
    r.get("/stream/{n}", HttpBinBytes::stream);
    r.get("/stream-bytes/{n}", HttpBinBytes::streamBytes);
    r.get("/drip", HttpBinBytes::drip);
    r.get("/range/{n}", HttpBinBytes::range);
    r.get("/cache", req -> HttpBinCaching.cache(req, clock));
    r.get("/cache/{n}", req -> json(200, echo(req, false, false)).newBuilder()
        .header("Cache-Control", "public, max-age=" + count(req)).build());
    r.get("/etag/{etag}", HttpBinCaching::etag);
    r.get("/response-headers", HttpBinCaching::responseHeaders);
    r.post("/response-headers", HttpBinCaching::responseHeaders);
    r.get("/json", req -> ServerResponse.builder(200).json(SLIDESHOW_JSON));
    r.get("/html", req -> ServerResponse.builder(200).html(SAMPLE_HTML));
    r.get("/xml", req -> ServerResponse.builder(200).contentType("application/xml")
        .body(ServerResponseBody.of(SLIDESHOW_XML)).build());
    r.get("/uuid", req -> json(200, obj().put("uuid", UUID.randomUUID().toString())));
    r.get("/base64/{value}", HttpBinEcho::base64);
    r.get("/robots.txt", req -> ServerResponse.ok("User-agent: *\nDisallow: /deny\n"));
    r.get("/deny", req -> ServerResponse.ok(HttpBinPages.DENY));
    r.get("/forms/post", req -> ServerResponse.builder(200).html(HttpBinPages.formsPost(req)));
    r.get("/encoding/utf8", req -> ServerResponse.builder(200).html(HttpBinPages.UTF8_SAMPLE));
    r.get("/links/{n}", req -> ServerResponse.redirect(302, req.basePath() + "/links/" + count(req) + "/0"));
    r.get("/links/{n}/{offset}", req -> ServerResponse.builder(200)
        .html(HttpBinPages.links(req, Math.max(1, Math.min(count(req), 200)), number(req, "offset"))));
    r.get("/image", req -> {
      ServerResponse image = HttpBinImages.negotiate(req);
      return image != null ? image : HttpBinRedirects.status406();
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

  static int count(ServerRequest req) {
    return number(req, "n");
  }

  static int number(ServerRequest req, String name) {
    String n = req.pathParam(name).orElse("");
    long value = ByteRanges.digits(n);
    if (value < 0 || value > Integer.MAX_VALUE) throw new NumberFormatException(n);
    return (int) value;
  }
}

package dev.courier.server.httpbin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.internal.AuthChallenge;
import dev.courier.internal.Digest;
import dev.courier.server.HttpServer;
import dev.courier.server.Raw;
import dev.courier.server.Router;
import dev.courier.server.ServerRequest;
import dev.courier.server.ServerResponse;
import dev.courier.server.ServerResponseBody;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpBinTest {
  static HttpServer server;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws IOException {
    server = HttpServer.builder().bind("127.0.0.1").port(0).handler(new HttpBin()).start();
  }

  @AfterAll
  static void stop() {
    server.stop(Duration.ofSeconds(1));
  }

  /** A response split into status, head (lower-cased names kept as sent) and body bytes. */
  record Reply(int status, String head, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }

    String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) return line.substring(colon + 1).trim();
      }
      return null;
    }
  }

  static Reply call(String request) throws IOException {
    try (Raw raw = new Raw(server.port())) {
      String all = raw.send(request).readResponse();
      int split = all.indexOf("\r\n\r\n");
      return new Reply(Integer.parseInt(all.substring(9, 12)), all.substring(0, split + 2),
          all.substring(split + 4).getBytes(StandardCharsets.ISO_8859_1));
    }
  }

  static Reply get(String target, String... headers) throws IOException {
    StringBuilder r = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: bin.test\r\n");
    for (String h : headers) r.append(h).append("\r\n");
    return call(r.append("\r\n").toString());
  }

  @Test
  void getEchoesArgsHeadersOriginUrl() throws IOException {
    JsonNode j = get("/get?a=1&b=2&b=3&c=x+y", "User-Agent: t/1", "X-Multi: 1", "x-multi: 2").json();
    assertThat(j.get("args").get("a").asText()).isEqualTo("1");
    assertThat(j.get("args").get("b").isArray()).isTrue();
    assertThat(j.get("args").get("c").asText()).isEqualTo("x y");
    assertThat(j.get("headers").get("User-Agent").asText()).isEqualTo("t/1");
    assertThat(j.get("headers").get("Host").asText()).isEqualTo("bin.test");
    assertThat(j.get("headers").get("X-Multi").asText()).isEqualTo("1, 2");
    assertThat(j.get("origin").asText()).isEqualTo("127.0.0.1");
    assertThat(j.get("url").asText()).isEqualTo("http://bin.test/get?a=1&b=2&b=3&c=x+y");
    assertThat(j.has("data")).isFalse();
  }

  @Test
  void postJsonFormMultipartAndBinary() throws IOException {
    String json = "{\"k\":[1,2]}";
    JsonNode j = call("POST /post HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: "
        + json.length() + "\r\n\r\n" + json).json();
    assertThat(j.get("data").asText()).isEqualTo(json);
    assertThat(j.get("json").get("k").get(1).asInt()).isEqualTo(2);
    assertThat(j.get("form").size()).isZero();

    String form = "a=1&b=two+words&a=3";
    j = call("PUT /put HTTP/1.1\r\nHost: h\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
        + form.length() + "\r\n\r\n" + form).json();
    assertThat(j.get("form").get("b").asText()).isEqualTo("two words");
    assertThat(j.get("form").get("a").size()).isEqualTo(2);
    assertThat(j.get("json").isNull()).isTrue();

    String mp = "--XyZ\r\nContent-Disposition: form-data; name=\"field\"\r\n\r\nvalue\r\n"
        + "--XyZ\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n"
        + "file body\r\n--XyZ--\r\n";
    j = call("PATCH /patch HTTP/1.1\r\nHost: h\r\nContent-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: "
        + mp.length() + "\r\n\r\n" + mp).json();
    assertThat(j.get("form").get("field").asText()).isEqualTo("value");
    assertThat(j.get("files").get("upload").asText()).isEqualTo("file body");

    j = call("DELETE /delete HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n\u00ff\u00fe").json();
    assertThat(j.get("data").asText()).isEqualTo("data:application/octet-stream;base64,//4=");
    assertThat(get("/post").status()).isEqualTo(405);
  }

  @Test
  void anythingEchoesMethodAndChunkedBodies() throws IOException {
    JsonNode j = call("OPTIONS /anything/deep/path?x=1 HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "3\r\nabc\r\n0\r\n\r\n").json();
    assertThat(j.get("method").asText()).isEqualTo("OPTIONS");
    assertThat(j.get("data").asText()).isEqualTo("abc");
    assertThat(j.get("url").asText()).isEqualTo("http://h/anything/deep/path?x=1");
  }

  @Test
  void statusCodes() throws IOException {
    assertThat(get("/status/418").status()).isEqualTo(418);
    assertThat(get("/status/418").text()).contains("teapot");
    assertThat(get("/status/204").status()).isEqualTo(204);
    Reply redirect = get("/status/302");
    assertThat(redirect.header("Location")).isEqualTo("/redirect/1");
    assertThat(get("/status/401").header("WWW-Authenticate")).isEqualTo("Basic realm=\"Fake Realm\"");
    assertThat(get("/status/500:0,201:1").status()).isEqualTo(201);
    assertThat(get("/status/abc").status()).isEqualTo(400);
    assertThat(get("/status/99").status()).isEqualTo(400);
  }

  @Test
  void simpleEndpoints() throws IOException {
    assertThat(get("/headers", "X-A: b").json().get("headers").get("X-A").asText()).isEqualTo("b");
    assertThat(get("/ip").json().get("origin").asText()).isEqualTo("127.0.0.1");
    assertThat(get("/user-agent", "User-Agent: me").json().get("user-agent").asText()).isEqualTo("me");
    assertThat(get("/uuid").json().get("uuid").asText()).matches("[0-9a-f-]{36}");
    assertThat(get("/json").json().get("slideshow").get("slides").size()).isEqualTo(2);
    assertThat(get("/html").header("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(get("/xml").text()).startsWith("<?xml");
    assertThat(get("/base64/SFRUUEJJTiBpcyBhd2Vzb21l").text()).isEqualTo("HTTPBIN is awesome");
    assertThat(get("/base64/!!!").text()).startsWith("Incorrect Base64 data");
    assertThat(get("/").text()).contains("/get");
  }

  @Test
  void base64IsPlainTextNeverHtml() throws IOException {
    // "<script>alert(1)</script>" in base64: served as HTML it would run in the origin of
    // files served beside httpbin (courier serve -d --httpbin).
    Reply r = get("/base64/PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==");
    assertThat(r.text()).isEqualTo("<script>alert(1)</script>");
    assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
  }

  @Test
  void multipartBoundaryOverSeventyCharactersIs400() throws IOException {
    for (int length : new int[] {70, 71}) {
      String boundary = "b".repeat(length);
      String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--" + boundary + "--\r\n";
      Reply r = call("POST /post HTTP/1.1\r\nHost: bin.test\r\nContent-Type: multipart/form-data; boundary=" + boundary
          + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
      assertThat(r.status()).as("boundary of %d characters", length).isEqualTo(length == 70 ? 200 : 400);
    }
  }

  @Test
  void absoluteRedirectNeverReflectsAForeignAuthority() throws IOException {
    String self = "http://127.0.0.1:" + server.port();
    // the reviewer's probe: absolute-form target, which wins over Host (RFC 9112 section 3.2.2)
    assertThat(call("GET http://evil.example/absolute-redirect/1 HTTP/1.1\r\nHost: evil.example\r\n\r\n")
        .header("Location")).isEqualTo(self + "/get");
    assertThat(call("GET http://evil.example/absolute-redirect/1 HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
        + "\r\n\r\n").header("Location")).isEqualTo(self + "/get");
    // an authority that names this server is kept
    String local = "localhost:" + server.port();
    assertThat(call("GET /absolute-redirect/1 HTTP/1.1\r\nHost: " + local + "\r\n\r\n").header("Location"))
        .isEqualTo("http://" + local + "/get");
    assertThat(call("GET http://" + local + "/absolute-redirect/2 HTTP/1.1\r\nHost: evil.example\r\n\r\n")
        .header("Location")).isEqualTo("http://" + local + "/absolute-redirect/1");
  }

  @Test
  void redirects() throws IOException {
    assertThat(get("/redirect/3").header("Location")).isEqualTo("/relative-redirect/2");
    assertThat(get("/redirect/1").header("Location")).isEqualTo("/get");
    // An absolute Location names this server, never an authority it does not serve (Host: bin.test).
    String self = "http://127.0.0.1:" + server.port();
    assertThat(get("/redirect/2?absolute=true").header("Location")).isEqualTo(self + "/absolute-redirect/1");
    assertThat(get("/absolute-redirect/1").header("Location")).isEqualTo(self + "/get");
    assertThat(get("/relative-redirect/2").header("Location")).isEqualTo("/relative-redirect/1");
    Reply to = get("/redirect-to?url=http%3A%2F%2Fexample.test%2F&status_code=307");
    assertThat(to.status()).isEqualTo(307);
    assertThat(to.header("Location")).isEqualTo("http://example.test/");
    assertThat(get("/redirect-to?url=%2Fx%0D%0ASet-Cookie:%20a=1").status()).isEqualTo(400);
    assertThat(get("/redirect/0").status()).isEqualTo(400);
  }

  @Test
  void cookies() throws IOException {
    assertThat(get("/cookies", "Cookie: a=1; b=2").json().get("cookies").get("b").asText()).isEqualTo("2");
    Reply set = get("/cookies/set?k=v&z=9");
    assertThat(set.status()).isEqualTo(302);
    assertThat(set.header("Location")).isEqualTo("/cookies");
    assertThat(set.head).contains("Set-Cookie: k=v; Path=/").contains("Set-Cookie: z=9; Path=/");
    assertThat(get("/cookies/set/name/val").head).contains("Set-Cookie: name=val; Path=/");
    assertThat(get("/cookies/delete?k").head).contains("Set-Cookie: k=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/");
    assertThat(get("/cookies/set?k=a%3Bb").status()).isEqualTo(400);
  }

  @Test
  void basicAndBearerAuth() throws IOException {
    String good = Base64.getEncoder().encodeToString("u:p".getBytes(StandardCharsets.UTF_8));
    JsonNode j = get("/basic-auth/u/p", "Authorization: Basic " + good).json();
    assertThat(j.get("authenticated").asBoolean()).isTrue();
    assertThat(j.get("user").asText()).isEqualTo("u");
    Reply bad = get("/basic-auth/u/q", "Authorization: Basic " + good);
    assertThat(bad.status()).isEqualTo(401);
    assertThat(bad.header("WWW-Authenticate")).startsWith("Basic");
    assertThat(get("/hidden-basic-auth/u/q").status()).isEqualTo(404);
    assertThat(get("/bearer").status()).isEqualTo(401);
    assertThat(get("/bearer", "Authorization: Bearer tok").json().get("token").asText()).isEqualTo("tok");
  }

  @Test
  void digestAuthMd5AndSha256() throws IOException {
    for (String[] c : new String[][] {{"MD5", "MD5"}, {"SHA-256", "SHA-256"}, {"SHA-512", "SHA-512"}}) {
      String path = "/digest-auth/auth/user/pass/" + c[0];
      Reply challenge = get(path);
      assertThat(challenge.status()).isEqualTo(401);
      String header = challenge.header("WWW-Authenticate");
      assertThat(header).startsWith("Digest ").contains("qop=\"auth\"").contains("algorithm=" + c[0]);
      var p = AuthChallenge.parseAll(java.util.List.of(header)).get(0).params();
      String ha1 = Digest.Algorithm.forName(c[1]).orElseThrow().hash("user:" + p.get("realm") + ":pass");
      String ha2 = Digest.Algorithm.forName(c[1]).orElseThrow().hash("GET:" + path);
      String response = Digest.Algorithm.forName(c[1]).orElseThrow().hash(ha1 + ":" + p.get("nonce") + ":00000001:abcdef:auth:" + ha2);
      String auth = "Authorization: Digest username=\"user\", realm=\"" + p.get("realm") + "\", nonce=\""
          + p.get("nonce") + "\", uri=\"" + path + "\", algorithm=" + c[0] + ", qop=auth, nc=00000001, "
          + "cnonce=\"abcdef\", response=\"" + response + "\", opaque=\"" + p.get("opaque") + "\"";
      Reply ok = get(path, auth);
      assertThat(ok.status()).as(c[0]).isEqualTo(200);
      assertThat(ok.json().get("user").asText()).isEqualTo("user");
      // The same header again is a replay (RFC 7616 section 3.4: nc must grow per nonce).
      Reply replayed = get(path, auth);
      assertThat(replayed.status()).as(c[0] + " replayed").isEqualTo(401);
      assertThat(replayed.header("WWW-Authenticate")).contains("stale=TRUE");
      assertThat(get(path, auth.replace("response=\"", "response=\"0")).status()).isEqualTo(401);
      assertThat(get("/digest-auth/auth/user/other/" + c[0], auth).status()).isEqualTo(401);
    }
    // a forged nonce is refused even with a correctly computed response
    String forged = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    String ha1 = Digest.Algorithm.MD5.hash("user:" + DigestVerifier.REALM + ":pass");
    String ha2 = Digest.Algorithm.MD5.hash("GET:/digest-auth/auth/user/pass");
    String response = Digest.Algorithm.MD5.hash(ha1 + ":" + forged + ":00000001:c:auth:" + ha2);
    assertThat(get("/digest-auth/auth/user/pass", "Authorization: Digest username=\"user\", realm=\""
        + DigestVerifier.REALM + "\", nonce=\"" + forged + "\", uri=\"/digest-auth/auth/user/pass\", qop=auth, "
        + "nc=00000001, cnonce=\"c\", response=\"" + response + "\"").status()).isEqualTo(401);
  }

  /** An Authorization header answering {@code challenge} for user:pass on {@code path} (MD5, qop=auth). */
  private static String digestAnswer(String path, String challenge) {
    var p = AuthChallenge.parseAll(java.util.List.of(challenge)).get(0).params();
    String ha1 = Digest.Algorithm.MD5.hash("user:" + p.get("realm") + ":pass");
    String ha2 = Digest.Algorithm.MD5.hash("GET:" + path);
    String response = Digest.Algorithm.MD5.hash(ha1 + ":" + p.get("nonce") + ":00000001:c:auth:" + ha2);
    return "Authorization: Digest username=\"user\", realm=\"" + p.get("realm") + "\", nonce=\"" + p.get("nonce")
        + "\", uri=\"" + path + "\", qop=auth, nc=00000001, cnonce=\"c\", response=\"" + response + "\"";
  }

  @Test
  void digestAuthSetsHttpbinsCookiesAndCountsStaleAfterDown() throws IOException {
    String path = "/digest-auth/auth/user/pass/MD5/2";
    Reply challenge = get(path);
    assertThat(challenge.status()).isEqualTo(401);
    assertThat(challenge.head()).contains("Set-Cookie: stale_after=2; Path=/\r\n")
        .contains("Set-Cookie: fake=fake_value; Path=/\r\n");
    Reply ok = get(path, digestAnswer(path, challenge.header("WWW-Authenticate")),
        "Cookie: stale_after=2; fake=fake_value");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.head()).contains("Set-Cookie: fake=fake_value; Path=/\r\n")
        .contains("Set-Cookie: stale_after=1; Path=/\r\n");
    // stale_after=0: even right credentials get a stale challenge, and the nonce is remembered
    Reply next = get(path);
    String answer = digestAnswer(path, next.header("WWW-Authenticate"));
    Reply stale = get(path, answer, "Cookie: stale_after=0; fake=fake_value");
    assertThat(stale.status()).isEqualTo(401);
    assertThat(stale.header("WWW-Authenticate")).contains("stale=TRUE");
    String nonce = AuthChallenge.parseAll(java.util.List.of(next.header("WWW-Authenticate"))).get(0).params()
        .get("nonce");
    assertThat(stale.head()).contains("Set-Cookie: last_nonce=" + nonce + "; Path=/\r\n");
    // the nonce named by last_nonce is stale too
    assertThat(get(path, answer, "Cookie: last_nonce=" + nonce).header("WWW-Authenticate")).contains("stale=TRUE");
  }

  @Test
  void anUnknownDigestAlgorithmMeansMd5AsInHttpbin() throws IOException {
    assertThat(get("/digest-auth/auth/user/pass/MD4").header("WWW-Authenticate")).contains("algorithm=MD5");
  }

  @Test
  void digestAuthRequireCookie() throws IOException {
    String path = "/digest-auth/auth/user/pass?require-cookie=1";
    Reply challenge = get(path);
    String answer = digestAnswer(path, challenge.header("WWW-Authenticate"));
    assertThat(get(path, answer).status()).as("no cookies: challenged again").isEqualTo(401);
    Reply refused = get(path, answer, "Cookie: other=1");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().get("errors").get(0).asText()).isEqualTo("missing cookie set on challenge");
    assertThat(get(path, answer, "Cookie: fake=fake_value").status()).isEqualTo(200);
  }

  @Test
  void imagesDecodeAndAcceptChoosesTheType() throws IOException {
    Reply png = get("/image/png");
    assertThat(png.header("Content-Type")).isEqualTo("image/png");
    var decoded = javax.imageio.ImageIO.read(new ByteArrayInputStream(png.body()));
    assertThat(decoded.getWidth()).isEqualTo(16);
    assertThat(decoded.getRGB(0, 0) & 0xffffff).isEqualTo(0x2040c0);
    Reply jpeg = get("/image/jpeg");
    assertThat(jpeg.header("Content-Type")).isEqualTo("image/jpeg");
    assertThat(javax.imageio.ImageIO.read(new ByteArrayInputStream(jpeg.body())).getHeight()).isEqualTo(16);
    Reply webp = get("/image/webp");
    assertThat(new String(webp.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
    assertThat(new String(webp.body(), 8, 8, StandardCharsets.US_ASCII)).isEqualTo("WEBPVP8L");
    assertThat(get("/image/svg").text()).startsWith("<svg ");
    assertThat(get("/image").header("Content-Type")).isEqualTo("image/png");
    assertThat(get("/image", "Accept: image/webp,*/*").header("Content-Type")).isEqualTo("image/webp");
    assertThat(get("/image", "Accept: image/svg+xml").header("Content-Type")).isEqualTo("image/svg+xml");
    assertThat(get("/image", "Accept: image/*").header("Content-Type")).isEqualTo("image/png");
    assertThat(get("/image", "Accept: text/html").status()).isEqualTo(406);
  }

  @Test
  void linksDenyAndForms() throws IOException {
    assertThat(get("/links/3/1").text()).isEqualTo("<html><head><title>Links</title></head><body>"
        + "<a href='/links/3/0'>0</a> 1 <a href='/links/3/2'>2</a> </body></html>");
    Reply redirect = get("/links/4");
    assertThat(redirect.status()).isEqualTo(302);
    assertThat(redirect.header("Location")).isEqualTo("/links/4/0");
    assertThat(get("/deny").text()).contains("YOU SHOULDN'T BE HERE");
    assertThat(get("/forms/post").text()).contains("action=\"/post\"").contains("name=\"firstname\"");
    assertThat(get("/encoding/utf8").header("Content-Type")).isEqualTo("text/html; charset=utf-8");
  }

  @Test
  void digestNonceAges() {
    String old = DigestVerifier.newNonce(System.currentTimeMillis() - DigestVerifier.NONCE_LIFETIME.toMillis() - 1000);
    assertThat(DigestVerifier.nonceTime(old)).isPositive();
    assertThat(DigestVerifier.nonceTime("garbage")).isEqualTo(-1);
  }

  @Test
  void compressedBodies() throws IOException {
    Reply gz = get("/gzip");
    assertThat(gz.header("Content-Encoding")).isEqualTo("gzip");
    JsonNode j = JSON.readTree(new GZIPInputStream(new ByteArrayInputStream(gz.body())));
    assertThat(j.get("gzipped").asBoolean()).isTrue();
    Reply df = get("/deflate");
    assertThat(df.header("Content-Encoding")).isEqualTo("deflate");
    assertThat(JSON.readTree(new InflaterInputStream(new ByteArrayInputStream(df.body()))).get("deflated").asBoolean())
        .isTrue();
  }

  @Test
  void bytesAreSeededAndCapped() throws IOException {
    Reply a = get("/bytes/64?seed=7");
    assertThat(a.body()).hasSize(64).isEqualTo(get("/bytes/64?seed=7").body());
    assertThat(get("/bytes/1000000").body()).hasSize(HttpBin.MAX_BYTES);
    Reply s = get("/stream-bytes/100?seed=3&chunk_size=7");
    assertThat(s.header("Transfer-Encoding")).isEqualTo("chunked");
    assertThat(s.body()).hasSize(100);
    Reply lines = get("/stream/3");
    assertThat(lines.text().lines().count()).isEqualTo(3);
    assertThat(JSON.readTree(lines.text().lines().skip(2).findFirst().orElseThrow()).get("id").asInt()).isEqualTo(2);
  }

  @Test
  void dripAndDelay() throws IOException {
    Reply drip = get("/drip?duration=0.2&numbytes=5&code=201");
    assertThat(drip.status()).isEqualTo(201);
    assertThat(drip.text()).isEqualTo("*****");
    assertThat(drip.header("Content-Length")).isEqualTo("5");
    assertThat(get("/delay/0.1").json().get("url").asText()).endsWith("/delay/0.1");
    assertThat(get("/delay/abc").status()).isEqualTo(400);
  }

  @Test
  void rangeEndpoint() throws IOException {
    Reply full = get("/range/30");
    assertThat(full.text()).isEqualTo("abcdefghijklmnopqrstuvwxyzabcd");
    Reply part = get("/range/30", "Range: bytes=2-4");
    assertThat(part.status()).isEqualTo(206);
    assertThat(part.text()).isEqualTo("cde");
    assertThat(part.header("Content-Range")).isEqualTo("bytes 2-4/30");
    Reply bad = get("/range/30", "Range: bytes=40-");
    assertThat(bad.status()).isEqualTo(416);
    assertThat(bad.header("Content-Range")).isEqualTo("bytes */30");
  }

  @Test
  void caching() throws IOException {
    Reply c = get("/cache");
    assertThat(c.status()).isEqualTo(200);
    assertThat(c.header("Last-Modified")).isNotNull();
    assertThat(get("/cache", "If-None-Match: x").status()).isEqualTo(304);
    assertThat(get("/cache/60").header("Cache-Control")).isEqualTo("public, max-age=60");
    assertThat(get("/etag/abc").header("ETag")).isEqualTo("\"abc\"");
    assertThat(get("/etag/abc", "If-None-Match: \"abc\"").status()).isEqualTo(304);
    assertThat(get("/etag/abc", "If-Match: \"zzz\"").status()).isEqualTo(412);
    assertThat(get("/etag/abc", "If-Match: \"abc\"").status()).isEqualTo(200);
  }

  @Test
  void responseHeadersAreSetAndEchoed() throws IOException {
    Reply r = get("/response-headers?X-Foo=bar&freeform=hi");
    assertThat(r.header("X-Foo")).isEqualTo("bar");
    JsonNode j = r.json();
    assertThat(j.get("freeform").asText()).isEqualTo("hi");
    assertThat(j.get("Content-Length").asText()).isEqualTo(r.header("Content-Length"));
    assertThat(get("/response-headers?X-Bad=a%0D%0AInjected:%201").status()).isEqualTo(400);
  }

  @Test
  void mountedUnderAPrefix() throws Exception {
    Router router = Router.builder().mount("/httpbin/", new HttpBin()).build();
    ServerResponse r = router.handle(ServerRequest.builder("GET", "/httpbin/redirect/2").header("Host", "h").build());
    assertThat(r.headers().firstValue("Location")).contains("/httpbin/relative-redirect/1");
    ServerResponse g = router.handle(ServerRequest.builder("GET", "/httpbin/get?q=1").header("Host", "h").build());
    assertThat(new String(((ServerResponseBody.Bytes) g.body()).data(), StandardCharsets.UTF_8))
        .contains("\"url\" : \"http://h/httpbin/get?q=1\"");
  }
}

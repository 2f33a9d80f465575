package dev.courier.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courier.Body;
import dev.courier.Multipart;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.Session;
import dev.courier.server.httpbin.HttpBin;
import dev.courier.server.HttpServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Our {@link HttpBin} against the reference httpbin (Debian's {@code python3-httpbin} 0.7): the
 * same request, built once and sent by the same session to both, must get the same status, the
 * same media type and the same JSON (hosts and ports aside), or the same body, line or length as
 * each case says. The differences we keep on purpose are listed in {@link #DIFFERENCES} with their
 * reasons, and the cases name the fields they leave out; anything else that differs fails.
 */
class HttpBinParityTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * Where ours answers otherwise on purpose, each with its reason; a case names the entry that
   * lets it leave something out of the comparison.
   */
  static final Map<String, String> DIFFERENCES = Map.ofEntries(
      Map.entry("base64", "/base64 is text/plain; charset=utf-8, not 0.7's text/html: decoded input is never "
          + "served as HTML from our origin (no reflected script)"),
      Map.entry("random", "/bytes, /stream-bytes and /range/N bytes come from a seeded generator; Python's and "
          + "Java's differ, so only length and media type are compared"),
      Map.entry("uuid", "/uuid is fresh on every call"),
      Map.entry("no content type", "an answer without content (redirects, /status/N, 401 challenges) has no "
          + "Content-Type; Flask labels them text/html and sends a 'Redirecting...' page with redirects"),
      Map.entry("teapot type", "the /status/418 teapot is labelled text/plain; 0.7 sends no Content-Type"),
      Map.entry("charset", "text answers name their charset (text/plain; charset=utf-8)"),
      Map.entry("etag quoted", "ETag is a quoted entity-tag as RFC 9110, Section 8.8.3 requires; 0.7 sends the "
          + "bare value (abc)"),
      Map.entry("json formatting", "our JSON has other whitespace, so /response-headers' own Content-Length "
          + "differs (each is right about its body)"),
      Map.entry("delay json", "/delay echoes \"json\": null too, as /anything does; a suite written for httpbin "
          + "never reads it"),
      Map.entry("sample documents", "/html, /xml, /forms/post (the same two fields) and /encoding/utf8 serve our own "
          + "sample documents, not httpbin's text (Debian's 0.7 serves a stub for /encoding/utf8)"),
      Map.entry("sample images", "/image/* serve our own small images (a 16x16 PNG, JPEG and WebP, an SVG), not "
          + "httpbin's photographs, so only status and media type are compared"),
      Map.entry("redirect page", "our redirects have no body; Flask sends a 'Redirecting...' HTML page"),
      Map.entry("newer endpoint", "/json came after 0.7 (0.8); 0.7 answers 404"));

  /** Endpoints of Debian's 0.7 that ours does not serve yet (the cases are skipped, not hidden): none left. */
  static final Map<String, String> GAPS = Map.of();

  /** Digest credentials with a nonce neither server issued: a failed attempt, or stale by cookie. */
  private static final String DIGEST = "Digest username=\"ada\", realm=\"x\", nonce=\"abc\", uri=\"/\", "
      + "response=\"00000000000000000000000000000000\", qop=auth, nc=00000001, cnonce=\"c\"";

  private static PythonHttpBin python;
  private static HttpServer ours;
  private static Session session;
  private static final AtomicInteger agreeing = new AtomicInteger();
  private static final List<String> disagreeing = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    python = PythonHttpBin.start().orElse(null);
    ours = HttpServer.builder().bind("127.0.0.1").port(0).handler(new HttpBin()).start();
    session = Session.builder().followRedirects(false).noCookies().build();
  }

  @AfterAll
  static void stop() throws Exception {
    session.close();
    ours.close();
    if (python != null) {
      python.close();
      System.out.println("HttpBinParityTest: " + agreeing.get() + " cases agree with httpbin 0.7"
          + (disagreeing.isEmpty() ? "" : "; differing: " + disagreeing));
    }
  }

  /** How to compare the two answers beyond status and media type. */
  enum Compare { JSON, TEXT, LENGTH, JSON_LINES, HEAD_ONLY, NOTHING }

  /** One request to send to both, and what must agree. */
  record Case(String name, Request.Builder request, Compare compare, List<String> ignored, List<String> headers,
      boolean mediaType, String difference, String gap) {
    /** Leaves these JSON members out, for the reason {@code difference} in {@link #DIFFERENCES}. */
    Case ignoring(String difference, String... jsonPointers) {
      List<String> more = new ArrayList<>(ignored);
      more.addAll(List.of(jsonPointers));
      return new Case(name, request, compare, more, headers, mediaType, known(difference), gap);
    }

    /** Also compares these response header fields. */
    Case andHeaders(String... names) {
      return new Case(name, request, compare, ignored, List.of(names), mediaType, difference, gap);
    }

    /** Leaves the media type out, for the reason {@code difference}. */
    Case withoutMediaType(String difference) {
      return new Case(name, request, compare, ignored, headers, false, known(difference), gap);
    }

    /** Compares only status and media type, or nothing, for the reason {@code difference}. */
    Case only(Compare less, String difference) {
      return new Case(name, request, less, ignored, headers, mediaType, known(difference), gap);
    }

    /** Skips the case: an endpoint of {@link #GAPS}. */
    Case gap(String endpoint) {
      if (!GAPS.containsKey(endpoint)) {
        throw new IllegalArgumentException("not a listed gap: " + endpoint);
      }
      return new Case(name, request, compare, ignored, headers, mediaType, difference, endpoint);
    }

    private static String known(String difference) {
      if (!DIFFERENCES.containsKey(difference)) {
        throw new IllegalArgumentException("not a listed difference: " + difference);
      }
      return difference;
    }
  }

  private static Case json(String method, String target) {
    return new Case(method + " " + target, Request.builder(method, "http://placeholder" + target), Compare.JSON,
        List.of(), List.of(), true, "", "");
  }

  private static Case json(String method, String target, Body body) {
    Case c = json(method, target);
    c.request().body(body);
    return c;
  }

  private static Case of(Compare compare, String method, String target) {
    return new Case(method + " " + target, Request.builder(method, "http://placeholder" + target), compare,
        List.of(), List.of(), true, "", "");
  }

  static List<Case> cases() {
    Multipart upload = Multipart.builder().field("name", "Ada")
        .file("file", "hello\n".getBytes(StandardCharsets.UTF_8), "hello.txt", "text/plain").build();
    Case withHeader = json("GET", "/get?a=1&a=2&b=x%20y");
    withHeader.request().header("X-Test", "1").header("X-Other", "two words");
    Case headers = json("GET", "/headers");
    headers.request().header("X-Custom", "yes");
    Case cookies = json("GET", "/cookies");
    cookies.request().header("Cookie", "a=1; b=two");
    Case basicOk = json("GET", "/basic-auth/ada/pw");
    basicOk.request().basicAuth("ada", "pw");
    Case basicBad = of(Compare.HEAD_ONLY, "GET", "/basic-auth/ada/pw").andHeaders("WWW-Authenticate");
    basicBad.request().basicAuth("ada", "wrong");
    Case hiddenBad = of(Compare.HEAD_ONLY, "GET", "/hidden-basic-auth/ada/pw");
    Case etag = of(Compare.HEAD_ONLY, "GET", "/etag/abc").only(Compare.HEAD_ONLY, "etag quoted");
    etag.request().header("If-None-Match", "\"abc\"");
    Case etagMiss = json("GET", "/etag/abc").only(Compare.JSON, "etag quoted");
    etagMiss.request().header("If-None-Match", "\"xyz\"");
    Case cached = of(Compare.HEAD_ONLY, "GET", "/cache");
    cached.request().header("If-Modified-Since", "Thu, 01 Jan 2026 00:00:00 GMT");
    Case range = of(Compare.TEXT, "GET", "/range/26").andHeaders("Content-Range", "Accept-Ranges");
    range.request().header("Range", "bytes=2-5");
    Case bearer = json("GET", "/bearer");
    bearer.request().bearer("t0ken");
    Case base64 = of(Compare.TEXT, "GET", "/base64/SGVsbG8sIHdvcmxk").withoutMediaType("base64");
    Case digestStale = of(Compare.HEAD_ONLY, "GET", "/digest-auth/auth/ada/pw/MD5/2").andHeaders("Set-Cookie");
    digestStale.request().header("Authorization", DIGEST).header("Cookie", "stale_after=0; fake=fake_value");
    Case digestLastNonce = of(Compare.HEAD_ONLY, "GET", "/digest-auth/auth/ada/pw").andHeaders("Set-Cookie");
    digestLastNonce.request().header("Authorization", DIGEST).header("Cookie", "last_nonce=abc; fake=fake_value");
    Case digestWrong = of(Compare.HEAD_ONLY, "GET", "/digest-auth/auth/ada/pw/MD5/never").andHeaders("Set-Cookie");
    digestWrong.request().header("Authorization", DIGEST);
    Case digestNoCookie = of(Compare.HEAD_ONLY, "GET", "/digest-auth/auth/ada/pw?require-cookie=1")
        .andHeaders("Set-Cookie");
    digestNoCookie.request().header("Authorization", DIGEST);
    Case digestFakeMissing = json("GET", "/digest-auth/auth/ada/pw?require-cookie=true").andHeaders("Set-Cookie");
    digestFakeMissing.request().header("Authorization", DIGEST).header("Cookie", "other=1");
    Case imageWebp = of(Compare.HEAD_ONLY, "GET", "/image");
    imageWebp.request().header("Accept", "image/webp,image/*;q=0.8");
    Case imageSvg = of(Compare.HEAD_ONLY, "GET", "/image");
    imageSvg.request().header("Accept", "image/svg+xml");
    Case imageJpeg = of(Compare.HEAD_ONLY, "GET", "/image");
    imageJpeg.request().header("Accept", "image/jpeg");
    Case imageAny = of(Compare.HEAD_ONLY, "GET", "/image");
    imageAny.request().header("Accept", "image/*");
    Case imageText = json("GET", "/image");
    imageText.request().header("Accept", "text/plain");
    Case anything = json("POST", "/anything/a/b?x=1", Body.json(Map.of("k", List.of(1, 2))));
    return List.of(
        withHeader,
        json("GET", "/get"),
        json("POST", "/post", Body.form(Map.of("x", "1", "y", "a b&c"))),
        json("POST", "/post", Body.json(Map.of("name", "Ada", "n", 7, "ok", true))),
        json("POST", "/post", upload),
        json("POST", "/post", Body.text("plain text")),
        json("PUT", "/put", Body.json(Map.of("a", 1))),
        json("PATCH", "/patch", Body.form(Map.of("a", "1"))),
        json("DELETE", "/delete?id=7"),
        anything,
        json("GET", "/anything"),
        headers,
        json("GET", "/ip"),
        json("GET", "/user-agent"),
        cookies,
        of(Compare.HEAD_ONLY, "GET", "/cookies/set?k=v&k2=v2").andHeaders("Location", "Set-Cookie"),
        of(Compare.HEAD_ONLY, "GET", "/cookies/delete?k").andHeaders("Location", "Set-Cookie"),
        of(Compare.HEAD_ONLY, "GET", "/status/200"),
        of(Compare.TEXT, "GET", "/status/418").andHeaders("X-More-Info").withoutMediaType("teapot type"),
        of(Compare.HEAD_ONLY, "GET", "/status/204"),
        of(Compare.HEAD_ONLY, "GET", "/status/302").andHeaders("Location"),
        of(Compare.HEAD_ONLY, "GET", "/status/401").andHeaders("WWW-Authenticate"),
        of(Compare.HEAD_ONLY, "GET", "/status/500"),
        of(Compare.HEAD_ONLY, "POST", "/status/201"),
        of(Compare.HEAD_ONLY, "GET", "/redirect/3").andHeaders("Location"),
        of(Compare.HEAD_ONLY, "GET", "/redirect/1").andHeaders("Location"),
        of(Compare.HEAD_ONLY, "GET", "/relative-redirect/2").andHeaders("Location"),
        of(Compare.HEAD_ONLY, "GET", "/absolute-redirect/2").andHeaders("Location"),
        of(Compare.HEAD_ONLY, "GET", "/redirect-to?url=/get").andHeaders("Location"),
        of(Compare.HEAD_ONLY, "GET", "/redirect-to?url=http://example.com/&status_code=307").andHeaders("Location"),
        basicOk,
        bearer,
        of(Compare.HEAD_ONLY, "GET", "/bearer").andHeaders("WWW-Authenticate"),
        of(Compare.HEAD_ONLY, "GET", "/cookies/set/flavour/oat").andHeaders("Location", "Set-Cookie"),
        of(Compare.HEAD_ONLY, "GET", "/digest-auth/auth/ada/pw/MD5/never").andHeaders("Set-Cookie"),
        of(Compare.HEAD_ONLY, "GET", "/digest-auth/auth/ada/pw/MD5/3").andHeaders("Set-Cookie"),
        of(Compare.HEAD_ONLY, "GET", "/digest-auth/auth/ada/pw/MD4").andHeaders("Set-Cookie"),
        of(Compare.HEAD_ONLY, "GET", "/digest-auth/auth-int/ada/pw/SHA-256").andHeaders("Set-Cookie"),
        digestStale,
        digestLastNonce,
        digestWrong,
        digestNoCookie,
        digestFakeMissing,
        base64,
        basicBad,
        hiddenBad,
        of(Compare.HEAD_ONLY, "GET", "/digest-auth/auth/ada/pw").andHeaders("Set-Cookie"),
        json("GET", "/gzip"),
        json("GET", "/deflate"),
        of(Compare.LENGTH, "GET", "/bytes/16").only(Compare.LENGTH, "random"),
        of(Compare.LENGTH, "GET", "/stream-bytes/40").only(Compare.LENGTH, "random"),
        of(Compare.JSON_LINES, "GET", "/stream/3"),
        json("GET", "/delay/0").ignoring("delay json", "/json"),
        of(Compare.TEXT, "GET", "/html").only(Compare.HEAD_ONLY, "sample documents"),
        of(Compare.TEXT, "GET", "/robots.txt").withoutMediaType("charset"),
        of(Compare.TEXT, "GET", "/deny").withoutMediaType("charset"),
        of(Compare.TEXT, "GET", "/xml").only(Compare.HEAD_ONLY, "sample documents"),
        json("GET", "/json").only(Compare.NOTHING, "newer endpoint"),
        json("GET", "/uuid").ignoring("uuid", "/uuid"),
        json("GET", "/response-headers?X-Foo=bar&X-Foo=baz").andHeaders("X-Foo")
            .ignoring("json formatting", "/Content-Length"),
        etag,
        etagMiss,
        json("GET", "/cache").andHeaders("Cache-Control"),
        cached,
        json("GET", "/cache/60").andHeaders("Cache-Control"),
        range,
        of(Compare.LENGTH, "GET", "/range/10").only(Compare.LENGTH, "random"),
        of(Compare.TEXT, "GET", "/drip?numbytes=5&duration=0&delay=0"),
        of(Compare.TEXT, "GET", "/links/3/1"),
        of(Compare.TEXT, "GET", "/links/5/0"),
        of(Compare.TEXT, "GET", "/links/300/299"),
        of(Compare.HEAD_ONLY, "GET", "/links/3").andHeaders("Location").withoutMediaType("redirect page"),
        of(Compare.TEXT, "GET", "/encoding/utf8").only(Compare.HEAD_ONLY, "sample documents"),
        of(Compare.TEXT, "GET", "/forms/post").only(Compare.HEAD_ONLY, "sample documents"),
        of(Compare.LENGTH, "GET", "/image/png").only(Compare.HEAD_ONLY, "sample images"),
        of(Compare.LENGTH, "GET", "/image/jpeg").only(Compare.HEAD_ONLY, "sample images"),
        of(Compare.LENGTH, "GET", "/image/webp").only(Compare.HEAD_ONLY, "sample images"),
        of(Compare.LENGTH, "GET", "/image/svg").only(Compare.HEAD_ONLY, "sample images"),
        json("GET", "/image"),
        imageWebp,
        imageSvg,
        imageJpeg,
        imageAny,
        imageText,
        of(Compare.HEAD_ONLY, "HEAD", "/get"));
  }

  @TestFactory
  Stream<DynamicTest> everyCaseAgreesWithTheReferenceHttpbin() {
    return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
  }

  private static void check(Case c) {
    assumeTrue(python != null, "python3-httpbin is not installed (scripts/peers.sh installs it)");
    assumeTrue(c.gap().isEmpty(), () -> c.gap() + ": " + GAPS.get(c.gap()));
    Request template = c.request().build();
    Answer theirs = send(template, python.port());
    Answer mine = send(template, ours.port());
    List<String> differences = new ArrayList<>();
    if (c.compare() == Compare.NOTHING) {
      assertThat(mine.status).as(c.name()).isEqualTo(200);
      return;
    }
    if (theirs.status != mine.status) {
      differences.add("status: httpbin " + theirs.status + ", ours " + mine.status);
    }
    // see DIFFERENCES "no content type": checked whenever ours has content
    boolean contentless = mine.body.length == 0 && mine.mediaType.isEmpty();
    if (c.mediaType() && !contentless && !theirs.mediaType.equals(mine.mediaType)) {
      differences.add("media type: httpbin " + theirs.mediaType + ", ours " + mine.mediaType);
    }
    for (String name : c.headers()) {
      if (!theirs.headers(name).equals(mine.headers(name))) {
        differences.add(name + ": httpbin " + theirs.headers(name) + ", ours " + mine.headers(name));
      }
    }
    switch (c.compare()) {
      case JSON -> compareJson(c, theirs.text, mine.text, differences);
      case TEXT -> {
        if (!theirs.text.equals(mine.text)) {
          differences.add("body: httpbin " + snippet(theirs.text) + ", ours " + snippet(mine.text));
        }
      }
      case LENGTH -> {
        if (theirs.body.length != mine.body.length) {
          differences.add("length: httpbin " + theirs.body.length + ", ours " + mine.body.length);
        }
      }
      case JSON_LINES -> {
        List<String> a = theirs.text.lines().toList();
        List<String> b = mine.text.lines().toList();
        if (a.size() != b.size()) {
          differences.add("lines: httpbin " + a.size() + ", ours " + b.size());
        } else {
          for (int i = 0; i < a.size(); i++) {
            compareJson(c, a.get(i), b.get(i), differences);
          }
        }
      }
      case HEAD_ONLY, NOTHING -> { }
    }
    if (differences.isEmpty()) {
      agreeing.incrementAndGet();
    } else {
      disagreeing.add(c.name());
    }
    assertThat(differences).as(c.name()).isEmpty();
  }

  private static void compareJson(Case c, String theirs, String mine, List<String> differences) {
    JsonNode a;
    JsonNode b;
    try {
      a = MAPPER.readTree(theirs);
      b = MAPPER.readTree(mine);
    } catch (Exception e) {
      differences.add("not JSON: httpbin " + snippet(theirs) + ", ours " + snippet(mine));
      return;
    }
    for (String pointer : c.ignored()) {
      remove(a, pointer);
      remove(b, pointer);
    }
    if (!a.equals(b)) {
      differences.add("JSON: httpbin " + a + "\n        ours " + b);
    }
  }

  private static void remove(JsonNode root, String pointer) {
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = slash == 0 ? root : root.at(pointer.substring(0, slash));
    if (parent instanceof ObjectNode object) {
      object.remove(pointer.substring(slash + 1));
    }
  }

  /** One server's answer, with its own host and port written as {@code HOST}. */
  private record Answer(int status, String mediaType, Map<String, List<String>> headerMap, byte[] body, String text) {
    List<String> headers(String name) {
      return headerMap.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream()).toList();
    }
  }

  private static Answer send(Request template, int port) {
    String host = "127.0.0.1:" + port;
    String url = template.url().toString().replace("http://placeholder", "http://" + host);
    Request request = template.newBuilder().url(url).build();
    try (Response response = session.send(request)) {
      byte[] body = response.bytes();
      String text = new String(body, StandardCharsets.UTF_8).replace(host, "HOST");
      Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      response.headers().forEach((name, value) -> headers.computeIfAbsent(name, k -> new ArrayList<>())
          .add(value.replace(host, "HOST")));
      String type = response.header("Content-Type").map(t -> t.replace(" ", "").toLowerCase(java.util.Locale.ROOT))
          .orElse("");
      return new Answer(response.statusCode(), type, headers, body, text);
    }
  }

  private static String snippet(String text) {
    return '"' + (text.length() > 300 ? text.substring(0, 300) + "..." : text) + '"';
  }

}

package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.client.HttpConnection;
import dev.courier.cookies.Cookie;
import dev.courier.cookies.CookieFileFormat;
import dev.courier.cookies.CookieFiles;
import dev.courier.cookies.CookieHeader;
import dev.courier.cookies.CookieJar;
import dev.courier.cookies.ResponseCookies;
import dev.courier.cookies.SetCookie;
import dev.courier.error.JsonDecodeException;
import dev.courier.http.HttpStatus;
import dev.courier.http.Url;
import dev.courier.server.HttpServer;
import dev.courier.server.Router;
import dev.courier.server.ServerResponse;
import dev.courier.server.ServerResponseBody;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the examples of the README's "More of requests and http.*" section as the README prints them. */
class ReadmeParityTest {
  private static HttpServer server;
  private static String base;
  private static int port;
  private static final Session session = Session.create();
  private static final byte[] SHIFT_JIS = CharsetDetectionTest.JAPANESE.getBytes(Charset.forName("Shift_JIS"));

  @BeforeAll
  static void start() throws Exception {
    server = HttpServer.builder().bind("127.0.0.1").port(0).handler(Router.builder()
        .get("/items", r -> ServerResponse.builder(200).header("Link", "</items?page=3>; rel=\"next\", </items?page=9>; rel=last")
            .body(new ServerResponseBody.Bytes("[]".getBytes(StandardCharsets.UTF_8))).build())
        .get("/old", r -> ServerResponse.redirect(301, "/new"))
        .get("/login", r -> ServerResponse.builder(200).header("Set-Cookie", "sid=31d4d96e; Path=/; HttpOnly").build())
        .get("/headers", r -> ServerResponse.ok(r.header("X-Trace").orElse("none")))
        .get("/html", r -> ServerResponse.builder(502).contentType("text/html")
            .body(new ServerResponseBody.Bytes("<html><body>Bad Gateway</body></html>".getBytes(StandardCharsets.US_ASCII))).build())
        .get("/legacy", r -> ServerResponse.builder(200).contentType("text/plain")
            .body(new ServerResponseBody.Bytes(SHIFT_JIS)).build())
        .get("/hello.txt", r -> ServerResponse.ok("hello world"))
        .build()).start();
    port = server.port();
    base = "http://127.0.0.1:" + port;
  }

  @AfterAll
  static void stop() {
    session.close();
    server.close();
  }

  @Test
  void theReadmeShowsExactlyTheseExamples() {
    ReadmeBlocks.assertReadmeShowsEveryBlockOf("ReadmeParityTest.java");
  }

  @Test
  void linksNextAndCookies() {
    // README:begin
    Response page = session.get(base + "/items?page=2");
    String next = page.links().get("next").target();         // base + "/items?page=3", resolved
    Response moved = session.send(Request.get(base + "/old").followRedirects(false).build());
    boolean permanent = moved.isPermanentRedirect();          // true: 301
    Optional<Request> then = moved.next();                    // GET base + "/new", not sent
    List<Cookie> set = session.get(base + "/login").cookies();   // [sid=31d4d96e for 127.0.0.1]
    // README:end
    assertThat(next).isEqualTo(base + "/items?page=3");
    assertThat(permanent).isTrue();
    assertThat(then.orElseThrow().url().toString()).isEqualTo(base + "/new");
    assertThat(set).extracting(Cookie::name).containsExactly("sid");
  }

  @Test
  void removeHeader() {
    // README:begin
    try (Session traced = Session.builder().header("X-Trace", "on").build()) {
      traced.send(Request.get(base + "/headers").removeHeader("X-Trace").build());   // sent without X-Trace
    }
    // README:end
    try (Session traced = Session.builder().header("X-Trace", "on").build()) {
      assertThat(traced.send(Request.get(base + "/headers").removeHeader("X-Trace").build()).text()).isEqualTo("none");
      assertThat(traced.get(base + "/headers").text()).isEqualTo("on");
    }
  }

  @Test
  void prepareAndCurl() {
    // README:begin
    PreparedRequest prepared = session.prepare(Request.post(base + "/post").json(Map.of("a", 1)).bearer("t0k3n").build());
    prepared.headers().firstValue("Content-Length");   // Optional[7]
    String curl = prepared.toCurl();   // curl -X 'POST' 'http://127.0.0.1:8000/post' -H 'Authorization: ****' ... --data-binary '{"a":1}'
    // README:end
    assertThat(prepared.headers().firstValue("Content-Length")).contains("7");
    assertThat(curl).startsWith("curl -X 'POST' '" + base + "/post'").contains("-H 'Authorization: ****'")
        .endsWith("--data-binary '{\"a\":1}'").doesNotContain("t0k3n");
  }

  @Test
  void jsonDecodeError() {
    long offset = -1;
    String snippet = null;
    // README:begin
    try {
      session.get(base + "/html").json();
    } catch (JsonDecodeException e) {
      offset = e.offset();     // 0
      snippet = e.snippet();   // "<html><body>Bad Gateway<": 24 bytes each side
    }
    // README:end
    assertThat(offset).isZero();
    assertThat(snippet).isEqualTo("<html><body>Bad Gateway<");
  }

  @Test
  void apparentEncoding() {
    // README:begin
    Response legacy = session.get(base + "/legacy");   // Japanese text, Content-Type: text/plain without a charset
    Charset detected = legacy.apparentEncoding();      // Shift_JIS (with juniversalchardet on the class path)
    // README:end
    assertThat(detected).isEqualTo(Charset.forName("Shift_JIS"));
    assertThat(legacy.text()).isEqualTo(CharsetDetectionTest.JAPANESE);
  }

  @Test
  void statusAliases() {
    // README:begin
    HttpStatus teapot = HttpStatus.byName("teapot").orElseThrow();   // IM_A_TEAPOT, as requests.codes.teapot
    HttpStatus ok = HttpStatus.byName("all_ok").orElseThrow();       // OK
    // README:end
    assertThat(teapot).isEqualTo(HttpStatus.IM_A_TEAPOT);
    assertThat(ok).isEqualTo(HttpStatus.OK);
  }

  @Test
  void httpClient() {
    PrintStream stderr = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      // README:begin
      var c = new HttpConnection("127.0.0.1", port);   // HttpConnection.HTTP_PORT is 80, HTTPS_PORT 443
      c.debug(2, System.err);                          // heads and body sizes; 1: heads only
      c.setBlockSize(64 * 1024);                       // reads of a streamed request body
      c.request("GET", "/hello.txt");
      var r = c.getResponse();
      boolean chunked = r.chunked();                   // false: Content-Length
      byte[] first = r.peek(5);                        // "hello", still unread
      byte[] all = r.read();                           // "hello world"
      // README:end
      c.close();
      assertThat(chunked).isFalse();
      assertThat(new String(first, StandardCharsets.US_ASCII)).isEqualTo("hello");
      assertThat(new String(all, StandardCharsets.US_ASCII)).isEqualTo("hello world");
    } finally {
      System.setErr(stderr);
    }
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("> GET /hello.txt HTTP/1.1").contains("< body: 11 bytes");
  }

  @Test
  void cookies(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cookies.txt");
    CookieJar jar = CookieJar.create();
    jar.setCookie("https://example.com/", "kept=1; Max-Age=3600");
    CookieFiles.save(jar, file, CookieFileFormat.NETSCAPE);
    jar.setCookie("https://example.com/", "added=1; Max-Age=3600");
    Response response = Response.builder().request(Request.get("https://example.com/login").build())
        .header("Set-Cookie", "sid=1; Secure").build();
    // README:begin
    Map<String, List<String>> sent = CookieHeader.parseStrict("sid=1; lang=en; sid=2").toMap();   // {sid=[1, 2], lang=[en]}
    ResponseCookies out = ResponseCookies.builder()
        .add("sid", "31d4d96e")
        .add(SetCookie.builder("theme", "dark").path("/").build())
        .build();                                      // out.headers(): two Set-Cookie fields
    List<Cookie> would = jar.makeCookies(Url.parse("https://example.com/login"), response.headers());   // not stored
    jar.removeExpired();                                                   // as of now
    CookieFiles.revert(jar, file, CookieFiles.Options.defaults());        // back to what the file holds
    // README:end
    assertThat(sent).isEqualTo(Map.of("sid", List.of("1", "2"), "lang", List.of("en")));
    assertThat(out.values()).containsExactly("sid=31d4d96e", "theme=dark; Path=/");
    assertThat(would).extracting(Cookie::name).containsExactly("sid");
    assertThat(jar.cookies()).extracting(Cookie::name).containsExactly("kept");
    assertThat(Files.exists(file)).isTrue();
  }
}

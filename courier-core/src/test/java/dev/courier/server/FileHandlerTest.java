package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileHandlerTest {
  @TempDir Path tmp;
  Path root;
  FileHandler handler;
  static final String SECRET = "TOP-SECRET-CONTENT";

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectory(tmp.resolve("root"));
    Files.writeString(tmp.resolve("secret.txt"), SECRET);
    Files.writeString(root.resolve("hello.txt"), "hello, world\n");
    Files.createDirectory(root.resolve("sub"));
    Files.writeString(root.resolve("sub").resolve("file.txt"), "in sub");
    Files.createDirectory(root.resolve("site"));
    Files.writeString(root.resolve("site").resolve("index.html"), "<h1>site</h1>");
    byte[] digits = new byte[100];
    for (int i = 0; i < digits.length; i++) digits[i] = (byte) ('0' + i % 10);
    Files.write(root.resolve("digits.bin"), digits);
    Files.setLastModifiedTime(root.resolve("hello.txt"), FileTime.from(Instant.parse("2024-01-02T03:04:05Z")));
    handler = FileHandler.of(root);
  }

  ServerResponse get(String target, String... headers) throws Exception {
    return call("GET", target, headers);
  }

  ServerResponse call(String method, String target, String... headers) throws Exception {
    ServerRequest.Builder b = ServerRequest.builder(method, target);
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    ServerRequest request;
    try {
      request = b.build();
    } catch (IllegalArgumentException e) {
      return ErrorPages.html(400, e.getMessage()); // a target the server refuses never reaches the handler
    }
    return handler.handle(request);
  }

  static String body(ServerResponse response) throws IOException {
    return new String(bytes(response), StandardCharsets.UTF_8);
  }

  static byte[] bytes(ServerResponse response) throws IOException {
    ServerResponseBody body = response.body();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    switch (body) {
      case ServerResponseBody.Empty e -> { }
      case ServerResponseBody.Bytes b -> out.write(b.data());
      case ServerResponseBody.Stream s -> s.stream().transferTo(out);
      case ServerResponseBody.Writer w -> w.writer().writeTo(out);
      case ServerResponseBody.FileRegion f -> {
        ByteBuffer buffer = ByteBuffer.allocate((int) f.length());
        f.channel().read(buffer, f.offset());
        out.write(buffer.array(), 0, buffer.position());
      }
    }
    body.close();
    return out.toByteArray();
  }

  @Test
  void servesAFileWithTypeValidatorsAndLength() throws Exception {
    ServerResponse r = get("/hello.txt");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
    assertThat(r.headers().firstValue("Last-Modified")).contains("Tue, 02 Jan 2024 03:04:05 GMT");
    assertThat(r.headers().firstValue("ETag")).hasValueSatisfying(e -> assertThat(e).startsWith("\"").endsWith("\""));
    assertThat(r.headers().firstValue("Accept-Ranges")).contains("bytes");
    assertThat(r.body().length()).isEqualTo(13);
    assertThat(body(r)).isEqualTo("hello, world\n");
  }

  @Test
  void headHasTheSameHeadersAndLengthButOpensNothing() throws Exception {
    ServerResponse r = call("HEAD", "/hello.txt");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body().length()).isEqualTo(13);
    assertThat(r.body()).isInstanceOf(ServerResponseBody.Writer.class);
  }

  @Test
  void otherMethodsAre405WithAllowAndOptionsIs204() throws Exception {
    for (String m : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
      ServerResponse r = call(m, "/hello.txt");
      assertThat(r.statusCode()).isEqualTo(405);
      assertThat(r.headers().firstValue("Allow")).contains("GET, HEAD, OPTIONS");
    }
    assertThat(call("OPTIONS", "/hello.txt").statusCode()).isEqualTo(204);
    assertThat(Files.readString(root.resolve("hello.txt"))).isEqualTo("hello, world\n");
  }

  @Test
  void conditionalRequests() throws Exception {
    ServerResponse first = get("/hello.txt");
    String etag = first.headers().firstValue("ETag").orElseThrow();
    String lm = first.headers().firstValue("Last-Modified").orElseThrow();
    bytes(first);
    assertThat(get("/hello.txt", "If-None-Match", etag).statusCode()).isEqualTo(304);
    assertThat(get("/hello.txt", "If-None-Match", "W/" + etag).statusCode()).isEqualTo(304);
    assertThat(get("/hello.txt", "If-None-Match", "\"other\", " + etag).statusCode()).isEqualTo(304);
    assertThat(get("/hello.txt", "If-None-Match", "*").statusCode()).isEqualTo(304);
    assertThat(get("/hello.txt", "If-Modified-Since", lm).statusCode()).isEqualTo(304);
    assertThat(get("/hello.txt", "If-Modified-Since", "Sunday, 02-Jan-99 00:00:00 GMT").statusCode()).isEqualTo(200);
    assertThat(get("/hello.txt", "If-Modified-Since", "Tue Jan  2 03:04:05 2024").statusCode()).isEqualTo(304);
    // If-None-Match present: If-Modified-Since is ignored (RFC 9110 section 13.2.2)
    assertThat(get("/hello.txt", "If-None-Match", "\"other\"", "If-Modified-Since", lm).statusCode()).isEqualTo(200);
    assertThat(get("/hello.txt", "If-Match", "\"other\"").statusCode()).isEqualTo(412);
    assertThat(get("/hello.txt", "If-Match", etag).statusCode()).isEqualTo(200);
    assertThat(get("/hello.txt", "If-Unmodified-Since", "Mon, 01 Jan 2024 00:00:00 GMT").statusCode()).isEqualTo(412);
    assertThat(get("/hello.txt", "If-Modified-Since", "garbage").statusCode()).isEqualTo(200);
    ServerResponse notModified = get("/hello.txt", "If-None-Match", etag);
    assertThat(notModified.body().length()).isZero();
    assertThat(notModified.headers().firstValue("ETag")).contains(etag);
  }

  @Test
  void singleRange() throws Exception {
    ServerResponse r = get("/digits.bin", "Range", "bytes=10-14");
    assertThat(r.statusCode()).isEqualTo(206);
    assertThat(r.headers().firstValue("Content-Range")).contains("bytes 10-14/100");
    assertThat(body(r)).isEqualTo("01234");
    assertThat(body(get("/digits.bin", "Range", "bytes=-3"))).isEqualTo("789");
    assertThat(get("/digits.bin", "Range", "bytes=95-").headers().firstValue("Content-Range")).contains("bytes 95-99/100");
    assertThat(get("/digits.bin", "Range", "bytes=95-1000").headers().firstValue("Content-Range"))
        .contains("bytes 95-99/100");
  }

  @Test
  void multipleRangesAreMultipartWithExactLength() throws Exception {
    ServerResponse r = get("/digits.bin", "Range", "bytes=0-0,-1");
    assertThat(r.statusCode()).isEqualTo(206);
    String type = r.headers().firstValue("Content-Type").orElseThrow();
    assertThat(type).startsWith("multipart/byteranges; boundary=");
    String boundary = type.substring(type.indexOf('=') + 1);
    byte[] b = bytes(r);
    assertThat((long) b.length).isEqualTo(r.body().length());
    String text = new String(b, StandardCharsets.US_ASCII);
    assertThat(text).isEqualTo("--" + boundary + "\r\nContent-Type: application/octet-stream\r\n"
        + "Content-Range: bytes 0-0/100\r\n\r\n0\r\n--" + boundary + "\r\nContent-Type: application/octet-stream\r\n"
        + "Content-Range: bytes 99-99/100\r\n\r\n9\r\n--" + boundary + "--\r\n");
    assertThat(get("/digits.bin", "Range", "bytes=0-0,-1").headers().firstValue("Content-Type"))
        .isNotEqualTo(r.headers().firstValue("Content-Type"));
  }

  @Test
  void overlappingRangesAreCoalescedAndBounded() throws Exception {
    StringBuilder many = new StringBuilder("bytes=");
    for (int i = 1; i <= 90; i++) many.append(i == 1 ? "" : ",").append("1-").append(i);
    ServerResponse r = get("/digits.bin", "Range", many.toString());
    assertThat(r.statusCode()).isEqualTo(206);
    assertThat(r.headers().firstValue("Content-Range")).contains("bytes 1-90/100");
    StringBuilder tooMany = new StringBuilder("bytes=");
    for (int i = 0; i < 1000; i++) tooMany.append(i == 0 ? "" : ",").append("0-");
    ServerResponse ignored = get("/digits.bin", "Range", tooMany.toString());
    assertThat(ignored.statusCode()).isEqualTo(200);
    assertThat(ignored.body().length()).isEqualTo(100);
  }

  @Test
  void invalidRangesAreIgnoredAndUnsatisfiableAre416() throws Exception {
    for (String bad : new String[] {"bytes=abc", "bytes=5-2", "items=0-1", "bytes=+1-2", "bytes=1-2-3", "bytes=\u00b9-4", "bytes=1 -2"}) {
      assertThat(get("/digits.bin", "Range", bad).statusCode()).as(bad).isEqualTo(200);
    }
    for (String unsat : new String[] {"bytes=100-", "bytes=-0", "bytes=99999999-"}) {
      ServerResponse r = get("/digits.bin", "Range", unsat);
      assertThat(r.statusCode()).as(unsat).isEqualTo(416);
      assertThat(r.headers().firstValue("Content-Range")).contains("bytes */100");
    }
    assertThat(call("HEAD", "/digits.bin", "Range", "bytes=0-1").statusCode()).isEqualTo(200);
  }

  @Test
  void ifRangeNeedsAStrongMatch() throws Exception {
    ServerResponse full = get("/digits.bin");
    String etag = full.headers().firstValue("ETag").orElseThrow();
    String lm = full.headers().firstValue("Last-Modified").orElseThrow();
    bytes(full);
    assertThat(get("/digits.bin", "Range", "bytes=0-0", "If-Range", etag).statusCode()).isEqualTo(206);
    assertThat(get("/digits.bin", "Range", "bytes=0-0", "If-Range", "W/" + etag).statusCode()).isEqualTo(200);
    assertThat(get("/digits.bin", "Range", "bytes=0-0", "If-Range", "\"x\"").statusCode()).isEqualTo(200);
    assertThat(get("/digits.bin", "Range", "bytes=0-0", "If-Range", lm).statusCode()).isEqualTo(206);
    assertThat(get("/digits.bin", "Range", "bytes=0-0", "If-Range", "Mon, 01 Jan 2024 00:00:00 GMT").statusCode())
        .isEqualTo(200);
  }

  @Test
  void directoriesServeIndexOrListing() throws Exception {
    assertThat(body(get("/site/"))).isEqualTo("<h1>site</h1>");
    ServerResponse listing = get("/");
    assertThat(listing.statusCode()).isEqualTo(200);
    assertThat(listing.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    String html = body(listing);
    assertThat(html).contains("href=\"./sub/\"").contains("href=\"./hello.txt\"").doesNotContain("href=\"../\"");
    assertThat(html.indexOf("site/")).isLessThan(html.indexOf("digits.bin")); // directories first
    assertThat(body(get("/sub/"))).contains("href=\"../\"").contains("Index of /sub/");
  }

  @Test
  void directoryWithoutSlashRedirectsSafely() throws Exception {
    ServerResponse r = get("/sub?hi=1");
    assertThat(r.statusCode()).isEqualTo(301);
    assertThat(r.headers().firstValue("Location")).contains("/sub/?hi=1");
    assertThat(r.body().length()).isZero();
    for (String prefix : new String[] {"", "/", "//"}) {
      ServerResponse open = get(prefix + "//python.org/%2e%2e/sub");
      assertThat(open.headers().firstValue("Location").orElse("/")).doesNotStartWith("//");
    }
    // CVE-2021-28861 shape: the redirect never names another host
    ServerResponse evil = get("//evil.example//sub");
    assertThat(evil.statusCode()).isIn(301, 404);
    evil.headers().firstValue("Location").ifPresent(l -> assertThat(l).doesNotStartWith("//").doesNotContain("evil"));
    // CR LF in the path stays encoded in Location
    Files.createDirectory(root.resolve("a\u00e9"));
    ServerResponse encoded = get("/a%C3%A9");
    assertThat(encoded.headers().firstValue("Location")).contains("/a%C3%A9/");
  }

  @Test
  void fileWithTrailingSlashIs404() throws Exception {
    assertThat(get("/hello.txt/").statusCode()).isEqualTo(404);
    assertThat(get("/missing").statusCode()).isEqualTo(404);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/..%2fsecret.txt",
      "/%252e%252e/secret.txt", "/%u002e%u002e/secret.txt", "/.%00/secret.txt", "/sub/..;/../secret.txt",
      "//etc/passwd", "/./../secret.txt", "/sub/../../secret.txt", "/..%5csecret.txt",
      "/sub%5c..%5c..%5csecret.txt", "/c:/windows/win.ini", "/C%3A%5Cwindows%5Cwin.ini", "/..%20/secret.txt",
      "/...", "/hello.txt.", "/hello.txt::$DATA", "/sub::$INDEX_ALLOCATION/", "/con.txt", "/nul",
      "/sub%2Ffile.txt", "/sub%2F..%2F..%2Fsecret.txt", "/hello.txt%2F", "/%00", "/hello%0d%0a.txt",
      "/..", "/%2e", "/sub/%2e%2e/%2e%2e/secret.txt", "/%c0%ae%c0%ae/secret.txt", "/%ff", "/%", "/%2",
      "/\\..\\secret.txt"})
  void traversalAttemptsNeverServeTheSecret(String path) throws Exception {
    ServerResponse r = get(path);
    assertThat(r.statusCode()).as(path).isIn(400, 404);
    assertThat(body(r)).doesNotContain(SECRET);
  }

  @Test
  void symlinksOutOfTheRootAreRefusedAndHidden() throws Exception {
    Files.createSymbolicLink(root.resolve("link.txt"), tmp.resolve("secret.txt"));
    Files.createSymbolicLink(root.resolve("linkdir"), tmp);
    Files.createDirectory(root.resolve("trap"));
    Files.createSymbolicLink(root.resolve("trap").resolve("index.html"), tmp.resolve("secret.txt"));
    Files.createSymbolicLink(root.resolve("inside.txt"), root.resolve("hello.txt"));
    assertThat(get("/link.txt").statusCode()).isEqualTo(404);
    assertThat(get("/linkdir/secret.txt").statusCode()).isEqualTo(404);
    assertThat(body(get("/trap/"))).doesNotContain(SECRET);
    String listing = body(get("/"));
    assertThat(listing).doesNotContain("link.txt").doesNotContain("linkdir").contains("inside.txt");
    assertThat(body(get("/inside.txt"))).isEqualTo("hello, world\n");

    FileHandler trusting = FileHandler.builder(root).allowLinksOutsideRoot(true).build();
    assertThat(body(trusting.handle(ServerRequest.builder("GET", "/link.txt").build()))).isEqualTo(SECRET);
  }

  @Test
  void linksInsideTheRootAreFollowedWhereverTheyAreOnThePath() throws Exception {
    Files.createSymbolicLink(root.resolve("alias"), root.resolve("sub"));
    Files.createDirectory(root.resolve("home"));
    Files.createSymbolicLink(root.resolve("home").resolve("index.html"), root.resolve("site").resolve("index.html"));
    Files.createSymbolicLink(root.resolve("sub").resolve("up"), root.resolve("hello.txt"));
    assertThat(body(get("/alias/file.txt"))).isEqualTo("in sub");
    assertThat(body(get("/home/"))).isEqualTo("<h1>site</h1>");
    assertThat(body(get("/alias/up"))).isEqualTo("hello, world\n");
    // through a link to a directory inside, then a link out: still refused
    Files.createSymbolicLink(root.resolve("sub").resolve("out.txt"), tmp.resolve("secret.txt"));
    assertThat(get("/alias/out.txt").statusCode()).isEqualTo(404);
  }

  @Test
  void aFileUsedAsADirectoryOrAMissingNameIs404() throws Exception {
    assertThat(get("/hello.txt/x").statusCode()).isEqualTo(404);
    assertThat(get("/sub/missing.txt").statusCode()).isEqualTo(404);
    assertThat(get("/missing/file.txt").statusCode()).isEqualTo(404);
  }

  @Test
  void aFileChangedSinceItWasLastServedGetsItsNewValidators() throws Exception {
    ServerResponse first = get("/hello.txt");
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(get("/hello.txt").headers().firstValue("ETag")).contains(etag); // served again: the same tag
    Path file = root.resolve("hello.txt");
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-01-02T03:04:06Z")));
    ServerResponse touched = get("/hello.txt");
    assertThat(touched.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
    assertThat(touched.headers().firstValue("Last-Modified")).contains("Tue, 02 Jan 2024 03:04:06 GMT");
    Files.writeString(file, "longer content now\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-01-02T03:04:06Z")));
    ServerResponse rewritten = get("/hello.txt");
    assertThat(rewritten.headers().firstValue("ETag")).isPresent().get()
        .isNotEqualTo(etag).isNotEqualTo(touched.headers().firstValue("ETag").orElseThrow());
    assertThat(body(rewritten)).isEqualTo("longer content now\n");
    assertThat(get("/hello.txt", "If-None-Match", etag).statusCode()).isEqualTo(200);
  }

  @Test
  void listingEscapesNames() throws Exception {
    Files.writeString(root.resolve("\"><img src=x onerror=alert(1)>.txt"), "x");
    Files.writeString(root.resolve("<test&>.txt"), "x");
    Files.createDirectory(root.resolve("<script>"));
    String html = body(get("/"));
    assertThat(html).contains("&lt;test&amp;&gt;.txt").contains("&quot;&gt;&lt;img")
        .doesNotContain("<img").doesNotContain("<script>");
    assertThat(html).contains("href=\"./%3Ctest&amp;%3E.txt\"");
    // the link resolves to the file
    assertThat(get("/%3Ctest&%3E.txt").statusCode()).isEqualTo(200);
    assertThat(get("/%3Cscript%3E/").statusCode()).isEqualTo(200);
  }

  @Test
  void listingCanBeTurnedOff() throws Exception {
    FileHandler quiet = FileHandler.builder(root).listDirectories(false).build();
    assertThat(quiet.handle(ServerRequest.builder("GET", "/sub/").build()).statusCode()).isEqualTo(404);
    assertThat(quiet.handle(ServerRequest.builder("GET", "/site/").build()).statusCode()).isEqualTo(200);
  }

  @Test
  void contentTypes() {
    assertThat(FileHandler.contentType("a.HTML")).isEqualTo("text/html; charset=utf-8");
    assertThat(FileHandler.contentType("a.json")).isEqualTo("application/json");
    assertThat(FileHandler.contentType("a.png")).isEqualTo("image/png");
    assertThat(FileHandler.contentType("noext")).isEqualTo("application/octet-stream");
    assertThat(FileHandler.contentType("a.")).isEqualTo("application/octet-stream");
  }

  @Test
  void mountedUnderAPrefixRedirectsWithThePrefix() throws Exception {
    Router router = Router.builder().mount("/static/", handler).build();
    ServerResponse r = router.handle(ServerRequest.builder("GET", "/static/sub").build());
    assertThat(r.headers().firstValue("Location")).contains("/static/sub/");
    assertThat(body(router.handle(ServerRequest.builder("GET", "/static/hello.txt").build()))).isEqualTo("hello, world\n");
    assertThat(router.handle(ServerRequest.builder("GET", "/static").build()).headers().firstValue("Location"))
        .contains("/static/");
    assertThat(body(router.handle(ServerRequest.builder("GET", "/static/sub/").build()))).contains("Index of /static/sub/");
  }
}

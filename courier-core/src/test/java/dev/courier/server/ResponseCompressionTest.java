package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResponseCompressionTest {
  static final String TEXT = "All work and no play makes Jack a dull boy. ".repeat(100);

  static ServerRequest get(String... headers) {
    ServerRequest.Builder b = ServerRequest.builder("GET", "/");
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return b.build();
  }

  static String gunzip(ServerResponse response) throws IOException {
    byte[] gz = FileHandlerTest.bytes(response);
    try (var in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void compressesTextForClientsThatAcceptGzip() throws Exception {
    Handler h = new ResponseCompression(r -> ServerResponse.builder(200).header("ETag", "\"v1\"").text(TEXT));
    ServerResponse response = h.handle(get("Accept-Encoding", "br, gzip;q=0.8"));
    assertThat(response.headers().firstValue("Content-Encoding")).contains("gzip");
    assertThat(response.headers().firstValue("Vary")).contains("Accept-Encoding");
    assertThat(response.headers().firstValue("ETag")).contains("W/\"v1\"");
    // bytes are compressed at once: the answer has its length (a file or a stream is chunked)
    assertThat(response.body()).isInstanceOf(ServerResponseBody.Bytes.class);
    assertThat(response.body().length()).isBetween(20L, TEXT.length() / 10L);
    assertThat(gunzip(response)).isEqualTo(TEXT);
  }

  @Test
  void leavesAloneWhatMustNotBeCompressed() throws Exception {
    String big = TEXT;
    assertThat(plain(r -> ServerResponse.ok(big), get())).isTrue(); // no Accept-Encoding
    assertThat(plain(r -> ServerResponse.ok(big), get("Accept-Encoding", "gzip;q=0, br"))).isTrue();
    assertThat(plain(r -> ServerResponse.ok("short"), get("Accept-Encoding", "gzip"))).isTrue();
    assertThat(plain(r -> ServerResponse.builder(200).contentType("image/png").body(ServerResponseBody.of(big)).build(),
        get("Accept-Encoding", "gzip"))).isTrue();
    assertThat(plain(r -> ServerResponse.builder(206).header("Content-Range", "bytes 0-9/99").text(big),
        get("Accept-Encoding", "gzip"))).isTrue();
    assertThat(plain(r -> ServerResponse.builder(200).header("Content-Encoding", "br").text(big),
        get("Accept-Encoding", "gzip"))).isTrue();
    assertThat(plain(r -> ServerResponse.builder(200).header("Cache-Control", "no-transform").text(big),
        get("Accept-Encoding", "gzip"))).isTrue();
    // no-transform and no gzip still say Vary: the answer depends on Accept-Encoding
    ServerResponse vary = new ResponseCompression(r -> ServerResponse.ok(big)).handle(get());
    assertThat(vary.headers().allValues("Vary")).containsExactly("Accept-Encoding");
  }

  private static boolean plain(Handler h, ServerRequest request) throws Exception {
    ServerResponse response = new ResponseCompression(h).handle(request);
    return response.headers().firstValue("Content-Encoding").filter("gzip"::equals).isEmpty();
  }

  @Test
  void filesAreCompressedAndRangesAndConditionalsStillWork(@TempDir Path root) throws Exception {
    Files.writeString(root.resolve("a.json"), "{\"k\": \"" + "v".repeat(4000) + "\"}");
    Handler h = new ResponseCompression(FileHandler.of(root));
    ServerResponse full = h.handle(ServerRequest.builder("GET", "/a.json").header("Accept-Encoding", "gzip").build());
    assertThat(full.headers().firstValue("Content-Encoding")).contains("gzip");
    String weak = full.headers().firstValue("ETag").orElseThrow();
    assertThat(weak).startsWith("W/\"");
    assertThat(gunzip(full)).startsWith("{\"k\"").hasSize(4009);
    ServerResponse notModified = h.handle(ServerRequest.builder("GET", "/a.json").header("Accept-Encoding", "gzip")
        .header("If-None-Match", weak).build());
    assertThat(notModified.statusCode()).isEqualTo(304);
    assertThat(notModified.headers().firstValue("ETag")).contains(weak);
    ServerResponse range = h.handle(ServerRequest.builder("GET", "/a.json").header("Accept-Encoding", "gzip")
        .header("Range", "bytes=0-3").build());
    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(FileHandlerTest.body(range)).isEqualTo("{\"k\"");
    ServerResponse weakIfRange = h.handle(ServerRequest.builder("GET", "/a.json").header("Accept-Encoding", "gzip")
        .header("Range", "bytes=0-3").header("If-Range", weak).build());
    assertThat(weakIfRange.statusCode()).isEqualTo(200);
    ServerResponse head = h.handle(ServerRequest.builder("HEAD", "/a.json").header("Accept-Encoding", "gzip").build());
    assertThat(head.headers().firstValue("Content-Encoding")).contains("gzip");
  }

  @Test
  void onTheServerAFileArrivesGzippedWithItsLengthAndALargeOneChunked(@TempDir Path root) throws Exception {
    Files.writeString(root.resolve("t.txt"), TEXT);
    Files.writeString(root.resolve("large.txt"), TEXT.repeat(WholeGzip.LARGEST / TEXT.length() + 1));
    try (HttpServer server = HttpServer.builder().port(0).handler(FileHandler.of(root)).compressResponses(true).start();
        Raw raw = new Raw(server.port())) {
      String response = raw.send("GET /t.txt HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\n\r\n").readResponse();
      assertThat(response).contains("Content-Encoding: gzip\r\n", "Content-Length: ", "Vary: Accept-Encoding\r\n")
          .doesNotContain("Transfer-Encoding");
      byte[] gz = response.substring(response.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.ISO_8859_1);
      try (var in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(TEXT);
      }
      // FileHandler answers HEAD without the file, so its gzip length is not known: none is sent
      // (RFC 9110 section 8.6 allows that), and no Transfer-Encoding either, as GET has none
      String head = raw.send("HEAD /t.txt HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\n\r\n").readHeadOnly();
      assertThat(head).contains("Content-Encoding: gzip\r\n").doesNotContain("Transfer-Encoding", "Content-Length");
      String large = raw.send("GET /large.txt HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\n\r\n").readResponse();
      assertThat(large).contains("Transfer-Encoding: chunked\r\n", "Content-Encoding: gzip\r\n");
      byte[] largeGz = large.substring(large.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.ISO_8859_1);
      try (var in = new GZIPInputStream(new ByteArrayInputStream(largeGz))) {
        assertThat(in.readAllBytes()).hasSize(TEXT.length() * (WholeGzip.LARGEST / TEXT.length() + 1));
      }
    }
  }

  @Test
  void bytesArriveGzippedWithTheirLengthAndHeadGetsTheSameHead() throws Exception {
    String large = "x".repeat(WholeGzip.LARGEST + 1); // past the whole-body limit: streamed, chunked
    Handler handler = r -> r.path().equals("/large") ? ServerResponse.ok(large) : ServerResponse.ok(TEXT);
    try (HttpServer server = HttpServer.builder().port(0).handler(handler).compressResponses(true).start();
        Raw raw = new Raw(server.port())) {
      String get = raw.send("GET / HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\n\r\n").readResponse();
      String getHead = get.substring(0, get.indexOf("\r\n\r\n") + 4);
      assertThat(getHead).contains("Content-Encoding: gzip\r\n", "Vary: Accept-Encoding\r\n", "Content-Length: ")
          .doesNotContain("Transfer-Encoding");
      byte[] gz = get.substring(getHead.length()).getBytes(StandardCharsets.ISO_8859_1);
      try (var in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(TEXT);
      }
      // RFC 9112 section 6.1, RFC 9110 section 8.6: HEAD's framing fields are those GET would send
      String head = raw.send("HEAD / HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\n\r\n").readHeadOnly();
      assertThat(contentLength(head)).isEqualTo(gz.length);
      assertThat(head).doesNotContain("Transfer-Encoding");
      String streamed = raw.send("GET /large HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\n\r\n").readResponse();
      assertThat(streamed).contains("Transfer-Encoding: chunked\r\n", "Content-Encoding: gzip\r\n");
      String streamedHead = raw.send("HEAD /large HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\n\r\n")
          .readHeadOnly();
      assertThat(streamedHead).doesNotContain("Content-Length");
      // the connection is still in step: a last GET gets its own answer
      assertThat(raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).endsWith(TEXT);
    }
  }

  private static int contentLength(String head) {
    int at = head.indexOf("Content-Length: ");
    assertThat(at).as("Content-Length in %s", head).isPositive();
    return Integer.parseInt(head.substring(at + 16, head.indexOf("\r\n", at)).trim());
  }
}

package dev.courier.server;

import static dev.courier.server.FileHandlerTest.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FileHandler's MIME table, index files and precompressed siblings. */
class FileHandlerEncodingTest {
  @TempDir Path root;
  FileHandler handler;
  static final FileTime T0 = FileTime.from(Instant.parse("2024-01-02T03:04:05Z"));
  static final FileTime T1 = FileTime.from(Instant.parse("2024-01-02T03:04:06Z"));

  @BeforeEach
  void setUp() throws IOException {
    Files.writeString(root.resolve("app.js"), "console.log('identity')");
    Files.writeString(root.resolve("app.js.gz"), "GZ");
    Files.writeString(root.resolve("app.js.br"), "BR");
    Files.writeString(root.resolve("app.js.zst"), "ZSTD");
    Files.setLastModifiedTime(root.resolve("app.js"), T0);
    for (String s : new String[] {".gz", ".br", ".zst"}) Files.setLastModifiedTime(root.resolve("app.js" + s), T1);
    Files.writeString(root.resolve("plain.txt"), "no siblings");
    handler = FileHandler.builder(root).precompressed(true).build();
  }

  ServerResponse get(String target, String... headers) throws Exception {
    ServerRequest.Builder b = ServerRequest.builder("GET", target);
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return handler.handle(b.build());
  }

  @Test
  void theBestAcceptedSiblingIsServedWithItsCodingLengthAndOwnTag() throws Exception {
    ServerResponse identity = get("/app.js");
    ServerResponse br = get("/app.js", "Accept-Encoding", "gzip, deflate, br, zstd");
    assertThat(body(br)).isEqualTo("BR");
    assertThat(br.headers().firstValue("Content-Encoding")).contains("br");
    assertThat(br.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
    assertThat(br.body().length()).isEqualTo(2);
    assertThat(br.headers().firstValue("Vary")).contains("Accept-Encoding");
    assertThat(br.headers().firstValue("ETag")).isNotEqualTo(identity.headers().firstValue("ETag")).get().asString().endsWith("-br\"");
    ServerResponse gzip = get("/app.js", "Accept-Encoding", "gzip");
    assertThat(body(gzip)).isEqualTo("GZ");
    assertThat(get("/app.js", "Accept-Encoding", "zstd;q=1, br;q=0.5").headers().firstValue("Content-Encoding")).contains("zstd");
    assertThat(body(get("/app.js", "Accept-Encoding", "br;q=0, gzip;q=0, zstd;q=0"))).contains("identity");
  }

  @Test
  void identityAnswersAboutAFileWithSiblingsVary() throws Exception {
    ServerResponse identity = get("/app.js");
    assertThat(body(identity)).contains("identity");
    assertThat(identity.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(identity.headers().firstValue("Vary")).contains("Accept-Encoding");
    assertThat(get("/plain.txt", "Accept-Encoding", "gzip").headers().firstValue("Vary")).isEmpty();
    assertThat(body(get("/app.js", "Accept-Encoding", "identity;q=1, gzip;q=0.5"))).contains("identity");
  }

  @Test
  void conditionalsUseTheChosenRepresentationsTag() throws Exception {
    String brTag = get("/app.js", "Accept-Encoding", "br").headers().firstValue("ETag").orElseThrow();
    ServerResponse notModified = get("/app.js", "Accept-Encoding", "br", "If-None-Match", brTag);
    assertThat(notModified.statusCode()).isEqualTo(304);
    assertThat(notModified.headers().firstValue("Vary")).contains("Accept-Encoding");
    // the br tag does not validate the gzip representation
    assertThat(get("/app.js", "Accept-Encoding", "gzip", "If-None-Match", brTag).statusCode()).isEqualTo(200);
  }

  @Test
  void rangesAlwaysGetTheFileItself() throws Exception {
    ServerResponse range = get("/app.js", "Accept-Encoding", "br", "Range", "bytes=0-6");
    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(body(range)).isEqualTo("console");
    assertThat(range.headers().firstValue("Content-Encoding")).isEmpty();
    // If-Range with the br representation's tag: not this representation, so the whole file
    String brTag = get("/app.js", "Accept-Encoding", "br").headers().firstValue("ETag").orElseThrow();
    ServerResponse whole = get("/app.js", "Accept-Encoding", "br", "Range", "bytes=0-6", "If-Range", brTag);
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(body(whole)).isEqualTo("console.log('identity')");
  }

  @Test
  void staleOrMissingSiblingsAreIgnoredAndOffByDefault() throws Exception {
    Files.setLastModifiedTime(root.resolve("app.js.br"), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
    assertThat(body(get("/app.js", "Accept-Encoding", "br"))).contains("identity");
    assertThat(body(get("/app.js", "Accept-Encoding", "br, gzip"))).isEqualTo("GZ");
    handler = FileHandler.of(root);
    assertThat(body(get("/app.js", "Accept-Encoding", "gzip"))).contains("identity");
    // the sibling asked for by name is a file of its own
    assertThat(get("/app.js.gz", "Accept-Encoding", "gzip").headers().firstValue("Content-Encoding")).isEmpty();
  }

  @Test
  void headOfASiblingHasItsLengthAndNoBody() throws Exception {
    ServerResponse head = handler.handle(ServerRequest.builder("HEAD", "/app.js").header("Accept-Encoding", "zstd").build());
    assertThat(head.headers().firstValue("Content-Encoding")).contains("zstd");
    assertThat(head.body().length()).isEqualTo(4);
  }

  @Test
  void aCustomMimeTableComesFirst() throws Exception {
    Files.writeString(root.resolve("m.wasm"), "wasm");
    Files.writeString(root.resolve("notes.MD"), "# hi");
    Files.writeString(root.resolve("page.html"), "<p>");
    handler = FileHandler.builder(root).mimeType("wasm", "application/wasm")
        .mimeTypes(Map.of(".md", "text/markdown; charset=utf-8", "html", "text/plain")).build();
    assertThat(get("/m.wasm").headers().firstValue("Content-Type")).contains("application/wasm");
    assertThat(get("/notes.MD").headers().firstValue("Content-Type")).contains("text/markdown; charset=utf-8");
    assertThat(get("/page.html").headers().firstValue("Content-Type")).contains("text/plain");
    assertThatThrownBy(() -> FileHandler.builder(root).mimeType("", "text/plain")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FileHandler.builder(root).mimeType("a/b", "text/plain")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FileHandler.builder(root).mimeType("x", "not a type")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FileHandler.builder(root).mimeType("x", "text/plain\r\nX: y")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void indexHtmIsServedWhenThereIsNoIndexHtml() throws Exception {
    Files.createDirectory(root.resolve("old"));
    Files.writeString(root.resolve("old").resolve("index.htm"), "htm");
    assertThat(body(get("/old/"))).isEqualTo("htm");
    Files.writeString(root.resolve("old").resolve("index.html"), "html");
    assertThat(body(get("/old/"))).isEqualTo("html");
  }
}

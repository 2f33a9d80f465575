package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FileHandler keeps the bytes of small files that have settled ({@link FileFacts#content}) and
 * answers from them while the file's size, time and inode stay; every change a user makes shows
 * on the next request.
 */
class FileHandlerKeptBytesTest {
  @TempDir Path root;
  FileHandler handler;
  static final FileTime LAST_YEAR = FileTime.from(Instant.parse("2025-06-01T12:00:00Z"));

  @BeforeEach
  void setUp() {
    handler = FileHandler.of(root);
  }

  ServerResponse get(String path, String... fields) throws Exception {
    ServerRequest.Builder request = ServerRequest.builder("GET", path);
    for (int i = 0; i < fields.length; i += 2) request.header(fields[i], fields[i + 1]);
    return handler.handle(request.build());
  }

  /**
   * The body of {@code path}, asked for twice, which must be the same both times: a file kept at
   * all is kept from its second request.
   */
  String answer(String path) throws Exception {
    String once = FileHandlerTest.body(get(path));
    assertThat(FileHandlerTest.body(get(path))).isEqualTo(once);
    return once;
  }

  Path write(String name, String text, FileTime modified) throws IOException {
    Path file = Files.writeString(root.resolve(name), text);
    Files.setLastModifiedTime(file, modified);
    return file;
  }

  @Test
  void aSmallSettledFileIsAnsweredFromMemoryFromItsSecondRequestOnWithTheSameBytes() throws Exception {
    write("page.html", "<h1>hello</h1>", LAST_YEAR);
    ServerResponse first = get("/page.html");
    ServerResponse second = get("/page.html");
    ServerResponse third = get("/page.html");
    assertThat(first.body()).isInstanceOf(ServerResponseBody.FileRegion.class);
    assertThat(FileHandlerTest.body(first)).isEqualTo("<h1>hello</h1>");
    assertThat(second.body()).isInstanceOf(ServerResponseBody.Bytes.class);
    assertThat(FileHandlerTest.body(second)).isEqualTo("<h1>hello</h1>");
    assertThat(FileHandlerTest.body(third)).isEqualTo("<h1>hello</h1>");
    assertThat(((ServerResponseBody.Bytes) third.body()).data()).isSameAs(((ServerResponseBody.Bytes) second.body()).data());
    assertThat(third.headers().firstValue("ETag")).isEqualTo(first.headers().firstValue("ETag"));
    assertThat(handler.keptBytes()).isEqualTo(14);
  }

  @Test
  void filesAskedForOnceAreNotKept() throws Exception {
    // More small files than the handler has room for, each asked for once: none is read into memory.
    for (int i = 0; i < 300; i++) write("thumb" + i + ".txt", "thumbnail " + i, LAST_YEAR);
    for (int i = 0; i < 300; i++) {
      ServerResponse r = get("/thumb" + i + ".txt");
      assertThat(r.body()).isInstanceOf(ServerResponseBody.FileRegion.class);
      assertThat(FileHandlerTest.body(r)).isEqualTo("thumbnail " + i);
    }
    assertThat(handler.keptBytes()).isZero();
  }

  @Test
  void aFileLargerThanWhatIsKeptIsSentFromTheFile() throws Exception {
    byte[] large = new byte[FileFacts.MAX_KEPT_BYTES + 1];
    Arrays.fill(large, (byte) 'x');
    Files.setLastModifiedTime(Files.write(root.resolve("large.bin"), large), LAST_YEAR);
    ServerResponse r = get("/large.bin");
    assertThat(r.body()).isInstanceOf(ServerResponseBody.FileRegion.class);
    assertThat(FileHandlerTest.bytes(r)).isEqualTo(large);
  }

  @Test
  void aFileChangedMomentsAgoIsReadAfreshEachTime() throws Exception {
    // Two writes of the same length within one tick of the file system's clock look alike: bytes
    // read between them must not be kept.
    Files.writeString(root.resolve("live.txt"), "version 1");
    rewriteInPlaceAndExpectTheNewBytesFromTheFile("live.txt", "version 1", "version 2");
  }

  /**
   * Asks for {@code name} (holding {@code first}), rewrites it in place with {@code later} of the
   * same length, its modification time restored (the same inode, length and time), and checks
   * that the next answer is read from the file and holds {@code later}.
   */
  void rewriteInPlaceAndExpectTheNewBytesFromTheFile(String name, String first, String later) throws Exception {
    Path file = root.resolve(name);
    assertThat(answer("/" + name)).isEqualTo(first);
    FileTime same = Files.getLastModifiedTime(file);
    Files.writeString(file, later);
    Files.setLastModifiedTime(file, same);
    ServerResponse r = get("/" + name);
    assertThat(r.body()).isInstanceOf(ServerResponseBody.FileRegion.class);
    assertThat(FileHandlerTest.body(r)).isEqualTo(later);
  }

  @Test
  void aNewVersionOfAnotherLengthOrTimeIsAnsweredAtOnce() throws Exception {
    write("app.js", "let a = 1;", LAST_YEAR);
    assertThat(answer("/app.js")).isEqualTo("let a = 1;");
    write("app.js", "let a = 100;", LAST_YEAR); // another length, the same time
    assertThat(answer("/app.js")).isEqualTo("let a = 100;");
    write("app.js", "let b = 100;", FileTime.from(Instant.parse("2025-06-02T12:00:00Z"))); // same length, later
    assertThat(answer("/app.js")).isEqualTo("let b = 100;");
  }

  @Test
  void aFileReplacedByRenameWithTheSameLengthAndTimeIsAnsweredWithItsNewBytes() throws Exception {
    // As rsync -t or cp -p then mv deploy it: a new inode with the old length and time.
    write("site.css", "body{color:red}", LAST_YEAR);
    assertThat(answer("/site.css")).isEqualTo("body{color:red}");
    Path staged = write(".staged", "body{color:tan}", LAST_YEAR);
    Files.move(staged, root.resolve("site.css"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    assertThat(answer("/site.css")).isEqualTo("body{color:tan}");
  }

  @Test
  void turnedOffEveryRequestReadsTheFile() throws Exception {
    handler = FileHandler.builder(root).keepSmallFiles(false).build();
    write("note.txt", "first", LAST_YEAR);
    rewriteInPlaceAndExpectTheNewBytesFromTheFile("note.txt", "first", "later");
  }

  @Test
  void rangesHeadAndConditionalRequestsOfAKeptFileAnswerAsBefore() throws Exception {
    write("digits.txt", "0123456789", LAST_YEAR);
    assertThat(answer("/digits.txt")).isEqualTo("0123456789");
    ServerResponse whole = get("/digits.txt");
    assertThat(whole.body()).isInstanceOf(ServerResponseBody.Bytes.class);
    assertThat(FileHandlerTest.body(whole)).isEqualTo("0123456789");
    ServerResponse range = get("/digits.txt", "Range", "bytes=2-4");
    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(FileHandlerTest.body(range)).isEqualTo("234");
    ServerResponse head = handler.handle(ServerRequest.builder("HEAD", "/digits.txt").build());
    assertThat(head.body().length()).isEqualTo(10);
    assertThat(FileHandlerTest.bytes(head)).isEmpty();
    ServerResponse notModified = get("/digits.txt", "If-None-Match", whole.headers().firstValue("ETag").orElseThrow());
    assertThat(notModified.statusCode()).isEqualTo(304);
  }

  @Test
  void aPrecompressedSiblingAndItsFileAreKeptApart() throws Exception {
    handler = FileHandler.builder(root).precompressed(true).build();
    write("data.json", "{\"plain\":true}", LAST_YEAR);
    byte[] gzip = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    Files.setLastModifiedTime(Files.write(root.resolve("data.json.gz"), gzip),
        FileTime.from(Instant.parse("2025-06-01T12:00:01Z")));
    for (int i = 0; i < 2; i++) {
      ServerResponse encoded = get("/data.json", "Accept-Encoding", "gzip");
      assertThat(encoded.headers().firstValue("Content-Encoding")).contains("gzip");
      assertThat(FileHandlerTest.bytes(encoded)).isEqualTo(gzip);
      ServerResponse plain = get("/data.json");
      assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
      assertThat(new String(FileHandlerTest.bytes(plain), StandardCharsets.UTF_8)).isEqualTo("{\"plain\":true}");
    }
  }
}

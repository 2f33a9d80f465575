package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.http.Headers;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trailer sections over HTTP/1.1 (RFC 9112 section 7.1.2), both ways, on a raw socket and with curl. */
class Http1TrailersTest {
  HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) server.stop(Duration.ofSeconds(2));
  }

  void start(Handler handler) throws IOException {
    server = HttpServer.builder().bind("127.0.0.1").port(0).handler(handler).start();
  }

  /** Answers with the given body and a trailer {@code x-checksum: abc}. */
  static Handler withTrailer(ServerResponseBody body) {
    return r -> ServerResponse.builder(r.path().equals("/204") ? 204 : r.path().equals("/304") ? 304 : 200)
        .header("Trailer", "x-checksum")
        .trailers(() -> Headers.of("x-checksum", "abc"))
        .body(body)
        .build();
  }

  @Test
  void aChunkedRequestsTrailersReachTheHandlerOnceTheBodyIsRead() throws Exception {
    AtomicReference<Headers> before = new AtomicReference<>();
    start(r -> {
      before.set(r.trailers());
      byte[] body = r.bodyBytes();
      return ServerResponse.ok(new String(body, StandardCharsets.US_ASCII) + " digest="
          + r.trailers().firstValue("Digest").orElse("none") + " inHead=" + r.header("Digest").isPresent());
    });
    try (Raw raw = new Raw(server.port())) {
      String response = raw.send("POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "5\r\nhello\r\n0\r\nDigest: sha-256=xyz\r\n\r\n").readResponse();
      assertThat(response).endsWith("hello digest=sha-256=xyz inHead=false");
      // the same connection goes on: the trailer section ended the message
      String next = raw.send("POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi").readResponse();
      assertThat(next).endsWith("hi digest=none inHead=false");
    }
    assertThat(before.get().isEmpty()).isTrue();
  }

  @Test
  void aRequestTrailerThatMayNotTrailIsDroppedNeverMerged() throws Exception {
    start(r -> {
      r.bodyBytes();
      return ServerResponse.ok("trailers=" + r.trailers().names() + " auth=" + r.header("Authorization").isPresent());
    });
    try (Raw raw = new Raw(server.port())) {
      String response = raw.send("POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "2\r\nhi\r\n0\r\nAuthorization: Basic YTpi\r\nDigest: sha-256=xyz\r\nHost: evil\r\n\r\n")
          .readResponse();
      assertThat(response).endsWith("trailers=[digest] auth=false");
    }
  }

  @Test
  void aResponsesTrailersFollowTheLastChunk() throws Exception {
    start(withTrailer(ServerResponseBody.of("hello")));
    try (Raw raw = new Raw(server.port())) {
      // two requests on one connection: the trailer section ends the first message, then the next follows
      String all = raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
          .readAll();
      String end = "\r\n\r\n5\r\nhello\r\n0\r\nx-checksum: abc\r\n\r\n";
      int first = all.indexOf(end);
      assertThat(first).isPositive();
      String head = all.substring(0, first);
      assertThat(head).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\nTransfer-Encoding: chunked")
          .doesNotContain("Content-Length");
      assertThat(all.substring(first + end.length())).startsWith("HTTP/1.1 200 OK\r\n").endsWith(end);
    }
  }

  @Test
  void streamedAndFileBodiesCarryTrailersToo(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("f.txt");
    Files.writeString(file, "from a file");
    start(r -> {
      ServerResponseBody body = r.path().equals("/file")
          ? ServerResponseBody.file(FileChannel.open(file, StandardOpenOption.READ), 5, 6)
          : ServerResponseBody.writer(out -> out.write("streamed".getBytes(StandardCharsets.US_ASCII)));
      return withTrailer(body).handle(r);
    });
    try (Raw raw = new Raw(server.port())) {
      String all = raw.send("GET /file HTTP/1.1\r\nHost: a\r\n\r\nGET /writer HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
          .readAll();
      assertThat(all).contains("\r\n\r\n6\r\na file\r\n0\r\nx-checksum: abc\r\n\r\nHTTP/1.1 200 OK\r\n")
          .endsWith("\r\n\r\n8\r\nstreamed\r\n0\r\nx-checksum: abc\r\n\r\n");
    }
  }

  @Test
  void anHttp10ClientGetsNoTrailersAndALength() throws Exception {
    start(withTrailer(ServerResponseBody.of("hello")));
    try (Raw raw = new Raw(server.port())) {
      String all = raw.send("GET / HTTP/1.0\r\n\r\n").readAll();
      assertThat(all).contains("\r\nContent-Length: 5\r\n").doesNotContain("chunked").doesNotContain("x-checksum: abc")
          .endsWith("\r\n\r\nhello");
    }
  }

  @Test
  void headAnd204And304CarryNoTrailers() throws Exception {
    start(withTrailer(ServerResponseBody.of("hello")));
    for (String request : new String[] {"HEAD / HTTP/1.1", "GET /204 HTTP/1.1", "GET /304 HTTP/1.1"}) {
      try (Raw raw = new Raw(server.port())) {
        String all = raw.send(request + "\r\nHost: a\r\nConnection: close\r\n\r\n").readAll();
        assertThat(all).as(request).endsWith("\r\n\r\n").doesNotContain("x-checksum: abc").doesNotContain("hello");
        assertThat(all.indexOf("\r\n\r\n")).as(request).isEqualTo(all.length() - 4);
      }
    }
  }

  @Test
  void aFieldNotAllowedInTrailersLeavesTheBodyUnterminatedAndCloses() throws Exception {
    start(r -> ServerResponse.builder(200).trailers(() -> Headers.of("Content-Length", "99")).text("hello"));
    try (Raw raw = new Raw(server.port())) {
      String all = raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readAll();
      assertThat(all).doesNotContain("TIMEOUT").endsWith("\r\n\r\n5\r\nhello\r\n").doesNotContain("99");
    }
  }

  @Test
  void curlShowsTheTrailerSectionRaw() throws Exception {
    start(withTrailer(ServerResponseBody.of("hello")));
    InteropTest.Result r = InteropTest.curl("--raw", "http://127.0.0.1:" + server.port() + "/");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("5\r\nhello\r\n0\r\nx-checksum: abc\r\n\r\n");
  }
}

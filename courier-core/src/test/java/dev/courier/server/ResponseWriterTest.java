package dev.courier.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.http.Headers;
import dev.courier.http.wire.BodyChunk;
import dev.courier.http.wire.Closed;
import dev.courier.http.wire.EndOfMessage;
import dev.courier.http.wire.Http1Parser;
import dev.courier.http.wire.HttpEvent;
import dev.courier.http.wire.HttpVersion;
import dev.courier.http.wire.NeedMoreData;
import dev.courier.http.wire.RequestHead;
import dev.courier.http.wire.ResponseHead;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/**
 * What the server writes, read back by the codec's parser: the same head (status, reason, the
 * handler's fields, Date, Server and the framing fields) and the same body, for every framing.
 */
class ResponseWriterTest {
  static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-12-04T10:00:00Z"));
  static final String DATE = "Fri, 04 Dec 2026 10:00:00 GMT";

  final ByteArrayOutputStream wire = new ByteArrayOutputStream();
  final SocketOutput out = new SocketOutput(wire, null, new SocketOutput.WriteClock() {
    @Override
    public void begin(long bytes) {}

    @Override
    public void end() {}
  });
  final ResponseWriter writer = new ResponseWriter(out, new ResponseHeads("Courier", CLOCK));

  /** The events of one response as the client side of the codec reads them. */
  record Read(ResponseHead head, String body, boolean ended) {}

  Read write(String method, HttpVersion version, ServerResponse response, boolean keepAlive, boolean expectAlive)
      throws IOException {
    RequestHead request = new RequestHead(method, "/", version, Headers.of("Host", "h"));
    assertThat(writer.write(request, response, keepAlive)).isEqualTo(expectAlive);
    out.flush();
    Http1Parser parser = Http1Parser.forResponses();
    parser.expectResponseTo(method);
    parser.feed(wire.toByteArray());
    if (!expectAlive) parser.endOfInput(); // the server closes after this response
    ResponseHead head = null;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      HttpEvent event = parser.next();
      switch (event) {
        case ResponseHead h -> head = h;
        case BodyChunk c -> body.write(c.data());
        case EndOfMessage e -> {
          assertThat(parser.keepAlive()).as("persistence as the parser reads it").isEqualTo(expectAlive);
          return new Read(head, body.toString(UTF_8), true);
        }
        case NeedMoreData n -> {
          return new Read(head, body.toString(UTF_8), false);
        }
        case Closed c -> {
          return new Read(head, body.toString(UTF_8), false);
        }
        default -> throw new AssertionError("unexpected " + event);
      }
    }
  }

  static Headers fields(String... namesAndValues) {
    return Headers.of(namesAndValues);
  }

  @Test
  void fixedLengthBodyWithDateServerAndContentLength() throws IOException {
    Read r = write("GET", HttpVersion.HTTP_1_1, ServerResponse.ok("hello"), true, true);
    assertThat(r.head()).isEqualTo(new ResponseHead(HttpVersion.HTTP_1_1, 200, "OK", fields(
        "Content-Type", "text/plain; charset=utf-8", "Date", DATE, "Server", "Courier", "Content-Length", "5")));
    assertThat(r.body()).isEqualTo("hello");
    assertThat(r.ended()).isTrue();
    assertThat(writer.bodyBytes()).isEqualTo(5);
  }

  @Test
  void headAnnouncesTheLengthAndSendsNoBody() throws IOException {
    Read r = write("HEAD", HttpVersion.HTTP_1_1, ServerResponse.ok("hello"), true, true);
    assertThat(r.head().headers().firstValue("Content-Length")).contains("5");
    assertThat(r.body()).isEmpty();
    assertThat(r.ended()).isTrue();
  }

  @Test
  void noContentAndNotModifiedCarryNoFramingFields() throws IOException {
    Read noContent = write("GET", HttpVersion.HTTP_1_1, ServerResponse.of(204), true, true);
    assertThat(noContent.head()).isEqualTo(new ResponseHead(HttpVersion.HTTP_1_1, 204, "No Content",
        fields("Date", DATE, "Server", "Courier")));
    wire.reset();
    ServerResponse notModified = ServerResponse.builder(304).header("ETag", "\"x\"")
        .header("Content-Length", "99").body(ServerResponseBody.of("ignored")).build();
    Read r = write("GET", HttpVersion.HTTP_1_1, notModified, true, true);
    assertThat(r.head().headers()).isEqualTo(fields("ETag", "\"x\"", "Date", DATE, "Server", "Courier"));
    assertThat(r.body()).isEmpty();
  }

  @Test
  void unknownLengthIsChunkedForHttp11() throws IOException {
    String text = "x".repeat(20_000);
    ServerResponse streamed = ServerResponse.ok(ServerResponseBody.writer(o -> o.write(text.getBytes(UTF_8))));
    Read r = write("GET", HttpVersion.HTTP_1_1, streamed, true, true);
    assertThat(r.head().headers()).isEqualTo(fields(
        "Date", DATE, "Server", "Courier", "Transfer-Encoding", "chunked"));
    assertThat(r.body()).isEqualTo(text);
    assertThat(r.ended()).isTrue();
    assertThat(writer.bodyBytes()).isEqualTo(20_000);
  }

  @Test
  void unknownLengthEndsWithTheCloseForHttp10() throws IOException {
    ServerResponse streamed = ServerResponse.ok(
        ServerResponseBody.of(new ByteArrayInputStream("streamed".getBytes(UTF_8)), -1));
    Read r = write("GET", HttpVersion.HTTP_1_0, streamed, true, false);
    assertThat(r.head().headers()).isEqualTo(fields("Date", DATE, "Server", "Courier", "Connection", "close"));
    assertThat(r.body()).isEqualTo("streamed");
    assertThat(r.ended()).isTrue();
  }

  @Test
  void http10KeepAliveIsAnnouncedAndCloseIsToo() throws IOException {
    Read alive = write("GET", HttpVersion.HTTP_1_0, ServerResponse.ok("a"), true, true);
    assertThat(alive.head().headers().firstValue("Connection")).contains("keep-alive");
    wire.reset();
    Read closing = write("GET", HttpVersion.HTTP_1_1, ServerResponse.ok("a"), false, false);
    assertThat(closing.head().headers().firstValue("Connection")).contains("close");
    assertThat(closing.body()).isEqualTo("a");
  }

  @Test
  void handlerFramingFieldsAreReplacedAndItsDateAndServerKept() throws IOException {
    ServerResponse response = ServerResponse.builder(201).header("Date", "Thu, 01 Jan 1970 00:00:00 GMT")
        .header("Server", "mine").header("Transfer-Encoding", "chunked").header("Content-Length", "1")
        .header("Connection", "upgrade").header("Keep-Alive", "timeout=5").text("four");
    Read r = write("POST", HttpVersion.HTTP_1_1, response, true, true);
    assertThat(r.head()).isEqualTo(new ResponseHead(HttpVersion.HTTP_1_1, 201, "Created", fields(
        "Date", "Thu, 01 Jan 1970 00:00:00 GMT", "Server", "mine",
        "Content-Type", "text/plain; charset=utf-8", "Content-Length", "4")));
    assertThat(r.body()).isEqualTo("four");
  }

  @Test
  void anEmptyServerHeaderSendsNone() throws IOException {
    ResponseWriter quiet = new ResponseWriter(out, new ResponseHeads("", CLOCK));
    quiet.write(new RequestHead("GET", "/", HttpVersion.HTTP_1_1, Headers.of("Host", "h")),
        ServerResponse.of(204), true);
    out.flush();
    assertThat(wire.toString(ISO_8859_1)).isEqualTo("HTTP/1.1 204 No Content\r\nDate: " + DATE + "\r\n\r\n");
  }

  @Test
  void theDateFollowsTheClock() throws IOException {
    Instant[] now = {Instant.parse("2026-12-04T10:00:00.900Z")};
    ResponseWriter ticking = new ResponseWriter(out, new ResponseHeads("Courier", () -> now[0]));
    RequestHead get = new RequestHead("GET", "/", HttpVersion.HTTP_1_1, Headers.of("Host", "h"));
    ticking.write(get, ServerResponse.of(204), true);
    now[0] = Instant.parse("2026-12-04T10:00:01Z");
    ticking.write(get, ServerResponse.of(204), true);
    out.flush();
    assertThat(wire.toString(ISO_8859_1)).contains("Date: " + DATE + "\r\n")
        .contains("Date: Fri, 04 Dec 2026 10:00:01 GMT\r\n");
  }
}

package dev.courier.http.wire;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.http.Headers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Http1ParserTest {

  static List<HttpEvent> parseAll(Http1Parser parser, String input, boolean close) {
    parser.feed(input.getBytes(ISO_8859_1));
    if (close) parser.endOfInput();
    List<HttpEvent> events = new ArrayList<>();
    while (true) {
      HttpEvent event = parser.next();
      if (event instanceof NeedMoreData || event instanceof Closed) return events;
      events.add(event);
    }
  }

  @Test
  void simpleGet() {
    Http1Parser parser = Http1Parser.forRequests();
    List<HttpEvent> events =
        parseAll(parser, "GET /a?b=c HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n", false);
    assertThat(events).containsExactly(
        RequestHead.of("GET", "/a?b=c", Headers.of("Host", "example.com", "Accept", "*/*")),
        EndOfMessage.INSTANCE);
    assertThat(parser.keepAlive()).isTrue();
    assertThat(parser.isIdle()).isTrue();
  }

  @Test
  void contentLengthBodyAndPipelining() {
    Http1Parser parser = Http1Parser.forRequests();
    List<HttpEvent> events = parseAll(parser,
        "POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
            + "GET /next HTTP/1.1\r\nHost: h\r\n\r\n", false);
    assertThat(events).hasSize(5);
    assertThat(events.get(1)).isEqualTo(new BodyChunk("hello".getBytes(ISO_8859_1)));
    assertThat(events.get(2)).isEqualTo(EndOfMessage.INSTANCE);
    assertThat(((RequestHead) events.get(3)).target()).isEqualTo("/next");
  }

  @Test
  void chunkedWithExtensionsAndTrailers() {
    Http1Parser parser = Http1Parser.forRequests();
    List<HttpEvent> events = parseAll(parser,
        "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;a=b;c=\"d e\"\r\nhello\r\nA\r\n0123456789\r\n0\r\nX-Sum: 1\r\n\r\n", false);
    assertThat(events).containsExactly(events.get(0),
        new BodyChunk("hello".getBytes(ISO_8859_1)),
        new BodyChunk("0123456789".getBytes(ISO_8859_1)),
        new Trailers(Headers.of("X-Sum", "1")),
        EndOfMessage.INSTANCE);
  }

  @Test
  void closeDelimitedResponse() {
    Http1Parser parser = Http1Parser.forResponses();
    List<HttpEvent> events = parseAll(parser, "HTTP/1.1 200 OK\r\n\r\nabc", true);
    assertThat(events).containsExactly(
        ResponseHead.of(200, "OK", Headers.empty()),
        new BodyChunk("abc".getBytes(ISO_8859_1)),
        EndOfMessage.INSTANCE);
    assertThat(parser.keepAlive()).isFalse();
    assertThat(parser.next()).isEqualTo(Closed.INSTANCE);
  }

  @Test
  void interimThenHeadResponseHasNoBody() {
    Http1Parser parser = Http1Parser.forResponses();
    parser.expectResponseTo("HEAD");
    List<HttpEvent> events = parseAll(parser,
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", false);
    assertThat(events).hasSize(3);
    assertThat(((ResponseHead) events.get(0)).isInformational()).isTrue();
    assertThat(((ResponseHead) events.get(1)).status()).isEqualTo(200);
    assertThat(events.get(2)).isEqualTo(EndOfMessage.INSTANCE);
  }

  @Test
  void refusesContentLengthWithTransferEncoding() {
    Http1Parser parser = Http1Parser.forRequests();
    assertThatThrownBy(() -> parseAll(parser,
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n",
        false))
        .isInstanceOfSatisfying(HttpCodecException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining("Content-Length together with Transfer-Encoding");
  }

  @Test
  void truncatedBodyIsAnError() {
    Http1Parser parser = Http1Parser.forResponses();
    assertThatThrownBy(() -> parseAll(parser,
        "HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n12345", true))
        .isInstanceOf(HttpCodecException.class)
        .hasMessageContaining("15 bytes missing");
  }
}

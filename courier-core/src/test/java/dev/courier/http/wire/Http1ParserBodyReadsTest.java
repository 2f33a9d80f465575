package dev.courier.http.wire;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Body bytes taken without {@link BodyChunk}s: {@link Http1Parser#readBody} into the reader's
 * array, and {@link Http1Parser#directBodyWindow()} for bytes the reader takes from the
 * connection itself. (That both give the same messages as {@code next()} for any input is a
 * property in {@link Http1ParserPropertiesTest}.)
 */
class Http1ParserBodyReadsTest {

  private static Http1Parser responseWithHead(String head) {
    Http1Parser parser = Http1Parser.forResponses();
    parser.feed(head.getBytes(ISO_8859_1));
    assertThat(parser.next()).isInstanceOf(ResponseHead.class);
    return parser;
  }

  @Test
  void readBodyCopiesBufferedBytesAndStopsAtTheEndOfTheMessage() {
    Http1Parser parser = responseWithHead("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
    parser.feed("helloHTTP/1.1 204 No Content\r\n\r\n".getBytes(ISO_8859_1));
    byte[] into = new byte[10];

    assertThat(parser.readBody(into, 1, 3)).isEqualTo(3);
    assertThat(parser.readBody(into, 4, 6)).isEqualTo(2); // the body's end, not the next response
    assertThat(new String(into, 1, 5, ISO_8859_1)).isEqualTo("hello");
    assertThat(parser.readBody(into, 0, 10)).isEqualTo(-1);
    assertThat(parser.next()).isEqualTo(EndOfMessage.INSTANCE);
    assertThat(parser.next()).isInstanceOf(ResponseHead.class);
  }

  @Test
  void readBodyAsksForMoreInputAndReadsChunkFramingOnTheWay() {
    Http1Parser parser = responseWithHead("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
    byte[] into = new byte[16];
    assertThat(parser.readBody(into, 0, 16)).isZero(); // nothing buffered yet
    parser.feed("3\r\nabc\r\n4;x=y\r\ndefg\r\n0\r\nX-T: 1\r\n\r\n".getBytes(ISO_8859_1));

    assertThat(parser.readBody(into, 0, 16)).isEqualTo(3);
    assertThat(parser.readBody(into, 3, 13)).isEqualTo(4);
    assertThat(new String(into, 0, 7, ISO_8859_1)).isEqualTo("abcdefg");
    assertThat(parser.readBody(into, 0, 16)).isEqualTo(-1);
    assertThat(parser.next()).isInstanceOf(Trailers.class);
    assertThat(parser.next()).isEqualTo(EndOfMessage.INSTANCE);
  }

  @Test
  void readBodyOfZeroBytesReadsNothing() {
    Http1Parser parser = responseWithHead("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n");
    parser.feed("ab".getBytes(ISO_8859_1));
    assertThat(parser.readBody(new byte[4], 0, 0)).isZero();
    assertThat(parser.buffered()).isEqualTo(2);
  }

  @Test
  void readBodyFailsAsNextDoesAndStaysFailed() {
    Http1Parser parser = responseWithHead("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
    parser.feed("2\r\nabX".getBytes(ISO_8859_1));
    byte[] into = new byte[8];
    assertThat(parser.readBody(into, 0, 8)).isEqualTo(2);
    assertThatThrownBy(() -> parser.readBody(into, 0, 8))
        .isInstanceOf(HttpCodecException.class).hasMessageContaining("not followed by CRLF");
    assertThatThrownBy(parser::next).isInstanceOf(HttpCodecException.class);
  }

  @Test
  void aTruncatedBodyRaisesFromReadBody() {
    Http1Parser parser = responseWithHead("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n");
    parser.feed("1234".getBytes(ISO_8859_1));
    parser.endOfInput();
    byte[] into = new byte[16];
    assertThat(parser.readBody(into, 0, 16)).isEqualTo(4);
    assertThatThrownBy(() -> parser.readBody(into, 0, 16))
        .isInstanceOf(HttpCodecException.class).hasMessageContaining("5 bytes missing");
  }

  @Test
  void theDirectWindowIsTheRestOfAFixedBodyOnceNothingIsBuffered() {
    Http1Parser parser = responseWithHead("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n");
    assertThat(parser.directBodyWindow()).isEqualTo(100);
    parser.bodyReadDirectly(60);
    assertThat(parser.directBodyWindow()).isEqualTo(40);
    parser.feed("0123456789".getBytes(ISO_8859_1));
    assertThat(parser.directBodyWindow()).isZero(); // buffered bytes come first
    assertThat(parser.readBody(new byte[32], 0, 32)).isEqualTo(10);
    assertThat(parser.directBodyWindow()).isEqualTo(30);
    assertThatThrownBy(() -> parser.bodyReadDirectly(31)).isInstanceOf(IllegalArgumentException.class);
    parser.bodyReadDirectly(30);
    assertThat(parser.directBodyWindow()).isZero();
    assertThat(parser.next()).isEqualTo(EndOfMessage.INSTANCE);
    assertThat(parser.keepAlive()).isTrue();
  }

  @Test
  void theDirectWindowOfAChunkedBodyIsTheCurrentChunkOnly() {
    Http1Parser parser = responseWithHead("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
    assertThat(parser.directBodyWindow()).isZero(); // a size line comes first
    parser.feed("a\r\n".getBytes(ISO_8859_1));
    assertThat(parser.readBody(new byte[4], 0, 4)).isZero();
    assertThat(parser.directBodyWindow()).isEqualTo(10);
    parser.bodyReadDirectly(10);
    assertThat(parser.directBodyWindow()).isZero(); // the CRLF after the data is the parser's
    parser.feed("\r\n0\r\n\r\n".getBytes(ISO_8859_1));
    assertThat(parser.readBody(new byte[4], 0, 4)).isEqualTo(-1);
    assertThat(parser.next()).isEqualTo(EndOfMessage.INSTANCE);
  }

  @Test
  void aBodyUntilCloseMayBeReadDirectlyUpToTheBodyLimit() {
    Limits limits = Limits.defaults().withMaxBodySize(50);
    Http1Parser parser = Http1Parser.forResponses(limits);
    parser.feed("HTTP/1.1 200 OK\r\n\r\n".getBytes(ISO_8859_1));
    assertThat(parser.next()).isInstanceOf(ResponseHead.class);
    assertThat(parser.directBodyWindow()).isEqualTo(50);
    parser.bodyReadDirectly(50);
    assertThat(parser.directBodyWindow()).isZero();
    parser.feed("x".getBytes(ISO_8859_1));
    assertThatThrownBy(() -> parser.readBody(new byte[4], 0, 4))
        .isInstanceOfSatisfying(HttpCodecException.class, e -> assertThat(e.status()).isEqualTo(413));
  }

  @Test
  void thereIsNoDirectWindowOutsideABodyOrAfterTheInputEnded() {
    Http1Parser parser = Http1Parser.forResponses();
    assertThat(parser.directBodyWindow()).isZero(); // no head yet
    parser.feed("HTTP/1.1 200 OK\r\n\r\n".getBytes(ISO_8859_1));
    parser.next();
    parser.endOfInput();
    assertThat(parser.directBodyWindow()).isZero();
    assertThat(parser.readBody(new byte[4], 0, 4)).isEqualTo(-1);
    assertThat(parser.next()).isEqualTo(EndOfMessage.INSTANCE);
  }
}

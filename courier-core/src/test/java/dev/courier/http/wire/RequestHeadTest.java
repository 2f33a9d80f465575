package dev.courier.http.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.http.Headers;
import org.junit.jupiter.api.Test;

class RequestHeadTest {
  @Test
  void expectsContinueOnlyInHttp11() {
    Headers expect = Headers.of("Host", "h", "Expect", "100-Continue");
    assertThat(RequestHead.of("PUT", "/", expect).expectsContinue()).isTrue();
    assertThat(new RequestHead("PUT", "/", HttpVersion.HTTP_1_0, expect).expectsContinue()).isFalse();
    assertThat(RequestHead.of("PUT", "/", Headers.of("Host", "h")).expectsContinue()).isFalse();
    assertThat(RequestHead.of("PUT", "/", expect).hasUnknownExpectation()).isFalse();
    assertThat(RequestHead.of("PUT", "/", Headers.of("Expect", "magic")).hasUnknownExpectation())
        .isTrue();
  }

  @Test
  void targetForms() {
    assertThat(RequestHead.of("OPTIONS", "*", Headers.empty()).isAsteriskForm()).isTrue();
    assertThat(RequestHead.of("GET", "http://a/b", Headers.empty()).isAbsoluteForm()).isTrue();
    assertThat(RequestHead.of("GET", "/http://a/b", Headers.empty()).isAbsoluteForm()).isFalse();
  }

  @Test
  void parsedExpectContinueIsVisibleBeforeTheBody() {
    Http1Parser parser = Http1Parser.forRequests();
    parser.feed("PUT /f HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n"
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    RequestHead head = (RequestHead) parser.next();
    assertThat(head.expectsContinue()).isTrue();
    assertThat(parser.framing()).isEqualTo(BodyFraming.fixed(3));
    assertThat(parser.next()).isEqualTo(NeedMoreData.INSTANCE);
  }

  @Test
  void limitsAreValidatedAndCopied() {
    Limits limits = Limits.defaults().withMaxHeaderCount(5).withMaxBodySize(10);
    assertThat(limits.maxHeaderCount()).isEqualTo(5);
    assertThat(limits.maxBodySize()).isEqualTo(10);
    assertThat(Limits.defaults().maxHeaderCount()).isEqualTo(100);
    assertThatThrownBy(() -> Limits.defaults().withMaxStartLineLength(0))
        .isInstanceOf(IllegalArgumentException.class);
    Http1Parser parser = Http1Parser.forRequests(limits);
    parser.feed("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n"
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertThatThrownBy(parser::next).isInstanceOfSatisfying(HttpCodecException.class,
        e -> assertThat(e.status()).isEqualTo(413));
    // the parser stays failed
    assertThatThrownBy(parser::next).isInstanceOf(HttpCodecException.class);
  }

  @Test
  void chunkedBodyOverTheLimitIs413() {
    Http1Parser parser = Http1Parser.forRequests(Limits.defaults().withMaxBodySize(4));
    parser.feed(("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    parser.next();
    assertThat(((BodyChunk) parser.next()).latin1()).isEqualTo("abc");
    assertThatThrownBy(parser::next).isInstanceOfSatisfying(HttpCodecException.class,
        e -> assertThat(e.status()).isEqualTo(413));
  }

  @Test
  void tunnelBytesAreHandedOver() {
    Http1Parser parser = Http1Parser.forResponses();
    parser.expectResponseTo("CONNECT");
    parser.feed("HTTP/1.1 200 OK\r\n\r\n\u0016\u0003tls".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertThat(parser.next()).isInstanceOf(ResponseHead.class);
    assertThat(parser.next()).isEqualTo(EndOfMessage.INSTANCE);
    assertThat(parser.isTunnel()).isTrue();
    assertThat(parser.next()).isEqualTo(Closed.INSTANCE);
    assertThat(parser.takeBuffered()).containsExactly(0x16, 0x03, 't', 'l', 's');
  }
}

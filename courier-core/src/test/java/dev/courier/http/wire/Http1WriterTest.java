package dev.courier.http.wire;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.http.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class Http1WriterTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private String written() {
    return out.toString(ISO_8859_1);
  }

  @Test
  void chunkedResponseWithTrailers() throws IOException {
    Http1Writer writer = Http1Writer.forResponses();
    writer.writeHead(ResponseHead.of(200, "OK", Headers.of("Transfer-Encoding", "chunked")), out);
    writer.writeBody("hello".getBytes(ISO_8859_1), out);
    writer.writeBody(new byte[0], out); // writes nothing: an empty chunk would end the body
    writer.writeBody(new byte[300], out);
    writer.writeEnd(Headers.of("X-Sum", "42"), out);
    assertThat(written()).startsWith(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n12c\r\n");
    assertThat(written()).endsWith("\r\n0\r\nX-Sum: 42\r\n\r\n");
    assertThat(writer.keepAlive()).isTrue();
    assertThat(writer.framing()).isEqualTo(BodyFraming.CHUNKED);
  }

  @Test
  void chunkSizesAreLowerCaseHex() throws IOException {
    Http1Writer writer = Http1Writer.forResponses();
    writer.writeHead(ResponseHead.of(200, "OK", Headers.of("Transfer-Encoding", "chunked")), out);
    out.reset();
    writer.writeBody(new byte[0xabc], out);
    assertThat(written()).startsWith("abc\r\n");
    out.reset();
    writer.writeBody(new byte[16], out);
    assertThat(written()).startsWith("10\r\n");
  }

  @Test
  void requestWithContentLength() throws IOException {
    Http1Writer writer = Http1Writer.forRequests();
    writer.writeHead(RequestHead.of("PUT", "/x", Headers.of("Host", "h", "Content-Length", "3")), out);
    writer.writeBody("abc".getBytes(ISO_8859_1), out);
    writer.writeEnd(out);
    assertThat(written()).isEqualTo("PUT /x HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc");
  }

  @Test
  void aRepeatedRequestHeadIsWrittenAndFramedTheSameEachTime() throws IOException {
    // A keep-alive client sends one immutable head again and again: from the second time its
    // encoding is kept, and the framing and the order of a message's parts still hold each time.
    Http1Writer writer = Http1Writer.forRequests();
    RequestHead put = RequestHead.of("PUT", "/x", Headers.of("Host", "h", "Content-Length", "3"));
    String once = "PUT /x HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc";
    for (int i = 0; i < 3; i++) {
      writer.writeHead(put, out);
      assertThatThrownBy(() -> writer.writeBody(new byte[4], out))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("longer than Content-Length");
      assertThatThrownBy(() -> writer.writeHead(put, out))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("not ended");
      writer.writeBody("abc".getBytes(ISO_8859_1), out);
      writer.writeEnd(out);
    }
    writer.writeHead(RequestHead.of("GET", "/y", Headers.of("Host", "h")), out);
    writer.writeEnd(out);
    assertThat(written()).isEqualTo(once + once + once + "GET /y HTTP/1.1\r\nHost: h\r\n\r\n");
    assertThat(writer.keepAlive()).isTrue();
  }

  @Test
  void responseWithoutFramingIsDelimitedByClose() throws IOException {
    Http1Writer writer = Http1Writer.forResponses();
    writer.writeHead(ResponseHead.of(200, "", Headers.empty()), out);
    writer.writeBody("all".getBytes(ISO_8859_1), out);
    writer.writeEnd(out);
    assertThat(written()).isEqualTo("HTTP/1.1 200 \r\n\r\nall");
    assertThat(writer.keepAlive()).isFalse();
    assertThatThrownBy(() -> writer.writeHead(ResponseHead.of(200, "OK", Headers.empty()), out))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not persist");
  }

  @Test
  void interimResponsesPrecedeTheFinalOne() throws IOException {
    Http1Writer writer = Http1Writer.forResponses();
    writer.writeHead(ResponseHead.of(100, "Continue", Headers.empty()), out);
    writer.writeHead(ResponseHead.of(103, "Early Hints", Headers.of("Link", "</a.css>; rel=preload")), out);
    writer.writeHead(ResponseHead.of(204, "No Content", Headers.empty()), out);
    writer.writeEnd(out);
    assertThat(written()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n"
        + "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
        + "HTTP/1.1 204 No Content\r\n\r\n");
    assertThat(writer.keepAlive()).isTrue();
  }

  @Test
  void headResponseKeepsContentLengthButHasNoBody() throws IOException {
    Http1Writer writer = Http1Writer.forResponses();
    writer.writeHead(ResponseHead.of(200, "OK", Headers.of("Content-Length", "1000")), "HEAD", out);
    assertThatThrownBy(() -> writer.writeBody(new byte[1], out))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no body");
    writer.writeEnd(out);
    assertThat(writer.keepAlive()).isTrue();
  }

  @Test
  void noBodyOn304() throws IOException {
    Http1Writer writer = Http1Writer.forResponses();
    writer.writeHead(ResponseHead.of(304, "Not Modified", Headers.of("Content-Length", "10")), out);
    assertThatThrownBy(() -> writer.writeBody(new byte[1], out)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void refusesFramingFieldsWhereTheyAreForbidden() {
    Http1Writer writer = Http1Writer.forResponses();
    // RFC 9110 section 8.6: no Content-Length in 1xx or 204; section 9.3.6: none in 2xx to CONNECT
    assertThatThrownBy(() -> writer.writeHead(
        ResponseHead.of(204, "No Content", Headers.of("Content-Length", "0")), out))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> writer.writeHead(
        ResponseHead.of(100, "Continue", Headers.of("Transfer-Encoding", "chunked")), out))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> writer.writeHead(
        ResponseHead.of(200, "OK", Headers.of("Content-Length", "0")), "CONNECT", out))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(out.size()).isZero();
  }

  @Test
  void refusesAmbiguousFraming() {
    Http1Writer requests = Http1Writer.forRequests();
    assertThatThrownBy(() -> requests.writeHead(RequestHead.of("POST", "/",
        Headers.of("Host", "h", "Content-Length", "3", "Transfer-Encoding", "chunked")), out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Content-Length together with Transfer-Encoding");
    assertThatThrownBy(() -> requests.writeHead(RequestHead.of("POST", "/",
        Headers.of("Host", "h", "Content-Length", "3", "Content-Length", "3")), out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than one");
    assertThatThrownBy(() -> requests.writeHead(RequestHead.of("POST", "/",
        Headers.of("Host", "h", "Content-Length", "+3")), out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a number");
    assertThatThrownBy(() -> requests.writeHead(RequestHead.of("POST", "/",
        Headers.of("Host", "h", "Transfer-Encoding", "gzip")), out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not end with chunked");
    assertThatThrownBy(() -> requests.writeHead(new RequestHead("POST", "/", HttpVersion.HTTP_1_0,
        Headers.of("Transfer-Encoding", "chunked")), out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HTTP/1.0");
    assertThat(out.size()).isZero();
  }

  @Test
  void refusesRequestsTheParserWouldRefuse() {
    Http1Writer writer = Http1Writer.forRequests();
    assertThatThrownBy(() -> writer.writeHead(RequestHead.of("GET", "/", Headers.empty()), out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without Host");
    assertThatThrownBy(() -> writer.writeHead(
        RequestHead.of("GET", "*", Headers.of("Host", "h")), out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("asterisk-form");
    assertThatThrownBy(() -> writer.writeHead(
        RequestHead.of("CONNECT", "/", Headers.of("Host", "h")), out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CONNECT");
    assertThatThrownBy(() -> RequestHead.of("GET", "/a b", Headers.of("Host", "h")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("request target");
    assertThatThrownBy(() -> RequestHead.of("GE T", "/", Headers.of("Host", "h")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("method");
    assertThatThrownBy(() -> ResponseHead.of(200, "OK\r\nSet-Cookie: x=y", Headers.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason phrase");
    assertThatThrownBy(() -> ResponseHead.of(42, "", Headers.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bodyMustMatchContentLength() throws IOException {
    Http1Writer writer = Http1Writer.forRequests();
    writer.writeHead(RequestHead.of("POST", "/", Headers.of("Host", "h", "Content-Length", "3")), out);
    assertThatThrownBy(() -> writer.writeBody(new byte[4], out))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("longer than Content-Length");
    writer.writeBody(new byte[2], out);
    assertThatThrownBy(() -> writer.writeEnd(out))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("shorter than Content-Length");
    assertThatThrownBy(() -> writer.writeHead(RequestHead.of("GET", "/", Headers.of("Host", "h")), out))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not ended");
    writer.writeBody(new byte[1], out);
    writer.writeEnd(out);
    writer.writeHead(RequestHead.of("GET", "/", Headers.of("Host", "h")), out);
  }

  @Test
  void trailersOnlyWithChunkedAndNeverFraming() throws IOException {
    Http1Writer writer = Http1Writer.forRequests();
    writer.writeHead(RequestHead.of("POST", "/", Headers.of("Host", "h", "Content-Length", "0")), out);
    assertThatThrownBy(() -> writer.writeEnd(Headers.of("X", "y"), out))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("chunked");
    Http1Writer chunked = Http1Writer.forRequests();
    chunked.writeHead(RequestHead.of("POST", "/",
        Headers.of("Host", "h", "Transfer-Encoding", "chunked")), out);
    assertThatThrownBy(() -> chunked.writeEnd(Headers.of("Content-Length", "5"), out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not allowed in trailers");
    assertThatThrownBy(() -> chunked.writeEnd(Headers.of("host", "evil"), out))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void connectionCloseAndHttp10DecidePersistence() throws IOException {
    Http1Writer close = Http1Writer.forResponses();
    close.writeHead(ResponseHead.of(200, "OK", Headers.of("Content-Length", "0", "Connection", "close")), out);
    close.writeEnd(out);
    assertThat(close.keepAlive()).isFalse();
    Http1Writer old = Http1Writer.forResponses();
    old.writeHead(new ResponseHead(HttpVersion.HTTP_1_0, 200, "OK", Headers.of("Content-Length", "0")), out);
    assertThat(old.keepAlive()).isFalse();
    Http1Writer oldKeepAlive = Http1Writer.forResponses();
    oldKeepAlive.writeHead(new ResponseHead(HttpVersion.HTTP_1_0, 200, "OK",
        Headers.of("Content-Length", "0", "Connection", "keep-alive")), out);
    assertThat(oldKeepAlive.keepAlive()).isTrue();
  }

  @Test
  void answeringARequestHonoursItsVersionAndConnection() throws IOException {
    RequestHead old = new RequestHead("GET", "/", HttpVersion.HTTP_1_0, Headers.empty());
    assertThatThrownBy(() -> Http1Writer.forResponses().writeHead(
        ResponseHead.of(200, "OK", Headers.of("Transfer-Encoding", "chunked")), old, out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HTTP/1.0 request");
    Http1Writer writer = Http1Writer.forResponses();
    writer.writeHead(ResponseHead.of(200, "OK", Headers.of("Content-Length", "0")), old, out);
    assertThat(writer.keepAlive()).isFalse();
    Http1Writer closing = Http1Writer.forResponses();
    RequestHead close = RequestHead.of("PUT", "/", Headers.of("Host", "h", "Connection", "close"));
    closing.writeHead(ResponseHead.of(100, "Continue", Headers.empty()), close, out);
    closing.writeHead(ResponseHead.of(200, "OK", Headers.of("Content-Length", "0")), close, out);
    assertThat(closing.keepAlive()).isFalse();
    Http1Writer head = Http1Writer.forResponses();
    head.writeHead(ResponseHead.of(200, "OK", Headers.of("Content-Length", "5")),
        RequestHead.of("HEAD", "/", Headers.of("Host", "h")), out);
    assertThat(head.framing()).isEqualTo(BodyFraming.NONE);
    assertThat(head.keepAlive()).isTrue();
  }

  @Test
  void tunnelsEndHttp() throws IOException {
    Http1Writer writer = Http1Writer.forResponses();
    writer.writeHead(ResponseHead.of(200, "Connection Established", Headers.empty()), "CONNECT", out);
    assertThat(writer.framing()).isEqualTo(BodyFraming.TUNNEL);
    writer.writeEnd(out);
    assertThat(writer.keepAlive()).isFalse();
  }

  @Test
  void writesWhatTheParserReadsBack() throws IOException {
    Http1Writer writer = Http1Writer.forRequests();
    RequestHead head = RequestHead.of("POST", "/upload?x=1",
        Headers.of("Host", "example.com", "Transfer-Encoding", "chunked", "X-Empty", ""));
    writer.writeHead(head, out);
    writer.writeBody("part one,".getBytes(ISO_8859_1), out);
    writer.writeBody(" part two".getBytes(ISO_8859_1), out);
    writer.writeEnd(Headers.of("X-Digest", "abc"), out);
    Http1Parser parser = Http1Parser.forRequests();
    parser.feed(out.toByteArray());
    assertThat(parser.next()).isEqualTo(head);
    assertThat(((BodyChunk) parser.next()).latin1()).isEqualTo("part one,");
    assertThat(((BodyChunk) parser.next()).latin1()).isEqualTo(" part two");
    assertThat(parser.next()).isEqualTo(new Trailers(Headers.of("X-Digest", "abc")));
    assertThat(parser.next()).isEqualTo(EndOfMessage.INSTANCE);
    assertThat(parser.next()).isEqualTo(NeedMoreData.INSTANCE);
  }

  // ---- a server's heads from cached parts ----

  @Test
  void statusAndFieldLinesAreWhatWriteHeadWrites() throws IOException {
    assertThat(new String(Http1Writer.statusLine(404, "Not Found"), ISO_8859_1)).isEqualTo("HTTP/1.1 404 Not Found\r\n");
    assertThat(new String(Http1Writer.fieldLine("Server", "Courier/1"), ISO_8859_1)).isEqualTo("Server: Courier/1\r\n");
    assertThatThrownBy(() -> Http1Writer.statusLine(200, "O\nK")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Http1Writer.fieldLine("Bad Name", "v")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Http1Writer.fieldLine("X", "a\r\nInjected: 1")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void responseHeadFromCachedPartsFramesByTheKnownLength() throws IOException {
    Http1Writer writer = Http1Writer.forResponses();
    byte[] ok = Http1Writer.statusLine(200, "OK");
    byte[] own = Http1Writer.fieldLine("Server", "S");
    Headers fields = Headers.of("Content-Type", "text/plain", "Content-Length", "99", "Transfer-Encoding", "gzip",
        "Connection", "upgrade", "Keep-Alive", "timeout=1");
    assertThat(writer.writeResponseHead(ok, own, fields, "GET", HttpVersion.HTTP_1_1, 5, true, out))
        .isEqualTo(BodyFraming.Kind.FIXED);
    assertThat(written()).isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nServer: S\r\nContent-Length: 5\r\n\r\n");
    out.reset();
    assertThat(writer.writeResponseHead(ok, own, Headers.empty(), "GET", HttpVersion.HTTP_1_1, -1, true, out))
        .isEqualTo(BodyFraming.Kind.CHUNKED);
    assertThat(written()).isEqualTo("HTTP/1.1 200 OK\r\nServer: S\r\nTransfer-Encoding: chunked\r\n\r\n");
    out.reset();
    assertThat(writer.writeResponseHead(ok, new byte[0], Headers.empty(), "GET", HttpVersion.HTTP_1_0, -1, true, out))
        .isEqualTo(BodyFraming.Kind.UNTIL_CLOSE);
    assertThat(written()).isEqualTo("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n");
    out.reset();
    assertThat(writer.writeResponseHead(ok, new byte[0], Headers.empty(), "HEAD", HttpVersion.HTTP_1_0, 12, true, out))
        .isEqualTo(BodyFraming.Kind.NONE);
    assertThat(written()).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 12\r\nConnection: keep-alive\r\n\r\n");
    out.reset();
    writer.writeResponseHead(Http1Writer.statusLine(304, "Not Modified"), new byte[0], Headers.empty(), "GET",
        HttpVersion.HTTP_1_1, 12, false, out);
    assertThat(written()).isEqualTo("HTTP/1.1 304 Not Modified\r\nConnection: close\r\n\r\n");
  }

  @Test
  void eachResponseHeadCarriesItsOwnLength() throws IOException {
    // The writer keeps the last Content-Length line: a repeated length and a changed one must both be right.
    Http1Writer writer = Http1Writer.forResponses();
    byte[] ok = Http1Writer.statusLine(200, "OK");
    for (long length : new long[] {13, 13, 0, 13, 1234567890123L, 7, 7}) {
      out.reset();
      writer.writeResponseHead(ok, new byte[0], Headers.empty(), "GET", HttpVersion.HTTP_1_1, length, true, out);
      assertThat(written()).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: " + length + "\r\n\r\n");
    }
    out.reset();
    writer.writeResponseHead(ok, new byte[0], Headers.of("X-A", "é"), "HEAD", HttpVersion.HTTP_1_1, 7, true, out);
    assertThat(written()).isEqualTo("HTTP/1.1 200 OK\r\nX-A: é\r\nContent-Length: 7\r\n\r\n");
  }

  @Test
  void responseHeadFromCachedPartsParsesBack() throws IOException {
    Http1Writer writer = Http1Writer.forResponses();
    writer.writeResponseHead(Http1Writer.statusLine(201, "Created"), Http1Writer.fieldLine("Date", "x"),
        Headers.of("X-A", "1"), "POST", HttpVersion.HTTP_1_1, 2, true, out);
    out.write("hi".getBytes(ISO_8859_1));
    Http1Parser parser = Http1Parser.forResponses();
    parser.expectResponseTo("POST");
    parser.feed(out.toByteArray());
    assertThat(parser.next()).isEqualTo(ResponseHead.of(201, "Created", Headers.of("X-A", "1", "Date", "x",
        "Content-Length", "2")));
    assertThat(((BodyChunk) parser.next()).latin1()).isEqualTo("hi");
    assertThat(parser.next()).isInstanceOf(EndOfMessage.class);
  }

  @Test
  void responseHeadFromCachedPartsRefusesMisuse() {
    Http1Writer writer = Http1Writer.forResponses();
    assertThatThrownBy(() -> writer.writeResponseHead(Http1Writer.statusLine(100, "Continue"), new byte[0],
        Headers.empty(), "GET", HttpVersion.HTTP_1_1, 0, true, out)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> writer.writeResponseHead("HTTP/1.1 2xx\r\n".getBytes(ISO_8859_1), new byte[0],
        Headers.empty(), "GET", HttpVersion.HTTP_1_1, 0, true, out)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Http1Writer.forRequests().writeResponseHead(Http1Writer.statusLine(200, "OK"),
        new byte[0], Headers.empty(), "GET", HttpVersion.HTTP_1_1, 0, true, out))
        .isInstanceOf(IllegalStateException.class);
  }
}

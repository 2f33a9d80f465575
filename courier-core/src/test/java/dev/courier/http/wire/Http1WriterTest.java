package dev.courier.http.wire;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.http.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class Http1WriterTest {

  @Test
  void chunkedResponseWithTrailers() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Http1Writer writer = Http1Writer.forResponses();
    writer.writeHead(ResponseHead.of(200, "OK", Headers.of("Transfer-Encoding", "chunked")), out);
    writer.writeBody("hello".getBytes(ISO_8859_1), out);
    writer.writeBody(new byte[300], out);
    writer.writeEnd(Headers.of("X-Sum", "42"), out);
    String text = out.toString(ISO_8859_1);
    assertThat(text).startsWith(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n12c\r\n");
    assertThat(text).endsWith("\r\n0\r\nX-Sum: 42\r\n\r\n");
    assertThat(writer.keepAlive()).isTrue();
  }

  @Test
  void requestWithContentLength() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Http1Writer writer = Http1Writer.forRequests();
    writer.writeHead(RequestHead.of("PUT", "/x", Headers.of("Host", "h", "Content-Length", "3")), out);
    writer.writeBody("abc".getBytes(ISO_8859_1), out);
    writer.writeEnd(out);
    assertThat(out.toString(ISO_8859_1))
        .isEqualTo("PUT /x HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc");
  }

  @Test
  void refusesWhatBreaksFraming() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Http1Writer writer = Http1Writer.forRequests();
    assertThatThrownBy(() -> writer.writeHead(RequestHead.of("POST", "/",
        Headers.of("Host", "h", "Content-Length", "3", "Transfer-Encoding", "chunked")), out))
        .isInstanceOf(IllegalArgumentException.class);
    writer.writeHead(RequestHead.of("POST", "/", Headers.of("Host", "h", "Content-Length", "3")), out);
    assertThatThrownBy(() -> writer.writeBody(new byte[4], out))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> writer.writeEnd(out)).isInstanceOf(IllegalStateException.class);
  }
}

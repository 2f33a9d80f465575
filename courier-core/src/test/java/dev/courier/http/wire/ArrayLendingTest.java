package dev.courier.http.wire;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.http.Headers;
import dev.courier.testsupport.PoisoningLender;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * A parser or writer that borrows its arrays gives them back between messages and reads and
 * writes exactly as one that keeps its own, whatever an array held before it was lent.
 */
class ArrayLendingTest {
  @Test
  void aParserGivesItsBufferBackBetweenRequestsAndBorrowsAnotherWhenFed() {
    PoisoningLender lender = new PoisoningLender();
    Http1Parser parser = Http1Parser.forRequests();
    parser.borrowBuffersFrom(lender);
    assertThat(parser.holdsBuffer()).isFalse(); // nothing borrowed before the first bytes

    for (int i = 0; i < 3; i++) {
      parser.feed(("GET /" + i + " HTTP/1.1\r\nHost: example.com\r\nX-N: " + i + "\r\n\r\n").getBytes(US_ASCII));
      RequestHead head = (RequestHead) parser.next();
      assertThat(head.target()).isEqualTo("/" + i);
      assertThat(head.headers().firstValue("X-N")).hasValue(String.valueOf(i));
      assertThat(parser.next()).isInstanceOf(EndOfMessage.class);
      assertThat(parser.next()).isInstanceOf(NeedMoreData.class);
      assertThat(parser.holdsBuffer()).isTrue();

      parser.releaseBuffer();

      assertThat(parser.holdsBuffer()).isFalse();
      assertThat(lender.out()).isZero();
    }
    assertThat(lender.borrowed()).isEqualTo(3);
    assertThat(lender.givenBack()).isEqualTo(3);
  }

  @Test
  void aParserHoldingPartOfTheNextHeadKeepsItsBuffer() {
    PoisoningLender lender = new PoisoningLender();
    Http1Parser parser = Http1Parser.forRequests();
    parser.borrowBuffersFrom(lender);
    parser.feed("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHo".getBytes(US_ASCII));
    assertThat(((RequestHead) parser.next()).target()).isEqualTo("/a");
    assertThat(parser.next()).isInstanceOf(EndOfMessage.class);
    assertThat(parser.next()).isInstanceOf(NeedMoreData.class);

    parser.releaseBuffer(); // "Ho" is still buffered: nothing may go back

    assertThat(parser.holdsBuffer()).isTrue();
    assertThat(lender.givenBack()).isZero();
    parser.feed("st: x\r\n\r\n".getBytes(US_ASCII));
    RequestHead second = (RequestHead) parser.next();
    assertThat(second.target()).isEqualTo("/b");
    assertThat(second.headers().firstValue("Host")).hasValue("x");
  }

  @Test
  void aLongHeadGrowsTheBufferAndTheSmallerOneGoesBack() {
    PoisoningLender lender = new PoisoningLender();
    Http1Parser parser = Http1Parser.forRequests();
    parser.borrowBuffersFrom(lender);
    String value = "v".repeat(5000);
    byte[] head = ("GET / HTTP/1.1\r\nHost: x\r\nX-Long: " + value + "\r\n\r\n").getBytes(US_ASCII);
    for (int i = 0; i < head.length; i += 1000) {
      parser.feed(head, i, Math.min(1000, head.length - i));
      if (i + 1000 < head.length) assertThat(parser.next()).isInstanceOf(NeedMoreData.class);
    }

    assertThat(((RequestHead) parser.next()).headers().firstValue("X-Long")).hasValue(value);
    assertThat(lender.givenBack()).isEqualTo(lender.borrowed() - 1); // each outgrown buffer went back
    parser.next();
    parser.releaseBuffer();
    assertThat(lender.out()).isZero();
  }

  @Test
  void withoutALenderAParserKeepsItsBuffer() {
    Http1Parser parser = Http1Parser.forRequests();
    parser.feed("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
    parser.next();
    parser.next();

    parser.releaseBuffer();

    assertThat(parser.holdsBuffer()).isTrue();
  }

  @Test
  void aWriterGivesItsScratchBackAndWritesTheSameBytesWithABorrowedOne() throws Exception {
    PoisoningLender lender = new PoisoningLender();
    Http1Writer borrowing = Http1Writer.forResponses();
    borrowing.borrowScratchFrom(lender);
    Http1Writer owning = Http1Writer.forResponses();

    for (int i = 0; i < 3; i++) {
      ResponseHead head = ResponseHead.of(200, "OK",
          Headers.of("Content-Type", "text/plain", "Transfer-Encoding", "chunked", "X-N", String.valueOf(i)));
      assertThat(write(borrowing, head)).isEqualTo(write(owning, head));
      assertThat(borrowing.holdsScratch()).isTrue();

      borrowing.releaseScratch();

      assertThat(borrowing.holdsScratch()).isFalse();
      assertThat(lender.out()).isZero();
    }
    owning.releaseScratch();
    assertThat(owning.holdsScratch()).isTrue();
  }

  private static String write(Http1Writer writer, ResponseHead head) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.writeHead(head, "GET", out);
    writer.writeBody("hello".getBytes(US_ASCII), out);
    writer.writeEnd(Headers.of("X-Trailer", "t"), out);
    return out.toString(US_ASCII);
  }
}

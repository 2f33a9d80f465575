package dev.courier.http.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.http.FieldSyntax;
import dev.courier.http.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties of the parser and writer: feeding bytes in any pieces gives the same events as
 * feeding them whole, and what the writer writes the parser reads back as the same messages.
 */
class Http1ParserPropertiesTest {
  /** Fragments that make inputs close to HTTP, with the bytes that matter for framing. */
  private static final String[] FRAGMENTS = {
    "GET ", "POST ", "HEAD ", "CONNECT ", "OPTIONS * ", "/", "/a?b", " HTTP/1.1", " HTTP/1.0",
    "HTTP/1.1 ", "200 OK", "100 Continue", "204", "304", "101", "\r\n", "\r\n\r\n", "\n", "\r",
    "Host: a", "Content-Length: 3", "Content-Length: 0", "Content-Length: 1, 1",
    "Transfer-Encoding: chunked", "Transfer-Encoding: gzip, chunked", "Connection: close",
    "Connection: keep-alive", "Trailer: x", "0", "3", "a", "ff", "abc", ":", " ", "\t", ";x=y",
    ";q=\"a\\\"b\"", "\"", "\u0000", "\u007f", "\u00ff", "X-A: b", " folded", "\r\n0\r\n\r\n"
  };

  @Provide
  Arbitrary<byte[]> httpLikeBytes() {
    return Arbitraries.of(FRAGMENTS).list().ofMinSize(1).ofMaxSize(40)
        .map(parts -> String.join("", parts).getBytes(StandardCharsets.ISO_8859_1));
  }

  @Property(tries = 1500)
  void requestEventsDoNotDependOnHowBytesAreSplit(
      @ForAll("httpLikeBytes") byte[] input,
      @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 7) Integer> pieces,
      @ForAll boolean eof) {
    List<String> whole = EventLog.run(Http1Parser.forRequests(), input, eof, r -> Integer.MAX_VALUE);
    List<String> split = EventLog.run(Http1Parser.forRequests(), input, eof,
        r -> pieces.get(r % pieces.size()));
    List<String> bytewise = EventLog.run(Http1Parser.forRequests(), input, eof, r -> 1);
    assertThat(split).isEqualTo(whole);
    assertThat(bytewise).isEqualTo(whole);
  }

  @Property(tries = 1500)
  void responseEventsDoNotDependOnHowBytesAreSplit(
      @ForAll("httpLikeBytes") byte[] input,
      @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 7) Integer> pieces,
      @ForAll boolean eof, @ForAll boolean head) {
    java.util.function.Supplier<Http1Parser> parser = () -> {
      Http1Parser p = Http1Parser.forResponses();
      p.expectResponseTo(head ? "HEAD" : "GET");
      return p;
    };
    List<String> whole = EventLog.run(parser.get(), input, eof, r -> Integer.MAX_VALUE);
    List<String> split = EventLog.run(parser.get(), input, eof, r -> pieces.get(r % pieces.size()));
    List<String> bytewise = EventLog.run(parser.get(), input, eof, r -> 1);
    assertThat(split).isEqualTo(whole);
    assertThat(bytewise).isEqualTo(whole);
  }

  @Property(tries = 1500)
  void requestBodiesReadIntoAnArrayGiveTheSameEvents(
      @ForAll("httpLikeBytes") byte[] input,
      @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 7) Integer> pieces,
      @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 1, max = 9) Integer> reads,
      @ForAll boolean eof) {
    assertBodyReadsGiveTheSameEvents(Http1Parser::forRequests, input, pieces, reads, eof);
  }

  @Property(tries = 1500)
  void responseBodiesReadIntoAnArrayGiveTheSameEvents(
      @ForAll("httpLikeBytes") byte[] input,
      @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 7) Integer> pieces,
      @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 1, max = 9) Integer> reads,
      @ForAll boolean eof, @ForAll boolean head) {
    assertBodyReadsGiveTheSameEvents(() -> {
      Http1Parser p = Http1Parser.forResponses();
      p.expectResponseTo(head ? "HEAD" : "GET");
      return p;
    }, input, pieces, reads, eof);
  }

  /** Body bytes taken by readBody, copied or read past the parser, give what next() gives. */
  private static void assertBodyReadsGiveTheSameEvents(java.util.function.Supplier<Http1Parser> parser, byte[] input,
      List<Integer> pieces, List<Integer> reads, boolean eof) {
    List<String> whole = EventLog.run(parser.get(), input, eof, r -> Integer.MAX_VALUE);
    for (boolean direct : new boolean[] {false, true}) {
      List<String> read = EventLog.runReadingBodies(parser.get(), input, eof,
          r -> pieces.get(r % pieces.size()), r -> reads.get(r % reads.size()), direct);
      assertThat(read).as(direct ? "read past the parser" : "copied by readBody").isEqualTo(whole);
    }
  }

  // ---- round trip ------------------------------------------------------------------------------

  /** A message to write: a head, the body in the pieces it is written in, and trailers. */
  record Message(HttpEvent head, boolean chunked, List<byte[]> pieces, Headers trailers) {
    byte[] body() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      pieces.forEach(out::writeBytes);
      return out.toByteArray();
    }
  }

  @Provide
  Arbitrary<Headers> fields() {
    Arbitrary<String> names = Arbitraries.of("Accept", "X-Trace", "Cookie", "User-Agent", "X-!#$%&'*+-.^_`|~");
    Arbitrary<String> values = Arbitraries.strings()
        .withChars("abcXYZ019 \t,;=\"/\u00e9\u00ff!~").ofMaxLength(30);
    return Combinators.combine(names, values).as((n, v) -> new String[] {n, v}).list().ofMaxSize(6)
        .map(list -> {
          Headers.Builder b = Headers.builder();
          list.forEach(f -> b.add(f[0], f[1]));
          return b.build();
        });
  }

  /** Fields a writer may put in a trailer section (RFC 9110, Section 6.5.1). */
  Arbitrary<Headers> trailerFields() {
    return fields().map(FieldSyntax::allowedTrailers);
  }

  @Provide
  Arbitrary<List<byte[]>> bodyPieces() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(40).list().ofMaxSize(4);
  }

  @Provide
  Arbitrary<List<Message>> requests() {
    Arbitrary<String> methods = Arbitraries.of("GET", "POST", "PUT", "PROPFIND", "DELETE");
    Arbitrary<String> targets = Arbitraries.strings().withChars("abc/?=&%-._~").ofMaxLength(20)
        .map(t -> "/" + t);
    Arbitrary<Message> message = Combinators.combine(methods, targets, fields(), Arbitraries.of(true, false),
        bodyPieces(), trailerFields()).as((method, target, fields, chunked, pieces, trailers) -> {
          byte[] body = new Message(null, false, pieces, Headers.empty()).body();
          Headers.Builder h = Headers.builder().add("Host", "example.com").addAll(fields);
          h.removeAll("Content-Length").removeAll("Transfer-Encoding");
          if (chunked) {
            h.add("Transfer-Encoding", "chunked");
          } else {
            h.add("Content-Length", Integer.toString(body.length));
          }
          return new Message(RequestHead.of(method, target, h.build()), chunked, pieces,
              chunked ? trailers : Headers.empty());
        });
    return message.list().ofMinSize(1).ofMaxSize(4);
  }

  @Property(tries = 300)
  void writtenRequestsParseBackTheSame(@ForAll("requests") List<Message> messages,
      @ForAll @IntRange(min = 1, max = 64) int piece) throws IOException {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    Http1Writer writer = Http1Writer.forRequests();
    for (Message m : messages) {
      writer.writeHead((RequestHead) m.head(), wire);
      for (byte[] p : m.pieces()) writer.writeBody(p, wire);
      writer.writeEnd(m.trailers(), wire);
    }
    Http1Parser parser = Http1Parser.forRequests();
    List<Message> read = readBack(parser, wire.toByteArray(), piece);
    assertThat(read).hasSameSizeAs(messages);
    for (int i = 0; i < messages.size(); i++) {
      assertThat(read.get(i).head()).isEqualTo(messages.get(i).head());
      assertThat(read.get(i).body()).isEqualTo(messages.get(i).body());
      assertThat(read.get(i).trailers()).isEqualTo(messages.get(i).trailers());
    }
  }

  @Provide
  Arbitrary<List<Message>> responses() {
    Arbitrary<Integer> statuses = Arbitraries.of(200, 201, 204, 301, 304, 404, 500, 299, 100, 103);
    Arbitrary<Integer> framing = Arbitraries.of(0, 1, 2); // Content-Length, chunked, HEAD
    Arbitrary<Message> message = Combinators.combine(statuses, fields(), framing, bodyPieces(), trailerFields())
        .as((status, fields, kind, pieces, trailers) -> {
          Headers.Builder h = Headers.builder().addAll(fields);
          h.removeAll("Content-Length").removeAll("Transfer-Encoding");
          boolean noBody = status < 200 || status == 204 || status == 304 || kind == 2;
          boolean chunked = kind == 1 && !noBody;
          List<byte[]> body = noBody ? List.of() : pieces;
          if (status >= 200 && status != 204) {
            if (kind == 1) {
              h.add("Transfer-Encoding", "chunked");
            } else {
              h.add("Content-Length", Integer.toString(
                  (kind == 2 || status == 304 ? new Message(null, false, pieces, Headers.empty())
                      : new Message(null, false, body, Headers.empty())).body().length));
            }
          }
          String method = kind == 2 ? "HEAD" : "GET";
          return new Message(ResponseHead.of(status, method, h.build()), chunked, body,
              chunked ? trailers : Headers.empty());
        });
    return message.list().ofMinSize(1).ofMaxSize(4);
  }

  @Property(tries = 300)
  void writtenResponsesParseBackTheSame(@ForAll("responses") List<Message> messages,
      @ForAll @IntRange(min = 1, max = 64) int piece) throws IOException {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    Http1Writer writer = Http1Writer.forResponses();
    Http1Parser parser = Http1Parser.forResponses();
    for (Message m : messages) {
      ResponseHead head = (ResponseHead) m.head();
      String method = head.reason(); // the generator keeps the request method in the reason
      writer.writeHead(head, method, wire);
      if (head.isInformational()) continue;
      parser.expectResponseTo(method);
      for (byte[] p : m.pieces()) writer.writeBody(p, wire);
      writer.writeEnd(m.trailers(), wire);
    }
    List<Message> read = readBack(parser, wire.toByteArray(), piece);
    assertThat(read).hasSameSizeAs(messages);
    for (int i = 0; i < messages.size(); i++) {
      assertThat(read.get(i).head()).isEqualTo(messages.get(i).head());
      assertThat(read.get(i).body()).isEqualTo(messages.get(i).body());
      assertThat(read.get(i).trailers()).isEqualTo(messages.get(i).trailers());
    }
  }

  /** Parses {@code wire} fed in pieces of {@code piece} bytes into messages. */
  static List<Message> readBack(Http1Parser parser, byte[] wire, int piece) {
    List<Message> out = new ArrayList<>();
    HttpEvent head = null;
    List<byte[]> body = new ArrayList<>();
    Headers trailers = Headers.empty();
    int offset = 0;
    while (true) {
      HttpEvent event = parser.next();
      if (event instanceof NeedMoreData) {
        if (offset == wire.length) break;
        int n = Math.min(piece, wire.length - offset);
        parser.feed(wire, offset, n);
        offset += n;
        continue;
      }
      switch (event) {
        case RequestHead h -> head = h;
        case ResponseHead h -> {
          if (h.isInformational()) {
            out.add(new Message(h, false, List.of(), Headers.empty()));
          } else {
            head = h;
          }
        }
        case BodyChunk b -> body.add(b.data());
        case Trailers t -> trailers = t.headers();
        case EndOfMessage e -> {
          out.add(new Message(head, false, body, trailers));
          body = new ArrayList<>();
          trailers = Headers.empty();
        }
        default -> throw new AssertionError("unexpected " + event);
      }
    }
    assertThat(parser.buffered()).isZero();
    return out;
  }
}

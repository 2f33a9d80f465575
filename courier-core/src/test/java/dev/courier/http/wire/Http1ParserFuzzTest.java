package dev.courier.http.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;
import dev.courier.http.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Jazzer fuzz targets for the codec. Without {@code JAZZER_FUZZ} each target replays its saved
 * inputs in {@code src/test/resources/dev/courier/http/wire/Http1ParserFuzzTestInputs/<method>/};
 * with {@code JAZZER_FUZZ=1} it fuzzes one target for {@code maxDuration} (override with
 * {@code -Djazzer.max_duration=5m}). Besides "no exception but HttpCodecException", each target
 * checks RFC invariants: split invariance, framing of accepted messages, and that what the
 * writer writes from a parsed message parses back to the same message.
 */
class Http1ParserFuzzTest {
  /** Messages a parser read completely: head, body, trailers. */
  record Message(HttpEvent head, byte[] body, Headers trailers) {}

  /** What a run gave: the complete messages, and the error if any. */
  record Run(List<Message> messages, HttpCodecException error) {}

  /**
   * All three targets behind one selector byte, so that a short run in {@code ./check} (one JVM:
   * Jazzer fuzzes one test per run) exercises each of them.
   */
  @FuzzTest(maxDuration = "20s")
  @Timeout(value = 5, unit = TimeUnit.SECONDS) // per input while fuzzing: a hang is a finding
  void all(FuzzedDataProvider data) {
    switch (data.consumeInt(0, 2)) {
      case 0 -> requests(data);
      case 1 -> responses(data);
      default -> chunked(data);
    }
  }

  @FuzzTest(maxDuration = "10s")
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  void requests(FuzzedDataProvider data) {
    int piece = data.consumeInt(1, 64);
    boolean eof = data.consumeBoolean();
    byte[] input = data.consumeRemainingAsBytes();
    assertSplitInvariant(Http1Parser::forRequests, input, eof, piece);
    Run run = run(Http1Parser.forRequests(), input, eof);
    for (Message m : run.messages()) {
      RequestHead head = (RequestHead) m.head();
      Headers h = head.headers();
      // RFC 9112 section 6.3: an accepted request never has both framing fields.
      assertThat(h.contains("Content-Length") && h.contains("Transfer-Encoding")).isFalse();
      // RFC 9112 section 3.2: one Host, always in HTTP/1.1.
      int hosts = h.allValues("Host").size();
      assertThat(hosts).isLessThanOrEqualTo(1);
      if (head.version() == HttpVersion.HTTP_1_1) assertThat(hosts).isEqualTo(1);
      BodyFraming framing = BodyFraming.ofRequest(head);
      if (framing.kind() == BodyFraming.Kind.FIXED) {
        assertThat((long) m.body().length).isEqualTo(framing.length());
      }
      assertFieldsClean(h);
      assertFieldsClean(m.trailers());
    }
    assertRoundTrip(run.messages(), true);
  }

  @FuzzTest(maxDuration = "10s")
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  void responses(FuzzedDataProvider data) {
    int piece = data.consumeInt(1, 64);
    boolean eof = data.consumeBoolean();
    String method = data.pickValue(new String[] {"GET", "HEAD", "POST", "CONNECT"});
    byte[] input = data.consumeRemainingAsBytes();
    assertSplitInvariant(() -> {
      Http1Parser p = Http1Parser.forResponses();
      for (int i = 0; i < 4; i++) p.expectResponseTo(method);
      return p;
    }, input, eof, piece);
    Http1Parser parser = Http1Parser.forResponses();
    for (int i = 0; i < 4; i++) parser.expectResponseTo(method);
    Run run = run(parser, input, eof);
    int finalResponses = 0;
    for (Message m : run.messages()) {
      ResponseHead head = (ResponseHead) m.head();
      int status = head.status();
      // Only four requests are outstanding; the parser reads any later response as one to GET.
      String sentMethod = head.isInformational() || finalResponses < 4 ? method : "GET";
      // RFC 9112 section 6.3 rule 1: no body for HEAD, 1xx, 204 and 304.
      if (sentMethod.equals("HEAD") || status < 200 || status == 204 || status == 304) {
        assertThat(m.body()).isEmpty();
      }
      if (!head.isInformational()) {
        finalResponses++;
        BodyFraming framing = BodyFraming.ofResponse(sentMethod, head);
        if (framing.kind() == BodyFraming.Kind.FIXED) {
          assertThat((long) m.body().length).isEqualTo(framing.length());
        }
      }
      assertFieldsClean(head.headers());
      assertFieldsClean(m.trailers());
    }
    assertResponseRoundTrip(run.messages(), method);
  }

  @FuzzTest(maxDuration = "10s")
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  void chunked(FuzzedDataProvider data) {
    // Round trip: any payload, written in any pieces, decodes to itself.
    int pieces = data.consumeInt(1, 8);
    byte[] payload = data.consumeBytes(data.consumeInt(0, 2000));
    byte[] encoded = encodeChunked(payload, pieces);
    Run back = run(Http1Parser.forRequests(), concat(CHUNKED_HEAD, encoded), false);
    assertThat(back.error()).isNull();
    assertThat(back.messages()).hasSize(1);
    assertThat(back.messages().get(0).body()).isEqualTo(payload);
    // Differential: a fuzzed chunked body against a small independent reference decoder.
    byte[] body = data.consumeRemainingAsBytes();
    Limits roomy = Limits.defaults().withMaxChunkExtensionLength(1 << 20)
        .withMaxTrailerSectionSize(1 << 20).withMaxHeaderCount(1 << 20);
    Http1Parser parser = Http1Parser.forRequests(roomy);
    parser.feed(CHUNKED_HEAD);
    parser.feed(body);
    parser.endOfInput();
    ByteArrayOutputStream decoded = new ByteArrayOutputStream();
    Boolean accepted = null;
    try {
      while (accepted == null) {
        switch (parser.next()) {
          case BodyChunk c -> decoded.writeBytes(c.data());
          case EndOfMessage e -> accepted = true;
          case Closed c -> accepted = false;
          default -> { }
        }
      }
    } catch (HttpCodecException e) {
      accepted = false;
    }
    byte[] expected = ReferenceChunked.decode(body);
    assertThat(accepted).as("reference %s", expected != null).isEqualTo(expected != null);
    if (accepted) assertThat(decoded.toByteArray()).isEqualTo(expected);
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static final byte[] CHUNKED_HEAD =
      "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
          .getBytes(StandardCharsets.ISO_8859_1);

  private static void assertSplitInvariant(java.util.function.Supplier<Http1Parser> parser,
      byte[] input, boolean eof, int piece) {
    List<String> whole = EventLog.run(parser.get(), input, eof, r -> Integer.MAX_VALUE);
    List<String> split = EventLog.run(parser.get(), input, eof, r -> piece);
    assertThat(split).isEqualTo(whole);
  }

  /** RFC 9110 section 5: names are tokens, values have no CR, LF, NUL or other controls. */
  private static void assertFieldsClean(Headers headers) {
    for (int i = 0; i < headers.size(); i++) {
      assertThat(dev.courier.http.FieldSyntax.isToken(headers.name(i))).isTrue();
      String value = headers.value(i);
      for (int j = 0; j < value.length(); j++) {
        assertThat(dev.courier.http.FieldSyntax.isFieldValueChar(value.charAt(j))).isTrue();
      }
      assertThat(value).doesNotStartWith(" ").doesNotEndWith(" ");
    }
    // The parser hands its fields to Headers without the second check (HeadersAccess): they must
    // be exactly what Headers.of accepts and keeps unchanged (tokens, clean and trimmed values).
    String[] namesAndValues = new String[headers.size() * 2];
    for (int i = 0; i < headers.size(); i++) {
      namesAndValues[2 * i] = headers.name(i);
      namesAndValues[2 * i + 1] = headers.value(i);
    }
    assertThat(Headers.of(namesAndValues)).isEqualTo(headers);
    for (int i = 0; i < headers.size(); i++) {
      assertThat(Headers.of(namesAndValues).value(i)).isSameAs(headers.value(i));
    }
  }

  static Run run(Http1Parser parser, byte[] input, boolean eof) {
    List<Message> messages = new ArrayList<>();
    parser.feed(input);
    if (eof) parser.endOfInput();
    HttpEvent head = null;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    Headers trailers = Headers.empty();
    try {
      while (true) {
        HttpEvent event = parser.next();
        switch (event) {
          case NeedMoreData n -> {
            return new Run(messages, null);
          }
          case Closed c -> {
            return new Run(messages, null);
          }
          case RequestHead h -> head = h;
          case ResponseHead h -> {
            if (h.isInformational() && h.status() != 101) {
              messages.add(new Message(h, new byte[0], Headers.empty()));
            } else {
              head = h;
            }
          }
          case BodyChunk b -> body.writeBytes(b.data());
          case Trailers t -> trailers = t.headers();
          case EndOfMessage e -> {
            messages.add(new Message(head, body.toByteArray(), trailers));
            body.reset();
            trailers = Headers.empty();
          }
        }
      }
    } catch (HttpCodecException e) {
      return new Run(messages, e);
    }
  }

  /** Writing parsed requests and parsing them again gives the same messages. */
  private static void assertRoundTrip(List<Message> messages, boolean requests) {
    if (messages.isEmpty()) return;
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    Http1Writer writer = Http1Writer.forRequests();
    List<Message> written = new ArrayList<>();
    try {
      for (Message m : messages) {
        RequestHead head = normaliseContentLength((RequestHead) m.head());
        writer.writeHead(head, wire);
        writer.writeBody(m.body(), wire);
        writer.writeEnd(m.trailers(), wire);
        written.add(new Message(head, m.body(), m.trailers()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (IllegalArgumentException e) {
      // The writer refuses trailers that would frame or route a message; the parser reports
      // them apart from the head instead.
      assertThat(e.getMessage()).contains("is not allowed in trailers");
      return;
    }
    Run again = run(Http1Parser.forRequests(), wire.toByteArray(), true);
    assertThat(again.error()).isNull();
    assertThat(again.messages()).hasSameSizeAs(written);
    for (int i = 0; i < written.size(); i++) {
      assertThat(again.messages().get(i).head()).isEqualTo(written.get(i).head());
      assertThat(again.messages().get(i).body()).isEqualTo(written.get(i).body());
      assertThat(again.messages().get(i).trailers()).isEqualTo(written.get(i).trailers());
    }
  }

  /**
   * Writing parsed responses (to the same request methods) and parsing them again gives the same
   * messages: the writer frames each body as the parser read it.
   */
  private static void assertResponseRoundTrip(List<Message> messages, String method) {
    if (messages.isEmpty()) return;
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    Http1Writer writer = Http1Writer.forResponses();
    List<Message> written = new ArrayList<>();
    int finalResponses = 0;
    try {
      for (Message m : messages) {
        ResponseHead parsed = (ResponseHead) m.head();
        String sentMethod = parsed.isInformational() || finalResponses < 4 ? method : "GET";
        ResponseHead head = new ResponseHead(parsed.version(), parsed.status(), parsed.reason(),
            normaliseContentLength(parsed.headers()));
        writer.writeHead(head, sentMethod, wire);
        written.add(new Message(head, m.body(), m.trailers()));
        if (head.isInformational() && head.status() != 101) continue;
        finalResponses++;
        BodyFraming.Kind kind = writer.framing().kind();
        if (kind != BodyFraming.Kind.NONE && kind != BodyFraming.Kind.TUNNEL) {
          writer.writeBody(m.body(), wire);
        }
        if (kind != BodyFraming.Kind.TUNNEL) writer.writeEnd(m.trailers(), wire);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (IllegalArgumentException e) {
      // Framing fields the parser reads or ignores (a recipient is lenient) but a sender must not
      // write: in trailers or on a bodiless status (RFC 9110 sections 6.5.1, 8.6), a
      // Transfer-Encoding the writer cannot frame (RFC 9112 section 6.1, read until the close),
      // a Content-Length that is not a number on a response that has no body anyway.
      assertThat(e.getMessage()).containsAnyOf("is not allowed in trailers", "Content-Length",
          "Transfer-Encoding");
      return;
    }
    Http1Parser parser = Http1Parser.forResponses();
    for (int i = 0; i < 4; i++) parser.expectResponseTo(method);
    Run again = run(parser, wire.toByteArray(), true);
    assertThat(again.error()).isNull();
    assertThat(again.messages()).hasSameSizeAs(written);
    for (int i = 0; i < written.size(); i++) {
      assertThat(again.messages().get(i).head()).isEqualTo(written.get(i).head());
      assertThat(again.messages().get(i).body()).isEqualTo(written.get(i).body());
      assertThat(again.messages().get(i).trailers()).isEqualTo(written.get(i).trailers());
    }
  }

  /** Identical Content-Length lines or list elements, which we read, become one line to write. */
  private static RequestHead normaliseContentLength(RequestHead head) {
    Headers headers = normaliseContentLength(head.headers());
    return headers == head.headers() ? head
        : new RequestHead(head.method(), head.target(), head.version(), headers);
  }

  private static Headers normaliseContentLength(Headers headers) {
    List<String> values = headers.allValues("Content-Length");
    if (values.size() <= 1 && (values.isEmpty() || !values.get(0).contains(","))) return headers;
    long length;
    try {
      length = BodyFraming.contentLength(headers);
    } catch (HttpCodecException e) {
      return headers; // ignored by the parser where there is no body (HEAD, 204, 304)
    }
    Headers.Builder b = headers.newBuilder().removeAll("Content-Length");
    b.add("Content-Length", Long.toString(length));
    return b.build();
  }

  private static byte[] encodeChunked(byte[] payload, int pieces) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Http1Writer writer = Http1Writer.forResponses();
      writer.writeHead(ResponseHead.of(200, "OK", Headers.of("Transfer-Encoding", "chunked")), out);
      int headLength = out.size();
      int step = Math.max(1, payload.length / pieces);
      for (int i = 0; i < payload.length; i += step) {
        writer.writeBody(payload, i, Math.min(step, payload.length - i), out);
      }
      writer.writeEnd(out);
      byte[] all = out.toByteArray();
      return java.util.Arrays.copyOfRange(all, headLength, all.length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /**
   * A deliberately simple chunked decoder written from RFC 9112 section 7.1, to cross-check the
   * parser: the decoded body, or null when the input is not one complete chunked body (what
   * follows it is ignored). Lines are checked by plain loops over the grammar, not regular
   * expressions: a repeated group with an alternation inside recursed once per character in
   * {@code java.util.regex} and overflowed the stack on a few KiB of chunk extensions.
   */
  static final class ReferenceChunked {
    private static final String TCHAR = "!#$%&'*+-.^_`|~";

    /** RFC 9110 section 5.6.2: tchar. */
    private static boolean tchar(char c) {
      return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
          || TCHAR.indexOf(c) >= 0;
    }

    private static boolean hex(char c) {
      return c >= '0' && c <= '9' || c >= 'A' && c <= 'F' || c >= 'a' && c <= 'f';
    }

    /** VCHAR / obs-text. */
    private static boolean visible(char c) {
      return c >= 0x21 && c <= 0x7e || c >= 0x80 && c <= 0xff;
    }

    private static int skipWhitespace(String s, int i) {
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) i++;
      return i;
    }

    /** The end of a token starting at i, or -1 when there is none. */
    private static int token(String s, int i) {
      int start = i;
      while (i < s.length() && tchar(s.charAt(i))) i++;
      return i > start ? i : -1;
    }

    /** RFC 9110 section 5.6.4: the end of a quoted-string starting at i, or -1. */
    private static int quoted(String s, int i) {
      if (i >= s.length() || s.charAt(i) != '"') return -1;
      i++;
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c == '"') return i + 1;
        if (c == '\\') {
          if (i + 1 >= s.length()) return -1;
          char escaped = s.charAt(i + 1);
          if (escaped != '\t' && escaped != ' ' && !visible(escaped)) return -1;
          i += 2;
        } else if (c == '\t' || c == ' ' || visible(c)) {
          i++;
        } else {
          return -1;
        }
      }
      return -1;
    }

    /**
     * RFC 9112 section 7.1.1: {@code chunk-size *( BWS ";" BWS name [ BWS "=" BWS value ] )},
     * the size (1 to 15 hex digits, so that it fits a long) or -1 when the line does not match.
     */
    static long sizeLine(String line) {
      int i = 0;
      while (i < line.length() && hex(line.charAt(i))) i++;
      if (i == 0 || i > 15) return -1;
      long size = Long.parseLong(line.substring(0, i), 16);
      while (i < line.length()) {
        i = skipWhitespace(line, i);
        if (i >= line.length() || line.charAt(i) != ';') return -1;
        i = token(line, skipWhitespace(line, i + 1));
        if (i < 0) return -1;
        int afterName = skipWhitespace(line, i);
        if (afterName < line.length() && line.charAt(afterName) == '=') {
          int value = skipWhitespace(line, afterName + 1);
          i = value < line.length() && line.charAt(value) == '"' ? quoted(line, value) : token(line, value);
          if (i < 0) return -1;
        }
      }
      return size;
    }

    /** RFC 9110 section 5.2: {@code field-name ":" OWS field-value OWS}. */
    static boolean fieldLine(String line) {
      int i = token(line, 0);
      if (i < 0 || i >= line.length() || line.charAt(i) != ':') return false;
      for (i++; i < line.length(); i++) {
        char c = line.charAt(i);
        if (c != ' ' && c != '\t' && !visible(c)) return false;
      }
      return true;
    }

    static byte[] decode(byte[] input) {
      String s = new String(input, StandardCharsets.ISO_8859_1);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int at = 0;
      while (true) {
        int crlf = s.indexOf("\r\n", at);
        if (crlf < 0) return null;
        long size = sizeLine(s.substring(at, crlf));
        if (size < 0) return null;
        at = crlf + 2;
        if (size == 0) break;
        if (s.length() - at < size + 2) return null;
        out.writeBytes(s.substring(at, at + (int) size).getBytes(StandardCharsets.ISO_8859_1));
        at += (int) size;
        if (!s.startsWith("\r\n", at)) return null;
        at += 2;
      }
      int fields = 0;
      while (true) {
        int crlf = s.indexOf("\r\n", at);
        if (crlf < 0) return null;
        String line = s.substring(at, crlf);
        at = crlf + 2;
        if (line.isEmpty()) return out.toByteArray();
        if (!fieldLine(line)) return null;
        if (++fields > (1 << 20)) return null;
      }
    }
  }
}

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
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  /** Identical Content-Length lines or list elements, which we read, become one line to write. */
  private static RequestHead normaliseContentLength(RequestHead head) {
    List<String> values = head.headers().allValues("Content-Length");
    if (values.size() <= 1 && (values.isEmpty() || !values.get(0).contains(","))) return head;
    long length = BodyFraming.contentLength(head.headers());
    Headers.Builder b = head.headers().newBuilder().removeAll("Content-Length");
    b.add("Content-Length", Long.toString(length));
    return new RequestHead(head.method(), head.target(), head.version(), b.build());
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
   * A deliberately simple chunked decoder written from RFC 9112 section 7.1 with regular
   * expressions, to cross-check the parser: the decoded body, or null when the input is not one
   * complete chunked body (what follows it is ignored).
   */
  static final class ReferenceChunked {
    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final String QUOTED =
        "\"(?:[\\t \\x21\\x23-\\x5b\\x5d-\\x7e\\x80-\\xff]|\\\\[\\t \\x21-\\x7e\\x80-\\xff])*\"";
    private static final Pattern SIZE_LINE = Pattern.compile("([0-9A-Fa-f]{1,15})((?:[ \\t]*;[ \\t]*"
        + TOKEN + "(?:[ \\t]*=[ \\t]*(?:" + TOKEN + "|" + QUOTED + "))?)*)");
    private static final Pattern FIELD_LINE = Pattern.compile(
        TOKEN + ":[ \\t]*(?:[\\x21-\\x7e\\x80-\\xff](?:[\\t \\x21-\\x7e\\x80-\\xff]*[\\x21-\\x7e\\x80-\\xff])?)?[ \\t]*");
    private static final Set<Character> NONE = Set.of();

    static byte[] decode(byte[] input) {
      String s = new String(input, StandardCharsets.ISO_8859_1);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int at = 0;
      while (true) {
        int crlf = s.indexOf("\r\n", at);
        if (crlf < 0) return null;
        Matcher m = SIZE_LINE.matcher(s.substring(at, crlf));
        if (!m.matches()) return null;
        long size = Long.parseLong(m.group(1), 16);
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
        if (!FIELD_LINE.matcher(line).matches()) return null;
        if (++fields > (1 << 20)) return null;
      }
    }
  }
}

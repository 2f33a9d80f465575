package dev.courier.http.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.courier.http.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

/**
 * Runs the llhttp fixture suite against {@link Http1Parser}: level 1 (accept or reject) and level
 * 2 (method, target, version, status, fields, body, trailers and message count rebuilt from the
 * llhttp log). Cases where Courier deliberately differs are listed, with the RFC argument, in
 * {@code conformance/llhttp-md/DEVIATIONS.md}; for those the test asserts Courier's documented
 * result instead. Cases testing llhttp's lenient flags, its URL splitter or body skipping in a
 * request parser have no counterpart here and are reported as skipped, with the reason.
 */
class LlhttpConformanceTest {
  private static final Pattern LINE = Pattern.compile("^off=\\S+ (?:len=\\d+ )?(.*)$");
  private static final Pattern SPAN = Pattern.compile("^span\\[([a-z_.]+)\\]=(.*)$");
  private static final Pattern STATUS = Pattern.compile("status=(\\d+)");
  private static final Pattern ERROR = Pattern.compile("^error code=\\d+ reason=\"(.*)\"$");
  private static final Pattern FINISH = Pattern.compile("^finish=(\\d+)$");

  /** A message rebuilt from either side. */
  static final class Message {
    String method = "";
    String url = "";
    String version = "";
    int status = -1;
    final List<String[]> headers = new ArrayList<>();
    final List<String[]> trailers = new ArrayList<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    boolean headersDone;
    boolean complete;

    String describe() {
      StringBuilder s = new StringBuilder(method + " " + url + " " + version + " " + status);
      for (String[] h : headers) s.append("\n  ").append(h[0]).append(": ").append(h[1]);
      s.append("\n  body=").append(body.toString(StandardCharsets.ISO_8859_1));
      for (String[] h : trailers) s.append("\n  trailer ").append(h[0]).append(": ").append(h[1]);
      return s.append("\n  complete=").append(complete).toString();
    }
  }

  /** What the llhttp log says happened. */
  record Expected(List<Message> messages, String error, Integer finish) {
    boolean rejected() {
      // llhttp_finish: 0 safe, 1 safe after completing an EOF-delimited message, 2 unsafe.
      return (error != null && !error.startsWith("Pause")) || (finish != null && finish >= 2);
    }

    boolean pausedForUpgrade() {
      return error != null && error.startsWith("Pause on");
    }
  }

  /** What our parser did. */
  record Actual(List<Message> messages, HttpCodecException error, String end) {
    Actual(List<Message> messages, HttpCodecException error) {
      this(messages, error, error != null ? "error" : "need more data");
    }
  }

  /** A documented deviation: our result for one case. */
  record Deviation(String id, String result) {}

  private static final Map<String, Deviation> DEVIATIONS = readDeviations();

  /**
   * The exact messages for each deviation documented as "accept": method, target, version,
   * status, fields, body, whether it completed, and where parsing ended. D2 (data after close)
   * must stop at {@code Closed} with the pipelined bytes left unread (RFC 9112 section 9.6); D7
   * (LF-only lines in a response) must read each status, field and body as if the lines ended
   * in CRLF (RFC 9112 section 2.2). A body delimited by the close stays incomplete here because
   * these cases never send the end of input. In "Only LFs present" the input ends in a backslash:
   * the suite's normalisation drops the last newline before joining continued lines.
   */
  private static final Map<String, String> ACCEPTED = Map.ofEntries(
      Map.entry("request/connection.md#No restart when keep-alive is off (1.0)",
          "PUT /url 1.0 -1\n"
          + "  body=\n"
          + "  complete=true\n"
          + "\n"
          + "end: Closed, 21 bytes unread"),
      Map.entry("request/connection.md#CRLF between requests, explicit `close`",
          "POST / 1.1 -1\n"
          + "  Host: www.example.com\n"
          + "  Content-Type: application/x-www-form-urlencoded\n"
          + "  Content-Length: 4\n"
          + "  Connection: close\n"
          + "  body=q=42\n"
          + "  complete=true\n"
          + "\n"
          + "end: Closed, 18 bytes unread"),
      Map.entry("request/connection.md#CRLF between requests, explicit `close` followed by tab",
          "POST / 1.1 -1\n"
          + "  Host: www.example.com\n"
          + "  Content-Type: application/x-www-form-urlencoded\n"
          + "  Content-Length: 4\n"
          + "  Connection: close\n"
          + "  body=q=42\n"
          + "  complete=true\n"
          + "\n"
          + "end: Closed, 18 bytes unread"),
      Map.entry("request/invalid.md#HTTP protocol and ANNOUNCE method",
          "ANNOUNCE /music/sweet/music 1.0 -1\n"
          + "  Host: example.com\n"
          + "  body=\n"
          + "  complete=true\n"
          + "\n"
          + "end: Closed, 0 bytes unread"),
      Map.entry("request/invalid.md#Invalid method",
          "MKCOLA / 1.1 -1\n"
          + "  Host: llhttp.test\n"
          + "  body=\n"
          + "  complete=true\n"
          + "\n"
          + "end: need more data"),
      Map.entry("response/connection.md#HTTP/1.1 with keep-alive disabled and 204 status",
          "  1.1 204\n"
          + "  Connection: close\n"
          + "  body=\n"
          + "  complete=true\n"
          + "\n"
          + "end: Closed, 15 bytes unread"),
      Map.entry("response/connection.md#HTTP/1.1 with keep-alive disabled, content-length",
          "  1.1 200\n"
          + "  Content-Length: 5\n"
          + "  Connection: close\n"
          + "  body=2ad73\n"
          + "  complete=true\n"
          + "\n"
          + "end: Closed, 31 bytes unread"),
      Map.entry("response/invalid.md#Only LFs present and no body",
          "  1.1 200\n"
          + "  Content-Length: 0\n"
          + "  body=\n"
          + "  complete=true\n"
          + "\n"
          + "end: need more data"),
      Map.entry("response/invalid.md#Only LFs present",
          "  1.1 200\n"
          + "  Foo: abc\n"
          + "  Bar: def\n"
          + "  body=BODY\n"
          + "\\\n"
          + "  complete=false\n"
          + "\n"
          + "end: need more data"),
      Map.entry("response/sample.md#No carriage ret",
          "  1.1 200\n"
          + "  Content-Type: text/html; charset=utf-8\n"
          + "  Connection: close\n"
          + "  body=these headers are from http://news.ycombinator.com/\n"
          + "  complete=false\n"
          + "\n"
          + "end: need more data"));
  private static final java.util.Map<String, Integer> TALLY = new java.util.TreeMap<>();

  private static void tally(String outcome) {
    synchronized (TALLY) {
      TALLY.merge(outcome, 1, Integer::sum);
    }
  }

  /** Prints the pass counts for the report: same as llhttp, documented deviation, skipped. */
  @org.junit.jupiter.api.AfterAll
  static void printTally() {
    System.out.println("llhttp-md conformance: " + TALLY);
  }

  @TestFactory
  Stream<DynamicTest> llhttpFixtures() {
    return LlhttpFixtures.all().stream()
        .map(c -> DynamicTest.dynamicTest(c.id(), () -> {
          try {
            run(c);
          } catch (TestAbortedException e) {
            tally("skipped");
            throw e;
          } catch (AssertionError e) {
            tally("failed");
            throw new AssertionError(c.id() + ": " + e.getMessage(), e);
          }
        }));
  }

  @Test
  void everyDeviationNamesAnExistingCase() {
    List<String> ids = LlhttpFixtures.all().stream().map(LlhttpFixtures.Case::id).toList();
    assertThat(ids).containsAll(DEVIATIONS.keySet());
    assertThat(ACCEPTED.keySet()).as("exact messages for each deviation documented as accept")
        .containsExactlyInAnyOrderElementsOf(DEVIATIONS.values().stream()
            .filter(d -> d.result().startsWith("accept")).map(Deviation::id).toList());
    assertThat(ids).hasSize(272);
  }

  static void run(LlhttpFixtures.Case c) {
    String type = c.type();
    if (c.blockType().equals("url")) {
      throw new TestAbortedException("URL splitting cases test llhttp's URL callback API; the"
          + " codec keeps the request-target whole (dev.courier.http.Url parses URLs)");
    }
    boolean finish = type.endsWith("-finish");
    String base = finish ? type.substring(0, type.length() - "-finish".length()) : type;
    if (!base.equals("request") && !base.equals("response")) {
      throw new TestAbortedException("lenient llhttp mode " + type + ": Courier has no such knob");
    }
    boolean requests = base.equals("request");
    boolean skipBody = c.meta().path("skipBody").asBoolean(false);
    if (skipBody && requests) {
      throw new TestAbortedException("skipBody in a request parser is an llhttp callback feature");
    }
    Expected expected = expected(c.log());
    int stopAfter = expected.pausedForUpgrade() ? expected.messages().size() : Integer.MAX_VALUE;
    byte[] input = c.input();
    Actual actual = parse(input, requests, skipBody, finish, stopAfter, expected.rejected());
    Deviation deviation = DEVIATIONS.get(c.id());
    if (deviation != null && deviation.result().contains("with Host added")
        && actual.error() != null && actual.error().getMessage().contains(MISSING_HOST)) {
      actual = parse(withHost(input), requests, skipBody, finish, stopAfter, expected.rejected());
    }
    if (deviation != null) {
      assertDeviation(deviation, actual);
      if (!deviation.result().contains(MISSING_HOST)) {
        tally("deviation (documented, asserted)");
        return;
      }
    }
    if (actual.error() != null && actual.error().getMessage().contains(MISSING_HOST)) {
      // Courier requires Host in HTTP/1.1 (RFC 9112 section 3.2), llhttp does not look. Check
      // everything else on the same input with a Host field added after the start line.
      if (deviation == null && !expected.rejected()) {
        fail("rejected for missing Host but not listed in DEVIATIONS.md");
      }
      input = withHost(input);
      actual = parse(input, requests, skipBody, finish, stopAfter, expected.rejected());
      actual = new Actual(withoutAddedHost(actual.messages()), actual.error());
    }
    String how = deviation != null ? "same as llhttp once Host is added (D1)" : "same as llhttp";
    if (expected.rejected()) {
      if (actual.error() == null) {
        fail("llhttp rejects (" + expected.error() + ") but Courier accepted:\n"
            + describe(actual.messages()));
      }
      tally(how + ", rejected");
      return;
    }
    if (actual.error() != null) {
      throw new AssertionError("llhttp accepts but Courier rejected: " + actual.error().status()
          + " " + actual.error().getMessage(), actual.error());
    }
    compare(expected.messages(), actual.messages(), requests);
    tally(how + ", accepted, fields and bodies equal");
  }

  private static void assertDeviation(Deviation deviation, Actual actual) {
    String result = deviation.result();
    if (result.startsWith("accept")) {
      if (actual.error() != null) {
        throw new AssertionError("documented as accepted, but: " + actual.error().getMessage(),
            actual.error());
      }
      String expected = ACCEPTED.get(deviation.id());
      assertThat(expected).as("exact messages for accepted %s", deviation.id()).isNotNull();
      assertThat(describe(actual.messages()) + "\nend: " + actual.end()).isEqualTo(expected);
      return;
    }
    Matcher m = Pattern.compile("^reject (\\d{3}) \"(.*)\"( with Host added)?$").matcher(result);
    assertThat(m.matches()).as("deviation result syntax: %s", result).isTrue();
    if (actual.error() == null) {
      fail("documented as rejected (" + result + ") but accepted:\n" + describe(actual.messages()));
    }
    assertThat(actual.error().status()).isEqualTo(Integer.parseInt(m.group(1)));
    assertThat(actual.error().getMessage()).contains(m.group(2));
  }

  private static void compare(List<Message> expected, List<Message> actual, boolean requests) {
    String context = "llhttp:\n" + describe(expected) + "\ncourier:\n" + describe(actual);
    int headed = 0;
    for (Message m : expected) if (m.headersDone) headed++;
    assertThat(actual.size()).as(context).isGreaterThanOrEqualTo(headed);
    for (int i = 0; i < expected.size(); i++) {
      Message e = expected.get(i);
      if (!e.headersDone) continue;
      Message a = actual.get(i);
      if (requests) {
        assertThat(a.method).as(context).isEqualTo(e.method);
        assertThat(a.url).as(context).isEqualTo(e.url);
      } else {
        assertThat(a.status).as(context).isEqualTo(e.status);
      }
      assertThat(a.version).as(context).isEqualTo(e.version);
      assertFields(context, a.headers, e.headers);
      assertFields(context, a.trailers, e.trailers);
      assertThat(a.body.toByteArray()).as(context).isEqualTo(e.body.toByteArray());
      assertThat(a.complete).as(context).isEqualTo(e.complete);
    }
    long completed = expected.stream().filter(m -> m.complete).count();
    assertThat(actual.stream().filter(m -> m.complete).count()).as(context).isEqualTo(completed);
  }

  /**
   * The llhttp log renders field bytes sometimes as UTF-8 text and sometimes one char per byte;
   * a value matches when its bytes equal either reading of the logged text.
   */
  private static void assertFields(String context, List<String[]> actual, List<String[]> expected) {
    assertThat(actual.size()).as(context).isEqualTo(expected.size());
    for (int i = 0; i < actual.size(); i++) {
      assertThat(actual.get(i)[0]).as(context).isEqualTo(expected.get(i)[0]);
      String value = actual.get(i)[1];
      String logged = expected.get(i)[1];
      String asLatin1 = new String(logged.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
      assertThat(value.equals(logged) || value.equals(
          new String(asLatin1.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))
          || new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)
              .equals(new String(logged.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8))
          || value.equals(new String(logged.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)))
          .as(context + "\nfield " + i + ": " + value + " vs " + logged).isTrue();
    }
  }

  private static List<String> flatten(List<String[]> fields) {
    return fields.stream().map(f -> f[0] + ": " + f[1]).toList();
  }

  static final String MISSING_HOST = "request without Host";
  private static final String ADDED_HOST = "llhttp.test";

  private static final Pattern REQUEST_LINE =
      Pattern.compile("(?m)^([A-Z][A-Z-]* [^ \\r\\n]+ HTTP/1\\.1\\r\\n)");

  /** The input with {@code Host: llhttp.test} after each HTTP/1.1 request line. */
  static byte[] withHost(byte[] input) {
    String s = new String(input, StandardCharsets.ISO_8859_1);
    return REQUEST_LINE.matcher(s).replaceAll("$1Host: " + ADDED_HOST + "\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  private static List<Message> withoutAddedHost(List<Message> messages) {
    for (Message m : messages) {
      m.headers.removeIf(h -> h[0].equals("Host") && h[1].equals(ADDED_HOST));
    }
    return messages;
  }

  /**
   * Parses {@code input}. llhttp reports some errors as soon as a field line arrives, while
   * Courier checks framing once the head is complete; so when llhttp rejects and the input ends
   * inside a head, {@code completeHead} feeds up to two CRLFs to end it, and the check happens.
   */
  static Actual parse(byte[] input, boolean requests, boolean skipBody, boolean finish,
      int stopAfter, boolean completeHead) {
    Http1Parser parser = requests ? Http1Parser.forRequests() : Http1Parser.forResponses();
    if (skipBody) for (int i = 0; i < 8; i++) parser.expectResponseTo("HEAD");
    List<Message> messages = new ArrayList<>();
    parser.feed(input);
    boolean ended = false;
    int completions = 0;
    try {
      Message current = null;
      int completed = 0;
      while (completed < stopAfter) {
        HttpEvent event = parser.next();
        switch (event) {
          case RequestHead h -> {
            current = new Message();
            current.method = h.method();
            current.url = h.target();
            current.version = versionText(h.version());
            addAll(current.headers, h.headers());
            current.headersDone = true;
            messages.add(current);
          }
          case ResponseHead h -> {
            current = new Message();
            current.status = h.status();
            current.version = versionText(h.version());
            addAll(current.headers, h.headers());
            current.headersDone = true;
            messages.add(current);
            if (h.isInformational() && h.status() != 101) {
              current.complete = true;
              completed++;
            }
          }
          case BodyChunk b -> current.body.writeBytes(b.data());
          case Trailers t -> addAll(current.trailers, t.headers());
          case EndOfMessage e -> {
            current.complete = true;
            completed++;
          }
          case NeedMoreData n -> {
            if (completeHead && completions < 2 && !parser.isIdle()
                && (current == null || current.complete)) {
              parser.feed(new byte[] {'\r', '\n'});
              completions++;
              continue;
            }
            if (!finish || ended) return new Actual(messages, null);
            parser.endOfInput();
            ended = true;
          }
          case Closed closed -> {
            // RFC 9112 section 9.6: after close nothing more is read; what was sent is left.
            return new Actual(messages, null, "Closed, " + parser.buffered() + " bytes unread");
          }
        }
      }
      return new Actual(messages, null);
    } catch (HttpCodecException e) {
      return new Actual(messages, e);
    }
  }

  private static String versionText(HttpVersion version) {
    return version == HttpVersion.HTTP_1_0 ? "1.0" : "1.1";
  }

  private static void addAll(List<String[]> out, Headers headers) {
    for (int i = 0; i < headers.size(); i++) {
      out.add(new String[] {headers.name(i), headers.value(i)});
    }
  }

  static Expected expected(List<String> log) {
    List<Message> messages = new ArrayList<>();
    Message current = null;
    String error = null;
    Integer finish = null;
    String lastSpan = "";
    List<String> valuePieces = null;
    for (String raw : log) {
      Matcher line = LINE.matcher(raw);
      if (!line.matches()) throw new IllegalStateException("unreadable log line: " + raw);
      String event = line.group(1);
      Matcher span = SPAN.matcher(event);
      Matcher err = ERROR.matcher(event);
      Matcher fin = FINISH.matcher(event);
      if (event.equals("message begin")) {
        current = new Message();
        messages.add(current);
        lastSpan = "";
      } else if (span.matches()) {
        String kind = span.group(1);
        String value = spanValue(span.group(2));
        switch (kind) {
          case "method" -> current.method += value;
          case "url" -> current.url += value;
          case "version" -> current.version += value;
          case "header_field" -> {
            List<String[]> target = current.headersDone ? current.trailers : current.headers;
            if (lastSpan.equals("header_field")) {
              String[] last = target.get(target.size() - 1);
              last[0] += value;
            } else {
              valuePieces = new ArrayList<>();
              target.add(new String[] {value, ""});
            }
          }
          case "header_value" -> {
            List<String[]> target = current.headersDone ? current.trailers : current.headers;
            if (lastSpan.equals("header_value")) {
              valuePieces.set(valuePieces.size() - 1, valuePieces.get(valuePieces.size() - 1) + value);
            }
            if (!lastSpan.equals("header_value")) valuePieces.add(value);
            target.get(target.size() - 1)[1] = foldValue(valuePieces);
          }
          case "body" -> current.body.writeBytes(value.getBytes(StandardCharsets.ISO_8859_1));
          default -> { }
        }
        lastSpan = kind;
      } else if (event.startsWith("headers complete")) {
        current.headersDone = true;
        Matcher status = STATUS.matcher(event);
        if (status.find()) current.status = Integer.parseInt(status.group(1));
        lastSpan = "";
      } else if (event.equals("message complete")) {
        current.complete = true;
        lastSpan = "";
      } else if (err.matches()) {
        error = err.group(1);
      } else if (fin.matches()) {
        finish = Integer.parseInt(fin.group(1));
        if (finish == 1 && current != null) current.complete = true;
      } else if (event.endsWith("complete") && !event.startsWith("header_value")) {
        // method/url/protocol/version/status/header_field complete: spans of one kind end here
        if (!event.startsWith("header_field")) lastSpan = "";
      } else if (event.startsWith("header_value complete")) {
        lastSpan = "value-done";
      }
    }
    return new Expected(messages, error, finish);
  }

  /**
   * llhttp reports the pieces of an obs-folded value separately and keeps trailing whitespace;
   * RFC 9112 Section 5.2 has a user agent replace each fold by SP, and RFC 9110 Section 5.5 makes
   * surrounding OWS not part of the value. Applies both.
   */
  static String foldValue(List<String> pieces) {
    List<String> kept = new ArrayList<>();
    for (String piece : pieces) {
      String trimmed = piece.strip();
      if (!trimmed.isEmpty()) kept.add(trimmed);
    }
    return String.join(" ", kept);
  }

  private static String spanValue(String raw) {
    if (raw.startsWith("\"")) {
      // The log is UTF-8 text; Courier hands field bytes over one char per byte (ISO-8859-1).
      String text = raw.substring(1, raw.length() - 1);
      return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
    return switch (raw) {
      case "cr" -> "\r";
      case "lf" -> "\n";
      case "crlf" -> "\r\n";
      default -> throw new IllegalStateException("unknown span value " + raw);
    };
  }

  private static String describe(List<Message> messages) {
    StringBuilder s = new StringBuilder();
    for (Message m : messages) s.append(m.describe()).append('\n');
    return s.toString();
  }

  static Map<String, Deviation> readDeviations() {
    Map<String, Deviation> map = new LinkedHashMap<>();
    try (InputStream in = LlhttpConformanceTest.class.getResourceAsStream(
        LlhttpFixtures.ROOT + "DEVIATIONS.md")) {
      if (in == null) return map;
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String[] cells = line.split(" \\| ");
        if (cells.length < 4 || !cells[0].contains(".md#")) continue;
        String id = cells[0].substring(2).trim();
        String result = cells[2].trim();
        if (result.startsWith("`") && result.endsWith("`")) {
          result = result.substring(1, result.length() - 1);
        }
        map.put(id, new Deviation(id, result));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return map;
  }
}

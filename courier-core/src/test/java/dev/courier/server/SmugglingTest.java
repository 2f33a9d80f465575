package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every request-smuggling and malformed-head shape (RFC 9112, Sections 2.2, 5, 6.1, 6.3 and
 * 11.2; the rules and statuses are listed in {@code http/wire/package-info.java}) sent over a raw
 * socket: each gets its status, then the connection closes, and the bytes after the error are
 * never served as a request.
 */
class SmugglingTest {
  static HttpServer server;
  static final List<String> seen = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    // HTTP/1.1 framing only: with HTTP/2 on, the h2c preface starts HTTP/2 instead, and what
    // follows it is refused as frames (H2ConformanceTest, section 3.4 cases).
    server = HttpServer.builder().bind("127.0.0.1").port(0).http2(false).handler(r -> {
      seen.add(r.method() + " " + r.path());
      r.bodyBytes();
      return ServerResponse.ok("seen " + r.path());
    }).start();
  }

  @AfterAll
  static void stop() {
    server.stop(Duration.ofSeconds(1));
  }

  @BeforeEach
  void clear() {
    seen.clear();
  }

  static final String CANARY = "GET /canary HTTP/1.1\r\nHost: a\r\n\r\n";

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("CL.TE", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGPOST / HTTP/1.1\r\nHost: a\r\n\r\n", java.util.List.of(400)),
        Arguments.of("TE.CL", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n5c\r\nGPOST / HTTP/1.1\r\n\r\n0\r\n\r\n", java.util.List.of(400)),
        Arguments.of("duplicate CL 1,0", "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 0\r\n\r\nZ" + CANARY, java.util.List.of(400)),
        Arguments.of("duplicate CL 0,1", "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nContent-Length: 1\r\n\r\nZ" + CANARY, java.util.List.of(400)),
        Arguments.of("CL list 1,0", "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1,0\r\n\r\nZ" + CANARY, java.util.List.of(400)),
        Arguments.of("CL plus sign", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\nhello" + CANARY, java.util.List.of(400)),
        Arguments.of("CL negative", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n" + CANARY, java.util.List.of(400)),
        Arguments.of("CL non-ASCII digits", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \u00b95\r\n\r\n" + CANARY, java.util.List.of(400)),
        Arguments.of("space before colon", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n" + CANARY, java.util.List.of(400)),
        Arguments.of("TE chunked, xchunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, xchunked\r\n\r\n0\r\n\r\n" + CANARY, java.util.List.of(400)),
        Arguments.of("TE xchunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n" + CANARY, java.util.List.of(501, 400)),
        Arguments.of("TE ,chunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: ,chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n" + CANARY, java.util.List.of(400)),
        Arguments.of("TE vtab", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\u000bchunked\r\n\r\n0\r\n\r\n" + CANARY, java.util.List.of(400)),
        Arguments.of("TE nbsp", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: \u00a0chunked\r\n\r\n0\r\n\r\n" + CANARY, java.util.List.of(400, 501)),
        Arguments.of("TE twice", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + CANARY, java.util.List.of(400)),
        Arguments.of("TE gzip (not final chunked)", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n" + CANARY, java.util.List.of(400, 501)),
        Arguments.of("TE gzip, chunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n" + CANARY, java.util.List.of(501)),
        Arguments.of("TE in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + CANARY, java.util.List.of(400)),
        Arguments.of("bad chunk size", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n" + CANARY, java.util.List.of(400)),
        Arguments.of("chunk size with plus", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n+5\r\nhello\r\n0\r\n\r\n" + CANARY, java.util.List.of(400)),
        Arguments.of("chunk size overflow", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\nhello\r\n0\r\n\r\n" + CANARY, java.util.List.of(400, 413)),
        Arguments.of("chunk data too long", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n" + CANARY, java.util.List.of(400)),
        Arguments.of("chunk bare LF terminator", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\na\r\n0123456789\n0\r\n\r\n" + CANARY, java.util.List.of(400)),
        Arguments.of("chunk ext with LF", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;a=\"b\nX\"\r\nhello\r\n0\r\n\r\n" + CANARY, java.util.List.of(400)),
        Arguments.of("chunk size CR CR", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\r;a\r\n02\r\n41\r\n0\r\n\r\n" + CANARY, java.util.List.of(400)),
        Arguments.of("bare CR in header", "GET / HTTP/1.1\r\nHost: a\r\nVisible: :/\rSmuggled: :)\r\n\r\n" + CANARY, java.util.List.of(400)),
        Arguments.of("CR line then request", "GET / HTTP/1.1\r\nHost: a\r\n\rZGET /evil: HTTP/1.1\r\nHost: a\r\n\r\n", java.util.List.of(400)),
        Arguments.of("obs-fold", "GET / HTTP/1.1\r\nHost: a\r\nX-A: one\r\n two\r\n\r\n" + CANARY, java.util.List.of(400)),
        Arguments.of("obs-fold in CL", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length:\r\n\t6\r\n\r\n123456" + CANARY, java.util.List.of(400)),
        Arguments.of("header without colon", "GET / HTTP/1.1\r\nHost: a\r\nNoColonHere\r\n\r\n" + CANARY, java.util.List.of(400)),
        Arguments.of("missing Host", "GET / HTTP/1.1\r\n\r\n" + CANARY, java.util.List.of(400)),
        Arguments.of("duplicate Host", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n" + CANARY, java.util.List.of(400)),
        Arguments.of("bad Host", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n" + CANARY, java.util.List.of(400)),
        Arguments.of("NUL in header", "GET / HTTP/1.1\r\nHost: a\r\nX: a\u0000b\r\n\r\n" + CANARY, java.util.List.of(400)),
        Arguments.of("space in target", "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n" + CANARY, java.util.List.of(400)),
        Arguments.of("authority-form GET", "GET example.com:80 HTTP/1.1\r\nHost: a\r\n\r\n" + CANARY, java.util.List.of(400)),
        Arguments.of("asterisk GET", "GET * HTTP/1.1\r\nHost: a\r\n\r\n" + CANARY, java.util.List.of(400)),
        Arguments.of("HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + CANARY, java.util.List.of(400, 505)),
        Arguments.of("HTTP/2.0", "GET / HTTP/2.0\r\nHost: a\r\n\r\n" + CANARY, java.util.List.of(505)),
        Arguments.of("lowercase version", "GET / http/1.1\r\nHost: a\r\n\r\n" + CANARY, java.util.List.of(400)),
        Arguments.of("oversize request line", "GET /" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: a\r\n\r\n" + CANARY, java.util.List.of(414)),
        Arguments.of("oversize header line", "GET / HTTP/1.1\r\nHost: a\r\nX: " + "a".repeat(70_000) + "\r\n\r\n" + CANARY, java.util.List.of(431)),
        Arguments.of("too many headers", "GET / HTTP/1.1\r\nHost: a\r\n" + manyHeaders(200) + "\r\n" + CANARY, java.util.List.of(431)),
        Arguments.of("trailer flood", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n" + manyHeaders(3000) + "\r\n" + CANARY, java.util.List.of(431, 400)));
  }

  static String manyHeaders(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) sb.append("X-H").append(i).append(": y\r\n");
    return sb.toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void answeredWithTheRightStatusThenClosed(String name, String request, List<Integer> allowed)
      throws IOException {
    String all;
    try (Raw raw = new Raw(server.port())) {
      try {
        raw.send(request);
      } catch (IOException e) {
        // the server may close while a huge request is still being written: fine
      }
      all = raw.readAll();
    }
    assertThat(all).as(name).doesNotContain("TIMEOUT");
    assertThat(all.length()).as(name + ": some answer").isGreaterThan(12);
    int got = Integer.parseInt(all.substring(9, 12));
    assertThat(got).as(name + " -> " + all.lines().findFirst().orElse("")).isIn(allowed.toArray());
    assertThat(all).as(name).contains("Connection: close");
    assertThat(all.split("\r\nServer: Courier\r\n", -1)).as(name + ": exactly one response").hasSize(2);
    assertThat(seen).as(name).noneMatch(s -> s.contains("canary") || s.contains("evil") || s.startsWith("GPOST"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void lenientButSafeShapesAreServed(String name, String request, String expectedBody) throws IOException {
    try (Raw raw = new Raw(server.port())) {
      String response = raw.send(request).readResponse();
      assertThat(response).as(name).startsWith("HTTP/1.1 200").endsWith(expectedBody);
    }
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        Arguments.of("TE CHUNKED upper case", "POST /u HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: CHUNKED\r\n\r\n5\r\nhello\r\n0\r\n\r\n", "seen /u"),
        Arguments.of("chunk extensions ignored", "POST /e HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;ilovew3;somuchlove=x\r\nhello\r\n0\r\n\r\n", "seen /e"),
        Arguments.of("trailers not merged", "POST /t HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nContent-Length: 100\r\nHost: evil\r\n\r\n", "seen /t"),
        Arguments.of("identical CL twice", "POST /d HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello", "seen /d"),
        // RFC 9110 section 6.2: a higher minor version is processed as the highest one we implement.
        Arguments.of("HTTP/1.2 as 1.1", "GET /v12 HTTP/1.2\r\nHost: a\r\n\r\n", "seen /v12"),
        Arguments.of("HTTP/1.0 without Host", "GET /old HTTP/1.0\r\n\r\n", "seen /old"));
  }
}

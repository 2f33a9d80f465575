package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.courier.http.wire.Closed;
import dev.courier.http.wire.EndOfMessage;
import dev.courier.http.wire.Http1Parser;
import dev.courier.http.wire.HttpCodecException;
import dev.courier.http.wire.HttpEvent;
import dev.courier.http.wire.NeedMoreData;
import dev.courier.http.wire.RequestHead;
import dev.courier.http.wire.ResponseHead;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes a whole server connection: arbitrary bytes (heads, bodies, pipelined requests, garbage)
 * arrive as one client's connection, sent in fuzzer-chosen pieces and then half-closed, and
 * whatever the server answers is read to the end. The invariants: the server answers within a
 * bounded time and closes; what it sends parses as a sequence of well-formed HTTP/1.1 responses,
 * one per request it read (answered in order, RFC 9112 section 9.3.2) plus at most one error
 * answer; no handler or connection failure is logged as a server error (counted by the handler:
 * the server answers a handler failure 500, which no input here may cause).
 *
 * <p>The connection goes over loopback: {@link ServerConnection} drives a real socket channel, and
 * a half-close (end of input) lets every input finish without waiting for a deadline. Without
 * {@code JAZZER_FUZZ} it replays the saved inputs in {@code
 * src/test/resources/dev/courier/server/ServerConnectionFuzzTestInputs/connection/}.
 */
class ServerConnectionFuzzTest {
  private static final AtomicInteger FAILURES = new AtomicInteger();
  private static final HttpServer SERVER = start();

  private static HttpServer start() {
    try {
      HttpServer server = HttpServer.builder()
          .bind(InetAddress.getLoopbackAddress()).port(0).daemon(true)
          .headTimeout(Duration.ofSeconds(5)).bodyTimeout(Duration.ofSeconds(5))
          .maxBodySize(64 * 1024)
          .handler(ServerConnectionFuzzTest::handle)
          .start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(Duration.ZERO)));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the body in the ways handlers do, by path; never fails on any request it is given. */
  private static ServerResponse handle(ServerRequest request) {
    try {
      String path = request.path();
      if (path.startsWith("/echo")) {
        return ServerResponse.ok(ServerResponseBody.of(request.bodyBytes()));
      }
      if (path.startsWith("/stream")) {
        // chunked, and reading the request body while the response is written
        return ServerResponse.ok(ServerResponseBody.writer(out -> {
          byte[] buf = new byte[512];
          InputStream in = request.body();
          for (int n; (n = in.read(buf)) > 0; ) out.write(buf, 0, n);
          out.write("end".getBytes(StandardCharsets.US_ASCII));
        }));
      }
      if (path.startsWith("/form")) {
        String type = request.header("Content-Type").orElse("");
        String boundary = MultipartForm.param(type, "boundary");
        if (boundary != null && !boundary.isEmpty() && boundary.length() <= MultipartForm.MAX_BOUNDARY) {
          try {
            return ServerResponse.ok("parts: " + MultipartForm.parse(request.bodyBytes(), boundary).size());
          } catch (IllegalArgumentException e) {
            throw new HttpResponseException(400, "malformed multipart body: " + e.getMessage()); // as HttpBin does
          }
        }
        return ServerResponse.ok(request.queryParams().toString());
      }
      if (path.startsWith("/empty")) return ServerResponse.of(204);
      return ServerResponse.ok(request.method() + " " + request.url()); // the body is drained by the server
    } catch (HttpResponseException e) {
      throw e; // answered 4xx by the server: a refusal, not a failure
    } catch (UncheckedIOException | HttpCodecException e) {
      throw e; // the body broke (framing, limit, timeout, end of input): the server's to answer
    } catch (RuntimeException e) {
      FAILURES.incrementAndGet();
      throw e;
    }
  }

  @FuzzTest(maxDuration = "30s")
  @Timeout(value = 20, unit = TimeUnit.SECONDS) // per input while fuzzing: a hang is a finding
  void connection(FuzzedDataProvider data) throws IOException {
    int piece = data.consumeInt(1, 512);
    byte[] input = data.consumeRemainingAsBytes();
    int failuresBefore = FAILURES.get();
    byte[] answer;
    // Jazzer's SSRF detector watches sockets: this target's own connection to its server is meant.
    try (var allowed = BugDetectors.allowNetworkConnections((host, port) -> port == SERVER.port())) {
      LoopbackExchange.Answer a =
          LoopbackExchange.send(SERVER.port(), new byte[0], input, piece, Duration.ofSeconds(15), 16 << 20);
      assertThat(a.timedOut()).as("the server neither answered nor closed in time").isFalse();
      answer = a.bytes();
    }
    List<String> methods = requestMethods(input);
    List<Integer> statuses = responses(answer, methods);
    // One answer per request read, plus at most one for the error or timeout that ended it.
    assertThat(statuses.size()).isLessThanOrEqualTo(methods.size() + 1);
    assertThat(statuses).doesNotContain(500);
    assertThat(FAILURES.get()).isEqualTo(failuresBefore);
  }

  /** The methods of the requests the server can have read, in order (the same parser and limits). */
  private static List<String> requestMethods(byte[] input) {
    Http1Parser parser = Http1Parser.forRequests(SERVER_LIMITS);
    parser.feed(input);
    parser.endOfInput();
    List<String> methods = new ArrayList<>();
    try {
      while (true) {
        HttpEvent event = parser.next();
        if (event instanceof RequestHead head) methods.add(head.method());
        if (event instanceof Closed || event instanceof NeedMoreData) break;
        if (event instanceof RequestHead head && (parser.isTunnel() || head.method().equals("CONNECT"))) break;
      }
    } catch (HttpCodecException e) {
      // the server answers this error too: counted as the extra answer
    }
    return methods;
  }

  private static final dev.courier.http.wire.Limits SERVER_LIMITS =
      dev.courier.http.wire.Limits.defaults().withMaxBodySize(64 * 1024);

  /** Parses the answer as responses to {@code methods} in order; fails on any malformed byte. */
  private static List<Integer> responses(byte[] answer, List<String> methods) {
    Http1Parser parser = Http1Parser.forResponses();
    for (String method : methods) parser.expectResponseTo(method);
    // the error answer after the last request read, if any, is to no request: read like GET's
    for (int i = 0; i < 2; i++) parser.expectResponseTo("GET");
    parser.feed(answer);
    parser.endOfInput();
    List<Integer> statuses = new ArrayList<>();
    try {
      while (true) {
        HttpEvent event = parser.next();
        if (event instanceof ResponseHead head && !head.isInformational()) statuses.add(head.status());
        if (event instanceof Closed) return statuses;
        if (event instanceof NeedMoreData) return statuses;
        if (event instanceof EndOfMessage && !parser.keepAlive()) {
          assertThat(parser.buffered()).as("bytes after a response that closes the connection").isZero();
        }
      }
    } catch (HttpCodecException e) {
      // A response cut short is how a server says a streamed body failed (RFC 9112 section 8):
      // fine, as long as every byte before the cut was well-formed.
      if (!wellFormedPrefix(answer, methods)) {
        throw new AssertionError("malformed answer after " + statuses + ": "
            + new String(answer, StandardCharsets.ISO_8859_1), e);
      }
      return statuses;
    }
  }

  /** True when {@code answer} is well-formed responses, the last one possibly cut short. */
  private static boolean wellFormedPrefix(byte[] answer, List<String> methods) {
    Http1Parser parser = Http1Parser.forResponses();
    for (String method : methods) parser.expectResponseTo(method);
    for (int i = 0; i < 2; i++) parser.expectResponseTo("GET");
    parser.feed(answer);
    try {
      while (true) {
        HttpEvent event = parser.next();
        if (event instanceof NeedMoreData || event instanceof Closed) return true;
      }
    } catch (HttpCodecException e) {
      return false;
    }
  }
}

package dev.courier.bench;

import dev.courier.http.wire.EndOfMessage;
import dev.courier.http.wire.Http1Parser;
import dev.courier.http.wire.HttpEvent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parsing speed of {@link Http1Parser}: a typical browser request head and a typical JSON
 * response head, each fed whole and read up to {@link EndOfMessage}. "fresh" makes a parser per
 * message (a new connection), "keepAlive" reuses one parser (requests on one connection).
 *
 * <pre>
 * java -jar courier-bench/target/benchmarks.jar Http1ParserBenchmark -prof gc
 * </pre>
 *
 * Messages per second is the score (ops/s); bytes allocated per message is {@code
 * gc.alloc.rate.norm} in the {@code -prof gc} output.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class Http1ParserBenchmark {
  /** What Chrome sends for a page load over HTTP/1.1 (about 700 bytes). */
  static final byte[] BROWSER_REQUEST = ("GET /docs/index.html?lang=en&page=2 HTTP/1.1\r\n"
      + "Host: www.example.com\r\n"
      + "Connection: keep-alive\r\n"
      + "sec-ch-ua: \"Chromium\";v=\"124\", \"Google Chrome\";v=\"124\", \"Not-A.Brand\";v=\"99\"\r\n"
      + "sec-ch-ua-mobile: ?0\r\n"
      + "sec-ch-ua-platform: \"Linux\"\r\n"
      + "Upgrade-Insecure-Requests: 1\r\n"
      + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
      + "Chrome/124.0.0.0 Safari/537.36\r\n"
      + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
      + "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7\r\n"
      + "Sec-Fetch-Site: same-origin\r\n"
      + "Sec-Fetch-Mode: navigate\r\n"
      + "Sec-Fetch-User: ?1\r\n"
      + "Sec-Fetch-Dest: document\r\n"
      + "Referer: https://www.example.com/docs/\r\n"
      + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
      + "Accept-Language: en-GB,en-US;q=0.9,en;q=0.8\r\n"
      + "Cookie: session=7f3c9a1e2b4d6f80; theme=dark; _ga=GA1.1.1234567890.1700000000\r\n"
      + "\r\n").getBytes(StandardCharsets.ISO_8859_1);

  /** What a JSON API answers (about 330 bytes of head). */
  static final byte[] JSON_RESPONSE = ("HTTP/1.1 200 OK\r\n"
      + "Date: Sun, 22 Nov 2026 00:00:00 GMT\r\n"
      + "Content-Type: application/json; charset=utf-8\r\n"
      + "Content-Length: 0\r\n"
      + "Connection: keep-alive\r\n"
      + "Cache-Control: no-cache, no-store, must-revalidate\r\n"
      + "Vary: Accept-Encoding, Origin\r\n"
      + "ETag: W/\"5d-1a2b3c4d5e6f\"\r\n"
      + "X-Request-Id: 0b6e2c8f-3d4a-4f1e-9a7b-2c5d8e1f0a3b\r\n"
      + "Strict-Transport-Security: max-age=63072000; includeSubDomains\r\n"
      + "\r\n").getBytes(StandardCharsets.ISO_8859_1);

  private Http1Parser requestParser;
  private Http1Parser responseParser;

  @Setup(Level.Iteration)
  public void setUp() {
    requestParser = Http1Parser.forRequests();
    responseParser = Http1Parser.forResponses();
  }

  @Benchmark
  public void browserRequestFresh(Blackhole bh) {
    readMessage(Http1Parser.forRequests(), BROWSER_REQUEST, bh);
  }

  @Benchmark
  public void browserRequestKeepAlive(Blackhole bh) {
    readMessage(requestParser, BROWSER_REQUEST, bh);
  }

  @Benchmark
  public void jsonResponseFresh(Blackhole bh) {
    readMessage(Http1Parser.forResponses(), JSON_RESPONSE, bh);
  }

  @Benchmark
  public void jsonResponseKeepAlive(Blackhole bh) {
    readMessage(responseParser, JSON_RESPONSE, bh);
  }

  private static void readMessage(Http1Parser parser, byte[] bytes, Blackhole bh) {
    parser.feed(bytes, 0, bytes.length);
    HttpEvent event;
    while (!((event = parser.next()) instanceof EndOfMessage)) bh.consume(event);
  }
}

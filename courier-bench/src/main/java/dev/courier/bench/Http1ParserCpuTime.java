package dev.courier.bench;

import dev.courier.http.wire.EndOfMessage;
import dev.courier.http.wire.Http1Parser;
import java.lang.management.ManagementFactory;
import java.util.function.Supplier;

/**
 * CPU time and heap bytes per parsed message, measured with the thread's own CPU clock so that
 * the figures hold on a machine shared with other work (where JMH throughput swings).
 *
 * <pre>
 * java -cp courier-bench/target/benchmarks.jar dev.courier.bench.Http1ParserCpuTime
 * </pre>
 */
public final class Http1ParserCpuTime {
  private static Object sink;

  private Http1ParserCpuTime() {}

  public static void main(String[] args) {
    measure("browser request, keep-alive parser", Http1ParserBenchmark.BROWSER_REQUEST,
        reused(Http1Parser.forRequests()));
    measure("browser request, fresh parser", Http1ParserBenchmark.BROWSER_REQUEST,
        Http1Parser::forRequests);
    measure("JSON response head, keep-alive parser", Http1ParserBenchmark.JSON_RESPONSE,
        reused(Http1Parser.forResponses()));
    measure("JSON response head, fresh parser", Http1ParserBenchmark.JSON_RESPONSE,
        Http1Parser::forResponses);
    measurePeers();
    System.out.println("(last event " + sink.getClass().getSimpleName() + ")");
  }

  /** The same browser request on a persistent connection through Jetty's and Netty's parsers. */
  private static void measurePeers() {
    byte[] request = Http1ParserBenchmark.BROWSER_REQUEST;
    PeerParserBenchmark.JettyHandler handler = new PeerParserBenchmark.JettyHandler();
    org.eclipse.jetty.http.HttpParser jetty = new org.eclipse.jetty.http.HttpParser(handler);
    timed("Jetty 12 HttpParser, keep-alive", request.length, () -> {
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(request);
      handler.complete = false;
      while (!handler.complete && buffer.hasRemaining()) jetty.parseNext(buffer);
      jetty.reset();
      sink = handler.fields;
    });
    io.netty.channel.embedded.EmbeddedChannel netty =
        new io.netty.channel.embedded.EmbeddedChannel(new io.netty.handler.codec.http.HttpRequestDecoder());
    timed("Netty 4 HttpRequestDecoder, keep-alive", request.length, () -> {
      netty.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(request));
      Object message;
      while ((message = netty.readInbound()) != null) {
        sink = message;
        io.netty.util.ReferenceCountUtil.release(message);
      }
    });
    netty.finishAndReleaseAll();
  }

  private static void timed(String name, int length, Runnable parseOne) {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().threadId();
    for (int i = 0; i < 2_000_000; i++) parseOne.run();
    int n = 2_000_000;
    long cpu0 = threads.getCurrentThreadCpuTime();
    long alloc0 = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < n; i++) parseOne.run();
    long cpu = threads.getCurrentThreadCpuTime() - cpu0;
    long alloc = threads.getThreadAllocatedBytes(id) - alloc0;
    System.out.printf("%-40s %7.0f ns CPU/message  %,12.0f messages/s of one core  %6d B/message  (%d bytes)%n",
        name, (double) cpu / n, n * 1e9 / cpu, alloc / n, length);
  }

  private static Supplier<Http1Parser> reused(Http1Parser parser) {
    return () -> parser;
  }

  private static void measure(String name, byte[] message, Supplier<Http1Parser> parsers) {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().threadId();
    run(message, parsers, 2_000_000); // warm up: let the JIT compile the parser
    int n = 2_000_000;
    long cpu0 = threads.getCurrentThreadCpuTime();
    long alloc0 = threads.getThreadAllocatedBytes(id);
    run(message, parsers, n);
    long cpu = threads.getCurrentThreadCpuTime() - cpu0;
    long alloc = threads.getThreadAllocatedBytes(id) - alloc0;
    System.out.printf("%-40s %7.0f ns CPU/message  %,12.0f messages/s of one core  %6d B/message  (%d bytes)%n",
        name, (double) cpu / n, n * 1e9 / cpu, alloc / n, message.length);
  }

  private static void run(byte[] message, Supplier<Http1Parser> parsers, int n) {
    for (int i = 0; i < n; i++) {
      Http1Parser parser = parsers.get();
      parser.feed(message, 0, message.length);
      Object event;
      while (!((event = parser.next()) instanceof EndOfMessage)) sink = event;
    }
  }
}

package dev.courier.bench;

import dev.courier.http.wire.EndOfMessage;
import dev.courier.http.wire.Http1Parser;
import dev.courier.http.wire.HttpEvent;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The same browser request head parsed on a persistent connection by Courier's {@link
 * Http1Parser}, Jetty 12's {@code HttpParser} (fields kept in a list, as a server keeps them)
 * and Netty 4's {@code HttpRequestDecoder} (in an {@code EmbeddedChannel}, as Netty runs it).
 *
 * <pre>
 * java -jar courier-bench/target/benchmarks.jar PeerParserBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PeerParserBenchmark {
  private static final byte[] REQUEST = Http1ParserBenchmark.BROWSER_REQUEST;

  private Http1Parser courier;
  private HttpParser jetty;
  private JettyHandler jettyHandler;
  private EmbeddedChannel netty;

  /** Keeps what a server keeps: method, target, version and the fields. */
  static final class JettyHandler implements HttpParser.RequestHandler {
    String method;
    String uri;
    HttpVersion version;
    final List<HttpField> fields = new ArrayList<>(24);
    boolean complete;

    @Override
    public void startRequest(String method, String uri, HttpVersion version) {
      this.method = method;
      this.uri = uri;
      this.version = version;
      fields.clear();
    }

    @Override
    public void parsedHeader(HttpField field) {
      fields.add(field);
    }

    @Override
    public boolean headerComplete() {
      return false;
    }

    @Override
    public boolean content(ByteBuffer content) {
      return false;
    }

    @Override
    public boolean contentComplete() {
      return false;
    }

    @Override
    public boolean messageComplete() {
      complete = true;
      return true;
    }

    @Override
    public void earlyEOF() {}
  }

  @Setup(Level.Iteration)
  public void setUp() {
    courier = Http1Parser.forRequests();
    jettyHandler = new JettyHandler();
    jetty = new HttpParser(jettyHandler);
    netty = new EmbeddedChannel(new HttpRequestDecoder());
  }

  @TearDown(Level.Iteration)
  public void tearDown() {
    netty.finishAndReleaseAll();
  }

  @Benchmark
  public void courier(Blackhole bh) {
    courier.feed(REQUEST, 0, REQUEST.length);
    HttpEvent event;
    while (!((event = courier.next()) instanceof EndOfMessage)) bh.consume(event);
  }

  @Benchmark
  public void jetty(Blackhole bh) {
    ByteBuffer buffer = ByteBuffer.wrap(REQUEST);
    jettyHandler.complete = false;
    while (!jettyHandler.complete && buffer.hasRemaining()) jetty.parseNext(buffer);
    jetty.reset();
    bh.consume(jettyHandler.method);
    bh.consume(jettyHandler.fields);
  }

  @Benchmark
  public void netty(Blackhole bh) {
    netty.writeInbound(Unpooled.wrappedBuffer(REQUEST));
    Object message;
    while ((message = netty.readInbound()) != null) {
      bh.consume(message);
      ReferenceCountUtil.release(message);
    }
  }
}

package dev.courier.bench;

import dev.courier.Session;
import dev.courier.testing.MockResponse;
import dev.courier.testing.MockServer;
import dev.courier.testing.MockTransport;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One test-style call, {@code session.get(url).json()} of a small JSON answer, through the whole
 * session chain either to {@link MockTransport} (in memory) or to {@link MockServer} on loopback
 * (a kept-alive connection), in the same run: what a test suite gains per call by not opening
 * sockets. Both record every request and answer from the same dispatcher.
 *
 * <pre>
 * java -jar courier-bench/target/benchmarks.jar MockTransportBenchmark -f 1 -wi 2 -i 3 -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class MockTransportBenchmark {
  private static final MockResponse ANSWER = MockResponse.json(java.util.Map.of(
      "id", 12345, "name", "Ada Lovelace", "roles", java.util.List.of("admin", "dev"), "active", true));

  private MockServer server;
  private Session loopback;
  private String serverUrl;
  private MockTransport transport;
  private Session inMemory;

  @Setup(Level.Trial)
  public void setUp() {
    server = MockServer.builder().keepRequests(10_000).start();
    server.dispatcher(request -> ANSWER);
    serverUrl = server.url("/users/12345");
    loopback = Session.builder().build();
    transport = MockTransport.of(request -> ANSWER).keepRequests(10_000);
    inMemory = transport.session();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    loopback.close();
    server.close();
    inMemory.close();
  }

  @Benchmark
  public Object mockTransport() {
    return inMemory.get("http://api.test/users/12345").json();
  }

  @Benchmark
  public Object mockServerLoopback() {
    return loopback.get(serverUrl).json();
  }
}

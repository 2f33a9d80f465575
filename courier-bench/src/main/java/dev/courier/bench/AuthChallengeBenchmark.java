package dev.courier.bench;

import dev.courier.internal.AuthChallenge;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to parse one hostile {@code WWW-Authenticate} value of growing size: the time that
 * {@code DigestAuthTest} used to assert (under 2 s) and now checks as characters read, which does
 * not depend on the machine. Linear parsing shows as time per character that stays flat across
 * {@code size}.
 *
 * <pre>
 * java -jar courier-bench/target/benchmarks.jar AuthChallengeBenchmark
 * </pre>
 *
 * {@code commas} is {@code Basic ,,,,realm="x}, {@code tokens} many token68 challenges
 * ({@code Negotiate abc==, Negotiate abc==, ...}), {@code quotes} one Digest parameter full of
 * escaped quotes. The parser is package-private, so it is called through a method handle.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AuthChallengeBenchmark {
  @Param({"1000", "4000", "16000"})
  int size;

  @Param({"commas", "tokens", "quotes"})
  String shape;

  private List<String> values;

  @Setup
  public void setUp() {
    String value = switch (shape) {
      case "commas" -> "Basic " + ",".repeat(size) + "realm=\"x";
      case "tokens" -> "Negotiate abc==, ".repeat(size / 17);
      case "quotes" -> "Digest realm=\"" + "\\\"".repeat(size / 2);
      default -> throw new IllegalArgumentException(shape);
    };
    // Within AuthChallenge.MAX_LENGTH (16 KiB), above which a value is ignored unparsed.
    values = List.of(value.substring(0, Math.min(value.length(), 16 * 1024)));
  }

  @Benchmark
  public Object parse() {
    return AuthChallenge.parseAll(values);
  }
}
